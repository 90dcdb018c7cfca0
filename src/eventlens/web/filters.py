"""The dashboard's one filter model: read from the URL, checked field by field, carried on every link.

A page or API request names its filters in the query string (``?since=2024-01&actor=Iran&rollup=1``).
:func:`read_filters` checks each against the shared parameter table
(:mod:`eventlens.store.params`), resolves actor names to codes (:mod:`eventlens.store.lookup`)
and keeps, for each field, what was typed and what was wrong with it, so a form can show the
message next to the field and keep the input. Parameters no view knows (``utm_source``)
are ignored. :meth:`FilterState.link` writes a URL to another view with the same filters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import urlencode

from ..store.params import EVENT_FILTERS, PARAMS, QueryError, parse_fields, parse_page
from .errors import ApiError

# The filters every view shares and every link between views carries (in this order in URLs).
SHARED = ("since", "until", "actor", "source", "target", "direction", "rollup", "type", "quad", "cameo", "outlet", "place",
          "min_confidence", "text", "interval")
EVENT_VIEW = (*EVENT_FILTERS, "rollup")
ACTOR_FIELDS = ("actor", "source", "target")
_PAGING = ("limit", "offset", "format", "tab")  # known to every view, read apart from the filters


@dataclass(slots=True)
class FilterState:
    """What a request asked for: checked ``values`` (actor names resolved to codes), the ``raw`` text of each
    field as typed, the ``errors`` by field, the actor names ``resolved`` (name -> code) and ``ignored`` names."""

    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def carried(self, *, keep: tuple[str, ...] = SHARED, **overrides: Any) -> dict[str, str]:
        """The shared filters as typed (so 'Iran' stays 'Iran' in the URL), with ``overrides`` (None drops one)."""
        out = {k: self.raw[k] for k in keep if self.raw.get(k, "") != ""}
        for k, v in overrides.items():
            if v is None or v == "":
                out.pop(k, None)
            else:
                out[k] = "1" if v is True else str(v)
        return out

    def query(self, **overrides: Any) -> str:
        return urlencode(self.carried(**overrides))

    def link(self, path: str, **overrides: Any) -> str:
        """``path`` with the shared filters of this request (and ``overrides``)."""
        q = self.query(**overrides)
        return f"{path}?{q}" if q else path

    def api(self, path: str, *, names: tuple[str, ...] = EVENT_VIEW, **extra: Any) -> str:
        """The API URL for ``path`` with the checked filters among ``names`` (codes, not names) and ``extra``."""
        params = {k: _text(v) for k, v in self.values.items() if k in names}
        params.update({k: _text(v) for k, v in extra.items() if v is not None})
        return f"{path}?{urlencode(params)}" if params else path

    def message(self) -> str:
        return "; ".join(self.errors.values())


def _text(value: Any) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)


def read_filters(params: Any, *, allowed: tuple[str, ...], resolve: Callable[[str, str], str] | None) -> FilterState:
    """Check the ``allowed`` parameters of ``params`` (a query-params mapping); never raises for a bad value.

    ``resolve(field, value)`` turns an actor name into a code (raising QueryError when none matches).
    """
    state = FilterState()
    items = list(params.multi_items()) if hasattr(params, "multi_items") else list(params.items())
    counts = Counter(k for k, _ in items)
    state.ignored = sorted({k for k in counts if k not in allowed and k not in _PAGING})
    single = {k: v for k, v in items}
    for name in allowed:
        if name in single:
            state.raw[name] = single[name]
    for name in (*allowed, "limit", "offset", "format"):  # which one was meant is unknown; the other would go unchecked
        if counts.get(name, 0) > 1:
            state.errors[name] = f"parameter {name!r} is given more than once; give it once"
    values, errors = parse_fields({k: v for k, v in single.items() if k in allowed and k not in state.errors}, allowed=allowed)
    state.errors.update(errors)
    state.values = values
    if resolve is not None:
        for name in ACTOR_FIELDS:
            value = values.get(name)
            if isinstance(value, str) and name not in state.errors:
                try:
                    code = resolve(name, value)
                except QueryError as exc:
                    state.errors[name] = str(exc)
                    values.pop(name)
                    continue
                if code != value:
                    state.resolved[name] = code
                values[name] = code
    return state


def api_filters(state: FilterState) -> dict[str, Any]:
    """The checked values, or a 400 error object naming every bad field (the API's answer to a bad value)."""
    if state.errors:
        raise ApiError(400, state.message(), fields=dict(state.errors))
    return dict(state.values)


def read_page(params: Mapping[str, str], *, default_limit: int, max_limit: int, max_offset: int) -> Any:
    """The page of a list request, or a 400 error object."""
    try:
        return parse_page(params, default_limit=default_limit, max_limit=max_limit, max_offset=max_offset)
    except QueryError as exc:
        raise ApiError(400, str(exc), fields={"limit" if "limit" in str(exc) else "offset": str(exc)}) from None


def choices(name: str) -> tuple[str, ...]:
    """The values a choice parameter takes (for a form's select)."""
    p = PARAMS[name]
    if p.kind == "plover":
        from ..store.params import _plover_types

        return _plover_types()
    return p.choices
