"""The ``events`` stage: contract, errors, and acceptance items 1-5 on the seed article (the rule coder; the
learned coder's seed figures are in tests/test_seed_acceptance.py)."""

from __future__ import annotations

import pytest

from eventlens.errors import ConfigError
from eventlens.model import Analysis, Article
from eventlens.pipeline import Pipeline
from eventlens.stages import build_pipeline, build_stage
from eventlens.stages.events import EventCoder


def test_stage_contract():
    stage = build_stage("events")
    assert isinstance(stage, EventCoder)
    assert stage.name == "events"
    assert stage.requires == ("doc", "sentences", "actors")
    assert stage.provides == ("events",)


def test_settings_are_checked():
    with pytest.raises(ConfigError):
        EventCoder(min_confidence=2.0)


def test_needs_a_parse():
    with pytest.raises(ConfigError, match="segment"):
        EventCoder()(Analysis(article=Article(text="Iran attacked Iraq.")))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(("segment", "actors", "events"), settings={"events": {"coder": "rules"}})


def test_end_to_end_event_has_evidence(pipeline: Pipeline):
    text = "Egypt condemned Israel on Monday."
    events = pipeline(Article(text=text)).events
    assert events, "a plain condemnation should be coded"
    e = events[0]
    assert text[e.start : e.end] == text
    assert text[e.trigger_start : e.trigger_end] == "condemned"
    assert e.cameo.startswith("11") and e.plover == "ACCUSE" and e.location is None


@pytest.fixture(scope="module")
def seed_events(pipeline: Pipeline, seed_text: str):
    return pipeline(Article(text=seed_text)).events


def _code(actor):
    return actor.code if actor else ""


def test_seed_1_aid_from_iran_to_gaza(seed_events):
    assert any(
        e.paragraph == 3 and e.cameo.startswith("07") and _code(e.source).startswith("IRN") and _code(e.target).startswith("PSE")
        for e in seed_events
    )


def test_seed_2_aid_from_irnedu_to_palestinian_students(seed_events):
    assert any(e.cameo.startswith("07") and _code(e.source) == "IRNEDU" and _code(e.target).startswith("PSE") for e in seed_events)


def test_seed_3_israel_facilitates_aid_into_gaza(seed_events):
    assert any(
        e.paragraph == 4 and e.plover in ("AID", "CONCEDE") and _code(e.source).startswith("ISR") and _code(e.target).startswith("PSE")
        for e in seed_events
    )


def test_seed_4_israeli_government_consults(seed_events):
    assert any(e.paragraph == 5 and e.cameo.startswith("04") and _code(e.source) == "ISRGOV" for e in seed_events)


def test_seed_5_iranian_support_for_palestinians(seed_events):
    assert any(
        e.plover in ("SUPPORT", "COOPERATE") and _code(e.source).startswith("IRN") and _code(e.target).startswith("PSE") and e.paragraph in (1, 2, 6, 7)
        for e in seed_events
    )
