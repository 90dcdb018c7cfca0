"""Targeted sentiment model: loading, features, direction."""

from __future__ import annotations

from eventlens.narrative.targeted import LABELS, features, load_model, target_sentiment
from eventlens.nlp import load_spacy


def _target(text: str, name: str):
    doc = load_spacy()(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    return doc, span


def test_model_loads_once_with_attribution() -> None:
    assert load_model() is load_model()
    assert load_model().version == "targeted-v3"
    assert len(load_model().weights) > 1000


def test_direction_of_sentiment() -> None:
    doc, span = _target("Critics accused Ruritania of brutal abuses and lies.", "Ruritania")
    neg = target_sentiment(doc, span.start, span.end)
    doc, span = _target("Ruritania was praised for its generous help and wise leadership.", "Ruritania")
    pos = target_sentiment(doc, span.start, span.end)
    assert neg.label in LABELS and pos.label in LABELS
    assert pos.score > neg.score
    assert neg.label == "negative" and pos.label == "positive"


def test_features_exclude_the_target_words() -> None:
    doc, span = _target("Ruritania signed the treaty.", "Ruritania")
    feats = features(doc, span.start, span.end)
    assert "w=ruritania" not in feats and "w=treaty" in feats and feats["bias"] == 1.0


def test_names_in_the_sentence_are_not_features() -> None:
    doc, span = _target("On Monday the French minister Marie Dupont criticised Ruritania and praised Microsoft.", "Ruritania")
    feats = features(doc, span.start, span.end)
    words = {k.split("=", 1)[1] for k in feats if k.startswith("w=")}
    assert not words & {"marie", "dupont", "french", "microsoft"}
    assert "criticised" in words and any(w.startswith("<") for w in words)
