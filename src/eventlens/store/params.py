"""Query parameters as data: one table that validates what a user asks of the query layer.

``eventlens query`` and the web API both pass the raw strings they were given
through :func:`parse_query`, so the two accept and refuse exactly the same
values (``--limit 0`` and ``?limit=0`` alike); the web app also writes its
OpenAPI description from :data:`PARAMS`. Which filters each query function
takes is :data:`FILTERS`. A bad value raises :class:`QueryError` (exit status 2
on the command line, HTTP 400 in the API), whose message names the parameter
the way the caller spells it (``label``: ``--limit`` or ``parameter 'limit'``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from ..errors import EventlensError

_CODE = re.compile(r"^[A-Za-z0-9]{1,32}$")
_CAMEO = re.compile(r"^[0-9]{1,4}$", re.ASCII)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)
_INT = re.compile(r"^-?[0-9]{1,19}$")  # ASCII digits only: int() would also take '١', ' 5 ', '1_0'
_FLOAT = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,6})?$|^\.[0-9]{1,6}$", re.ASCII)
# an actor's name as typed ('United States', "Côte d'Ivoire", 'al-Shabaab'): letters first, then letters, digits,
# spaces and the punctuation names use; resolved to a code by eventlens.store.lookup
_NAME = re.compile(r"^[^\W\d_][\w .,'\u2019()&-]*$")
_SORT = re.compile(r"^-?[a-z][a-z0-9_]{0,31}$", re.ASCII)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

Label = Callable[[str], str]


class QueryError(EventlensError):
    """A query argument is invalid (bad date, limit out of range, unknown interval, not a code).

    The user's argument is wrong, not the store: exit status 2 (a usage error), HTTP 400.
    """

    exit_code = 2


def api_label(name: str) -> str:
    """How the web API names a parameter in an error message."""
    return f"parameter {name!r}"


def option_label(name: str) -> str:
    """How the command line names a parameter in an error message."""
    return f"--{name}"


@dataclass(frozen=True, slots=True)
class Param:
    """One query parameter: its kind (code, date, text, int, choice), bounds and meaning."""

    name: str
    kind: str  # code | actor (code or name) | date | text | int | float | bool | choice | sort | plover | cameo
    description: str
    max_len: int = 200
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    example: str | None = None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the parameter (for OpenAPI)."""
        if self.kind == "int":
            out: dict[str, Any] = {"type": "integer"}
            if self.minimum is not None:
                out["minimum"] = self.minimum
            if self.maximum is not None:
                out["maximum"] = self.maximum
            return out
        if self.kind == "float":
            return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}
        if self.kind == "bool":
            return {"type": "string", "enum": [*_TRUE, *_FALSE]}
        if self.kind == "choice":
            return {"type": "string", "enum": list(self.choices)}
        if self.kind == "plover":
            return {"type": "string", "enum": list(_plover_types())}
        if self.kind == "cameo":
            return {"type": "string", "pattern": _CAMEO.pattern}
        out = {"type": "string", "maxLength": self.max_len}
        if self.kind == "code":
            out["pattern"] = _CODE.pattern
        if self.kind == "sort":
            out["pattern"] = _SORT.pattern
        if self.kind == "date":
            out["pattern"] = _DATE.pattern
            out["description"] = "YYYY, YYYY-MM or YYYY-MM-DD"
        return out

    def parse(self, raw: str, *, label: Label = api_label) -> Any:
        """The value of ``raw`` (None for an empty text), or :class:`QueryError` saying what is wrong."""
        what = label(self.name)
        if not raw.strip():  # an empty form field: not given
            return None
        if self.kind == "int":
            if not _INT.fullmatch(raw):
                raise QueryError(f"{what} must be an integer (digits 0-9), got {raw[:40]!r}")
            value = int(raw)
            if self.minimum is not None and value < self.minimum:
                raise QueryError(f"{what} must be >= {self.minimum}, got {value}")
            if self.maximum is not None and value > self.maximum:
                raise QueryError(f"{what} must be <= {self.maximum}, got {value}")
            return value
        if self.kind == "float":
            return self._float(raw, what)
        if self.kind == "bool":
            if raw.strip().lower() in _TRUE:
                return True
            if raw.strip().lower() in _FALSE or not raw.strip():
                return False
            raise QueryError(f"{what} must be 1 or 0 (true or false), got {raw[:40]!r}")
        if self.kind == "choice":
            if not raw.strip():
                return None
            if raw not in self.choices:
                raise QueryError(f"{what} must be one of {', '.join(self.choices)}, got {raw[:40]!r}")
            return raw
        raw = raw.strip()
        if not raw:
            return None
        if len(raw) > self.max_len:
            raise QueryError(f"{what} is longer than {self.max_len} characters")
        if self.kind == "code":
            if not _CODE.match(raw):
                raise QueryError(f"{what} must be a code of letters and digits such as {self.example or 'IRN'}, "
                                 f"got {raw[:40]!r}")
            return raw.upper()
        if self.kind == "actor":
            if not _CODE.match(raw) and not _NAME.match(raw):
                raise QueryError(f"{what} must be an actor code such as {self.example or 'IRN'}, or a country or actor name "
                                 f"such as Iran or United States, got {raw[:40]!r}")
            return " ".join(raw.split())
        if self.kind == "sort":
            if not _SORT.match(raw):
                raise QueryError(f"{what} must be a column name, '-' in front for descending (e.g. -events), got {raw[:40]!r}")
            return raw
        if self.kind == "date":
            return parse_date(raw, what=what)
        if self.kind == "plover":
            if raw.upper() not in _plover_types():
                raise QueryError(f"{what} must be a PLOVER event type ({', '.join(_plover_types())}), got {raw[:40]!r}")
            return raw.upper()
        if self.kind == "cameo":
            if not _CAMEO.match(raw):
                raise QueryError(f"{what} must be a CAMEO code or its prefix: 1-4 digits such as 07 or 0731, got {raw[:40]!r}")
            return raw
        return raw

    def _float(self, raw: str, what: str) -> float:
        text = raw.strip()
        if not _FLOAT.match(text):
            raise QueryError(f"{what} must be a number such as 0.5, got {raw[:40]!r}")
        value = float(text)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise QueryError(f"{what} must be between {self.minimum} and {self.maximum}, got {text}")
        return value


