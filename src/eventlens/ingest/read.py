"""Turn a file or stdin into an :class:`Article`, or raise :class:`InputError` saying why not."""

from __future__ import annotations

import codecs
import re
import sys
from datetime import date as _date
from pathlib import Path

from ..errors import InputError
from ..model import Article

MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused, not truncated
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"[^\W\d_]{2,}")
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
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


def _binary_reason(data: bytes) -> str | None:
    for magic, what in _SIGNATURES.items():
        if data.startswith(magic):
            return f"this is {what}, not text"
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data (NUL bytes), not text" + _utf16_hint(head)
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
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot decode as {encoding}: {exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from None
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


def html_to_article(html: str, *, path: str | None = None) -> Article:
    """Main text and metadata of an HTML page, extracted with trafilatura."""
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
        # dates from markup only: the extensive text search turns "Copyright 2026" into 2026-01-01
        meta = trafilatura.extract_metadata(html, date_config={"original_date": True, "extensive_search": False})
    except Exception as exc:  # trafilatura/lxml raise various parse errors on broken markup
        raise InputError(path, f"malformed HTML, no text could be extracted ({type(exc).__name__}: {exc})") from None
    if not text or not _WORD.search(text):
        raise InputError(path, "malformed or empty HTML: no main text could be extracted")
    date = getattr(meta, "date", None) if meta else None
    return Article(
        text=text.strip(),
        title=getattr(meta, "title", None) if meta else None,
        date=date[:10] if date and _DATE.match(date[:10]) else None,
        source=(getattr(meta, "sitename", None) or getattr(meta, "hostname", None)) if meta else None,
        url=getattr(meta, "url", None) if meta else None,
        path=path,
    )


def article_from_bytes(
    data: bytes,
    *,
    path: str | None = None,
    kind: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Article:
    """Build an article from raw bytes; ``kind`` is ``"html"`` or ``"text"`` (sniffed when None)."""
    if len(data) > max_bytes:
        raise InputError(path, f"too large: {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
    if not data.strip():
        raise InputError(path, "empty input: there is no text to analyse")
    if kind is None:
        kind = "html" if _HTML_SNIFF.match(data[:2048]) else "text"
    if kind == "html" and encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        encoding = declared_charset(data)
    text = decode_bytes(data, path=path, encoding=encoding)
    if kind == "html":
        return html_to_article(text, path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty input: the text is only white space")
    return Article(text=text, path=path)


def read_article(
    path: str | Path,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Article:
    """Read ``path`` (``-`` for stdin) into an article; explicit title/date/source win over metadata."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name, kind = "<stdin>", None
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(name, "no such file")
        if p.is_dir():
            raise InputError(name, "is a folder; analyze takes one file (use 'eventlens ingest' for folders)")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"too large: {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
        suffix = p.suffix.lower()
        kind = "html" if suffix in HTML_SUFFIXES else ("text" if suffix in TEXT_SUFFIXES else None)
    article = article_from_bytes(data, path=name, kind=kind, encoding=encoding, max_bytes=max_bytes)
    article.title = title or article.title
    article.date = check_date(date, path=name) or article.date
    article.source = source or article.source
    return article
