"""Record-level readers: JSON Lines, CSV/TSV and RSS/Atom feeds.

Each yields :class:`~eventlens.ingest.records.Record` or
:class:`~eventlens.ingest.records.Quarantined` per record, streaming (except
feeds, which feedparser reads whole), and never stops at a bad record.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from typing import IO, Any

from ..errors import InputError
from .dates import date_warning, normalise_date
from .urls import fill_from_url
from .document import article_from_bytes, decode_bytes
from .items import FieldMap, Quarantined, Record
from .normalise import clean_field, normalise_text
from .sniff import Prefixed, wide_mark

_TAGGED = re.compile(r"<\s*[a-zA-Z!/]")
_BLOCKS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
CHUNK = 1 << 16
_CSV_LIMIT_LOCK = threading.Lock()  # guards the csv module's process-wide field size limit (see _parse_csv)


def _lines(fh: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per physical line; None for a line over ``max_bytes`` (skipped, not buffered)."""
    lineno = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # discard the rest of the overlong line
                rest = fh.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


class _Recoded(io.RawIOBase):
    """UTF-8 bytes of a byte stream in another encoding, decoded chunk by chunk (the records before a
    decoding error are read); a decoding error is an :class:`InputError`."""

    def __init__(self, raw: IO[bytes], *, path: str, encoding: str) -> None:
        self._raw, self._path, self._encoding = raw, path, encoding
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            chunk = self._raw.read(CHUNK)
            self._done = not chunk
            try:
                text = self._decoder.decode(chunk, final=self._done)
            except UnicodeError as exc:
                reason = exc.reason if isinstance(exc, UnicodeDecodeError) else exc
                raise InputError(self._path, f"not valid {self._encoding} text ({reason}); name the file's "
                                             "encoding with --encoding") from None
            self._pending = text.encode("utf-8", "surrogatepass")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _line_stream(fh: IO[bytes], *, path: str, encoding: str | None) -> tuple[IO[bytes], str | None]:
    """(stream, encoding) for the line readers: input in UTF-16/32 (a byte-order mark, or named with
    ``encoding``), whose newline is not the byte 0x0A, is recoded to UTF-8 first (then ``encoding`` is None)."""
    if hasattr(fh, "peek"):  # files, gzip and sniffed stdin: look without consuming (a truncated gzip keeps its head)
        head, stream = fh.peek(4)[:4], fh
    else:
        head = fh.read(4)
        stream = io.BufferedReader(Prefixed(head, fh))
    mark = wide_mark(head)
    bom = mark[1][:-3] if mark else None  # 'utf-16' / 'utf-32': the decoder reads the mark and its byte order
    if encoding is None:
        wide = bom
    else:
        wide = codecs.lookup(encoding).name
        if not wide.startswith(("utf-16", "utf-32")):
            return stream, encoding
        if wide in ("utf-16", "utf-32") and not bom:  # no byte-order mark: little-endian, as bytes.decode reads it
            wide += "-le"
    if wide is None:
        return stream, encoding
    return io.BufferedReader(_Recoded(stream, path=path, encoding=wide), CHUNK), None


def _valid_text(value: str, *, field: str) -> tuple[str, str]:
    """``value`` and '' when it is valid Unicode; else (a JSON ``\\ud800``-style escape left a lone surrogate)
    the value with U+FFFD in its place and a warning."""
    try:
        value.encode("utf-8")
        return value, ""
    except UnicodeEncodeError:
        fixed = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
        return fixed, f"field {field!r} held a lone surrogate escape (\\ud800-\\udfff), replaced by U+FFFD"


def _article(text: Any, row: Mapping[str, Any], *, fields: FieldMap, path: str, position: str, max_bytes: int):
    """An article from a record's fields (HTML in the text field is extracted), and a warning ('' if none)."""
    if text is None:
        if fields.text in row:
            raise InputError(path, f"the {fields.text!r} field is null: there is no text to analyse")
        keys = ", ".join(list(map(str, row))[:8]) or "none"
        raise InputError(path, f"no {fields.text!r} field (fields: {keys}); name the text field with --text-field")
    if not isinstance(text, str):
        raise InputError(path, f"the {fields.text!r} field is {type(text).__name__}, not text")
    warnings: list[str] = []
    text, note = normalise_text(text)  # a JSON \ud800 escape leaves a lone surrogate: U+FFFD, with a warning
    data = text.encode("utf-8")
    article = article_from_bytes(data, path=f"{path}#{position}" if position else path, kind=None, max_bytes=max_bytes)
    warnings.append(note)

    def meta(field: str) -> str | None:
        value = row.get(field)
        if value in (None, ""):
            return None
        value = str(value).strip()
        if value.isascii() and value.isprintable():  # the common case, and printable ASCII is always valid
            return value
        value, problem = _valid_text(value, field=field)
        if problem:
            warnings.append(problem)
        return clean_field(value) or None

    article.title = meta(fields.title) or article.title
    raw_date = row.get(fields.date)
    date = normalise_date(raw_date)
    article.date = date or article.date
    article.source = meta(fields.source) or article.source
    article.url = meta(fields.url) or article.url
    if not date:
        warnings.append(date_warning(raw_date, field=fields.date))
    fill_from_url(article, date=not any(warnings))  # outlet and date from the URL when the record gives none
    return article, "; ".join(w for w in warnings if w)


