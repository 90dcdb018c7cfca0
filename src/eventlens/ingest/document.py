"""Turn a file or stdin into an :class:`Article`, or raise :class:`InputError` saying why not."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from datetime import date as _date
from pathlib import Path
from types import MappingProxyType

from ..errors import InputError
from ..model import Article, content_hash
from .urls import fill_from_url
from .dates import ANALYSED, STORED, date_warning, normalise_date, readings
from .normalise import clean_field, normalise_text
from .sniff import sniff, wide_mark

MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused, not truncated
#: the longest article text analysed (characters, after decoding and HTML extraction): the parser's own limit.
#: A longer text is refused up front with an InputError naming the limit (docs/limits.md).
MAX_CHARS = 1_000_000
#: the most paragraphs (non-blank lines) in one article: far above any news article (a long one has a few
#: hundred), low enough that a text of a hundred thousand one-word lines is refused before it is parsed
MAX_PARAGRAPHS = 20_000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"[^\W\d_]{2,}")
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# <meta> tags naming a publication date (name=, property= or itemprop=), and JSON-LD's datePublished
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_DATE_KEY = re.compile(r"date|published|pub_?time|created", re.I)
_NOT_PUBLISHED = re.compile(r"modif|updat|expir|revis", re.I)
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{0,100})"')
_HEAD_BYTES = 256 * 1024  # metadata is looked for in the page's first 256 KB
_DEEP_TAGS = re.compile(r"</?(?:div|span|section|article|main|aside|font|center|table|tbody|thead|tr|td|th|b|i|u|em|strong|small|big)\b[^>]*>", re.I)
_DEEP_NESTING = 250
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
}


def _signature(data: bytes) -> str | None:
    """'this is a PNG image, not text' (and so on) when ``data`` starts with a known binary file signature."""
    what = next((w for magic, w in _SIGNATURES.items() if data.startswith(magic)), None)
    return f"this is {what}, not text" if what else None


def _binary_reason(data: bytes) -> str | None:
    signed = _signature(data)
    if signed:
        return signed
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes), not text" + _utf16_hint(head)
    nul = data.find(b"\x00", len(head))  # text with binary data further on (a corrupt or concatenated file)
    if nul >= 0:
        return f"binary data (a NUL byte at offset {nul}), not text"
    return None


def _utf16_hint(head: bytes) -> str:
    """A hint when NULs fill every other byte, as in UTF-16 text (mostly ASCII) written without a byte-order mark."""
    half = max(len(head) // 2, 1)
    even, odd = head[0::2].count(0) / half, head[1::2].count(0) / half
    if min(even, odd) < 0.1 and max(even, odd) > 0.9:
        name = "utf-16-le" if odd > even else "utf-16-be"
        return f"; if it is UTF-16 text without a byte-order mark, name it with --encoding {name}"
    return ""


def decode_bytes(data: bytes, *, path: str | None = None, encoding: str | None = None) -> str:
    """Decode bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, or ``encoding`` when given."""
    if encoding:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot decode as {encoding}: {exc}") from None
        # a single-byte encoding decodes any bytes: binary data must still not pass for text
        signed = _signature(data)
        if signed:
            raise InputError(path, signed)
        nul = text.find("\x00")
        if nul >= 0:
            hint = ("; it starts with a UTF-16 byte-order mark: leave --encoding out"
                    if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "")
            raise InputError(path, f"binary data: read as {encoding} it holds a NUL character (at character {nul}), "
                                   f"which text does not{hint}")
        return text
    wide = wide_mark(data[:4])
    if wide:
        return _decode_wide(data, wide, path=path)
    reason = _binary_reason(data)
    if reason:
        raise InputError(path, reason)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode the file as UTF-8 or name its encoding with --encoding",
        ) from None


# character classes no text holds (unassigned, private use) plus controls other than tab and line breaks
_NOT_TEXT = frozenset({"Cn", "Co", "Cs"})


def _decode_wide(data: bytes, wide: tuple[bytes, str], *, path: str | None) -> str:
    """UTF-16/32 text after its byte-order mark; binary data behind a mark (which decodes to unassigned,
    private-use or NUL characters) is refused, not stored as an article."""
    mark, codec = wide
    name = codec.upper().removesuffix("-LE").removesuffix("-BE")
    try:
        text = data[len(mark):].decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"invalid {name} text after its byte-order mark: {exc.reason} at byte {exc.start + len(mark)}") from None
    head = text[:4096]
    odd = sum(1 for c in head if c == "\x00" or unicodedata.category(c) in _NOT_TEXT)
    if head and odd > max(2, len(head) // 100):
        raise InputError(path, f"binary data, not text: it starts with a {name} byte-order mark, but {odd} of its first "
                               f"{len(head)} characters are NUL, unassigned or private-use characters")
    return text


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KB, when Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # a page whose bytes we can regex as ASCII is not UTF-16/32 whatever it says (as browsers decide)
    return None if info.name.startswith(("utf-16", "utf-32")) else name


def check_date(date: str | None, *, path: str | None = None) -> str | None:
    if date is None:
        return None
    if not _DATE.match(date):
        raise InputError(path, f"date {date!r} is not in YYYY-MM-DD form")
    try:
        _date.fromisoformat(date)
    except ValueError as exc:
        raise InputError(path, f"date {date!r} is not a calendar date ({exc})") from None
    return date


def _meta_dates(html: str) -> list[tuple[str, str]]:
    """(where, value) of every publication-date value the page's markup declares, in page order."""
    head = html[:_HEAD_BYTES]
    found = []
    for tag in _META_TAG.findall(head):
        attrs = {k.lower(): v.strip("\"'").strip() for k, v in _ATTR.findall(tag)}
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or ""
        if attrs.get("content") and _DATE_KEY.search(key) and not _NOT_PUBLISHED.search(key):
            found.append((f"<meta {key}>", attrs["content"]))
    found += [("JSON-LD datePublished", v.strip()) for v in _LD_PUBLISHED.findall(head) if v.strip()]
    return found


