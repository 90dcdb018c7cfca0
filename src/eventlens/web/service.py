"""What the API and the pages ask of the store, with a response cache.

Runs in worker threads; every store access goes through :class:`StoreSource`
(the query layer), every answer is cached by its normalised request.
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping
from urllib.parse import urlencode

from .cache import ResponseCache
from .endpoints import ListEndpoint, query_kwargs
from .errors import ApiError
from .params import Page
from .settings import WebSettings
from .source import StoreSource

ARTICLE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False).encode("utf-8")


def _key(*parts: Any) -> tuple:
    return tuple(tuple(sorted(p.items())) if isinstance(p, Mapping) else p for p in parts)


class DataService:
    """Cached, read-only answers for the API (JSON bytes) and the pages (rows)."""

    def __init__(self, *, source: StoreSource, settings: WebSettings) -> None:
        self.source = source
        self.settings = settings
        self.cache = ResponseCache(entries=settings.cache_entries)

    # ------------------------------------------------------------ rows
    def rows(self, query: str, **kwargs: Any) -> Any:
        """``queries.<query>(**kwargs)``, cached. Callers must not mutate the result."""
        key = _key("rows", query, kwargs)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        value = self.source.call(query, **kwargs)  # a QueryError is answered 400 by errors.library_error_handler
        self.cache.put(key, value)
        return value

    def page(self, query: str, filters: Mapping[str, Any], page: Page) -> tuple[list[dict[str, Any]], bool]:
        """One page of rows and whether more follow (asks for one row extra)."""
        rows = self.rows(query, **filters, limit=page.limit + 1, offset=page.offset)
        return rows[: page.limit], len(rows) > page.limit

    def article(self, article_id: str) -> dict[str, Any]:
        if not ARTICLE_ID.match(article_id):
            raise ApiError(404, f"no article with id {article_id[:40]!r}")
        found = self.rows("article", id=article_id)
        if found is None:
            raise ApiError(404, f"no article with id {article_id!r}")
        return found

    # ------------------------------------------------------------ JSON answers
    def list_json(self, endpoint: ListEndpoint, filters: Mapping[str, Any], page: Page) -> bytes:
        items, more = self.page(endpoint.query, query_kwargs(endpoint, filters), page)
        next_url = None
        if more:
            next_url = f"{endpoint.path}?{urlencode({**filters, 'limit': page.limit, 'offset': page.offset + page.limit})}"
        return dumps({"items": items, "limit": page.limit, "offset": page.offset, "next": next_url})

    def network(self, filters: Mapping[str, Any], *, edges: int) -> dict[str, Any]:
        """The actor network: the ``edges`` strongest dyads and the actors they join."""
        dyads = self.rows("dyads", **filters, limit=edges, offset=0)
        weight: dict[str, int] = {}
        for d in dyads:
            for code in (d["source"], d["target"]):
                weight[code] = weight.get(code, 0) + int(d["events"])
        return {
            "nodes": [{"id": code, "events": n} for code, n in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))],
            "edges": [
                {"source": d["source"], "target": d["target"], "events": d["events"], "goldstein_mean": d["goldstein_mean"]}
                for d in dyads
            ],
        }

    def cached_json(self, key: tuple, compute: Any) -> bytes:
        body = self.cache.get(key)
        if body is None:
            body = dumps(compute())
            self.cache.put(key, body)
        return body
