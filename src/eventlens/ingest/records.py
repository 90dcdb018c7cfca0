"""Turn PATH... into a stream of :class:`Record` (an article and where it came from),
:class:`Quarantined` (a record that could not be read, and why) and
:class:`FileEnd` (every record of a file has been yielded).

``-`` reads standard input: one article (text or HTML, as ``eventlens analyze -``),
or JSON Lines / JSON / CSV / TSV / RSS records, sniffed or named with ``stdin_format``.

Single documents go through :func:`eventlens.ingest.document.article_from_bytes`;
this module only finds files, opens gzip, and splits tables and feeds into
records. Nothing here raises for bad input: every problem becomes a
:class:`Quarantined` record and reading continues with the next one.
"""

from __future__ import annotations

import codecs
import datetime as dt
import glob
import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from pathlib import Path
from types import MappingProxyType
from typing import IO

from ..errors import ConfigError, InputError
from .document import HTML_SUFFIXES, MAX_BYTES, article_from_bytes, special_file
from .items import FieldMap, FileEnd, Quarantined, Record
from .language import english_warning
from . import formats
from .sniff import sniffed

DOC_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"}) | frozenset(HTML_SUFFIXES)
TABLE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
KNOWN_SUFFIXES = DOC_SUFFIXES | TABLE_SUFFIXES | FEED_SUFFIXES
FEED_MAX_BYTES = 200 * 1024 * 1024  # feeds and .json files are parsed whole
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
STDIN = "-"
STDIN_NAME = "<stdin>"  # stdin's records are named '<stdin YYYY-MM-DDTHH:MM:SS>' (when read), so two runs do not collide
# --stdin-format values: the suffix each reads as ('auto' sniffs JSON Lines, JSON, feeds, else one article)
STDIN_FORMATS = MappingProxyType({"auto": "", "text": ".txt", "html": ".html", "jsonl": ".jsonl", "json": ".json",
                                  "csv": ".csv", "tsv": ".tsv", "feed": ".xml"})


def check_options(*, fields: FieldMap, encoding: str | None, stdin_format: str = "auto") -> None:
    """Raise :class:`ConfigError` for reading options that would fail every record alike (better once, up front)."""
    if not fields.text.strip():
        raise ConfigError("the text field name is empty; name the JSONL key / CSV column that holds the text (--text-field)")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(f"unknown encoding {encoding!r} (--encoding); e.g. utf-8, utf-16, cp1252, latin-1") from None
    if stdin_format not in STDIN_FORMATS:
        raise ConfigError(f"unknown stdin format {stdin_format!r}; choose one of {', '.join(STDIN_FORMATS)}")


def options_key(*, fields: FieldMap, encoding: str | None, max_bytes: int) -> str:
    """Fingerprint of the reading options (a file read with other options is read again)."""
    return json.dumps({"fields": asdict(fields), "encoding": encoding, "max_bytes": max_bytes}, sort_keys=True)


def _suffixes(path: str) -> tuple[str, bool]:
    """(format suffix, gzipped) of a file name."""
    name = path.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return os.path.splitext(name)[1], gz


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """(file, problem) for every input file: folders recurse (known suffixes only, hidden files skipped), globs expand.

    ``-`` (standard input) is passed through once; a second ``-`` is a problem, as stdin can be read only once.
    """
    stdin_seen = False
    for raw in paths:
        name = str(raw)
        p = Path(name)
        if name == STDIN:
            yield (STDIN_NAME, "standard input is named more than once; it was read once") if stdin_seen else (STDIN, None)
            stdin_seen = True
        elif p.is_dir():
            yield from _walk(name)
        elif p.exists():
            yield name, None
        elif any(ch in name for ch in "*?["):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield name, "the pattern matches no file"
            for m in matches:  # a folder the pattern matches is read as a folder given by name would be
                yield from (_walk(m, named=False) if os.path.isdir(m) else [(m, None)])
        elif _URL.match(name):
            yield name, "a URL: eventlens works offline and downloads nothing; save the page or feed to a file and ingest that"
        else:
            yield name, "no such file or folder"


