from __future__ import annotations

import json

from eventlens.model import (
    SCHEMA_VERSION, ActorMention, Analysis, Article, Departure, Event, EventActor, Paragraph, Place, Sentence, Tone,
    content_hash,
)


def _analysis() -> Analysis:
    text = "Iran sent aid to Gaza.\nIsrael held talks."
    analysis = Analysis(article=Article(text=text, title="t", date="2025-01-02"))
    analysis.paragraphs = [
        Paragraph(index=0, start=0, end=22, tone=Tone(tone=1.5, word_count=5), departure=Departure(score=0.1)),
        Paragraph(index=1, start=23, end=41),
    ]
    analysis.sentences = [Sentence(index=0, paragraph=0, start=0, end=22), Sentence(index=1, paragraph=1, start=23, end=41)]
    analysis.actors = [ActorMention(text="Iran", start=0, end=4, code="IRN", country="IRN", kind="country", rule="dict:IRN")]
    analysis.places = [Place(text="Gaza", start=17, end=21, name="Gaza", country="PSE", lat=31.5, lon=34.47, geonameid=281133)]
    analysis.events = [
        Event(source=EventActor(text="Iran", code="IRN", start=0, end=4), target=EventActor(text="Gaza", code="PSE"),
              cameo="070", plover="AID", quad_class=2, goldstein=7.0, paragraph=0, sentence=0, start=0, end=22, rule="test")
    ]
    return analysis


def test_offsets_point_at_the_text():
    analysis = _analysis()
    mention = analysis.actors[0]
    assert analysis.span_text(mention.start, mention.end) == "Iran"
    assert analysis.span_text(analysis.places[0].start, analysis.places[0].end) == "Gaza"


def test_json_round_trip_is_lossless():
    analysis = _analysis()
    data = json.loads(json.dumps(analysis.to_dict()))
    assert data["schema_version"] == SCHEMA_VERSION
    assert set(data) >= {"paragraphs", "sentences", "actors", "places", "events", "tone", "meta", "article"}
    again = Analysis.from_dict(data)
    assert again.to_dict() == analysis.to_dict()
    assert again.events[0].source.code == "IRN"
    assert again.paragraphs[0].tone.tone == 1.5


def test_contract_keys_of_items():
    data = _analysis().to_dict()
    assert {"index", "start", "end"} <= set(data["paragraphs"][0])
    assert {"index", "paragraph", "start", "end"} <= set(data["sentences"][0])
    assert {"text", "start", "end", "code", "country", "sector"} <= set(data["actors"][0])
    assert {"text", "start", "end", "name", "country", "lat", "lon", "geonameid"} <= set(data["places"][0])
    assert {
        "source", "target", "cameo", "plover", "quad_class", "goldstein", "paragraph", "sentence", "start", "end",
        "negated", "modality", "location", "rule",
    } <= set(data["events"][0])


def test_article_id_is_a_content_hash():
    assert Article(text="abc").id == content_hash("abc") != Article(text="abd").id


def test_paragraph_and_sentence_lookup():
    analysis = _analysis()
    assert analysis.paragraph_of(30) == 1
    assert analysis.sentence_of(5) == 0


def test_lookup_at_every_offset_matches_a_scan_of_the_paragraphs():
    """The binary search agrees with "the last paragraph starting at or before the offset" everywhere,
    including before the first paragraph (0), on boundaries and past the end."""
    analysis = Analysis(article=Article(text="x" * 100))
    starts = [3, 10, 11, 40, 99]
    analysis.paragraphs = [Paragraph(index=i, start=s, end=s + 1) for i, s in enumerate(starts)]
    analysis.sentences = [Sentence(index=i, paragraph=i, start=s, end=s + 1) for i, s in enumerate(starts)]
    for offset in range(-1, 120):
        expected = max([i for i, s in enumerate(starts) if s <= offset], default=0)
        assert analysis.paragraph_of(offset) == expected
        assert analysis.sentence_of(offset) == expected
    assert Analysis(article=Article(text="x")).paragraph_of(0) == 0
