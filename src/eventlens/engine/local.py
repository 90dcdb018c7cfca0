"""The local engine: in-process (``jobs=1``) or a pool of worker processes (``jobs>1``).

Workers are started with ``spawn`` (no inherited DuckDB handles or threads),
build the pipeline once in their initializer, and return rows column-wise;
the parent alone writes to DuckDB.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..store import Store
from .runner import Chunk, commit_columns
from .work import ChunkResult, PipelineSpec, analyze_chunk, warm


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class LocalExecutor:
    """Runs chunks here (jobs=1) or in ``jobs`` worker processes."""

    def __init__(self, *, spec: PipelineSpec, jobs: int = 1, run_id: str | None = None) -> None:
        self.spec = spec
        self.jobs = max(1, jobs)
        self.run_id = run_id
        self.replace = False
        self._pool: ProcessPoolExecutor | None = None
        if self.jobs > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=warm, initargs=(spec,)
            )

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