def _walk(folder: str, *, named: bool = True) -> Iterator[tuple[str, str | None]]:
    """Files with a known suffix under ``folder`` (hidden ones skipped); a sub-folder that cannot be listed is
    a problem, and so is a ``named`` folder (not one a glob matched) with nothing to read."""
    unreadable: list[OSError] = []
    found, skipped = 0, []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith(".") and _suffixes(f)[0] in KNOWN_SUFFIXES:
                found += 1
                yield os.path.join(root, f), None
            elif len(skipped) < 3:
                skipped.append(f)
        while unreadable:
            exc = unreadable.pop()
            yield str(exc.filename or folder), f"folder cannot be listed: {exc.strerror or exc}"
    for exc in unreadable:  # the top folder itself could not be listed
        yield str(exc.filename or folder), f"folder cannot be listed: {exc.strerror or exc}"
    if named and not found and not unreadable and os.path.isdir(folder):
        shown = ", ".join(repr(display_name(f)) for f in skipped)
        yield folder, (f"nothing to read: no file with a known suffix ({', '.join(sorted(KNOWN_SUFFIXES))}, or .gz of them)"
                       + (f"; skipped e.g. {shown} (name such files on the command line to have their content sniffed)"
                          if skipped else "; the folder holds no files"))


def _open(path: str, gz: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gz else open(path, "rb")


def _read_limited(fh: IO[bytes], path: str, limit: int, *, hint: str = "") -> bytes:
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(path, f"too large: over the {limit / 1e6:.0f} MB limit{hint}")
    return data


def read_corpus(
    paths: Iterable[str | Path],
    *,
    fields: FieldMap = FieldMap(),
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    skip_files: Mapping[str, tuple[int | None, float | None]] | None = None,
    stdin_format: str = "auto",
    stdin: IO[bytes] | None = None,
) -> Iterator[Record | Quarantined | FileEnd]:
    """Stream every record of every input. ``skip_files`` (file -> (size, mtime)) are not read again when unchanged.

    ``-`` reads ``stdin`` (default: the process's standard input) as ``stdin_format``, one of
    :data:`STDIN_FORMATS`. Standard input is never marked done: a rerun reads it again and skips
    the articles already stored by their content hash.
    """
    skip_files = skip_files or {}
    check_options(fields=fields, encoding=encoding, stdin_format=stdin_format)
    for path, problem in expand_paths(paths):
        label = display_name(path)
        if problem:
            yield Quarantined(label, "", problem)
            continue
        if path == STDIN:
            name = f"<stdin {dt.datetime.now().isoformat(timespec='seconds')}>"
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, name=name, fmt=stdin_format,
                                   fields=fields, encoding=encoding, max_bytes=max_bytes)
            continue
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime
        except OSError as exc:
            yield Quarantined(label, "", f"cannot be read: {exc.strerror or exc}")
            continue
        if what := special_file(st.st_mode):  # a FIFO would block the run, a device never end
            yield Quarantined(label, "", f"is {what}, not a regular file; eventlens reads only regular files")
            continue
        if skip_files.get(label) == (size, mtime):
            continue
        count = 0
        for item in _read_file(path, label, fields=fields, encoding=encoding, max_bytes=max_bytes):
            count += 1
            yield item
        yield FileEnd(label, size, mtime, count)


