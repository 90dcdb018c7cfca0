"""The unit of work every engine runs: analyse a chunk of articles into store rows.

The pipeline is built once per process (:func:`eventlens.api.default_pipeline`
is cached), so a worker pays for models and dictionaries on its first chunk
only. A chunk is parsed with ``Pipeline.pipe`` (spaCy's ``nlp.pipe``); if any
article makes a stage fail, the chunk is redone article by article so only
that article is quarantined.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from ..pipeline import Pipeline
from ..stages import DEFAULT_STAGES
from ..store import rows as R

_LOCK = threading.Lock()  # one chunk at a time per process: stages are not promised to be thread-safe


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What to run; small and picklable, so it can travel to worker processes and cluster nodes."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    actors_file: str | None = None
    batch_size: int = 16
    min_confidence: float | None = None  # the event coder's confidence floor (None: the model's default)
    coder: str = "learned"  # the event coder: "learned" or "rules"

    def build(self) -> Pipeline:
        from ..api import default_pipeline
        from ..errors import ConfigError

        try:
            return default_pipeline(actors_file=self.actors_file, stages=tuple(self.stages), min_confidence=self.min_confidence,
                                    coder=self.coder)
        except ImportError as exc:
            raise ConfigError(f"a pipeline stage could not be loaded ({exc}); choose stages with --stages") from None

    def settings(self) -> dict[str, object]:
        """The stage settings beyond the stage list, for the store's run row (``ingest_runs.options``):
        the event coder and its confidence floor, and the user actor dictionary (``--actors``) when one is given."""
        return ({"coder": self.coder, "min_confidence": self.min_confidence}
                | ({"actors_file": self.actors_file} if self.actors_file else {}))


@dataclass(slots=True)
class ChunkResult:
    """Rows of the analysed articles (column-wise) and the articles that failed: (index in chunk, reason)."""

    columns: dict[str, dict[str, list[Any]]]
    failed: list[tuple[int, str]] = field(default_factory=list)
    articles: int = 0
    wall_s: float = 0.0  # how long the worker spent on the chunk
    cpu_s: float = 0.0  # CPU time it got meanwhile (less than wall_s when other processes hold the cores)


def _failure(exc: BaseException) -> str:
    """The quarantine reason: a stage's refusal of bad input (:class:`InputError`, e.g. a text over the parser's
    limit) in its own words (the file and position are columns already); anything else is an analysis failure."""
    if isinstance(exc, InputError):
        return exc.reason
    return f"analysis failed: {type(exc).__name__}: {exc}"


def analyze_chunk(spec: PipelineSpec, articles: Sequence[Article], *, run_id: str | None = None) -> ChunkResult:
    """Analyse ``articles`` and return their rows."""
    with _LOCK:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        pipeline = spec.build()
        columns = R.empty_columns()
        failed: list[tuple[int, str]] = []
        try:
            analyses = list(pipeline.pipe(articles, batch_size=spec.batch_size))
        except Exception:  # a stage failed on some article: find it by running one at a time
            analyses = []
            for i, article in enumerate(articles):
                try:
                    analyses.append(pipeline(article))
                except Exception as exc:  # any stage error quarantines this article, not the run
                    failed.append((i, _failure(exc)))
        for analysis in analyses:
            R.add_analysis(columns, analysis.to_dict(), run_id=run_id)
        return ChunkResult(columns=columns, failed=failed, articles=len(analyses),
                           wall_s=time.perf_counter() - wall0, cpu_s=time.process_time() - cpu0)


def warm(spec: PipelineSpec) -> None:
    """Build the pipeline and load the spaCy model now (worker start-up); the encoder loads with the
    pipeline's first article (the warm-up), one onnxruntime thread per worker unless
    ``$EVENTLENS_ENCODER_THREADS`` says otherwise."""
    pipeline = spec.build()
    with _LOCK:
        try:
            list(pipeline.pipe([Article(text="Warm up.")]))
        except Exception:  # noqa: BLE001 - a stage failing on the warm-up text fails (and quarantines) real articles later
            pass


def analyze_chunk_to_parquet(
    spec: PipelineSpec, articles: Sequence[Article], *, run_id: str | None, shard_dir: str, name: str
) -> tuple[dict[str, list[str]], list[tuple[int, str]]]:
    """Analyse a chunk and write one Parquet file per non-empty table under ``shard_dir`` (dask workers)."""
    import pyarrow.parquet as pq

    result = analyze_chunk(spec, articles, run_id=run_id)
    out: dict[str, list[str]] = {}
    folder = Path(shard_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for table in R.TABLES:
        if not R.row_count(result.columns, table):
            continue
        target = folder / f"{name}.{table}.parquet"
        tmp = target.with_suffix(".tmp")
        pq.write_table(R.to_arrow(table, result.columns[table]), tmp)
        tmp.replace(target)
        out[table] = [str(target)]
    return out, result.failed
