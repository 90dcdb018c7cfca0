"""The local engine: a pool of worker processes (:mod:`.pool`), or in-process when asked (``isolate=False``).

Workers are fresh interpreters (no inherited DuckDB handles or threads), build
the pipeline once when they start, and return rows column-wise; the parent
alone writes to DuckDB. Each article has a time and memory budget, and a worker
that dies or goes over it is replaced while its article is quarantined.

Every worker is one process on one core: its numerical libraries (OpenBLAS,
OpenMP, MKL, BLIS) are started single-threaded, or ``jobs`` workers on
``jobs`` cores would each start a thread per core and fight over them. The
executor starts its workers and waits until their models are loaded before
the run's clock starts, and reports that start-up time separately
(``startup_s``), so articles/s is the steady rate of each ``--jobs`` setting.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

from ..store import Store
from .runner import Chunk, commit_columns
from .pool import WORKER_THREAD_ENV, Budget, WorkerPool
from .work import ChunkResult, PipelineSpec, analyze_chunk, warm


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


@contextlib.contextmanager
def single_threaded_children() -> Iterator[None]:
    """Processes started inside this block get one-thread numerical libraries (unless the user set a size)."""
    saved = {k: os.environ.get(k) for k in WORKER_THREAD_ENV}
    try:
        for k in WORKER_THREAD_ENV:
            os.environ.setdefault(k, "1")
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class LocalExecutor:
    """Runs chunks in ``jobs`` worker processes (:class:`.pool.WorkerPool`: a time and memory budget per article,
    a dead worker replaced and its article quarantined), or here when ``isolate`` is False (``jobs`` 1 only:
    no budget, and an article that kills the process ends the run)."""

    def __init__(self, *, spec: PipelineSpec, jobs: int = 1, run_id: str | None = None, budget: Budget | None = None,
                 isolate: bool = True) -> None:
        self.spec = spec
        self.jobs = max(1, jobs)
        self.run_id = run_id
        self.replace = False
        self._pool: WorkerPool | None = None
        began = time.perf_counter()
        if self.jobs > 1 or isolate:
            self._pool = WorkerPool(spec=spec, jobs=self.jobs, budget=budget or Budget(), run_id=run_id)
        else:
            warm(spec)
        self.startup_s = time.perf_counter() - began

    @property
    def restarts(self) -> int:
        """Workers replaced after they failed (died, or went over a budget)."""
        return self._pool.restarts if self._pool is not None else 0

    def submit(self, chunk: Chunk) -> Future | _Done:
        articles = [r.article for r in chunk.records]
        if self._pool is None:
            return _Done(analyze_chunk(self.spec, articles, run_id=self.run_id))
        return self._pool.submit(articles)

    def commit(self, chunk: Chunk, result: ChunkResult | None, store: Store) -> tuple[int, int]:
        if result is None:
            return commit_columns(chunk, None, [], store, self.run_id)
        return commit_columns(chunk, result.columns, result.failed, store, self.run_id, replace=self.replace)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