def display_name(path: str) -> str:
    """``path`` as valid text: bytes of a file name that are not UTF-8 (kept by Python as lone surrogates,
    which no store, JSON or terminal accepts) are written as ``\\xNN``; a UTF-8 name is returned unchanged."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file-name byte maps to
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _read_stdin(fh: IO[bytes], *, name: str, fmt: str, fields: FieldMap, encoding: str | None,
                max_bytes: int) -> Iterator[Record | Quarantined]:
    suffix, stream = sniffed(fh, suffix=STDIN_FORMATS[fmt])
    yield from _read_stream(lambda: stream, name, suffix, fields=fields, encoding=encoding, max_bytes=max_bytes,
                            close=False)


def _read_file(path: str, label: str, *, fields: FieldMap, encoding: str | None,
               max_bytes: int) -> Iterator[Record | Quarantined]:
    """Records of the file ``path``, named ``label`` (its :func:`display_name`) in what they report."""
    suffix, gz = _suffixes(path)
    if gz:
        try:
            with open(path, "rb") as fh:
                if fh.read(2) != b"\x1f\x8b":
                    yield Quarantined(label, "", "named .gz but not gzip-compressed")
                    return
        except OSError as exc:
            yield Quarantined(label, "", f"cannot be read: {exc.strerror or exc}")
            return
    yield from _read_stream(lambda: _open(path, gz), label, suffix, fields=fields, encoding=encoding, max_bytes=max_bytes)


def _read_stream(opener, path: str, suffix: str, *, fields: FieldMap, encoding: str | None, max_bytes: int,
                 close: bool = True) -> Iterator[Record | Quarantined]:
    """Records of one input, read as its ``suffix`` says; an error after some records names the last one read."""
    last = ""
    try:
        fh = opener()
        try:
            for item in _records(fh, path, suffix, fields=fields, encoding=encoding, max_bytes=max_bytes):
                last = item.position
                if isinstance(item, Record) and (language := english_warning(item.article.text)):
                    item.warning = "; ".join(w for w in (item.warning, language) if w)  # stored all the same, listed
                yield item
        finally:
            if close:
                fh.close()
    except InputError as exc:
        yield Quarantined(path, "", exc.reason)
    except (OSError, EOFError, zlib.error) as exc:
        where = f" after {last} (the records before it were read)" if last else ""
        kind = "corrupt or truncated gzip data" if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)) else "cannot be read"
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        yield Quarantined(path, "", f"{kind}{where}: {detail}")


def _records(fh: IO[bytes], path: str, suffix: str, *, fields: FieldMap, encoding: str | None,
             max_bytes: int) -> Iterator[Record | Quarantined]:
    if suffix in (".jsonl", ".ndjson"):
        yield from formats.jsonl_records(fh, path=path, fields=fields, encoding=encoding, max_bytes=max_bytes)
    elif suffix in (".csv", ".tsv"):
        yield from formats.csv_records(fh, path=path, fields=fields, encoding=encoding, max_bytes=max_bytes,
                                       delimiter="\t" if suffix == ".tsv" else ",")
    elif suffix == ".json":
        data = _read_limited(fh, path, FEED_MAX_BYTES, hint="; JSON Lines (.jsonl, one object per line) are read streaming")
        yield from formats.json_records(data, path=path, fields=fields, encoding=encoding, max_bytes=max_bytes)
    elif suffix in FEED_SUFFIXES:
        yield from formats.feed_records(_read_limited(fh, path, FEED_MAX_BYTES), path=path, max_bytes=max_bytes)
    else:
        data = _read_limited(fh, path, max_bytes)
        kind = "html" if suffix in HTML_SUFFIXES else ("text" if suffix in DOC_SUFFIXES else None)
        notes: list[str] = []  # an HTML date that cannot be read: the article is kept, undated, with a warning
        article = article_from_bytes(data, path=path, kind=kind, encoding=encoding, max_bytes=max_bytes, notes=notes)
        yield Record(article, path, "", "; ".join(notes))


def estimate_records(paths: Iterable[str | Path]) -> int:
    """A quick upper estimate of the number of records (for the progress bar's ETA); 0 when unknown (stdin)."""
    total = 0
    for path, problem in expand_paths(paths):
        if path == STDIN:
            return 0
        if problem:
            continue
        suffix, gz = _suffixes(path)
        if suffix not in TABLE_SUFFIXES | FEED_SUFFIXES:
            total += 1
            continue
        try:
            if special_file(os.stat(path).st_mode):  # never opened: a FIFO would block here
                total += 1
                continue
            with _open(path, gz) as fh:
                total += formats.count_records(fh, suffix)
        except (OSError, EOFError, zlib.error):
            total += 1
    return total
