"""The Dask engine: the same chunks, analysed on a ``distributed`` cluster.

Each worker builds the pipeline once per process (the cached
:func:`eventlens.api.default_pipeline`, guarded by a lock so threads of one
worker take turns) and writes each chunk's rows as Parquet shards into
``shard_dir``, which must be visible to the workers and to this process (a
shared filesystem on a real cluster). This process merges finished shards
into the store in input order, in one transaction per chunk, then deletes
them. See ``docs/scale-out.md``.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..store import Store
from .runner import Chunk, failed_rows
from .work import PipelineSpec, analyze_chunk_to_parquet


class DaskExecutor:
    """Submits chunks to the scheduler at ``scheduler`` (an address or an existing ``distributed.Client``)."""

    def __init__(self, *, spec: PipelineSpec, scheduler: Any, shard_dir: str | None = None, run_id: str | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("the dask engine needs the [dask] extra: pip install 'eventlens[dask]'") from None
        self.spec = spec
        self.run_id = run_id
        self.replace = False
        self._own_client = not isinstance(scheduler, Client)
        try:
            self.client = Client(scheduler, timeout="20s") if self._own_client else scheduler
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the dask scheduler at {scheduler}: {exc}") from None
        self._own_dir = shard_dir is None
        self.shard_dir = Path(shard_dir or tempfile.mkdtemp(prefix="eventlens-shards-"))
        self.shard_dir.mkdir(parents=True, exist_ok=True)
        self._n = 0

    def submit(self, chunk: Chunk) -> Any:
        self._n += 1
        name = f"{self.run_id or 'run'}-{self._n:08d}-{uuid.uuid4().hex[:6]}"
        articles = [r.article for r in chunk.records]
        return self.client.submit(
            analyze_chunk_to_parquet, self.spec, articles, run_id=self.run_id, shard_dir=str(self.shard_dir),
            name=name, pure=False,
        )

    def commit(self, chunk: Chunk, result: tuple[dict[str, list[str]], list[tuple[int, str]]] | None, store: Store) -> tuple[int, int]:
        added = 0
        bad = []
        if result is not None:
            shards, failed = result
            added = store.merge_parquet(shards, run_id=self.run_id, replace=self.replace)
            bad = failed_rows(chunk, failed)
            for files in shards.values():
                for f in files:
                    Path(f).unlink(missing_ok=True)
        store.write_batch(None, quarantined=chunk.quarantined + bad, files_done=chunk.files_done, run_id=self.run_id,
                          marks=chunk.marks)
        return added, len(bad)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._own_dir:
            shutil.rmtree(self.shard_dir, ignore_errors=True)
