"""The one highlighter (eventlens.render.highlight) and label set, used by the HTML report and the dashboard."""

from __future__ import annotations

import re

from eventlens.model import ActorMention, Analysis, Article, Event, EventActor, Paragraph, Place, Sentence
from eventlens.render import render
from eventlens.render.highlight import render_paragraphs
from eventlens.web.pages import analysis_view


def _dict(text: str, **lists) -> dict:
    return {"article": {"text": text}, "paragraphs": [{"index": 0, "start": 0, "end": len(text)}],
            "sentences": [{"index": 0, "paragraph": 0, "start": 0, "end": len(text)}], **lists}


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_overlapping_marks_are_cut_into_stretches_and_none_is_dropped():
    text = "Iran's army & <b>Gaza</b>."
    data = _dict(text, actors=[{"start": 0, "end": 4, "code": "IRN"}, {"start": 0, "end": 11, "code": "IRNMIL"}],
                 places=[{"start": 17, "end": 21, "name": "Gaza", "country": "PSE", "lat": 31.5, "lon": 34.4}], events=[])
    html = str(render_paragraphs(data)[0].html)
    assert '<mark class="hl hl-actor" title="actor IRN | actor IRNMIL">Iran</mark>' in html
    assert '<mark class="hl hl-actor" title="actor IRNMIL">&#39;s army</mark>' in html
    assert '<mark class="hl hl-place" title="place Gaza · PSE · 31.500, 34.400">Gaza</mark>' in html
    assert "&amp; &lt;b&gt;" in html and "&lt;/b&gt;." in html
    assert _visible(html).replace("&#39;", "'") == text  # every character once, in order


def test_an_actor_that_is_also_a_place_carries_both_kinds_and_titles():
    text = "Gaza burned."
    data = _dict(text, actors=[{"start": 0, "end": 4, "code": "PSE", "kind": "country"}],
                 places=[{"start": 0, "end": 4, "name": "Gaza", "country": "PSE"}], events=[])
    html = str(render_paragraphs(data)[0].html)
    assert '<mark class="hl hl-actor hl-place" title="actor PSE · country | place Gaza · PSE · no coordinates">Gaza</mark>' in html


def test_a_mark_across_a_sentence_boundary_is_kept_in_both_sentences():
    text = "One two. Three four."
    data = _dict(text, actors=[{"start": 4, "end": 14, "code": "X"}], events=[])
    data["sentences"] = [{"index": 0, "paragraph": 0, "start": 0, "end": 8}, {"index": 1, "paragraph": 0, "start": 9, "end": 20}]
    html = str(render_paragraphs(data)[0].html)
    assert html.count('title="actor X"') == 3  # "two." | " " | "Three"
    assert 'id="s-0"' in html and 'id="s-1"' in html and _visible(html) == text


def test_sentences_with_events_are_marked_and_counted():
    text = "Iran sent aid. Calm."
    event = {"source": {"code": "IRN"}, "target": None, "cameo": "070", "plover": "AID", "goldstein": 7.0, "sentence": 0,
             "trigger_start": 5, "trigger_end": 9, "negated": True, "modality": "future", "rule": "r1"}
    data = _dict(text, events=[event])
    data["sentences"] = [{"index": 0, "paragraph": 0, "start": 0, "end": 14}, {"index": 1, "paragraph": 0, "start": 15, "end": 20}]
    (para,) = render_paragraphs(data)
    title = "event IRN → AID (CAMEO 070) → ? · Goldstein +7.0 · negated, future · rule: r1"
    assert para.events == 1
    assert f'<span class="sent has-event" id="s-0" title="{title}">' in str(para.html)
    assert f'<mark class="hl hl-trigger" title="{title}">sent</mark>' in str(para.html)
    assert '<span class="sent" id="s-1" title="">Calm.</span>' in str(para.html)


def _analysis() -> Analysis:
    text = 'Iran <i>sent</i> aid to Gaza.'
    analysis = Analysis(article=Article(text=text, title="t"))
    analysis.paragraphs = [Paragraph(index=0, start=0, end=len(text))]
    analysis.sentences = [Sentence(index=0, paragraph=0, start=0, end=len(text))]
    analysis.actors = [ActorMention(text="Iran", start=0, end=4, code="IRN", name="Iran", kind="country", rule="dict")]
    analysis.places = [Place(text="Gaza", start=24, end=28, name="Gaza", country="PSE", lat=31.5, lon=34.47, geonameid=281133)]
    s = text.index("sent")
    analysis.events = [Event(source=EventActor("Iran", "IRN"), target=EventActor("Gaza", "PSE"), cameo="070", plover="AID",
                             quad_class=2, goldstein=7.0, paragraph=0, sentence=0, start=0, end=len(text), trigger="sent",
                             trigger_start=s, trigger_end=s + 4, rule="r")]
    return analysis


def test_the_report_and_the_dashboard_show_the_same_highlights():
    analysis = _analysis()
    dashboard = str(analysis_view(analysis.to_dict()).paragraphs[0].html)
    report = render(analysis, fmt="html")
    assert dashboard in report
    assert 'title="place Gaza · PSE · 31.500, 34.470 · geonames:281133">Gaza</mark>' in dashboard
    assert "&lt;i&gt;" in dashboard and "<i>" not in dashboard
