"""Article text as safe HTML, with actors, places and event triggers marked.

Every character of article text goes through :func:`markupsafe.escape`; the
only markup added is our own ``<span>``/``<mark>`` elements whose attribute
values are escaped too. Sentences get ``id="s-N"`` so evidence links can point
at the exact sentence; paragraphs get ``id="p-N"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup, escape


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    kind: str  # actor | place | trigger
    title: str


@dataclass(slots=True)
class RenderedParagraph:
    index: int
    html: Markup
    frames: list[dict[str, Any]] = field(default_factory=list)
    tone: Mapping[str, Any] | None = None
    departure: Mapping[str, Any] | None = None
    events: int = 0


def _actor_title(a: Mapping[str, Any]) -> str:
    bits = [str(a.get("code") or "?")]
    if a.get("name"):
        bits.append(str(a["name"]))
    if a.get("rule"):
        bits.append(f"rule: {a['rule']}")
    return " · ".join(bits)


def _place_title(p: Mapping[str, Any]) -> str:
    bits = [str(p.get("name") or p.get("text") or "?")]
    if p.get("country"):
        bits.append(str(p["country"]))
    if p.get("lat") is not None and p.get("lon") is not None:
        bits.append(f"{float(p['lat']):.3f}, {float(p['lon']):.3f}")
    return " · ".join(bits)


def _event_title(e: Mapping[str, Any]) -> str:
    src = (e.get("source") or {}).get("code") or "?"
    tgt = (e.get("target") or {}).get("code") or "?"
    return f"{src} → {e.get('plover') or '?'} (CAMEO {e.get('cameo') or '?'}) → {tgt}"


def _marks(analysis: Mapping[str, Any]) -> list[_Mark]:
    marks: list[_Mark] = []
    for a in analysis.get("actors") or ():
        marks.append(_Mark(int(a["start"]), int(a["end"]), "actor", _actor_title(a)))
    for p in analysis.get("places") or ():
        marks.append(_Mark(int(p["start"]), int(p["end"]), "place", _place_title(p)))
    for e in analysis.get("events") or ():
        if e.get("trigger_start") is not None and e.get("trigger_end") is not None:
            marks.append(_Mark(int(e["trigger_start"]), int(e["trigger_end"]), "trigger", _event_title(e)))
    # Longest first at each start, then drop anything overlapping an earlier mark.
    marks.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mark] = []
    last_end = -1
    for m in marks:
        if m.end > m.start and m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _inline(text: str, start: int, end: int, marks: Sequence[_Mark]) -> Markup:
    """Escaped ``text[start:end]`` with the marks that lie wholly inside it."""
    out: list[str] = []
    pos = start
    for m in marks:
        if m.start < start or m.end > end:
            continue
        out.append(escape(text[pos : m.start]))
        out.append(
            Markup('<mark class="hl hl-{}" title="{}">{}</mark>').format(m.kind, m.title, text[m.start : m.end])
        )
        pos = m.end
    out.append(escape(text[pos:end]))
    return Markup("").join(out)


def _sentences_in(sentences: Iterable[Mapping[str, Any]], start: int, end: int) -> list[Mapping[str, Any]]:
    return sorted((s for s in sentences if start <= int(s["start"]) < end), key=lambda s: int(s["start"]))


def render_paragraphs(analysis: Mapping[str, Any]) -> list[RenderedParagraph]:
    """The article's paragraphs as escaped, highlighted HTML (one entry each)."""
    text: str = analysis["article"]["text"] or ""
    marks = _marks(analysis)
    sentences = analysis.get("sentences") or []
    events_by_sentence: dict[int, list[Mapping[str, Any]]] = {}
    for e in analysis.get("events") or ():
        events_by_sentence.setdefault(int(e.get("sentence") or 0), []).append(e)
    paragraphs = analysis.get("paragraphs") or [{"index": 0, "start": 0, "end": len(text)}]
    rendered: list[RenderedParagraph] = []
    for para in paragraphs:
        p_start, p_end = int(para["start"]), int(para["end"])
        pieces: list[Markup] = []
        pos = p_start
        n_events = 0
        for s in _sentences_in(sentences, p_start, p_end):
            s_start, s_end = int(s["start"]), min(int(s["end"]), p_end)
            pieces.append(_inline(text, pos, s_start, marks))
            evs = events_by_sentence.get(int(s["index"]), [])
            n_events += len(evs)
            cls = "sent has-event" if evs else "sent"
            title = "; ".join(_event_title(e) for e in evs)
            pieces.append(
                Markup('<span class="{}" id="s-{}" title="{}">{}</span>').format(
                    cls, int(s["index"]), title, _inline(text, s_start, s_end, marks)
                )
            )
            pos = s_end
        pieces.append(_inline(text, pos, p_end, marks))
        rendered.append(
            RenderedParagraph(
                index=int(para["index"]),
                html=Markup("").join(pieces),
                frames=list(para.get("frames") or []),
                tone=para.get("tone"),
                departure=para.get("departure"),
                events=n_events,
            )
        )
    return rendered