def _html_date(found: str | None, html: str, notes: list[str] | None, outcome: str) -> str | None:
    """The page's date under the one date rule (:mod:`.dates`), and a note in ``notes`` when it gives none.

    trafilatura's date ``found`` (from the markup, or e.g. a ``<time>`` element) is
    taken unless it is its reading of a declared day/month order that could go
    either way (``05/03/2024``, which it reads day-first) and no declared date says
    which; else the first declared date the rule reads. A page with neither is left
    undated with a note, as the same value in a record's date field is.
    """
    declared = _meta_dates(html)
    readable = [d for _where, value in declared if (d := normalise_date(value))]
    guess = found[:10] if found and _DATE.match(found[:10]) else None
    if guess and (guess in readable or not any(guess in readings(value) for _where, value in declared)):
        return guess
    if readable:  # a declared date read under the rule wins over trafilatura's reading of an ambiguous one
        return readable[0]
    if notes is not None:
        if found and not guess:
            declared.insert(0, ("page metadata", found))
        # the ambiguous value trafilatura read, else the first declared one (none of them could be read)
        chosen = next(((w, v) for w, v in declared if guess and guess in readings(v)), declared[0] if declared else None)
        if chosen:
            notes.append(date_warning(chosen[1], field=chosen[0], outcome=outcome))
    return None


