"""Article text as safe HTML with actors, places and event triggers marked: the one highlighter of the HTML
report (``eventlens analyze --format html``) and the dashboard's article and Analyze pages.

Every character of article text goes through :func:`markupsafe.escape`; the only markup added is our own
``<span>``/``<mark>`` elements, whose attribute values are escaped too. Marks may overlap (a country name is
often both an actor and a place): the text is cut wherever a mark starts or ends, and each stretch is one
``<mark class="hl hl-actor hl-place" ...>`` carrying the kinds and the titles (:mod:`.labels`) of every mark
that covers it, so no mark is dropped and no character is repeated. Sentences get ``id="s-N"`` so evidence
links can point at the exact sentence; a sentence with an event gets the class ``has-event`` and the events'
titles.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .labels import actor_title, event_title, place_title

KINDS = ("actor", "place", "trigger")  # the order of the classes on a stretch covered by several kinds


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    kind: str  # one of KINDS
    title: str


@dataclass(slots=True)
class RenderedParagraph:
    """One paragraph: its highlighted ``html`` and what the pages show beside it (``events``: how many)."""

    index: int
    html: Markup
    frames: list[dict[str, Any]] = field(default_factory=list)
    tone: Mapping[str, Any] | None = None
    departure: Mapping[str, Any] | None = None
    events: int = 0


class _Marks:
    """The analysis' marks sorted by start, with the longest one's length, to find those over a range quickly."""

    def __init__(self, analysis: Mapping[str, Any]) -> None:
        marks = [_Mark(int(a["start"]), int(a["end"]), "actor", actor_title(a)) for a in analysis.get("actors") or ()]
        marks += [_Mark(int(p["start"]), int(p["end"]), "place", place_title(p)) for p in analysis.get("places") or ()]
        for e in analysis.get("events") or ():
            if e.get("trigger_start") is not None and e.get("trigger_end") is not None:
                marks.append(_Mark(int(e["trigger_start"]), int(e["trigger_end"]), "trigger", event_title(e)))
        self._marks = sorted((m for m in marks if m.end > m.start), key=lambda m: m.start)
        self._starts = [m.start for m in self._marks]
        self._longest = max((m.end - m.start for m in self._marks), default=0)

    def over(self, start: int, end: int) -> list[_Mark]:
        """The marks that cover some of ``[start, end)``."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [m for m in self._marks[lo:hi] if m.end > start]


def _inline(text: str, start: int, end: int, marks: _Marks) -> Markup:
    """Escaped ``text[start:end]``, each stretch covered by marks wrapped in one ``<mark>``."""
    if end <= start:
        return Markup("")
    inside = marks.over(start, end)
    cuts = sorted({start, end, *(max(m.start, start) for m in inside), *(min(m.end, end) for m in inside)})
    out: list[Markup] = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [m for m in inside if m.start <= left and m.end >= right]
        if not covering:
            out.append(escape(text[left:right]))
            continue
        kinds = " ".join(f"hl-{kind}" for kind in KINDS if any(m.kind == kind for m in covering))
        title = " | ".join(dict.fromkeys(m.title for m in covering))
        out.append(Markup('<mark class="hl {}" title="{}">{}</mark>').format(kinds, title, text[left:right]))
    return Markup("").join(out)


def _sentences_in(sentences: Iterable[Mapping[str, Any]], start: int, end: int) -> list[Mapping[str, Any]]:
    return sorted((s for s in sentences if start <= int(s["start"]) < end), key=lambda s: int(s["start"]))


def _paragraph_html(text: str, start: int, end: int, *, sentences: Sequence[Mapping[str, Any]], marks: _Marks,
                    events_by_sentence: Mapping[int, list[Mapping[str, Any]]]) -> tuple[Markup, int]:
    """The paragraph ``text[start:end]`` with its sentences wrapped and its marks; and how many events it has."""
    pieces: list[Markup] = []
    pos = start
    n_events = 0
    for s in _sentences_in(sentences, start, end):
        s_start, s_end = int(s["start"]), min(int(s["end"]), end)
        pieces.append(_inline(text, pos, s_start, marks))
        evs = events_by_sentence.get(int(s["index"]), [])
        n_events += len(evs)
        pieces.append(Markup('<span class="{}" id="s-{}" title="{}">{}</span>').format(
            "sent has-event" if evs else "sent", int(s["index"]), "; ".join(event_title(e) for e in evs),
            _inline(text, s_start, s_end, marks)))
        pos = s_end
    pieces.append(_inline(text, pos, end, marks))
    return Markup("").join(pieces), n_events


def render_paragraphs(analysis: Mapping[str, Any]) -> list[RenderedParagraph]:
    """The paragraphs of an analysis in its JSON form (``Analysis.to_dict()``, or as stored) as escaped,
    highlighted HTML, one entry each; an analysis without paragraphs is one paragraph."""
    text: str = analysis["article"]["text"] or ""
    marks = _Marks(analysis)
    sentences = analysis.get("sentences") or []
    events_by_sentence: dict[int, list[Mapping[str, Any]]] = {}
    for e in analysis.get("events") or ():
        events_by_sentence.setdefault(int(e.get("sentence") or 0), []).append(e)
    rendered: list[RenderedParagraph] = []
    for para in analysis.get("paragraphs") or [{"index": 0, "start": 0, "end": len(text)}]:
        html, n_events = _paragraph_html(text, int(para["start"]), int(para["end"]), sentences=sentences, marks=marks,
                                         events_by_sentence=events_by_sentence)
        rendered.append(RenderedParagraph(index=int(para["index"]), html=html, frames=list(para.get("frames") or []),
                                          tone=para.get("tone"), departure=para.get("departure"), events=n_events))
    return rendered
