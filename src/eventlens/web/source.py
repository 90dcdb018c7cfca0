"""Read-only access to a store for the web app, through ``eventlens.store.queries``.

The web layer never writes SQL: every answer comes from the one query layer.
This module opens the store read-only, gives each worker thread its own DuckDB
cursor (a DuckDB connection must not be shared between threads), and reshapes
query rows into the API's documented item shapes.
"""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import StoreError
from ..store import Store
from ..store.store import store_faults


_MODULES = frozenset({"queries", "series", "outlets", "facets", "lookup"})


class StoreSource:
    """The store behind the dashboard, opened once, read-only."""

    def __init__(self, *, db: Path, threads: int | None = None, concurrency: int | None = None) -> None:
        """``threads``: DuckDB threads per query; ``concurrency``: queries running at once (default: CPU count).

        More queries at once than cores only makes them fight over the CPU
        (measured in bench/web_load.py: more CPU per request, longer tails);
        the threads above the bound wait without spinning.
        """
        self._root = Store.open(db, read_only=True)
        self.path = Path(db)
        if threads:
            # a per-process setting, not a write: allowed on a read-only connection
            self._root.con.execute(f"SET threads TO {int(threads)}")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._running = threading.BoundedSemaphore(max(1, concurrency or os.cpu_count() or 1))

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            with self._lock:
                if self._root.con is None:
                    raise StoreError(f"{self.path}: the store was closed")
                cursor = self._root.con.cursor()
            store = Store(cursor, path=self._root.path, read_only=True)
            self._local.store = store
        return store

    def call(self, name: str, **kwargs: Any) -> Any:
        """Run ``eventlens.store.queries.<name>(store, **kwargs)`` (or ``eventlens.store.<module>.<fn>`` for a
        dotted ``module.fn``) on this thread's cursor."""
        module, _, fn_name = name.rpartition(".")
        mod = importlib.import_module(f"eventlens.store.{module or 'queries'}")
        if (module or "queries") not in _MODULES:
            raise StoreError(f"internal: no query module {module!r}")
        fn: Callable[..., Any] = getattr(mod, fn_name)
        with store_faults(str(self.path)):  # a damaged store answers 503 with the reason, never 500
            store = self._store()
            with self._running:
                return fn(store, **kwargs)

    def with_connection(self, fn: Callable[[Any], Any]) -> Any:
        """``fn(connection)`` on this thread's read-only cursor (the search index build reads the store through it)."""
        store = self._store()
        with self._running:
            return fn(store.con)

    def close(self) -> None:
        self._root.close()


def as_dict(row: Any) -> dict[str, Any]:
    if isinstance(row, Mapping):
        return dict(row)
    if hasattr(row, "_asdict"):
        return dict(row._asdict())
    if hasattr(row, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(row)
    raise TypeError(f"cannot read a query row of type {type(row).__name__}")


def rows_of(result: Any) -> list[dict[str, Any]]:
    """Query results as a list of dicts, whatever container the query layer returns."""
    if result is None:
        return []
    if isinstance(result, Mapping) and "items" in result:
        result = result["items"]
    if hasattr(result, "to_pylist"):  # pyarrow Table
        return list(result.to_pylist())
    return [as_dict(r) for r in result]
