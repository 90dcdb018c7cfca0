"""The terminal report: actors, places, events with their evidence, tone and flags per paragraph."""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Analysis
from .labels import event_flags

# a control character (an escape sequence in a title or a name) is shown as its escape, never sent to the terminal
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _actors_table(analysis: Analysis) -> Table:
    table = Table(title="Actors", show_lines=False)
    for col in ("code", "mentions", "as written", "kinds"):
        table.add_column(col)
    grouped: dict[str, list] = {}
    for mention in analysis.actors:
        grouped.setdefault(mention.code, []).append(mention)
    for code, mentions in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        forms = sorted({m.text for m in mentions})
        kinds = sorted({m.kind for m in mentions})
        table.add_row(code, str(len(mentions)), _shorten(", ".join(forms), 60), ", ".join(kinds))
    return table


def _places_table(analysis: Analysis) -> Table:
    table = Table(title="Places")
    for col in ("place", "country", "lat", "lon", "geonameid", "mentions"):
        table.add_column(col)
    grouped: dict[tuple, list] = {}
    for place in analysis.places:
        grouped.setdefault((place.name, place.country, place.lat, place.lon, place.geonameid), []).append(place)
    for (name, country, lat, lon, gid), items in grouped.items():
        table.add_row(
            name, country or "", f"{lat:.3f}" if lat is not None else "", f"{lon:.3f}" if lon is not None else "",
            str(gid or ""), str(len(items)),
        )
    return table


def _events_table(analysis: Analysis) -> Table:
    table = Table(title="Events", show_lines=True)
    for col in ("¶", "source", "target", "CAMEO", "PLOVER", "Goldstein", "flags", "evidence"):
        table.add_column(col, overflow="fold")
    for event in analysis.events:
        table.add_row(
            str(event.paragraph),
            f"{event.source.code} ({event.source.text})" if event.source else "-",
            f"{event.target.code} ({event.target.text})" if event.target else "-",
            event.cameo,
            event.plover,
            f"{event.goldstein:+.1f}",
            event_flags(negated=event.negated, modality=event.modality),
            _shorten(analysis.span_text(event.start, event.end)),
        )
    return table


def _paragraph_table(analysis: Analysis) -> Table:
    table = Table(title="Paragraphs")
    for col in ("¶", "tone", "focus", "frames", "departure"):
        table.add_column(col, overflow="fold")
    for para in analysis.paragraphs:
        tone = f"{para.tone.tone:+.2f}" if para.tone else ""
        focus = ", ".join(f"{f['code']}" for f in para.focus[:3])
        frames = ", ".join(f"{f['frame']}" for f in para.frames[:2])
        dep = para.departure
        flag = ""
        if dep is not None:
            flag = f"{dep.score:.2f}" + (" FLAGGED" if dep.flagged else "")
        table.add_row(str(para.index), tone, focus, frames, flag)
    return table


def to_text(analysis: Analysis, *, width: int | None = None) -> str:
    buffer = io.StringIO()
    # article text, titles and names are data: never parse them as rich markup or :emoji: codes
    console = Console(
        file=buffer, width=width or 120, force_terminal=False, color_system=None, highlight=False, markup=False, emoji=False
    )
    art = analysis.article
    head = art.title or (art.path or "article")
    console.print(head, style="bold")
    details = [x for x in (art.source, art.date) if x]
    if details:
        console.print(" · ".join(details))
    tone = analysis.tone
    console.print(
        f"{len(analysis.paragraphs)} paragraphs, {len(analysis.sentences)} sentences, "
        f"{len(analysis.actors)} actor mentions, {len(analysis.places)} places, {len(analysis.events)} events"
        + (f"; tone {tone.tone:+.2f} (positive {tone.positive:.1f}%, negative {tone.negative:.1f}%)" if tone else "")
    )
    console.print()
    for table in (_actors_table(analysis), _places_table(analysis), _events_table(analysis), _paragraph_table(analysis)):
        console.print(table)
    for number, passage in enumerate(analysis.passages):
        paras = ", ".join(str(i) for i in passage.paragraphs)
        console.print(Text.assemble((f"Passage {number + 1}", "bold"), f" (paragraphs {paras}, score {passage.score:.2f})"))
        for reason in passage.reasons:
            console.print(f"  - {reason}")
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], buffer.getvalue())
