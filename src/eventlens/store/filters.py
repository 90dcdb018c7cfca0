"""The one filter model of the query layer: which events a question is about.

Every event query (:mod:`.queries`, :mod:`.series`, :mod:`.outlets`, :mod:`.facets`)
builds its WHERE clause from an :class:`EventFilters`, so the dashboard's pages,
its API and ``eventlens query`` select the same events for the same filters.
Values reach SQL as bound parameters only; identifiers come from fixed tables.

- ``actor``: code prefix matched against the source or the target (``IRN``
  matches ``IRNGOV``); ``source`` / ``target``: code prefix of that side;
  ``direction="either"`` matches source/target in both directions (the pair
  ``IRN``-``ISR`` as ``IRN→ISR`` or ``ISR→IRN``).
- ``type``: PLOVER type; ``cameo``: CAMEO prefix; ``quad``: quad class 1-4.
- ``since`` / ``until``: inclusive dates (YYYY, YYYY-MM or YYYY-MM-DD).
- ``place``: location name (substring) or its country code; ``text``: substring
  of the evidence; ``outlet``: the article's outlet (case-insensitive);
  ``min_confidence``: the coder's confidence, at least this (events without
  one are left out while it is set); ``article``: one article id.
- ``rollup``: not a filter; aggregations group sub-codes under their country
  (``USAGOV`` counted as ``USA``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields
from typing import Any

from .params import QueryError, parse_date, until_bound

DIRECTIONS = ("one", "either")


@dataclass(slots=True)
class Where:
    """Accumulates WHERE clauses with their bound parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self, keyword: str = " WHERE ") -> str:
        return (keyword + " AND ".join(self.clauses)) if self.clauses else ""

    def extended(self, clause: str, *params: Any) -> "Where":
        out = Where(list(self.clauses), list(self.params))
        out.add(clause, *params)
        return out


def add_dates(w: Where, col: str, since: str | None, until: str | None) -> None:
    """``col`` between ``since`` and ``until`` (inclusive; a year or month includes all of it)."""
    since = parse_date(since, what="since") if since else None
    until = parse_date(until, what="until") if until else None
    if since:
        w.add(f"{col} >= ?", since)
    if until:
        w.add(f"{col} <= ?", until_bound(until))


@functools.lru_cache(maxsize=1)
def _countries() -> list[str]:
    from ..actors.vocabulary import country_codes

    return sorted(country_codes())


@dataclass(frozen=True, slots=True)
class Rolled:
    """SQL pieces naming actor codes, rolled up into their country or not (see :func:`rolled_codes`)."""

    cte: str  # "WITH _roll AS (...) " or ""
    params: list[Any]  # the CTE's parameters, bound first
    exprs: dict[str, str]  # column -> the expression to select or group by
    joins: str  # LEFT JOINs the expressions need


def rollup_map(con: Any) -> tuple[list[str], list[str]]:
    """Every actor code the store holds, and its roll-up (its country where it starts with one, else itself)."""
    codes = [r[0] for r in getattr(con, "con", con).execute(
        "SELECT source_code FROM events WHERE source_code IS NOT NULL UNION SELECT target_code FROM events "
        "WHERE target_code IS NOT NULL UNION SELECT code FROM actor_mentions WHERE code IS NOT NULL").fetchall()]
    countries = set(_countries())
    return codes, [c[:3] if c[:3] in countries else c for c in codes]


