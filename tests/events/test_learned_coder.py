"""The learned coder's mechanics with a tiny random encoder and hand-set heads (no shipped model needed):
candidates, one encoder pass, roles, both directions, calibration, the confidence floor, offsets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventlens.encoder.mlp import HeadSet
from eventlens.encoder.sentences import SentenceEncodings
from eventlens.events.learned.candidates import sentence_candidates
from eventlens.events.learned.coder import LearnedCoder
from eventlens.events.learned.countries import placed
from eventlens.events.learned.features import PAIR_FEATURES, PLOVER_TYPES, TRIGGER_FEATURES
from eventlens.events.learned.model import Calibration, CoderModel

pytest.importorskip("onnx", reason="building the tiny test graph needs onnx (the [test] extra)")
from helpers import tiny_encoder  # noqa: E402

D = tiny_encoder.HIDDEN
TYPES = ("NONE", *PLOVER_TYPES)
FT, FP = len(TRIGGER_FEATURES), len(PAIR_FEATURES)


def _model(folder: Path, *, plover: str = "ASSAULT", source: float = 4.0, target: float = 4.0, calibration=(1.0, 0.0),
           floor: float = 0.0) -> CoderModel:
    heads = {
        "type": tiny_encoder.constant_head(2 * D + FT, TYPES, {plover: 6.0}),
        "role": tiny_encoder.constant_head(3 * D + FP + FT, ("source", "target"), {"source": source, "target": target}),
        "modality": tiny_encoder.constant_head(2 * D + FT, ("asserted", "reported", "planned", "hypothetical", "negated"), {"asserted": 3.0}),
        "cameo": tiny_encoder.constant_head(2 * D + FT, ("190", "1121"), {"190": 2.0}),
    }
    return CoderModel(encoder=tiny_encoder.encoder(folder), heads=HeadSet(heads=heads, meta={"version": "tiny-1"}),
                      nouns=frozenset({"attack"}), cameo_by_type={"ASSAULT": ("190",), "ACCUSE": ("1121",)},
                      calibration=Calibration(*calibration), min_confidence=floor)


TEXT = "Troops fired at the town. Ministers met to talk trade."


@pytest.fixture
def analysis(analyse):
    return analyse(TEXT, [("Troops", "SYRMIL", "SYR", "agent"), ("the town", "TURCVL", "TUR", "agent"), ("Ministers", "FRAGOV", "FRA", "agent")])


def test_candidates_are_sentences_with_an_actor_and_a_trigger(analysis) -> None:
    cands = sentence_candidates(analysis, nouns=frozenset())
    assert [c.sentence for c in cands] == [0, 1]
    first = cands[0]
    assert [analysis.text[t.start:t.end] for t in first.triggers] == ["fired"]
    assert [m.text for m in first.mentions] == ["Troops", "the town"]
    assert first.neutral.text.startswith("Troops fired at the town")


def test_a_place_is_no_candidate_side(analyse) -> None:
    # "in Turkey" is where it happened (the actors stage's kind "place"): the encoder still reads it, no role is given to it
    got = analyse("Troops fired in Turkey.", [("Troops", "SYRMIL", "SYR", "agent"), ("Turkey", "TUR", "TUR", "place")])
    (cand,) = sentence_candidates(got, nouns=frozenset())
    assert [m.text for m in cand.mentions] == ["Troops"]
    assert [m.text for m in cand.all_mentions] == ["Troops", "Turkey"]
    only_place = analyse("It happened in Turkey.", [("Turkey", "TUR", "TUR", "place")])
    assert sentence_candidates(only_place, nouns=frozenset()) == []


def test_one_event_per_trigger_with_offsets_and_provenance(tmp_path, analysis) -> None:
    events = LearnedCoder(_model(tmp_path), min_confidence=0.0).code(analysis)
    fired = [e for e in events if e.trigger == "fired"]
    assert fired and all(analysis.text[e.trigger_start:e.trigger_end] == e.trigger for e in events)
    (e, back) = fired  # both directions: each side reads as source and as target
    assert (e.source.code, e.target.code, e.plover, e.cameo) == ("SYRMIL", "TURCVL", "ASSAULT", "190")
    assert (back.source.code, back.target.code) == ("TURCVL", "SYRMIL")
    assert e.rule == "learned:tiny-1" and 0.0 < e.confidence <= 1.0
    assert (e.start, e.end) == (0, TEXT.index(" Ministers"))


def test_a_side_that_reads_only_as_source_gives_one_direction(tmp_path, analysis) -> None:
    events = LearnedCoder(_model(tmp_path, target=-4.0), min_confidence=0.0).code(analysis)
    assert {(e.trigger, e.source.code, e.target) for e in events} >= {("fired", "SYRMIL", None)}
    assert all(e.target is None for e in events)


def test_no_source_no_event(tmp_path, analysis) -> None:
    assert LearnedCoder(_model(tmp_path, source=-4.0), min_confidence=0.0).code(analysis) == []


def test_none_type_means_no_event(tmp_path, analysis) -> None:
    assert LearnedCoder(_model(tmp_path, plover="NONE"), min_confidence=0.0).code(analysis) == []


def test_calibration_and_floor(tmp_path, analysis) -> None:
    low = LearnedCoder(_model(tmp_path, calibration=(1.0, -5.0)), min_confidence=0.0).code(analysis)
    high = LearnedCoder(_model(tmp_path, calibration=(1.0, 5.0)), min_confidence=0.0).code(analysis)
    assert all(a.confidence < b.confidence for a, b in zip(low, high))
    floor = max(e.confidence for e in low) + 1e-4
    assert LearnedCoder(_model(tmp_path, calibration=(1.0, -5.0)), min_confidence=floor).code(analysis) == []


def test_the_one_sided_term_lowers_only_events_without_a_target(tmp_path, analysis) -> None:
    plain, penalised = (1.0, 0.0, 0.0), (1.0, 0.0, -3.0)
    one_sided = [LearnedCoder(_model(tmp_path, target=-4.0, calibration=c), min_confidence=0.0).code(analysis) for c in (plain, penalised)]
    assert one_sided[0] and all(e.target is None for e in one_sided[0])
    assert [e.confidence for e in one_sided[1]] < [e.confidence for e in one_sided[0]]
    assert all(b.confidence < a.confidence for a, b in zip(*one_sided))
    both = [LearnedCoder(_model(tmp_path, calibration=c), min_confidence=0.0).code(analysis) for c in (plain, penalised)]
    for before, after in zip(*both):
        assert (after.confidence == before.confidence) == (before.target is not None)  # "fired" has a target, "met" none
    assert {e.target is None for e in both[0]} == {True, False}


def test_the_unplaced_term_lowers_only_events_with_a_side_of_no_country(tmp_path, analysis, analyse) -> None:
    assert placed("USAJUD") and placed("IRN") and placed("IGOUNO") and placed("NGOHRI")
    assert not placed("JUD") and not placed("---CVL") and not placed(None) and not placed("")
    plain, penalised = (1.0, 0.0, 0.0, 0.0), (1.0, 0.0, 0.0, -3.0)
    local = analyse("Police arrested the suspects.", [("Police", "COP", None, "agent"), ("the suspects", "CRM", None, "agent")])
    unplaced = [LearnedCoder(_model(tmp_path, calibration=c), min_confidence=0.0).code(local) for c in (plain, penalised)]
    assert unplaced[0] and all(not placed(e.source.code) for e in unplaced[0])
    assert all(b.confidence < a.confidence for a, b in zip(*unplaced))
    countries = [LearnedCoder(_model(tmp_path, calibration=c), min_confidence=0.0).code(analysis) for c in (plain, penalised)]
    assert countries[0] and [e.confidence for e in countries[0]] == [e.confidence for e in countries[1]]


def test_each_sentence_is_encoded_once_and_shared(tmp_path, analysis) -> None:
    model = _model(tmp_path)
    shared = SentenceEncodings(model.encoder)
    first = LearnedCoder(model, min_confidence=0.0).code(analysis, encodings=shared)
    assert shared.passes == 2 and set(shared.by_sentence) == {0, 1}
    again = LearnedCoder(model, min_confidence=0.0).code(analysis, encodings=shared)
    assert shared.passes == 2 and again == first  # read from the cache, same answer
    vectors = shared.get(0)
    assert vectors is not None and np.linalg.norm(vectors.pooled) == pytest.approx(1.0, abs=1e-5)


def test_swapping_names_swaps_nothing_but_the_codes(tmp_path, analyse) -> None:
    """The model reads neutral text: two sentences that differ only in the names get the same decisions."""
    model = _model(tmp_path)
    a = analyse("Syria attacked Turkey.", [("Syria", "SYR", "SYR", "country"), ("Turkey", "TUR", "TUR", "country")])
    b = analyse("Turkey attacked Syria.", [("Turkey", "TUR", "TUR", "country"), ("Syria", "SYR", "SYR", "country")])
    ea, eb = (LearnedCoder(model, min_confidence=0.0).code(x) for x in (a, b))
    assert [(e.plover, e.confidence) for e in ea] == [(e.plover, e.confidence) for e in eb]
    assert [(e.source.code, e.target.code) for e in ea] == [(e.target.code, e.source.code) for e in eb]


def test_one_event_per_act_in_a_sentence() -> None:
    """Triggers of one sentence that read the same act ("launched air strikes") give one event, the most
    confident; another type, other sides or a planned act stay apart."""
    from eventlens.events.learned.coder import one_per_triple
    from eventlens.model import Event, EventActor

    def event(trigger: str, conf: float, *, plover: str = "ASSAULT", target: str = "TUR", modality: str = "asserted") -> Event:
        return Event(source=EventActor(text="Syria", code="SYR"), target=EventActor(text="x", code=target), cameo="190",
                     plover=plover, quad_class=4, goldstein=-10.0, paragraph=0, sentence=0, start=0, end=40,
                     trigger=trigger, modality=modality, confidence=conf)

    events = [event("launched", 0.3), event("air", 0.2), event("strikes", 0.4, modality="reported"),
              event("threatened", 0.5, plover="THREATEN"), event("attack", 0.1, target="IRQ"), event("strike", 0.2, modality="future")]
    kept = one_per_triple(events)
    assert [e.trigger for e in kept] == ["strikes", "threatened", "attack", "strike"]
