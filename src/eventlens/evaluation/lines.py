"""Reading line-based gold files (JSON lines, tab-separated) with errors that name the file and the line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError


def text_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file (a byte-order mark is dropped)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8") from None


def json_lines(path: Path, *, required: Sequence[str], what: str, hint: str = "", limit: int | None = None) -> list[dict[str, Any]]:
    """The JSON objects of a JSON-lines file, one per non-blank line, each holding the keys ``required``.

    ``what`` names a record in messages ("a NewsMTSC record"); ``hint`` is appended to them. A file
    without any record is an error too, so an empty or truncated gold file never scores as zero."""
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text_lines(path), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise InputError(str(path), f"line {number} is not {what} (invalid JSON: {exc}){hint}") from None
        missing = [key for key in required if key not in record] if isinstance(record, dict) else list(required)
        if missing:
            raise InputError(str(path), f"line {number} is not {what} (missing {', '.join(map(repr, missing))}){hint}")
        records.append(record)
        if limit and len(records) >= limit:
            break
    if not records:
        raise InputError(str(path), f"no records: expected {what} per line{hint}")
    return records