def rolled_codes(con: Any, cols: dict[str, str], *, rollup: bool, mapping: tuple[list[str], list[str]] | None = None) -> Rolled:
    """``cols`` (a name -> a code column) as they are, or rolled up into their country (``USAGOV`` -> ``USA``).

    The roll-up maps each distinct code once (a few dozen to a few thousand) and joins the map, instead of
    testing every row against the country list (which cost 30 times the plain grouping on 100k events).
    ``mapping`` (from :func:`rollup_map`) saves reading the codes again when one query rolls several columns.
    """
    if not rollup:
        return Rolled("", [], dict(cols), "")
    codes, rolled = mapping or rollup_map(con)
    exprs, joins = {}, []
    for i, (name, col) in enumerate(cols.items()):
        alias = f"_r{abs(hash(col)) % 10_000}_{i}"
        exprs[name] = f"coalesce({alias}.rolled, {col})"
        joins.append(f" LEFT JOIN _roll {alias} ON {alias}.code = {col}")
    return Rolled("WITH _roll AS (SELECT unnest(?::VARCHAR[]) AS code, unnest(?::VARCHAR[]) AS rolled) ", [codes, rolled],
                  exprs, "".join(joins))


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilters:
    """The filters of one event question (see the module docstring). Build with ``EventFilters(**filters)``."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    direction: str = "one"
    type: str | None = None
    cameo: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    text: str | None = None
    outlet: str | None = None
    article: str | None = None
    min_confidence: float | None = None
    rollup: bool = False

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def where(self, alias: str = "e") -> Where:
        """The WHERE clauses selecting these events from the events table aliased ``alias``."""
        w, a = Where(), alias
        if self.actor:
            w.add(f"(starts_with({a}.source_code, ?) OR starts_with({a}.target_code, ?))", self.actor.upper(), self.actor.upper())
        self._pair(w, a)
        if self.type:
            w.add(f"{a}.plover = ?", self.type.upper())
        if self.cameo:
            w.add(f"starts_with({a}.cameo, ?)", self.cameo)
        if self.quad is not None:
            if self.quad not in (1, 2, 3, 4):
                raise QueryError(f"quad must be 1, 2, 3 or 4, got {self.quad}")
            w.add(f"{a}.quad_class = ?", self.quad)
        add_dates(w, f"{a}.date", self.since, self.until)
        if self.place:
            w.add(f"(contains(lower({a}.loc_name), lower(?)) OR {a}.loc_country = ?)", self.place, self.place.upper())
        if self.text:
            w.add(f"contains(lower({a}.evidence), lower(?))", self.text)
        if self.outlet:
            w.add(f"lower({a}.outlet) = lower(?)", self.outlet)
        if self.article:
            w.add(f"{a}.article_id = ?", self.article)
        if self.min_confidence is not None:
            w.add(f"{a}.confidence >= ?", float(self.min_confidence))
        return w

    def _pair(self, w: Where, a: str) -> None:
        if self.direction not in DIRECTIONS:
            raise QueryError(f"direction must be one of {', '.join(DIRECTIONS)}, got {self.direction!r}")
        src, tgt = (self.source or "").upper(), (self.target or "").upper()
        if self.direction == "either" and (src or tgt):
            if src and tgt:
                w.add(f"((starts_with({a}.source_code, ?) AND starts_with({a}.target_code, ?)) OR "
                      f"(starts_with({a}.source_code, ?) AND starts_with({a}.target_code, ?)))", src, tgt, tgt, src)
            else:
                one = src or tgt
                w.add(f"(starts_with({a}.source_code, ?) OR starts_with({a}.target_code, ?))", one, one)
            return
        if src:
            w.add(f"starts_with({a}.source_code, ?)", src)
        if tgt:
            w.add(f"starts_with({a}.target_code, ?)", tgt)


def event_filters(filters: dict[str, Any]) -> tuple[EventFilters, dict[str, Any]]:
    """Split keyword arguments into the event filters and the rest (``limit``, ``sort``, ``interval`` ...)."""
    names = set(EventFilters.names())
    return EventFilters(**{k: v for k, v in filters.items() if k in names}), {k: v for k, v in filters.items() if k not in names}


def order_by(sort: str | None, *, allowed: tuple[str, ...], default: str, tie: str) -> str:
    """``ORDER BY`` for ``sort`` (a column of ``allowed``, ``-`` in front for descending), else ``default``."""
    if not sort:
        return f" ORDER BY {default}"
    desc = sort.startswith("-")
    col = sort.lstrip("-")
    if col not in allowed:
        raise QueryError(f"sort must be one of {', '.join(allowed)} (prefix '-' for descending), got {sort[:40]!r}")
    return f' ORDER BY "{col}" {"DESC" if desc else "ASC"} NULLS LAST, {tie}'
