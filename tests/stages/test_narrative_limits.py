"""The narrative stage stays near-linear: departure over too many paragraphs and tone over too many mentions
in one sentence are skipped or capped, with a warning."""

from __future__ import annotations

import pytest

from eventlens.stages import build_pipeline
from eventlens.model import Article


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline(("segment", "actors", "places", "events", "locate", "tone", "narrative"),
                          settings={"narrative": {"max_departure_paragraphs": 20, "max_tone_mentions": 4}})


def test_departure_is_skipped_over_the_paragraph_limit(pipeline):
    analysis = pipeline(Article(text="\n\n".join(["Iran protested."] * 30)))
    assert all(p.departure is None for p in analysis.paragraphs) and analysis.passages == []
    assert any("narrative departure not scored: 30 paragraphs, over the 20-paragraph limit" in w for w in analysis.meta["warnings"])
    assert analysis.meta["rules"]["narrative"]["departure"] is None
    assert analysis.to_dict()["paragraphs"][0]["departure"] is None


def test_tone_is_capped_per_sentence(pipeline):
    analysis = pipeline(Article(text="Iran, Iraq, Syria, Egypt, Jordan, Qatar and Oman condemned the attack."))
    assert any(w.startswith("actor tone scored for the first 4 actor mentions of each sentence") for w in analysis.meta["warnings"])
    assert sum(len(p.actor_tone) for p in analysis.paragraphs) <= 4


def test_an_ordinary_article_has_no_limit_warning(pipeline):
    analysis = pipeline(Article(text="Iran protested.\n\nIraq agreed to talks in Baghdad."))
    assert not analysis.meta.get("warnings")


def test_a_run_of_names_without_a_sentence_end_is_cut(pipeline):
    from eventlens.stages.segment import MAX_SENTENCE_TOKENS

    names = ", ".join(["Iran", "Iraq", "Syria"] * 400) + " met in Baghdad."
    analysis = pipeline(Article(text=names), keep_doc=True)
    assert len(analysis.sentences) >= 2400 // MAX_SENTENCE_TOKENS
    assert max(len(s) for s in analysis.doc.sents) <= MAX_SENTENCE_TOKENS
    assert any("runs of over 300 tokens with no sentence end" in w for w in analysis.meta["warnings"])