def _plover_types() -> tuple[str, ...]:
    from ..events.tables import plover_types  # the event tables, read once per process when first asked

    return plover_types()


def until_bound(until: str) -> str:
    """The upper bound an inclusive ``until`` (YYYY, YYYY-MM or YYYY-MM-DD) sets on ISO date strings:
    a year or month includes all of it (``2024-05`` -> ``2024-05-99``)."""
    return until + ("-99" if len(until) < 10 else "")


def parse_date(raw: str, *, what: str) -> str:
    """``raw`` when it is a real date written YYYY, YYYY-MM or YYYY-MM-DD, else :class:`QueryError`."""
    if not _DATE.match(raw):
        raise QueryError(f"{what} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {raw[:40]!r}")
    parts = raw.split("-")
    try:
        date.fromisoformat("-".join(parts + ["01"] * (3 - len(parts))))
    except ValueError:
        raise QueryError(f"{what} is not a real date: {raw!r}") from None
    return raw


PARAMS: Mapping[str, Param] = MappingProxyType(
    {
        p.name: p
        for p in (
            Param("actor", "actor", "actor as source or target: a code (prefix match: IRN matches IRNGOV), a country name "
                  "or an actor name (Iran, United States), resolved through the actor lookup", 100, example="IRN"),
            Param("source", "actor", "source actor: code (prefix match), country or actor name, e.g. ISRGOV or Israel", 100,
                  example="ISR"),
            Param("target", "actor", "target actor: code (prefix match), country or actor name, e.g. PSE", 100, example="PSE"),
            Param("direction", "choice", "one: source to target only; either: both directions of the pair",
                  choices=("one", "either"), example="either"),
            Param("rollup", "bool", "count actor sub-codes under their country (USAGOV as USA) in tables and the network"),
            Param("min_confidence", "float", "events the coder gave at least this confidence (0-1); events without "
                  "a confidence are left out while it is set", minimum=0, maximum=1, example="0.5"),
            Param("sort", "sort", "column to sort by, '-' in front for descending (e.g. -events)", 33, example="-events"),
            Param("type", "plover", "PLOVER event type, e.g. AID", 16, example="AID"),
            Param("cameo", "cameo", "CAMEO code prefix, e.g. 07 (provide aid)", 4, example="07"),
            Param("quad", "int", "quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict", minimum=1, maximum=4),
            Param("since", "date", "first date included", 10, example="2024-01-01"),
            Param("until", "date", "last date included", 10, example="2024-12-31"),
            Param("place", "text", "event location: part of its name, or its ISO3 country code", 100, example="Gaza"),
            Param("text", "text", "words the evidence sentence contains", 200, example="aid"),
            Param("q", "text", "search words: all of them (AND), 'OR' between alternatives, \"a phrase\" in quotes, "
                  "-word to exclude, word* for a prefix; ranked by relevance", 200, example="ceasefire"),
            Param("outlet", "text", "outlet (article source) name, exact (case-insensitive)", 200),
            Param("frame", "text", "frame name, e.g. economic", 100),
            Param("interval", "choice", "period of the timeline", choices=("day", "week", "month", "quarter", "year"),
                  example="month"),
            Param("edges", "int", "most edges the network draws (the strongest)", minimum=1, maximum=2000, example="150"),
            Param("min_weight", "int", "network edges with at least this many events", minimum=1, maximum=1_000_000),
            Param("min_degree", "int", "network nodes with at least this many drawn edges", minimum=1, maximum=10_000),
            Param("count", "choice", "what to count: real-world events, each once however many articles report it "
                  "(the default), or every report", choices=("events", "reports"), example="events"),
            Param("event", "int", "an event's id (event_id)", minimum=0, maximum=2**63 - 1),
            Param("limit", "int", "rows per page", minimum=1),
            Param("offset", "int", "rows to skip (pagination)", minimum=0, maximum=10**18),
        )
    }
)

