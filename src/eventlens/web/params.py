"""Query parameters: one declarative table that both validates requests and
writes the OpenAPI description, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from .errors import ApiError

_CODE = re.compile(r"^[A-Za-z0-9]{1,32}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)
_INT = re.compile(r"^-?[0-9]{1,18}$")  # ASCII digits only: int() would also take '١', ' 5 ', '1_0'


@dataclass(frozen=True, slots=True)
class Param:
    """One query parameter: its kind (code, date, text, int), bound and meaning."""

    name: str
    kind: str  # code | date | text | int | choice
    description: str
    max_len: int = 200
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    example: str | None = None

    def schema(self) -> dict[str, Any]:
        if self.kind == "int":
            out: dict[str, Any] = {"type": "integer"}
            if self.minimum is not None:
                out["minimum"] = self.minimum
            if self.maximum is not None:
                out["maximum"] = self.maximum
            return out
        if self.kind == "choice":
            return {"type": "string", "enum": list(self.choices)}
        out = {"type": "string", "maxLength": self.max_len}
        if self.kind == "code":
            out["pattern"] = _CODE.pattern
        if self.kind == "date":
            out["pattern"] = _DATE.pattern
            out["description"] = "YYYY, YYYY-MM or YYYY-MM-DD"
        return out

    def parse(self, raw: str) -> Any:
        if self.kind == "int":
            if not _INT.fullmatch(raw):
                raise ApiError(400, f"parameter {self.name!r} must be an integer (digits 0-9), got {raw[:40]!r}")
            value = int(raw)
            if self.minimum is not None and value < self.minimum:
                raise ApiError(400, f"parameter {self.name!r} must be >= {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ApiError(400, f"parameter {self.name!r} must be <= {self.maximum}")
            return value
        if self.kind == "choice":
            if raw not in self.choices:
                raise ApiError(400, f"parameter {self.name!r} must be one of {', '.join(self.choices)}")
            return raw
        raw = raw.strip()
        if not raw:
            return None
        if len(raw) > self.max_len:
            raise ApiError(400, f"parameter {self.name!r} is longer than {self.max_len} characters")
        if self.kind == "code":
            if not _CODE.match(raw):
                raise ApiError(400, f"parameter {self.name!r} must be a code of letters and digits such as IRN or ISRGOV")
            return raw.upper()
        if self.kind == "date":
            return parse_date(self.name, raw)
        return raw


def parse_date(name: str, raw: str) -> str:
    if not _DATE.match(raw):
        raise ApiError(400, f"parameter {name!r} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {raw[:40]!r}")
    parts = raw.split("-")
    full = "-".join(parts + ["01"] * (3 - len(parts)))
    try:
        date.fromisoformat(full)
    except ValueError:
        raise ApiError(400, f"parameter {name!r} is not a real date: {raw!r}") from None
    return raw


PARAMS: Mapping[str, Param] = MappingProxyType(
    {
        p.name: p
        for p in (
            Param("actor", "code", "actor code (or its country prefix) as source or target, e.g. IRN", 32, example="IRN"),
            Param("source", "code", "source actor code (prefix match), e.g. ISRGOV", 32, example="ISR"),
            Param("target", "code", "target actor code (prefix match), e.g. PSE", 32, example="PSE"),
            Param("type", "code", "PLOVER event type, e.g. AID", 16, example="AID"),
            Param("cameo", "code", "CAMEO code prefix, e.g. 07 (provide aid)", 4, example="07"),
            Param("quad", "int", "quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict", minimum=1, maximum=4),
            Param("since", "date", "first date included", 10, example="2024-01-01"),
            Param("until", "date", "last date included", 10, example="2024-12-31"),
            Param("place", "text", "event location: part of its name, or its ISO3 country code", 100, example="Gaza"),
            Param("text", "text", "words the evidence sentence contains", 200, example="aid"),
            Param("q", "text", "words the article title or text contains", 200, example="ceasefire"),
            Param("outlet", "text", "outlet (article source) name, exact (case-insensitive)", 200),
            Param("frame", "text", "frame name, e.g. economic", 100),
            Param("interval", "choice", "period of the timeline", choices=("day", "month", "year"), example="month"),
            Param("limit", "int", "rows per page", minimum=1),
            Param("offset", "int", "rows to skip (pagination)", minimum=0),
        )
    }
)


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


def parse_query(
    query: Mapping[str, str],
    *,
    allowed: tuple[str, ...],
    default_limit: int,
    max_limit: int,
    max_offset: int,
    paged: bool = True,
) -> tuple[dict[str, Any], Page]:
    """Validate ``query`` against ``allowed`` parameters; unknown ones are an error.

    Returns the filters (only those given) and the page.
    """
    names = set(allowed) | ({"limit", "offset"} if paged else set())
    unknown = sorted(set(query) - names)
    if unknown:
        raise ApiError(400, f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(sorted(names))}")
    filters: dict[str, Any] = {}
    for name in allowed:
        if name in query:
            value = PARAMS[name].parse(query[name])
            if value is not None:
                filters[name] = value
    limit = PARAMS["limit"].parse(query["limit"]) if "limit" in query else default_limit
    offset = PARAMS["offset"].parse(query["offset"]) if "offset" in query else 0
    if limit > max_limit:
        raise ApiError(400, f"parameter 'limit' must be <= {max_limit}")
    if offset > max_offset:
        raise ApiError(400, f"parameter 'offset' must be <= {max_offset}")
    return filters, Page(limit=limit, offset=offset)
