"""Answers in the format asked for: JSON (the default), CSV, and for the network GEXF or GraphML.

A request names its format with ``format=csv`` (what the dashboard's download
links use) or with ``Accept: text/csv``. A CSV holds the rows the JSON's
``items`` hold, in the same order, one column per field; its
``X-Total-Count`` header gives the rows that match in all (the JSON's ``total``).
Every file is sent as an attachment named after the view and its filters.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Mapping, Sequence

from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError

FORMATS = ("json", "csv")
_MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "gexf": "application/gexf+xml",
          "graphml": "application/graphml+xml"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def wanted_format(request: Request, *, allowed: Sequence[str] = FORMATS) -> str:
    """The format asked for: ``format=`` first, else the Accept header (CSV when it prefers text/csv), else JSON."""
    asked = request.query_params.get("format")
    if asked:
        if asked not in allowed:
            raise ApiError(400, f"parameter 'format' must be one of {', '.join(allowed)}, got {asked[:20]!r}",
                           fields={"format": f"one of {', '.join(allowed)}"})
        return asked
    accept = request.headers.get("accept", "")
    if "text/csv" in accept and "csv" in allowed and "application/json" not in accept:
        return "csv"
    return "json"


def _cell(value: Any) -> Any:
    """A CSV cell: numbers as they are; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def columns_of(rows: Iterable[Mapping[str, Any]], fallback: Sequence[str] = ()) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for key in row:
            if key not in cols:
                cols.append(key)
    return cols or list(fallback)


def csv_bytes(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] = ()) -> bytes:
    """Rows as CSV (a header row, then one line per row); a UTF-8 BOM so spreadsheets read non-Latin text right."""
    buf = io.StringIO()
    cols = columns_of(rows, columns)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in cols])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def filename(view: str, params: Mapping[str, Any], ext: str) -> str:
    bits = [view] + [f"{k}-{v}" for k, v in params.items() if k not in ("format", "limit", "offset") and v not in (None, "")]
    name = _UNSAFE.sub("_", "_".join(str(b) for b in bits)).strip("_")[:120] or view
    return f"eventlens-{name}.{ext}"


def file_response(body: bytes, *, fmt: str, name: str, total: int | None = None) -> Response:
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    if total is not None:
        headers["x-total-count"] = str(total)
    return Response(body, media_type=_MEDIA[fmt], headers=headers)


def rows_response(request: Request, *, view: str, rows: Sequence[Mapping[str, Any]], fmt: str, json_body: bytes,
                  columns: Sequence[str] = (), total: int | None = None) -> Response:
    """The JSON answer, or the same rows as a CSV attachment."""
    if fmt == "csv":
        name = filename(view, dict(request.query_params), "csv")
        return file_response(csv_bytes(rows, columns=columns), fmt="csv", name=name, total=total)
    headers = {"x-total-count": str(total)} if total is not None else None
    return Response(json_body, media_type="application/json", headers=headers)
