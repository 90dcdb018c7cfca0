from __future__ import annotations

import pytest

from eventlens.errors import ConfigError
from eventlens.model import Analysis, Article
from eventlens.pipeline import Pipeline
from eventlens.stages import DEFAULT_STAGES, REGISTRY, build_pipeline, stage_class


class _Adds:
    def __init__(self, name, requires, provides):
        self.name, self.requires, self.provides = name, requires, provides
        self.seen = 0

    def __call__(self, analysis: Analysis) -> Analysis:
        self.seen += 1
        analysis.meta.setdefault("order", []).append(self.name)
        return analysis


def test_stages_run_in_order_and_record_timings():
    first, second = _Adds("a", ("article",), ("x",)), _Adds("b", ("x",), ("y",))
    analysis = Pipeline([first, second])(Article(text="hello"))
    assert analysis.meta["order"] == ["a", "b"]
    assert set(analysis.meta["timings_s"]) == {"a", "b"}


def test_missing_requirement_is_a_config_error():
    with pytest.raises(ConfigError, match="needs x"):
        Pipeline([_Adds("b", ("x",), ("y",))])


def test_registry_covers_the_default_pipeline_and_every_stage_declares_itself():
    assert set(DEFAULT_STAGES) <= set(REGISTRY)
    for name in DEFAULT_STAGES:
        cls = stage_class(name)
        assert cls.name == name
        assert isinstance(cls.requires, tuple) and isinstance(cls.provides, tuple)


def test_unknown_stage_names_the_known_ones():
    with pytest.raises(ConfigError, match="known stages"):
        build_pipeline(["segment", "nope"])


def test_default_pipeline_is_consistent():
    pipeline = build_pipeline()
    assert pipeline.names == list(DEFAULT_STAGES)
