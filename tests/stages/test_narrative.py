"""Narrative stage on articles built in code (actors given by hand, no actor dictionary needed)."""

from __future__ import annotations

import re

import pytest

from eventlens.model import ActorMention, Analysis, Article
from eventlens.stages.narrative import NarrativeLens
from eventlens.stages.segment import Segmenter
from eventlens.stages.tone import ToneScorer

HOST = [
    "{A} opened its annual festival of music and poetry in the old quarter, where families gathered to celebrate {A} heritage.",
    "The festival in {A} honours poets, singers and craftsmen, and the heritage of the old quarter draws families from every village.",
    "Organisers in {A} said the poetry readings and music of the festival keep the heritage of the villages alive for families.",
    "{A} craftsmen sold carpets and pottery at the festival, and families listened to music and poetry late into the night.",
    "Visitors said the festival showed how {A} treasures its heritage, its music, its poetry and its village traditions.",
    "The festival will close on Sunday with music in the old quarter, and {A} families plan to return next year.",
]
CODES = {"Ruritania": "RUR", "Borduria": "BOR"}
INSERT = [
    "{B} deployed troops and missile batteries along the border, and {B} commanders said the army would defend against any attack.",
    "The {B} military warned that its forces were ready for combat and that security threats from armed militants would be met with force.",
]


def _analysis(a: str, b: str, *, inserted_at: int | None) -> Analysis:
    paragraphs = [p.format(A=a) for p in HOST]
    if inserted_at is not None:
        paragraphs[inserted_at:inserted_at] = [p.format(B=b) for p in INSERT]
    text = "\n".join(paragraphs)
    analysis = Segmenter()(Analysis(article=Article(text=text)))
    analysis.actors = [
        ActorMention(text=m.group(), start=m.start(), end=m.end(), code=code, country=code, kind="country", rule="test")
        for name, code in ((a, CODES[a]), (b, CODES[b]))
        for m in re.finditer(re.escape(name), text)
    ]
    analysis.actors.sort(key=lambda m: m.start)
    analysis.events = []
    return NarrativeLens()(ToneScorer()(analysis))


def _flagged(analysis: Analysis) -> list[int]:
    return [p.index for p in analysis.paragraphs if p.departure and p.departure.flagged]


def test_flagged_article() -> None:
    analysis = _analysis("Ruritania", "Borduria", inserted_at=3)
    assert _flagged(analysis) == [3, 4]
    assert len(analysis.passages) == 1 and analysis.passages[0].paragraphs == [3, 4]
    reasons = " ".join(analysis.passages[0].reasons)
    assert "focus moves from RUR to BOR" in reasons
    assert "security and defence" in reasons
    para = analysis.paragraphs[3]
    assert para.focus[0]["code"] == "BOR"
    assert para.frames[0]["frame"] == "security_defense"
    assert {row["code"] for row in analysis.actor_tone} == {"RUR", "BOR"}
    assert all(row["sentiment"] in {"negative", "neutral", "positive"} for row in para.actor_tone)
    assert analysis.to_dict()["paragraphs"][3]["departure"]["flagged"] is True


def test_unflagged_article() -> None:
    analysis = _analysis("Ruritania", "Borduria", inserted_at=None)
    assert _flagged(analysis) == []
    assert analysis.passages == []
    assert all(p.departure is not None and p.frames for p in analysis.paragraphs)


@pytest.mark.parametrize("at", [1, 3, 5])
def test_symmetry_flag_follows_the_passage(at: int) -> None:
    one = _analysis("Ruritania", "Borduria", inserted_at=at)
    swapped = _analysis("Borduria", "Ruritania", inserted_at=at)  # the other side now holds the passage
    assert _flagged(one) == _flagged(swapped) == [at, at + 1]
    assert "focus moves from RUR to BOR" in " ".join(one.passages[0].reasons)
    assert "focus moves from BOR to RUR" in " ".join(swapped.passages[0].reasons)
