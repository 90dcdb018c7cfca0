"""Event locations: give every event the place its text puts it in.

For each event, in order of preference:

1. ``how="sentence"``: a resolved place named in the event's sentence. When
   several are, the one syntactically attached to the trigger wins (a place in
   the trigger's subtree, e.g. "aid *into Gaza*"), then the nearest to the
   trigger; demonyms ("Iranian") are used only when no toponym is there.
2. ``how="paragraph"``: the nearest resolved toponym earlier in the same
   paragraph, else the first later one.
3. ``how="article"``: the article's main place (most mentioned resolved toponym,
   ties to the earliest; countries and regions count less than towns).
4. ``None`` when the article names no place.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..geo.resolve import feature_kind
from ..model import Analysis, Event, Place

_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_WEIGHT = {"city": 1.0, "admin2": 0.9, "admin1": 0.8, "region": 0.6, "country": 0.5}



#: places of a sentence weighed for one event, nearest to its trigger first (keeps a long list linear)
MAX_PLACES_PER_EVENT = 32
#: a longer sentence places its events by distance alone (walking its parse for every event would be quadratic)
MAX_ATTACH_SENTENCE_CHARS = 5000

def _as_location(place: Place, how: str) -> dict[str, Any]:
    return {
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "how": how,
        "text": place.text,
        "start": place.start,
        "end": place.end,
    }


def main_place(places: list[Place]) -> Place | None:
    """The article's main place: the most weighted resolved toponym (ties go to the earliest)."""
    scores: Counter = Counter()
    first: dict[tuple[str, str | None], Place] = {}
    for p in places:
        if p.lat is None or p.kind != "toponym":
            continue
        key = (p.name, p.country)
        scores[key] += _WEIGHT[feature_kind(p.feature_class, p.feature_code)]
        first.setdefault(key, p)
    if not scores:
        for p in places:  # only demonyms: their country is the best we have
            if p.lat is not None:
                return p
        return None
    best = max(scores, key=lambda k: (scores[k], -first[k].start))
    return first[best]


class EventLocator:
    """Fills ``event.location`` for every event (see module docstring)."""

    name = "locate"
    requires: tuple[str, ...] = ("events", "places", "sentences", "paragraphs")
    provides: tuple[str, ...] = ("event_locations",)

    def __init__(self, *, use_demonyms: bool = True, use_article: bool = True) -> None:
        self.use_demonyms = use_demonyms
        self.use_article = use_article

    def __call__(self, analysis: Analysis) -> Analysis:
        resolved = [p for p in analysis.places if p.lat is not None]
        article_place = main_place(resolved) if self.use_article else None
        by_sentence: dict[int, list[Place]] = {}
        by_paragraph: dict[int, list[Place]] = {}
        for p in resolved:
            by_sentence.setdefault(p.sentence if p.sentence is not None else analysis.sentence_of(p.start), []).append(p)
            if p.kind == "toponym":
                by_paragraph.setdefault(analysis.paragraph_of(p.start), []).append(p)
        for event in analysis.events:
            event.location = self.locate(analysis, event, by_sentence, by_paragraph, article_place)
        return analysis

    def locate(self, analysis: Analysis, event: Event, by_sentence: dict[int, list[Place]], by_paragraph: dict[int, list[Place]],
               article_place: Place | None) -> dict[str, Any] | None:
        in_sentence = by_sentence.get(event.sentence, [])
        toponyms = [p for p in in_sentence if p.kind == "toponym"]
        pool = toponyms or ([p for p in in_sentence if p.kind == "demonym"] if self.use_demonyms else [])
        if pool:
            return _as_location(self._attached(analysis, event, pool), "sentence")
        paragraph = by_paragraph.get(event.paragraph, [])
        if paragraph:
            before = [p for p in paragraph if p.start < event.start]
            return _as_location(before[-1] if before else paragraph[0], "paragraph")
        if article_place is not None:
            return _as_location(article_place, "article")
        return None

    @staticmethod
    def _attached(analysis: Analysis, event: Event, pool: list[Place]) -> Place:
        """The place attached to the event trigger in the parse, else the nearest to the trigger."""
        anchor = event.trigger_start if event.trigger_start is not None else event.start
        if len(pool) > MAX_PLACES_PER_EVENT:  # a sentence listing hundreds of places: the nearest ones only (issue #20)
            pool = sorted(pool, key=lambda p: abs(p.start - anchor))[:MAX_PLACES_PER_EVENT]
        doc = analysis.doc
        sentence = analysis.sentences[event.sentence] if 0 <= event.sentence < len(analysis.sentences) else None
        parsed = sentence is None or sentence.end - sentence.start <= MAX_ATTACH_SENTENCE_CHARS
        if doc is not None and event.trigger_start is not None and parsed:
            trigger = doc.char_span(event.trigger_start, event.trigger_end or event.trigger_start + 1, alignment_mode="expand")
            if trigger is not None and len(trigger):
                head = trigger.root
                subtree = {t.i for t in head.subtree}
                attached = []
                for p in pool:
                    span = doc.char_span(p.start, p.end, alignment_mode="expand")
                    if span is None or span.root.i not in subtree or span.root.i == head.i:
                        continue
                    depth, tok = 0, span.root
                    while tok.head.i != head.i and depth < 50:
                        tok = tok.head
                        depth += 1
                    if tok.dep_ in _ACTOR_DEPS:  # the subject is who acted, not where
                        continue
                    attached.append((depth, abs(p.start - anchor), p))
                if attached:
                    return min(attached, key=lambda t: (t[0], t[1]))[2]
        return min(pool, key=lambda p: abs(p.start - anchor))