def _record(row: Mapping[str, Any], *, fields: FieldMap, path: str, position: str, max_bytes: int):
    """A Record of one table row / JSON object (raises InputError when it holds no usable text)."""
    article, warning = _article(row.get(fields.text), row, fields=fields, path=path, position=position, max_bytes=max_bytes)
    return Record(article, path, position, warning)


def load_json(text: str, *, path: str, where) -> Any:
    """``json.loads`` whose every failure is an :class:`InputError` (``where(exc)`` places a syntax error)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} {where(exc)}") from None
    except RecursionError:  # '[[[[...' thousands deep: Python's parser gives up, the batch must not
        raise InputError(path, "JSON nested too deeply to read") from None


def jsonl_records(fh: IO[bytes], *, path: str, fields: FieldMap, encoding: str | None, max_bytes: int) -> Iterator[Any]:
    fh, encoding = _line_stream(fh, path=path, encoding=encoding)
    seen = False
    for lineno, raw in _lines(fh, max_bytes):
        position = f"line {lineno}"
        if raw is None:
            yield Quarantined(path, position, f"line too large: over the {max_bytes / 1e6:.0f} MB limit")
            seen = True
            continue
        if not raw.strip():
            continue
        seen = True
        try:
            line = decode_bytes(raw, path=path, encoding=encoding)
            row = load_json(line, path=path, where=lambda exc: f"at column {exc.colno}")
            if not isinstance(row, dict):
                raise InputError(path, f"a JSON {type(row).__name__}, not an object")
            yield _record(row, fields=fields, path=path, position=position, max_bytes=max_bytes)
        except InputError as exc:
            yield Quarantined(path, position, exc.reason)
    if not seen:  # said, as an empty .txt is: a file that adds nothing must not look like a success
        yield Quarantined(path, "", "empty input: no JSON Lines records (the file is empty or holds only blank lines)")


def json_records(data: bytes, *, path: str, fields: FieldMap, encoding: str | None, max_bytes: int) -> Iterator[Any]:
    """A ``.json`` file: a list of record objects ('item N'), or one record object."""
    doc = load_json(decode_bytes(data, path=path, encoding=encoding), path=path,
                    where=lambda exc: f"at line {exc.lineno} column {exc.colno}")
    if isinstance(doc, dict):
        if fields.text not in doc:
            keys = ", ".join(list(map(str, doc))[:8]) or "none"
            raise InputError(path, f"a JSON object without a {fields.text!r} field (keys: {keys}); expected a list of "
                                   "records, one record object, or JSON Lines (.jsonl); name the text field with --text-field")
        yield _record(doc, fields=fields, path=path, position="", max_bytes=max_bytes)
        return
    if not isinstance(doc, list):
        raise InputError(path, f"a JSON {type(doc).__name__}, not a list of records or a record object")
    if not doc:
        raise InputError(path, "an empty JSON list: there are no records")
    for i, row in enumerate(doc, start=1):
        position = f"item {i}"
        try:
            if not isinstance(row, dict):
                raise InputError(path, f"a JSON {type(row).__name__}, not an object")
            yield _record(row, fields=fields, path=path, position=position, max_bytes=max_bytes)
        except InputError as exc:
            yield Quarantined(path, position, exc.reason)


def _parse_csv(text: str, delimiter: str) -> list[list[str]]:
    """The rows of ``text`` (one record, already bounded by max_bytes), whatever the size of its fields.

    The csv module refuses fields over a limit (128 KB by default) that is global to the process. It is
    raised to fit this record only while it is parsed, then put back, so other code in the process that
    reads CSV keeps its own limit; the lock keeps two threads from restoring each other's value midway.
    """
    with _CSV_LIMIT_LOCK:
        before = csv.field_size_limit()
        if len(text) <= before:
            return list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
        csv.field_size_limit(len(text))
        try:
            return list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
        finally:
            csv.field_size_limit(before)


def _missing_column(header: list[str], name: str, delimiter: str) -> str:
    """Why a table has no text column, with the likely fix."""
    if len(header) == 1:
        other = next((d for d in (";", "\t", "|", ",") if d != delimiter and d in header[0]), None)
        if other:
            fix = "name the file .tsv" if other == "\t" else f"convert it from {other!r} to ',' (.csv) or tab (.tsv)"
            return (f"no column {name!r}: the header is one column {header[0][:80]!r}; the file seems separated by "
                    f"{'tab' if other == chr(9) else repr(other)}, but eventlens reads ',' in .csv and tab in .tsv: {fix}")
    return f"no column {name!r} (columns: {', '.join(header)}); name it with --text-field"


def _literal_row(line: str, delimiter: str, width: int) -> list[str] | None:
    """The fields of one physical line whose double quotes are text ('said "we will help', '5 ft 11" tall'),
    when that reading gives exactly ``width`` fields; None otherwise. In a CSV a field that *starts* with a
    quote is an attempt at quoting and is not read this way; a TSV has no quoting convention, so it is."""
    fields = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
    if len(fields) != width or (delimiter == "," and any(f.lstrip().startswith('"') for f in fields)):
        return None
    return fields


def _quotes(taken: list[tuple[int, str]]) -> int:
    return sum(chunk.count('"') for _, chunk in taken)


class _CsvLines:
    """The decoded physical lines of a CSV/TSV stream, as ``(line number, text)``: text None for a line over
    ``max_bytes``, and "\\x00" + the reason for a line that cannot be decoded. Lines can be put back to be
    read again (those a broken record swallowed)."""

    def __init__(self, fh: IO[bytes], *, path: str, encoding: str | None, max_bytes: int) -> None:
        self._source = _lines(fh, max_bytes)
        self._pending: deque[tuple[int, str | None]] = deque()
        self._path, self._encoding, self._max_bytes = path, encoding, max_bytes

    def next(self) -> tuple[int, str | None] | None:
        """The next line (a put-back one first), or None at the end of the stream."""
        if self._pending:
            return self._pending.popleft()
        try:
            lineno, raw = next(self._source)
        except StopIteration:
            return None
        if raw is None:
            return lineno, None
        try:
            return lineno, decode_bytes(raw, path=self._path, encoding=self._encoding)
        except InputError as exc:
            return lineno, "\x00" + exc.reason

    def put_back(self, lines: list[tuple[int, str]]) -> None:
        """Read ``lines`` again, in order, before the rest of the stream."""
        self._pending.extendleft(reversed(lines))

    def record(self, first: tuple[int, str]) -> list[tuple[int, str]]:
        """The physical lines of the record that starts at ``first``: more lines while a quote is open, up to
        a line that cannot be read, the end of the stream or ``max_bytes`` (the quote then stays open)."""
        taken = [first]
        while _quotes(taken) % 2:  # inside an open quote: the record continues
            more = self.next()
            if more is None or more[1] is None or more[1].startswith("\x00") or sum(len(c) for _, c in taken) > self._max_bytes:
                if more is not None:
                    self._pending.appendleft(more)
                break
            taken.append(more)  # a readable line (checked above)
        return taken


def _parse_record(taken: list[tuple[int, str]], delimiter: str) -> tuple[list[list[str]], str | None]:
    """The rows of one record's lines, or the problem that makes it unreadable."""
    if _quotes(taken) % 2:
        return [], "unterminated quoted field (broken quoting)"
    try:
        return _parse_csv("".join(chunk for _, chunk in taken), delimiter), None
    except csv.Error as exc:
        return [], f"malformed row: {exc}"


