"""Targeted sentiment model: loading, features, direction."""

from __future__ import annotations

from eventlens.narrative.targeted import (
    LABELS,
    NGRAM_PREFIXES,
    features,
    load_model,
    split_features,
    target_sentiment,
)
from eventlens.narrative.valence import pattern_lexicon, token_pattern_valences
from eventlens.nlp import load_spacy


def _target(text: str, name: str):
    doc = load_spacy()(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    return doc, span


def test_model_loads_once_with_attribution() -> None:
    assert load_model() is load_model()
    assert load_model().version == "targeted-v4"
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


def test_ngram_and_character_features_mark_the_target_and_mask_names() -> None:
    doc, span = _target("Officials in Paris sharply criticised Ruritania on Monday.", "Ruritania")
    feats = features(doc, span.start, span.end)
    assert "bg=criticised_<T>" in feats and "bg=<T>_on" in feats
    assert "tg=sharply_criticised_<T>" in feats
    assert "chL=^cri" in feats and "chR=^mon" not in feats  # proper nouns (Monday) are masked, so no character n-grams
    assert not any("ruritania" in k or "paris" in k for k in feats)
    main, ngram = split_features(feats)
    assert ngram["bias"] == main["bias"] == 1.0
    assert all(k.startswith(NGRAM_PREFIXES) for k in ngram if k != "bias")
    assert not any(k.startswith(NGRAM_PREFIXES) for k in main)


def test_pattern_lexicon_loads_once_and_negation_flips_polarity() -> None:
    assert pattern_lexicon() is pattern_lexicon() and len(pattern_lexicon()) > 1000
    good = pattern_lexicon()["good"][0]
    assert good > 0
    doc = load_spacy()("The plan is good. The plan is not good.")
    values = token_pattern_valences(doc)
    goods = [values[t.i][0] for t in doc if t.lower_ == "good"]
    assert goods == [good, -0.5 * good]


def test_role_features_follow_who_does_what() -> None:
    doc, span = _target("Ruritania condemned the brutal attack.", "Ruritania")
    subject = features(doc, span.start, span.end)
    doc, span = _target("The court condemned Ruritania.", "Ruritania")
    obj = features(doc, span.start, span.end)
    assert any(k.startswith("role|predval=nsubj|") for k in subject)
    assert any(k.startswith("role|predval=dobj|") for k in obj)