def html_to_article(
    html: str, *, path: str | None = None, notes: list[str] | None = None, outcome: str = STORED
) -> Article:
    """Main text and metadata of an HTML page, extracted with trafilatura.

    A publication date the page declares but no reader understands (or that is
    ambiguous, see :mod:`.dates`) leaves the article undated; the reason, ending
    in ``outcome``, is appended to ``notes`` when a list is given.
    """
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
        # dates from markup only: the extensive text search turns "Copyright 2026" into 2026-01-01
        meta = trafilatura.extract_metadata(html, date_config={"original_date": True, "extensive_search": False})
        if not text and len(_DEEP_TAGS.findall(html[:_HEAD_BYTES])) > _DEEP_NESTING:
            # the HTML parser stops at 255 levels of nesting: a page nested deeper is read again without its
            # layout containers (div, span, table cells...), which leaves its paragraphs and headings
            text = trafilatura.extract(_DEEP_TAGS.sub(" ", html), include_comments=False, include_tables=False,
                                       favor_recall=True)
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml raise various parse errors on broken markup
        raise InputError(path, f"malformed HTML, no text could be extracted ({type(exc).__name__}: {exc})") from None
    if not text or not _WORD.search(text):
        raise InputError(path, "malformed or empty HTML: no main text could be extracted")
    noted = list(notes) if notes is not None else []
    article = Article(
        text=text.strip(),
        title=getattr(meta, "title", None) if meta else None,
        date=_html_date(getattr(meta, "date", None) if meta else None, html, noted, outcome),
        source=(getattr(meta, "sitename", None) or getattr(meta, "hostname", None)) if meta else None,
        url=getattr(meta, "url", None) if meta else None,
        path=path,
    )
    fill_from_url(article, date=len(noted) == len(notes or []))  # a date the page gives but no reader reads stands
    if notes is not None:
        notes[:] = noted
    return article


def article_from_bytes(
    data: bytes,
    *,
    path: str | None = None,
    kind: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    notes: list[str] | None = None,
    outcome: str = STORED,
) -> Article:
    """Build an article from raw bytes; ``kind`` is ``"html"`` or ``"text"`` (sniffed when None).

    Non-fatal problems (an HTML date that cannot be read) are appended to ``notes`` when a list is given;
    ``outcome`` ends such a note with what became of the article (:data:`.dates.STORED` when ingesting).
    """
    if len(data) > max_bytes:
        raise InputError(path, too_large(len(data), max_bytes))
    if not data.strip():
        raise InputError(path, "empty input: there is no text to analyse")
    if kind is None:
        kind = "html" if _HTML_SNIFF.match(data[:2048]) else "text"
    declared = None
    if kind == "html" and encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        encoding = declared = declared_charset(data)
    try:
        text = decode_bytes(data, path=path, encoding=encoding)
    except InputError as exc:
        if not declared:
            raise
        raise InputError(path, f"the page declares charset {declared} in a <meta> tag, but is not valid {declared} "
                               f"({exc.reason.partition(': ')[2]}); name its real encoding with --encoding") from None
    if kind == "html":
        article = html_to_article(text, path=path, notes=notes, outcome=outcome)
        return at_the_door(article, notes=notes)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty input: the text is only white space")
    if not _WORD.search(text):  # as for HTML: nothing here for any stage to read, so no all-zero analysis
        raise InputError(path, "no words to analyse: the text holds only digits, punctuation or symbols")
    return at_the_door(Article(text=text, path=path), notes=notes)


def too_large(size: int, limit: int) -> str:
    """'too large: 22,020,096 bytes, over the 20,971,520-byte (20 MiB) limit' (exact, so it never reads '21 MB over 21 MB')."""
    return f"too large: {size:,} bytes, over the {limit:,}-byte ({limit / 2**20:g} MiB) limit"


def at_the_door(article: Article, *, notes: list[str] | None = None, max_chars: int = MAX_CHARS) -> Article:
    """``article`` with its text normalised (:func:`.normalise.normalise_text`; the note appended to ``notes``),
    its metadata made one safe line each, and its length and paragraph count checked against ``max_chars`` and
    :data:`MAX_PARAGRAPHS` (an :class:`InputError` naming the limit). Every reader and
    :func:`eventlens.api.analyze_article` pass articles through here once, before they are hashed or parsed."""
    if len(article.text) > max_chars:
        raise InputError(article.path, f"too long: {len(article.text):,} characters, over the {max_chars:,}-character "
                                       "limit for one article (docs/limits.md); split the text into several articles")
    article.title, article.source, article.url = (clean_field(v) if isinstance(v, str) else v
                                                  for v in (article.title, article.source, article.url))
    lines = article.text.count("\n") + 1
    if lines > MAX_PARAGRAPHS and (paragraphs := sum(1 for line in article.text.splitlines() if line.strip())) > MAX_PARAGRAPHS:
        raise InputError(article.path, f"too many paragraphs: {paragraphs:,}, over the {MAX_PARAGRAPHS:,}-paragraph limit "
                                       "for one article (docs/limits.md); split the text into several articles")
    text, note = normalise_text(article.text)
    if note:
        if article.id == content_hash(article.text):  # the id was the raw text's hash: it becomes the normalised text's
            article.id = content_hash(text)
        article.text = text
        if notes is not None:
            notes.append(note)
    return article


