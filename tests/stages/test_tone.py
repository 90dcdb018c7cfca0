"""Tone stage: GDELT-style metrics from the VADER lexicon, per article and paragraph."""

from __future__ import annotations

import pytest

from eventlens.errors import ConfigError
from eventlens.model import Analysis, Article
from eventlens.stages.segment import Segmenter
from eventlens.stages.tone import ToneScorer


def _run(text: str) -> Analysis:
    analysis = Segmenter()(Analysis(article=Article(text=text)))
    return ToneScorer()(analysis)


def test_positive_and_negative_paragraphs() -> None:
    a = _run("The talks were a great success and both sides praised the friendly agreement.\n"
             "The attack killed many people and destroyed the hospital in a terrible disaster.")
    first, second = (p.tone for p in a.paragraphs)
    assert first.tone > 0 and first.negative == 0
    assert second.tone < 0 and second.negative > second.positive
    assert a.tone.word_count == first.word_count + second.word_count
    assert a.tone.polarity == pytest.approx(a.tone.positive + a.tone.negative, abs=1e-3)
    assert a.tone.tone == pytest.approx(a.tone.positive - a.tone.negative, abs=1e-3)


def test_negation_flips_valence() -> None:
    plain = _run("The plan is good.").tone
    negated = _run("The plan is not good.").tone
    assert plain.positive > 0 and plain.negative == 0
    assert negated.negative > 0 and negated.positive == 0


def test_self_group_and_activity() -> None:
    tone = _run("We met our partners and we signed the deal.").tone
    assert tone.self_group > 0
    assert tone.activity > 0


def test_empty_and_missing_doc() -> None:
    assert _run("").tone.word_count == 0
    with pytest.raises(ConfigError):
        ToneScorer()(Analysis(article=Article(text="x")))
