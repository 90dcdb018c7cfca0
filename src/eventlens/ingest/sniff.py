"""Reading a stream whose format no file name tells (standard input): look at its head, then read it whole.

:func:`sniff` decides from the first bytes; :func:`sniffed` returns the format and a stream that still
starts at the first byte (the head is read once and handed back in front of the rest).
"""

from __future__ import annotations

import io
import json
import re
from typing import IO

SNIFF_BYTES = 1 << 16


_JSON_OBJECT_START = re.compile(rb'\{\s*("|$)')  # '{"key": ...' or a lone '{' (pretty-printed)
_JSON_LIST_START = re.compile(rb"\[\s*(\{|\]|$)")  # '[{...' or '[]'


# byte-order marks of UTF-32 and UTF-16 (UTF-32-LE's starts as UTF-16-LE's does, so it is tried first)
_WIDE_MARKS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
               (b"\xfe\xff", "utf-16-be"))


def wide_mark(head: bytes) -> tuple[bytes, str] | None:
    """(byte-order mark, codec of the bytes after it) when ``head`` starts with a UTF-16/32 mark, else None."""
    return next(((mark, codec) for mark, codec in _WIDE_MARKS if head.startswith(mark)), None)


def sniff(head: bytes) -> str:
    """The suffix standard input reads as when no format is named: JSON Lines, JSON, a feed, else one
    article. Only input that starts the way JSON records do counts as JSON, so a text that opens with
    '[Update]' or '{Breaking}' stays a text."""
    wide = wide_mark(head)  # UTF-16/32 records are told apart as UTF-8 ones are (their reader recodes them)
    if wide:
        head = head[len(wide[0]):].decode(wide[1], errors="ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        first, newline, _ = text.partition(b"\n")
        if newline:
            try:
                if isinstance(json.loads(first), dict):
                    return ".jsonl"
            except (ValueError, RecursionError):
                pass
        if not _JSON_OBJECT_START.match(first.rstrip()):
            return ""
        return ".jsonl" if not newline else ".json"  # one long line is a JSON Lines record; several lines, one object
    if _JSON_LIST_START.match(text):
        return ".json"
    low = text[:2048].lower()
    if low.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and any(t in low for t in (b"<rss", b"<feed", b"<rdf:rdf")):
        return ".xml"
    return ""


class Prefixed(io.RawIOBase):
    """``head`` (already read, to sniff the format) followed by the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sniffed(fh: IO[bytes], *, suffix: str = "") -> tuple[str, IO[bytes]]:
    """(``suffix``, or the sniffed one when it is '', and a stream of all of ``fh``)."""
    head = fh.read(SNIFF_BYTES)
    return suffix or sniff(head), io.BufferedReader(Prefixed(head, fh))