class _CsvReader:
    """One CSV/TSV stream read record by record (see :func:`csv_records`)."""

    def __init__(self, lines: _CsvLines, *, path: str, fields: FieldMap, max_bytes: int, delimiter: str) -> None:
        self._lines, self._path, self._fields = lines, path, fields
        self._max_bytes, self._delimiter = max_bytes, delimiter
        self._header: list[str] | None = None
        self._seen = self._data_lines = 0  # lines (not blank), and of them the lines after the header

    def records(self) -> Iterator[Any]:
        path = self._path
        while True:
            first = self._lines.next()
            if first is None:  # a file that adds nothing must not look like a success
                yield from self._nothing_read()
                return
            start, line = first
            position = f"line {start}"
            if line is None or line.strip():
                self._seen += 1
                self._data_lines += self._header is not None
            if line is None:
                yield Quarantined(path, position, f"line too large: over the {self._max_bytes / 1e6:.0f} MB limit")
            elif line.startswith("\x00"):
                yield Quarantined(path, position, line[1:])
            elif not line.strip():
                continue
            elif self._header is None:
                problem = self._read_header(self._lines.record((start, line)), position)
                if problem is not None:
                    yield problem
                    return
            else:
                yield self._row(self._lines.record((start, line)), position)

    def _nothing_read(self) -> Iterator[Quarantined]:
        if not self._seen:
            yield Quarantined(self._path, "", "empty input: no header row and no records (the file is empty or blank)")
        elif self._header is not None and not self._data_lines:
            yield Quarantined(self._path, "", "only a header row: there are no records")

    def _read_header(self, taken: list[tuple[int, str]], position: str) -> Quarantined | None:
        """Take the header row; the reason the file cannot be read when it is unreadable or lacks the text column."""
        rows, problem = _parse_record(taken, self._delimiter)
        if problem or not rows:
            return Quarantined(self._path, position, f"unreadable header row: {problem or 'empty'}")
        header = [h.strip() for h in rows[0]]
        if self._fields.text not in header:
            return Quarantined(self._path, "", _missing_column(header, self._fields.text, self._delimiter))
        self._header = header
        return None

    def _row(self, taken: list[tuple[int, str]], position: str) -> Any:
        """The record (or the reason it is quarantined) of one data row; a broken row's swallowed lines are put back."""
        header = self._header
        assert header is not None
        rows, problem = _parse_record(taken, self._delimiter)
        if not problem and (len(rows) != 1 or len(rows[0]) != len(header)):
            found = len(rows[0]) if len(rows) == 1 else f"{len(rows)} rows"
            problem = f"malformed row: expected {len(header)} fields, found {found}"
        literal = _literal_row(taken[0][1], self._delimiter, len(header)) if problem else None
        if problem and literal is None:
            self._lines.put_back(taken[1:])  # read the swallowed lines again
            return Quarantined(self._path, position, problem)
        if literal is not None:  # its quotes are text, not CSV quoting: the record is this one line
            rows = [literal]
            self._lines.put_back(taken[1:])
        try:
            return _record(dict(zip(header, rows[0])), fields=self._fields, path=self._path, position=position, max_bytes=self._max_bytes)
        except InputError as exc:
            return Quarantined(self._path, position, exc.reason)


