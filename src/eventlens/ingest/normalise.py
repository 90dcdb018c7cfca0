"""Text normalised once, at the door, before anything hashes, parses or stores it.

Every character keeps its place (each change is one character for one), so offsets into the
normalised text are offsets into the text given, and the content hash is that of the normalised text:

* a lone surrogate (``\\ud800``-``\\udfff``, which no UTF-8 file, store or JSON document can hold)
  becomes U+FFFD;
* a line-ending control (vertical tab, form feed, the file/group/record separators, NEL, the Unicode
  line and paragraph separators) becomes ``\\n``, so it ends a paragraph as the text's layout meant;
* any other control character (C0 but tab/newline/carriage return, DEL, C1) becomes a space;
Readers of bytes (:mod:`.document`) also drop a byte-order mark and turn ``\\r\\n`` and a lone
``\\r`` into ``\\n`` before this (routine, not reported). :func:`normalise_text` returns the text and a
note naming what was replaced and how often; callers record it in ``meta.warnings`` (``analyze``) or
with the record's warning (``ingest``).
"""

from __future__ import annotations

import re

_LINE_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_TO_NEWLINE = str.maketrans({c: "\n" for c in _LINE_CONTROLS})


def _kind(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return "lone surrogate"
    return "line-break control character" if ch in _LINE_CONTROLS else "control character"


def normalise_text(text: str) -> tuple[str, str]:
    """(normalised text, note) for ``text``; the note is '' when nothing changed. Same length as ``text``."""
    found = _CONTROL.findall(text)
    if not found:
        return text, ""
    counts: dict[str, int] = {}
    for ch in found:
        kind = _kind(ch)
        counts[kind] = counts.get(kind, 0) + 1
    fixed = _CONTROL.sub(_replacement, text)
    parts = []
    for kind, how in (("lone surrogate", "U+FFFD"), ("line-break control character", "a line break"),
                      ("control character", "a space")):
        if n := counts.get(kind):
            parts.append(f"{n:,} {kind}{'s' if n > 1 else ''} replaced by {how}")
    return fixed, "the text was normalised: " + ", ".join(parts)


def _replacement(match: re.Match[str]) -> str:
    ch = match.group()
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return ch.translate(_TO_NEWLINE) if ch in _LINE_CONTROLS else " "


def clean_field(value: str) -> str:
    """A metadata value (title, source, URL) made safe to store and show: surrogates become U+FFFD and every
    control character a space (a field is one line)."""
    if value.isascii() and value.isprintable():
        return value
    return _CONTROL_ANY.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else " ", value)


_CONTROL_ANY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
