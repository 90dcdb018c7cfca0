"""Query parameters of the web API: :mod:`eventlens.store.params` (the table the command line
uses too), with its :class:`~eventlens.store.params.QueryError` answered as a 400 error object.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

from ..store.params import PARAMS, Page, Param, QueryError
from ..store.params import parse_query as _parse_query
from .errors import ApiError

__all__ = ["PARAMS", "Page", "Param", "check_single", "parse_query"]


def parse_query(
    query: Mapping[str, str],
    *,
    allowed: Collection[str],
    default_limit: int,
    max_limit: int,
    max_offset: int,
    paged: bool = True,
) -> tuple[dict[str, Any], Page]:
    """Validate ``query`` against ``allowed`` parameters; unknown ones are an error (400).

    Returns the filters (only those given) and the page.
    """
    check_single(query)
    try:
        return _parse_query(query, allowed=allowed, default_limit=default_limit, max_limit=max_limit,
                            max_offset=max_offset, paged=paged)
    except QueryError as exc:
        raise ApiError(400, str(exc)) from None


def check_single(query: Mapping[str, str]) -> None:
    """A 400 when a query string gives a parameter more than once (``?limit=abc&limit=5``):
    which one was meant is unknown, and the other would go unchecked. A plain mapping holds none."""
    items = getattr(query, "multi_items", None)
    if items is None:
        return
    repeated = sorted(k for k, n in Counter(k for k, _ in items()).items() if n > 1)
    if repeated:
        raise ApiError(400, f"parameter(s) given more than once: {', '.join(repeated)}; give each once")