def csv_records(
    fh: IO[bytes], *, path: str, fields: FieldMap, encoding: str | None, max_bytes: int, delimiter: str = ","
) -> Iterator[Any]:
    """CSV/TSV with a header row. A record may span lines inside quotes; a record whose quotes never
    close, or that parses to the wrong number of fields, is quarantined by its first line and the
    lines it swallowed are read again as records of their own, so no good row is lost."""
    fh, encoding = _line_stream(fh, path=path, encoding=encoding)
    lines = _CsvLines(fh, path=path, encoding=encoding, max_bytes=max_bytes)
    yield from _CsvReader(lines, path=path, fields=fields, max_bytes=max_bytes, delimiter=delimiter).records()


def _fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (feed summaries are often too short for main-text extraction)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):  # parser errors on broken fragments; the record is then empty
        return ""
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> tuple[str | None, str]:
    """The entry's date and a warning ('' if none) when it carries a date that cannot be read."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain lookup: feedparser's own get() warns about its updated->published alias
        if value:
            return dt.datetime(*value[:6]).date().isoformat(), ""
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)
        if raw:
            return normalise_date(raw), date_warning(raw, field=key)
    return None, ""


def feed_records(data: bytes, *, path: str, max_bytes: int) -> Iterator[Any]:
    """Entries of an RSS/Atom feed; the text is the entry's content, else its summary."""
    import feedparser


    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        raise InputError(path, f"not a readable RSS/Atom feed ({why})" if why else "the feed has no entries")
    outlet = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, start=1):
        position = f"entry {i}"
        body = ""
        if entry.get("content"):
            body = "\n".join(c.get("value", "") for c in entry["content"])
        body = body or entry.get("summary") or entry.get("description") or ""
        text = _fragment_text(body) if _TAGGED.search(body) else body.strip()
        if not text.strip():
            yield Quarantined(path, position, "empty entry: no content, summary or description text "
                                              "(eventlens does not fetch the linked page)")
            continue
        try:
            article = article_from_bytes(text.encode("utf-8"), path=f"{path}#{position}", kind="text", max_bytes=max_bytes)
        except InputError as exc:
            yield Quarantined(path, position, exc.reason)
            continue
        article.title = (entry.get("title") or "").strip() or None
        article.date, warning = _entry_date(entry)
        article.url = entry.get("link")
        article.source = outlet
        fill_from_url(article, date=not warning)
        yield Record(article, path, position, warning)


def count_records(fh: IO[bytes], suffix: str) -> int:
    """Cheap record count for progress: lines for tables, objects for JSON, item/entry tags for feeds."""
    total = 0
    tail = b""
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            break
        if suffix in (".jsonl", ".ndjson", ".csv", ".tsv"):
            total += chunk.count(b"\n")
        elif suffix == ".json":
            total += chunk.count(b"{")
        else:
            window = tail + chunk
            total += window.count(b"<item") + window.count(b"<entry") - tail.count(b"<item") - tail.count(b"<entry")
            tail = chunk[-8:]
    return max(total - (1 if suffix in (".csv", ".tsv") else 0), 1)