_EVENT_FILTERS = ("actor", "source", "target", "direction", "type", "cameo", "quad", "since", "until", "place", "text", "outlet",
                  "min_confidence")
EVENT_FILTERS = _EVENT_FILTERS
# The filters each query function of :mod:`.queries` takes, by function name (the CLI and the API both read this).
FILTERS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "events": (*_EVENT_FILTERS, "rollup", "sort", "count"),
    "dyads": (*_EVENT_FILTERS, "rollup", "sort", "count"),
    "timeline": (*_EVENT_FILTERS, "rollup", "interval", "count"),
    "series": (*_EVENT_FILTERS, "rollup", "interval"),
    "pair_series": (*_EVENT_FILTERS, "rollup", "interval"),
    "places": (*_EVENT_FILTERS, "rollup", "sort", "count"),
    "outlets": (*_EVENT_FILTERS, "rollup", "sort"),
    "coverage": (*_EVENT_FILTERS, "rollup", "sort"),
    "attention": (*_EVENT_FILTERS, "rollup", "interval"),
    "reports": ("event",),
    "actors": ("actor", "text", "outlet", "since", "until", "rollup", "sort"),
    "mentioned_places": ("place", "outlet", "since", "until"),
    "articles": ("text", "outlet", "since", "until", "actor", "place"),
    "frames_by_outlet_month": ("outlet", "frame", "since", "until"),
    "actor_tone_by_outlet_month": ("actor", "outlet", "since", "until"),
    "runs": (),
})


@dataclass(frozen=True, slots=True)
class Page:
    """Rows per page and rows skipped, both checked."""

    limit: int
    offset: int


def parse_fields(query: Mapping[str, str], *, allowed: Collection[str], label: Label = api_label) -> tuple[dict[str, Any], dict[str, str]]:
    """Every ``allowed`` parameter of ``query`` checked: the values (only those given a non-empty value) and,
    by parameter, the message of each one refused (so a form can show each next to its field)."""
    filters: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in allowed:
        if name in query:
            try:
                value = PARAMS[name].parse(query[name], label=label)
            except QueryError as exc:
                errors[name] = str(exc)
                continue
            if value is not None:
                filters[name] = value
    since, until = filters.get("since"), filters.get("until")
    if since and until and since > until_bound(until):  # the comparison the queries make
        errors["since"] = f"{label('since')} {since} is after {label('until')} {until}: no date is in that range"
    return filters, errors


def parse_query(
    query: Mapping[str, str],
    *,
    allowed: Collection[str],
    default_limit: int,
    max_limit: int,
    max_offset: int | None,
    paged: bool = True,
    label: Label = api_label,
    ignore_unknown: bool = False,
) -> tuple[dict[str, Any], Page]:
    """Check the raw ``query`` strings against ``allowed`` parameters; unknown ones are an error
    unless ``ignore_unknown`` (the web's choice: links pick up ``utm_source`` and the like).

    Returns the filters (only those given a non-empty value) and the page;
    the first value refused raises :class:`QueryError`.
    ``max_offset`` None leaves the offset unbounded.
    """
    names = set(allowed) | ({"limit", "offset"} if paged else set())
    unknown = sorted(set(query) - names)
    if unknown and not ignore_unknown:
        raise QueryError(f"unknown parameter(s): {', '.join(unknown)}; allowed: {', '.join(sorted(names)) or 'none'}")
    filters, errors = parse_fields(query, allowed=allowed, label=label)
    if errors:
        raise QueryError(next(iter(errors.values())))
    return filters, parse_page(query, default_limit=default_limit, max_limit=max_limit, max_offset=max_offset,
                               paged=paged, label=label)


def parse_page(query: Mapping[str, str], *, default_limit: int, max_limit: int, max_offset: int | None,
               paged: bool = True, label: Label = api_label) -> Page:
    """The page ``query`` asks for (``limit``, ``offset``), checked."""
    if not paged:
        return Page(limit=default_limit, offset=0)
    limit = PARAMS["limit"].parse(query["limit"], label=label) if query.get("limit", "") != "" else default_limit
    offset = PARAMS["offset"].parse(query["offset"], label=label) if query.get("offset", "") != "" else 0
    if limit > max_limit:
        raise QueryError(f"{label('limit')} must be <= {max_limit}, got {limit}")
    if max_offset is not None and offset > max_offset:
        raise QueryError(f"{label('offset')} must be <= {max_offset}, got {offset}")
    return Page(limit=limit, offset=offset)
