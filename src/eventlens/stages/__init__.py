"""The one place where stages are registered.

Each entry maps a stage name to ``module:Class``. Classes are imported only
when a pipeline uses them, so the CLI stays fast and optional stages (for
example a model-based event coder behind the ``[train]`` extra) cost nothing
unless asked for. Each class declares ``requires`` and ``provides``; the
pipeline checks them before it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ..errors import ConfigError
from ..pipeline import Pipeline, Stage

REGISTRY: Mapping[str, str] = MappingProxyType(
    {
        "segment": "eventlens.stages.segment:Segmenter",
        "actors": "eventlens.stages.actors:ActorTagger",
        "places": "eventlens.stages.places:Geoparser",
        "events": "eventlens.stages.events:EventCoder",
        "locate": "eventlens.stages.locate:EventLocator",
        "tone": "eventlens.stages.tone:ToneScorer",
        "narrative": "eventlens.stages.narrative:NarrativeLens",
    }
)

DEFAULT_STAGES: tuple[str, ...] = ("segment", "places", "actors", "events", "locate", "tone", "narrative")
#: the default stages up to the events: what event evaluation and training run, as production does
EVENT_STAGES: tuple[str, ...] = DEFAULT_STAGES[: DEFAULT_STAGES.index("events") + 1]


def stage_class(name: str) -> type:
    """The class registered under ``name``."""
    try:
        target = REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unknown stage {name!r}; known stages: {', '.join(REGISTRY)}") from None
    module_name, _, class_name = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)


def build_stage(name: str, **settings: Any) -> Stage:
    return stage_class(name)(**settings)


def build_pipeline(
    stages: Sequence[str] = DEFAULT_STAGES,
    *,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> Pipeline:
    """A checked pipeline of the named stages; ``settings[name]`` go to that stage's constructor."""
    settings = settings or {}
    return Pipeline([build_stage(name, **dict(settings.get(name, {}))) for name in stages])
