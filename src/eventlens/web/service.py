"""What the API and the pages ask of the store, with a response cache.

Runs in worker threads; every store access goes through :class:`StoreSource`
(the query layer), every answer is cached by its normalised request. The
full-text index (:mod:`eventlens.store.search`) is built once per store, on
first need or in the background when the server starts.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any, Mapping

from ..store.params import QueryError
from .cache import ResponseCache
from .errors import ApiError
from .filters import FilterState, read_filters
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
        self._index: Any = None
        self._index_lock = threading.Lock()
        self._index_error: str | None = None

    # ------------------------------------------------------------ rows
    def rows(self, query: str, **kwargs: Any) -> Any:
        """``<module>.<query>(**kwargs)`` of the store's query layer, cached. Callers must not mutate the result."""
        key = _key("rows", query, kwargs)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        value = self.source.call(query, **kwargs)  # a QueryError is answered 400 by errors.library_error_handler
        self.cache.put(key, value)
        return value

    def article(self, article_id: str) -> dict[str, Any]:
        if not ARTICLE_ID.match(article_id):
            raise ApiError(404, f"no article with id {article_id[:40]!r}")
        found = self.rows("article", id=article_id)
        if found is None:
            raise ApiError(404, f"no article with id {article_id!r}")
        return found

    # ------------------------------------------------------------ filters
    def resolve(self, name: str, value: str) -> str:
        """The actor code an actor field's value stands for (cached per value)."""
        return self.rows("lookup.resolve_actor", value=value, what=f"parameter {name!r}")

    def filters(self, params: Any, allowed: tuple[str, ...]) -> FilterState:
        """Read and check the filters of a request (actor names resolved); never raises for a bad value."""
        return read_filters(params, allowed=allowed, resolve=self.resolve)

    # ------------------------------------------------------------ search
    def index_status(self) -> str:
        if self._index is not None:
            return "ready"
        return "failed" if self._index_error else ("building" if self._index_lock.locked() else "not built")

    def search_index(self) -> Any:
        """The store's full-text index, built on first use (another thread asking meanwhile waits for it)."""
        if self._index is not None:
            return self._index
        from ..cachefiles import build_lock, cache_dir
        from ..store.search import SearchIndex, build_index, index_path

        with self._index_lock:
            if self._index is None:
                folder = Path(self.settings.search_dir) if self.settings.search_dir else cache_dir() / "search"
                target = index_path(self.source.path, folder)
                try:
                    if not target.is_file():
                        with build_lock(target):
                            if not target.is_file():
                                self.source.with_connection(lambda con: build_index(con, target))
                except OSError as exc:
                    self._index_error = f"the search index could not be written to {folder}: {exc.strerror or exc}"
                    raise ApiError(503, self._index_error) from None
                self._index = SearchIndex(path=target)
        return self._index

    def search(self, kind: str, q: str, filters: Mapping[str, Any], *, limit: int, offset: int) -> dict[str, Any]:
        """A page of the ``kind`` ('articles' or 'events') matching ``q`` under ``filters``, from the index."""
        try:
            return self.search_index().search(kind, q, filters, limit=limit, offset=offset)
        except QueryError as exc:
            raise ApiError(400, str(exc), fields={"q": str(exc)}) from None

    def cached_json(self, key: tuple, compute: Any) -> bytes:
        body = self.cache.get(key)
        if body is None:
            body = dumps(compute())
            self.cache.put(key, body)
        return body
