from __future__ import annotations

import json

from eventlens.model import ActorMention, Analysis, Article, Event, EventActor, Paragraph, Sentence
from eventlens.render import render

EVIL = 'Iran <script>alert("x")</script> sent <img src=x onerror="alert(1)"> aid to Gaza.'


def _analysis() -> Analysis:
    analysis = Analysis(article=Article(text=EVIL, title="<b>t</b>"))
    analysis.paragraphs = [Paragraph(index=0, start=0, end=len(EVIL))]
    analysis.sentences = [Sentence(index=0, paragraph=0, start=0, end=len(EVIL))]
    analysis.actors = [ActorMention(text="Iran", start=0, end=4, code="IRN", country="IRN", kind="country", rule="r")]
    start = EVIL.index("sent")
    analysis.events = [Event(source=EventActor("Iran", "IRN"), target=EventActor("Gaza", "PSE"), cameo="070", plover="AID",
                             quad_class=2, goldstein=7.0, paragraph=0, sentence=0, start=0, end=len(EVIL),
                             trigger="sent", trigger_start=start, trigger_end=start + 4, rule="r")]
    return analysis


def test_html_escapes_article_text_and_forbids_scripts():
    page = render(_analysis(), fmt="html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert "default-src 'none'" in page
    assert '<mark class="hl hl-actor" title="actor IRN · country · rule: r">Iran</mark>' in page


def test_json_and_text_formats():
    data = json.loads(render(_analysis(), fmt="json"))
    assert data["events"][0]["plover"] == "AID"
    text = render(_analysis(), fmt="text")
    assert "IRN" in text and "AID" in text


def test_text_report_prints_brackets_and_colons_literally():
    body = "Iran [/bold] sent aid :fire: to [red]Gaza[/red]."
    analysis = Analysis(article=Article(text=body, title="[/] Talks [link=x]", source="[/x]"))
    analysis.paragraphs = [Paragraph(index=0, start=0, end=len(body))]
    analysis.sentences = [Sentence(index=0, paragraph=0, start=0, end=len(body))]
    analysis.actors = [ActorMention(text="[red]Gaza[/red]", start=30, end=45, code="PSE", kind="country", rule="r")]
    analysis.events = [Event(source=EventActor("Iran", "IRN"), target=EventActor("[red]Gaza[/red]", "PSE"), cameo="070",
                             plover="AID", quad_class=2, goldstein=7.0, paragraph=0, sentence=0, start=0, end=len(body),
                             trigger="sent", rule="r")]
    text = render(analysis, fmt="text", width=200)
    assert "[/] Talks [link=x]" in text and "[/x]" in text
    assert "Iran [/bold] sent aid :fire: to [red]Gaza[/red]." in text and "\U0001f525" not in text