# files of many records, which 'eventlens ingest' reads (analyze reads one article)
RECORD_SUFFIXES = MappingProxyType({".jsonl": "JSON Lines records", ".ndjson": "JSON Lines records",
                                    ".json": "JSON records", ".csv": "a CSV table of records",
                                    ".tsv": "a TSV table of records", ".rss": "an RSS/Atom feed",
                                    ".atom": "an RSS/Atom feed"})
_SNIFFED = MappingProxyType({".jsonl": "JSON Lines records", ".json": "JSON records", ".xml": "an RSS/Atom feed"})


def _records_reason(name: str, suffix: str | None, data: bytes = b"") -> str | None:
    """Why ``name`` is not one article but a file of records (by its suffix, else by its first bytes), or None."""
    what = RECORD_SUFFIXES.get(suffix or "")
    if what is None and suffix not in HTML_SUFFIXES and data:

        what = _SNIFFED.get(sniff(data[:65536]))
    if what is None:
        return None
    target = "-" if name == "<stdin>" else name
    return (f"this is {what}, not one article; analyze reads one text or HTML article: to analyse the records, "
            f"run 'eventlens ingest {target} --db STORE.duckdb'")


def special_file(mode: int) -> str | None:
    """What a file that is not a regular file is ('a FIFO (named pipe)', ...), from its ``st_mode``; None for a
    regular file. Such files are refused: a FIFO blocks a reader, a device such as /dev/zero never ends."""
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_regular_file(name: str, max_bytes: int) -> bytes:
    """The bytes of the regular file ``name``, never more than ``max_bytes`` + 1 read (the size on disk is not
    trusted); a special file, an unreadable or too large one is an :class:`InputError`."""
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        what = special_file(os.fstat(fd).st_mode)
        if what:
            raise InputError(name, f"is {what}, not a regular file; eventlens reads only regular files")
        os.set_blocking(fd, True)
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(name, too_large(max(len(data), os.stat(name).st_size), max_bytes))
    return data


def read_article(
    path: str | Path,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    notes: list[str] | None = None,
) -> Article:
    """Read ``path`` (``-`` for stdin) into an article; explicit title/date/source win over metadata.

    Non-fatal problems are appended to ``notes`` when a list is given (none when ``date`` is given),
    worded for ``eventlens analyze`` (:data:`.dates.ANALYSED`): nothing is stored.
    """
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name, kind, suffix = "<stdin>", None, None
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(name, "no such file")
        if p.is_dir():
            raise InputError(name, "is a folder; analyze takes one file (use 'eventlens ingest' for folders)")
        data = read_regular_file(name, max_bytes)
        suffix = p.suffix.lower()
        kind = "html" if suffix in HTML_SUFFIXES else ("text" if suffix in TEXT_SUFFIXES else None)
    why = data.strip() and _records_reason(name, suffix, data if kind is None else b"")
    if why:
        raise InputError(name, why)
    found: list[str] = []
    article = article_from_bytes(data, path=name, kind=kind, encoding=encoding, max_bytes=max_bytes, notes=found,
                                 outcome=ANALYSED)
    article.title = clean_field(title or article.title or "") or None  # one line, no control characters
    article.date = check_date(date, path=name) or article.date
    if notes is not None and not date:  # a date given by the caller replaces the page's unreadable one
        notes.extend(found)
    article.source = clean_field(source or article.source or "") or None
    return article
