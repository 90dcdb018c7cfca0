"""Analyses made in code, and replication of real ones, for tests and benchmarks.

:func:`sample_analysis` builds a small but complete analysis (every table
gets rows) without any NLP; :func:`replicate` turns one analysis dict into
many with distinct ids and dates, to fill a large store by bulk insert.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Analysis, Article, Departure, Event, EventActor, Paragraph, Place, Sentence, Tone, ActorMention, Passage, content_hash

_PAIRS = (("IRN", "Iran"), ("ISR", "Israel"), ("PSE", "Gaza"), ("USA", "Washington"), ("EGY", "Egypt"))


def sample_analysis(n: int = 0, *, date: str = "2024-05-01", source: str = "Example Wire") -> Analysis:
    """A deterministic analysis of a two-paragraph article; ``n`` varies actors, text and id."""
    (c1, n1), (c2, n2) = _PAIRS[n % len(_PAIRS)], _PAIRS[(n + 1) % len(_PAIRS)]
    p1 = f"{n1} sent aid to {n2} on day {n}."
    p2 = f"{n2} criticised {n1} in {n2}."
    text = f"{p1}\n\n{p2}"
    s2 = len(p1) + 2
    art = Article(text=text, title=f"Story {n}", date=date, source=source, url=f"https://example.org/{n}")
    a = Analysis(article=art)
    a.paragraphs = [
        Paragraph(index=0, start=0, end=len(p1), tone=Tone(tone=2.0, positive=3.0, negative=1.0, word_count=8),
                  focus=[{"code": c1, "weight": 0.6}], frames=[{"frame": "economic", "score": 0.7}],
                  actor_tone=[{"code": c1, "sentiment": "positive", "score": 0.5, "n": 1}], departure=Departure(score=0.1)),
        Paragraph(index=1, start=s2, end=len(text), tone=Tone(tone=-3.0, negative=3.0, word_count=6),
                  focus=[{"code": c2, "weight": 0.9}], frames=[{"frame": "security and defence", "score": 0.8}],
                  actor_tone=[{"code": c1, "sentiment": "negative", "score": -0.6, "n": 1}],
                  departure=Departure(score=0.8, flagged=True, passage=0, reasons=["focus moves"])),
    ]
    a.sentences = [Sentence(index=0, paragraph=0, start=0, end=len(p1)), Sentence(index=1, paragraph=1, start=s2, end=len(text))]
    a.actors = [
        ActorMention(text=n1, start=0, end=len(n1), code=c1 + "GOV", country=c1, sector="GOV", name=n1, sentence=0, rule="test"),
        ActorMention(text=n2, start=p1.index(n2), end=p1.index(n2) + len(n2), code=c2, country=c2, name=n2, sentence=0, rule="test"),
    ]
    where = s2 + p2.rindex(n2)
    a.places = [Place(text=n2, start=where, end=where + len(n2), name=n2, country=c2, lat=31.5, lon=34.4, geonameid=1000 + n % 5, sentence=1, rule="test")]
    a.events = [
        Event(source=EventActor(text=n1, code=c1 + "GOV", start=0, end=len(n1)), target=EventActor(text=n2, code=c2),
              cameo="0731", plover="AID", quad_class=2, goldstein=7.4, paragraph=0, sentence=0, start=0, end=len(p1),
              trigger="sent", location={"name": n2, "country": c2, "lat": 31.5, "lon": 34.4, "geonameid": 1000 + n % 5, "how": "test"}, rule="test"),
        Event(source=EventActor(text=n2, code=c2, start=s2, end=s2 + len(n2)), target=EventActor(text=n1, code=c1 + "GOV"),
              cameo="111", plover="DISAPPROVE", quad_class=3, goldstein=-2.0, paragraph=1, sentence=1, start=s2, end=len(text),
              trigger="criticised", negated=n % 2 == 1, rule="test"),
    ]
    a.tone = Tone(tone=-0.5, positive=1.5, negative=2.0, polarity=3.5, word_count=14)
    a.actor_tone = [{"code": c1, "sentiment": "neutral", "score": 0.0, "n": 2}]
    a.passages = [Passage(paragraphs=[1], start=s2, end=len(text), score=0.8, reasons=["focus moves"])]
    a.meta = {"stages": ["synthetic"]}
    return a


def replicate(data: Mapping[str, Any], count: int, *, start: str = "2020-01-01", days: int = 1461) -> Iterator[dict[str, Any]]:
    """``count`` copies of an analysis dict with distinct ids (salted hash) and dates spread over ``days``."""
    base = dt.date.fromisoformat(start)
    for i in range(count):
        copy_ = copy.deepcopy(dict(data))
        art = copy_["article"]
        art["id"] = content_hash(f"{art['id']}:{i}")
        art["date"] = (base + dt.timedelta(days=(i * 7919) % days)).isoformat()
        yield copy_
