"""The local engine: in-process (``jobs=1``) or a pool of worker processes (``jobs>1``).

Workers are started with ``spawn`` (no inherited DuckDB handles or threads),
build the pipeline once in their initializer, and return rows column-wise;
the parent alone writes to DuckDB.

Every worker is one process on one core: its numerical libraries (OpenBLAS,
OpenMP, MKL, BLIS) are started single-threaded, or ``jobs`` workers on
``jobs`` cores would each start a thread per core and fight over them. The
executor starts its workers and waits until their models are loaded before
the run's clock starts, and reports that start-up time separately
(``startup_s``), so articles/s is the steady rate of each ``--jobs`` setting.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..store import Store
from .runner import Chunk, commit_columns
from .work import ChunkResult, PipelineSpec, analyze_chunk, warm, warm_worker


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


# Thread-pool sizes read by numerical libraries when they load (in a worker, before any model).
WORKER_THREAD_ENV = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
)


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
    """Runs chunks here (jobs=1) or in ``jobs`` worker processes, started and warmed up front."""

    def __init__(self, *, spec: PipelineSpec, jobs: int = 1, run_id: str | None = None) -> None:
        self.spec = spec
        self.jobs = max(1, jobs)
        self.run_id = run_id
        self.replace = False
        self._pool: ProcessPoolExecutor | None = None
        began = time.perf_counter()
        if self.jobs > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=warm_worker, initargs=(spec,)
            )
            try:
                with single_threaded_children():
                    # a spawn pool starts a worker per submit while none is idle: one task per worker starts them all here
                    started = [self._pool.submit(os.getpid) for _ in range(self.jobs)]
                for f in started:
                    f.result()  # returns once that worker's initializer (model loading) has run
            except BrokenProcessPool:
                self.close()
                warm(spec)  # a worker could not build the pipeline (workers exit quietly): raise the real error here, once
                raise
        else:
            warm(spec)
        self.startup_s = time.perf_counter() - began

    def submit(self, chunk: Chunk) -> Future | _Done:
        articles = [r.article for r in chunk.records]
        if self._pool is None:
            return _Done(analyze_chunk(self.spec, articles, run_id=self.run_id))
        return self._pool.submit(analyze_chunk, self.spec, articles, run_id=self.run_id)

    def commit(self, chunk: Chunk, result: ChunkResult | None, store: Store) -> tuple[int, int]:
        if result is None:
            return commit_columns(chunk, None, [], store, self.run_id)
        return commit_columns(chunk, result.columns, result.failed, store, self.run_id, replace=self.replace)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
