"""The pipeline: an ordered list of stages, checked before it runs.

A stage is any object with ``name``, ``requires`` and ``provides`` (tuples of
analysis fields) that is called with an :class:`~eventlens.model.Analysis` and
returns it. Stages are registered in :mod:`eventlens.stages`; a pipeline is
built from their names, so a stage can be swapped (``events`` by
``events-ml``) without touching the others.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from .errors import ConfigError
from .model import Analysis, Article

# Fields an Analysis has before any stage runs.
BASE_FIELDS = ("article",)


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> Analysis: ...


def check_stages(stages: Sequence[Stage]) -> None:
    """Raise :class:`ConfigError` when a stage needs a field no earlier stage provides."""
    available = set(BASE_FIELDS)
    for stage in stages:
        missing = [req for req in stage.requires if req not in available]
        if missing:
            raise ConfigError(
                f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage provides; "
                f"earlier stages provide: {', '.join(sorted(available))}"
            )
        available.update(stage.provides)


class Pipeline:
    """Runs stages in order over articles. Build once, reuse for many articles."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        check_stages(stages)
        self.stages = list(stages)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def __call__(self, article: Article, *, keep_doc: bool = False) -> Analysis:
        analysis = Analysis(article=article)
        timings: dict[str, float] = {}
        for stage in self.stages:
            began = time.perf_counter()
            analysis = stage(analysis)
            timings[stage.name] = round(time.perf_counter() - began, 6)
        analysis.meta.setdefault("stages", self.names)
        analysis.meta["timings_s"] = timings
        if not keep_doc:
            analysis.doc = None
            analysis.encodings = None
        return analysis

    def pipe(self, articles: Iterable[Article], *, keep_doc: bool = False, batch_size: int = 16) -> Iterator[Analysis]:
        """Analyse a stream of articles lazily, in order.

        A stage that has a ``pipe(analyses, batch_size=...)`` method gets the
        whole stream (the segmenter uses it to parse with ``nlp.pipe``);
        other stages are called article by article.
        """
        stream: Iterable[Analysis] = (Analysis(article=article) for article in articles)
        for stage in self.stages:
            stream = self._through(stage, stream, batch_size)
        for analysis in stream:
            analysis.meta.setdefault("stages", self.names)
            if not keep_doc:  # the parse and the encoder outputs go together (bench/analyze.py reads both)
                analysis.doc = None
                analysis.encodings = None
            yield analysis

    @staticmethod
    def _through(stage: Stage, stream: Iterable[Analysis], batch_size: int) -> Iterator[Analysis]:
        piped = getattr(stage, "pipe", None)
        if callable(piped):
            yield from piped(stream, batch_size=batch_size)
            return
        for analysis in stream:
            yield stage(analysis)

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"name": s.name, "requires": list(s.requires), "provides": list(s.provides), "impl": type(s).__module__ + "." + type(s).__qualname__}
            for s in self.stages
        ]
