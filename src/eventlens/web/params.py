"""Query parameters of the web API: :mod:`eventlens.store.params` (the table the command line
uses too), with its :class:`~eventlens.store.params.QueryError` answered as a 400 error object.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..store.params import PARAMS, Page, Param, QueryError
from ..store.params import parse_query as _parse_query
from .errors import ApiError

__all__ = ["PARAMS", "Page", "Param", "parse_query"]


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
    try:
        return _parse_query(query, allowed=allowed, default_limit=default_limit, max_limit=max_limit,
                            max_offset=max_offset, paged=paged)
    except QueryError as exc:
        raise ApiError(400, str(exc)) from None
