"""The one assembled event coder (events.build) and who uses it."""

from __future__ import annotations

import pytest

from eventlens.errors import ConfigError
from eventlens.events import RuleCoder, build_coder
from eventlens.events.build import LearnedEventCoder
from eventlens.events.build import place_country_lookup
from eventlens.events.tables import tables_version
from eventlens.stages.events import EventCoder

IRN = ("Iran", "IRN", "IRN", "country")
IRQ = ("Iraq", "IRQ", "IRQ", "country")


def test_settings_and_their_check():
    assert build_coder(coder="rules") == RuleCoder(nominal=True, min_confidence=0.0)
    assert build_coder(coder="rules", nominal=False, min_confidence=0.5) == RuleCoder(nominal=False, min_confidence=0.5)
    learned = build_coder()
    assert isinstance(learned, LearnedEventCoder) and learned.rules == RuleCoder() and learned.min_confidence is None
    with pytest.raises(ConfigError, match="min_confidence"):
        build_coder(min_confidence=1.5)
    with pytest.raises(ConfigError, match="coder must be one of learned, rules"):
        build_coder(coder="neural")


def test_data_is_loaded_once_per_process():
    assert place_country_lookup() is place_country_lookup()
    assert place_country_lookup()("Beijing") == "CHN" and place_country_lookup()("Tuesday") is None
    coder = build_coder(coder="rules")
    assert set(coder.versions()) == {"lexicon", "rules", "reference"}


def test_the_stage_runs_the_builder(analyse):
    stage = EventCoder(coder="rules", min_confidence=0.3, nominal=False)
    assert stage.coder == build_coder(coder="rules", min_confidence=0.3, nominal=False)
    text = "Iran sent aid to Iraq. Iranian activists staged a protest in Beijing."
    actors = [IRN, IRQ, ("Iranian activists", "IRNACT", "IRN", "agent")]
    staged = stage(analyse(text, actors))
    assert staged.events and staged.events == build_coder(coder="rules", min_confidence=0.3, nominal=False).code(analyse(text, actors))
    assert staged.meta["rules"]["events"] == {**stage.coder.versions(), "tables": tables_version()}  # the stage adds the tables


def test_min_confidence_drops_events(analyse):
    analysis = analyse("Iran attacked Iraq.", [IRN, IRQ])
    (event,) = build_coder(coder="rules").code(analysis)
    assert build_coder(coder="rules", min_confidence=min(1.0, event.confidence + 0.01)).code(analysis) == []


def test_evaluation_scores_the_production_coder(analyse, monkeypatch):
    import eventlens.evaluation.events as evaluation

    built: list[RuleCoder] = []

    def spy(**settings):
        built.append(build_coder(**settings))
        return built[-1]

    monkeypatch.setattr(evaluation, "build_coder", spy)
    text = "Iran attacked Iraq."
    gold = evaluation.GoldEvent(sources=[("Iran", "IRN")], targets=[("Iraq", "IRQ")], cameo="190", plover="ASSAULT")
    pred = evaluation._trigger_for(analyse(text, [IRN, IRQ]), gold, text)
    assert built == [build_coder(coder="rules")] and (pred.cameo, pred.plover) == ("190", "ASSAULT")
