"""One self-contained HTML page: the article with every actor, place and event span highlighted.

No network, no script: hovering a highlight shows its codes through the
``title`` attribute, and a Content-Security-Policy meta tag forbids scripts
outright. Every piece of article text is escaped, so markup inside an article
renders as text.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from ..model import SCHEMA_VERSION, Analysis, Paragraph
from .highlight import render_paragraphs
from .labels import QUAD_NAMES, event_flags

_CSS = """
body{font:16px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2329;background:#fafafa}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;margin:.2rem 0}.meta{color:#5b6570;font-size:.9rem}.warn{background:#fff4d6;color:#6b4b00;padding:.4rem .7rem;border-radius:4px}
.para{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.6rem .9rem;margin:.7rem 0;position:relative}
.para.flagged{border-left:5px solid #b4690e}
.pmeta{font-size:.78rem;color:#5b6570;margin-top:.35rem}
.reason{font-size:.82rem;color:#7a4a06;margin:.2rem 0 0}
.hl{color:inherit;border-radius:2px}
.hl-actor{background:#dbeafe;border-bottom:2px solid #2563eb}
.hl-place{background:#dcfce7;border-bottom:2px solid #16a34a}
.hl-trigger{background:none;text-decoration:underline wavy #b91c1c;text-underline-offset:3px}
.hl-actor.hl-place{background:linear-gradient(#dbeafe,#dcfce7)}
.hl-trigger.hl-actor{background:#dbeafe}.hl-trigger.hl-place{background:#dcfce7}
.sent.has-event{border-bottom:1px dotted #b91c1c}.sent:target{background:#fff0a8}
table{border-collapse:collapse;width:100%;font-size:.85rem;background:#fff;margin:.5rem 0 1.2rem}
th,td{border:1px solid #e3e6ea;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}.legend mark,.legend span{margin-right:1rem;padding:0 .3rem}
code{font-size:.85em}
"""


def _paragraph_html(para: Paragraph, html: Markup) -> str:
    """One paragraph's section: its highlighted text (:mod:`.highlight`), then tone, focus, frames and departure."""
    dep = para.departure
    flagged = bool(dep and dep.flagged)
    meta = [f"¶ {para.index}"]
    if para.tone:
        meta.append(f"tone {para.tone.tone:+.2f}")
    if para.focus:
        meta.append("focus " + ", ".join(escape(str(f["code"])) for f in para.focus[:3]))
    if para.frames:
        meta.append("frames " + ", ".join(escape(str(f["frame"])) for f in para.frames[:2]))
    if dep is not None:
        meta.append(f"departure {dep.score:.2f}" + (" — flagged" if flagged else ""))
    reasons = "".join(f'<p class="reason">{escape(r)}</p>' for r in (dep.reasons if flagged and dep else []))
    return (
        f'<section class="para{" flagged" if flagged else ""}" id="p{para.index}">'
        f'<div>{html}</div><div class="pmeta">{" · ".join(meta)}</div>{reasons}</section>'
    )


def _events_table(analysis: Analysis) -> str:
    rows = []
    for event in analysis.events:
        src = f"{escape(event.source.code or '')} <small>{escape(event.source.text)}</small>" if event.source else "–"
        tgt = f"{escape(event.target.code or '')} <small>{escape(event.target.text)}</small>" if event.target else "–"
        loc = escape(event.location["name"]) if event.location and event.location.get("name") else ""
        flags = event_flags(negated=event.negated, modality=event.modality)
        rows.append(
            f'<tr><td><a href="#s-{event.sentence}">{event.paragraph}</a></td><td>{src}</td><td>{tgt}</td>'
            f"<td><code>{escape(event.cameo)}</code></td><td>{escape(event.plover)}</td>"
            f"<td>{event.goldstein:+.1f}</td><td>{escape(QUAD_NAMES.get(event.quad_class, ''))}</td>"
            f"<td>{escape(flags)}</td><td>{loc}</td><td>{escape(analysis.span_text(event.start, event.end))}</td></tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("¶", "source", "target", "CAMEO", "PLOVER", "Goldstein", "quad", "flags", "where", "evidence"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def to_html(analysis: Analysis) -> str:
    art = analysis.article
    title = escape(art.title or art.path or "eventlens analysis")
    meta = " · ".join(escape(x) for x in (art.source, art.date) if x)
    highlighted = render_paragraphs(analysis.to_dict())
    paragraphs = "".join(_paragraph_html(p, h.html) for p, h in zip(analysis.paragraphs, highlighted))
    passages = "".join(
        f"<li>paragraphs {', '.join(str(i) for i in p.paragraphs)} (score {p.score:.2f}): {escape('; '.join(p.reasons))}</li>"
        for p in analysis.passages
    )
    model = analysis.meta.get("model") or {}
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<meta name=viewport content='width=device-width,initial-scale=1'><title>{title}</title><style>{_CSS}</style></head>"
        f"<body><main><h1>{title}</h1><p class=meta>{meta}</p>"
        + "".join(f"<p class=warn>warning: {escape(str(w))}</p>" for w in analysis.meta.get("warnings", ()))
        + '<p class=legend><mark class="hl hl-actor">actor</mark><mark class="hl hl-place">place</mark>'
        '<mark class="hl hl-trigger">event trigger</mark><span class="sent has-event">sentence with an event</span>'
        "hover a highlight for its codes</p>"
        f"{paragraphs}"
        + (f"<h2>Passages that depart from the article</h2><ul>{passages}</ul>" if passages else "")
        + f"<h2>Events ({len(analysis.events)})</h2>{_events_table(analysis)}"
        + f"<p class=meta>eventlens schema {SCHEMA_VERSION}; "
        f"spaCy model {escape(str(model.get('name', '?')))} {escape(str(model.get('version', '')))}</p>"
        "</main></body></html>"
    )
