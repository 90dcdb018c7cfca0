"""``eventlens eval events``: score the event coder on gold sentences.

Reads the PETRARCH validation XML (``PETR2_GSR_validation.xml``: sentences with
``<EventCoding sourcecode= targetcode= eventcode=>``), the PLOVER gold JSON
(``PLOVER_GSR_CAMEO.json``: PLOVER 0.5b1 labels mapped to PLOVER 2.0 by
``data/events/plover_legacy.tsv``) and, generally, any JSON list of records
with ``text``, ``source[].actorText``/``code``, ``target[].actorText``/``code``
and ``event`` (a PLOVER type or a CAMEO code).

Metrics:

* triples: precision/recall/F1 of (source country, target country, label)
  per sentence, where label is the CAMEO root when the gold has CAMEO codes and
  the PLOVER type otherwise; country = first three letters of the code (six
  for IGO/NGO/IMG codes), ``---`` when unknown. Negated events are not counted;
  events without a target count only in sentences where no event has a target.
* on gold actor pairs: for each gold event, the coder's event for the same
  actors (then the same source; then the coded trigger that governs the gold
  actors in the parse, even when an actor did not resolve; then the sentence's
  most confident event) gives the predicted CAMEO code and PLOVER type: full-code accuracy,
  PLOVER-type accuracy and macro-F1 (over types in gold or predictions), and a
  confusion table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors import split_code
from ..actors.vocabulary import sector_codes
from ..errors import ConfigError, InputError
from ..events import build_coder, cameo_info, plover_legacy_map
from ..model import Analysis, Article, Event
from .gold import is_xml, json_records, petrarch_sentences, record_text
from .metrics import label_prf, prf

_IGO = ("IGO", "NGO", "IMG")


@dataclass(slots=True)
class GoldEvent:
    sources: list[tuple[str, str]]  # (actor text, code)
    targets: list[tuple[str, str]]
    cameo: str | None
    plover: str | None


@dataclass(slots=True)
class GoldRecord:
    id: str
    text: str
    date: str | None
    events: list[GoldEvent] = field(default_factory=list)


# Pre-ISO country codes that the PLOVER gold file still uses.
_LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def country_key(code: str | None) -> str:
    """Country part of an actor code: ISO3, six letters for IGO/NGO/IMG (three for a generic one such as
    ``IGO`` + sector ``REF``), ``---`` when none (e.g. ``---REB``, ``GOV``)."""
    code = (code or "").strip().upper()
    if not code or code.startswith("-"):
        return "---"
    if code.startswith(_IGO):
        return code[:3] if code[3:6] in sector_codes() or len(code) == 3 else code[:6]
    if code[:3] in _LEGACY_COUNTRIES:
        return _LEGACY_COUNTRIES[code[:3]]
    country, _ = split_code(code)
    return country[:3] if country else "---"


def _plover_of_cameo(code: str) -> str:
    """PLOVER type of a gold CAMEO code; ``""`` for codes outside the CAMEO table (PETRARCH's ``---``, typos)."""
    try:
        return cameo_info(code).plover
    except ConfigError:
        return ""


def load_petrarch_xml(path: Path) -> list[GoldRecord]:
    records = []
    for sent in petrarch_sentences(path):
        rec = GoldRecord(sent.id or str(len(records)), sent.text, sent.date)
        for coding in sent.codings:
            if "eventcode" not in coding:
                continue
            code = coding["eventcode"]
            rec.events.append(GoldEvent([("", coding.get("sourcecode", "---"))], [("", coding.get("targetcode", "---"))], code, _plover_of_cameo(code)))
        records.append(rec)
    return records


def _actors(value: Any) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append((str(item.get("actorText") or ""), str(item.get("code") or "") + str(item.get("sector") or "")))
    return out


def load_json_records(path: Path) -> list[GoldRecord]:
    data = json_records(path, expected="text, source, target and event")
    legacy = plover_legacy_map()
    records = []
    for n, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("text") or not item.get("event"):
            continue
        label = str(item["event"]).strip()
        if label.isdigit():
            cameo, plover = label, _plover_of_cameo(label)
        else:
            if label.upper() not in legacy:
                continue  # DOCUMENT and other non-event rows
            cameo, plover = None, legacy[label.upper()]
        text = record_text(item)
        rec = GoldRecord(str(item.get("id", n)), text, item.get("date"))
        rec.events.append(GoldEvent(_actors(item.get("source")), _actors(item.get("target")), cameo, plover))
        records.append(rec)
    # records sharing a sentence are one document with several gold events
    merged: dict[str, GoldRecord] = {}
    for rec in records:
        if rec.text in merged:
            merged[rec.text].events.extend(rec.events)
        else:
            merged[rec.text] = rec
    return list(merged.values())


def load_gold(path: Path) -> list[GoldRecord]:
    return load_petrarch_xml(path) if is_xml(path) else load_json_records(path)


def _span(text: str, phrase: str) -> tuple[int, int] | None:
    phrase = phrase.strip()
    if not phrase:
        return None
    i = text.lower().find(phrase.lower())
    if i < 0:
        words = [w for w in re.findall(r"\w[\w'-]*", phrase) if len(w) > 2]
        for w in reversed(words):
            i = text.lower().find(w.lower())
            if i >= 0:
                return i, i + len(w)
        return None
    return i, i + len(phrase)


def _same(actor: Any, gold: list[tuple[str, str]], text: str) -> bool:
    if actor is None:
        return not gold
    for gtext, gcode in gold:
        span = _span(text, gtext) if gtext else None
        if span and actor.start is not None and actor.end is not None and actor.start < span[1] and span[0] < actor.end:
            return True
        if not gtext and country_key(actor.code) == country_key(gcode):
            return True
    return False


@dataclass(slots=True)
class _Pred:
    """What the coder says for one gold pair: a CAMEO code and PLOVER type."""

    cameo: str
    plover: str


def _trigger_for(analysis: Analysis, gold: GoldEvent, text: str) -> _Pred | None:
    """The coder's trigger that governs the gold actors, coded without requiring actors to resolve."""
    doc = analysis.doc
    if doc is None:
        return None
    coder = build_coder(coder="rules").document(analysis)  # the rule coder the events stage runs (its trigger finder)
    spans = [sp for sp in (_span(text, t) for t, _ in gold.sources + gold.targets if t) if sp]
    heads = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            heads.append(span.root)
    best: tuple[float, _Pred] | None = None
    for sent in doc.sents:
        for c in coder.triggers(sent):
            score = 0.0
            for h in heads:
                cur, steps = h, 0
                while cur.i != c.trigger.i and cur.head.i != cur.i and steps < 8:
                    cur, steps = cur.head, steps + 1
                if cur.i == c.trigger.i:
                    score += 10 - steps
            score -= 0.01 * sum(1 for _ in c.trigger.ancestors)
            info = cameo_info(c.code)
            if info.plover and (best is None or score > best[0]):
                best = (score, _Pred(c.code, info.plover))
    return best[1] if best else None


def _depth(analysis: Analysis, event: Event) -> int:
    """How deep the event's trigger sits in its parse (0 = root): the main event of a sentence comes first."""
    doc = analysis.doc
    if doc is None or event.trigger_start is None:
        return 0
    span = doc.char_span(event.trigger_start, event.trigger_end or event.trigger_start + 1, alignment_mode="expand")
    return sum(1 for _ in span.root.ancestors) if span is not None else 0


def _pick(analysis: Analysis, gold: GoldEvent, text: str) -> tuple[Any, str]:
    live = [e for e in analysis.events if not e.negated]
    for how, test in (
        ("pair", lambda e: _same(e.source, gold.sources, text) and (_same(e.target, gold.targets, text) if gold.targets else True)),
        ("source", lambda e: gold.sources and _same(e.source, gold.sources, text)),
    ):
        found = [e for e in live if test(e)]
        if found:
            return min(found, key=lambda e: (_depth(analysis, e), -e.confidence)), how
    trig = _trigger_for(analysis, gold, text)
    if trig is not None:
        return trig, "trigger"
    if live:
        return max(live, key=lambda e: e.confidence), "sentence"
    return None, "none"


def _pred_key(actor: Any, generic: set[str]) -> str:
    """A coded actor's country key, coarsened to a bare IGO/NGO/IMG where the gold names only that."""
    k = country_key(actor.code if actor else None)
    return k[:3] if k[:3] in generic else k


def score(records: list[GoldRecord], analyses: list[Analysis]) -> dict[str, Any]:
    """Metrics for analyses aligned with gold records."""
    tp = fp = fn = 0
    n_gold = 0
    cameo_hits = cameo_total = 0
    pairs: list[tuple[str, str]] = []
    how_counts: Counter[str] = Counter()
    for rec, analysis in zip(records, analyses):
        use_cameo = any(g.cameo for g in rec.events)
        gold_triples = set()
        for g in rec.events:
            lab = g.cameo[:2] if use_cameo and g.cameo else (g.plover or "")
            for _, s in g.sources or [("", "---")]:
                for _, t in g.targets or [("", "---")]:
                    gold_triples.add((country_key(s), country_key(t), lab))
        live = [e for e in analysis.events if not e.negated and e.source is not None]
        if any(e.target is not None for e in live):
            live = [e for e in live if e.target is not None]  # target-less events only count where nothing better was coded
        generic = {k for t in gold_triples for k in t[:2] if k in _IGO}  # the gold names only "an IGO"
        pred = {(_pred_key(e.source, generic), _pred_key(e.target, generic), e.cameo[:2] if use_cameo else e.plover) for e in live}
        tp += len(gold_triples & pred)
        fp += len(pred - gold_triples)
        fn += len(gold_triples - pred)
        for g in rec.events:
            n_gold += 1
            ev, how = _pick(analysis, g, rec.text)
            how_counts[how] += 1
            if g.cameo:
                cameo_total += 1
                cameo_hits += int(ev is not None and ev.cameo == g.cameo)
            if g.plover:
                pairs.append((g.plover, ev.plover if ev is not None and ev.plover else "NONE"))
    precision, recall, triple_f1 = prf(tp, fp, fn)
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs if p != "NONE"})
    gold_types, pred_types = [g for g, _ in pairs], [p for _, p in pairs]
    per_type = {}
    for lab in labels:
        pr, rc, f, gg = label_prf(gold_types, pred_types, lab)
        per_type[lab] = {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4), "n_gold": gg}
    confusion = Counter(f"{g}->{p}" for g, p in pairs if g != p)
    return {
        "n_records": len(records),
        "n_gold": n_gold,
        "triple_tp": tp,
        "triple_fp": fp,
        "triple_fn": fn,
        "triple_precision": round(precision, 4),
        "triple_recall": round(recall, 4),
        "triple_f1": round(triple_f1, 4),
        "cameo_full_accuracy": round(cameo_hits / cameo_total, 4) if cameo_total else None,
        "plover_accuracy": round(sum(1 for g, p in pairs if g == p) / len(pairs), 4) if pairs else None,
        "plover_macro_f1": round(sum(v["f1"] for v in per_type.values()) / len(per_type), 4) if per_type else None,
        "plover_per_type": per_type,
        "pair_match": dict(how_counts),
        "confusion": dict(confusion.most_common(25)),
    }


def evaluate(*, data: Path, limit: int | None = None, split: str | None = "test", shared: str | Path | None = None,
             coder: str = "learned", min_confidence: float | None = None) -> dict[str, Any]:
    """Run segment + places + actors + events (``coder``: learned or rules) over the gold file and score the events.

    The project's annotated corpus (``data/annotations/events-v1.jsonl``) is scored by
    :func:`eventlens.evaluation.event_corpus.evaluate_corpus` (``split``, ``shared``); PETRARCH XML and
    PLOVER-style JSON gold sets by :func:`score`."""
    from ..stages import EVENT_STAGES, build_pipeline
    from .annotations import is_annotation_file

    if is_annotation_file(Path(data)):
        from .event_corpus import evaluate_corpus

        return evaluate_corpus(data=data, split=split, shared=shared, limit=limit, coder=coder, min_confidence=min_confidence)
    records = load_gold(Path(data))
    if limit is not None:
        records = records[:limit]
    if not records:
        raise InputError(str(data), "no gold event records found (expected PETRARCH validation XML or a JSON list of records)")
    pipeline = build_pipeline(EVENT_STAGES, settings={"events": {"coder": coder, "min_confidence": min_confidence}})
    analyses = [pipeline(Article(text=r.text, date=r.date), keep_doc=True) for r in records]
    result = score(records, analyses)
    seconds = Counter()
    for a in analyses:
        seconds.update(a.meta.get("timings_s", {}))
    result["stage_seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    result["sentences_per_s"] = round(sum(len(a.sentences) for a in analyses) / max(sum(seconds.values()), 1e-9), 1)
    for a in analyses:
        a.doc = None
    result["data"] = str(data)
    result["coder"] = coder
    return result


def render(result: dict[str, Any]) -> str:
    """A plain-text report."""
    if "triple_counts" in result:  # the annotated corpus
        from .event_corpus import render_corpus

        return render_corpus(result)
    lines = [
        f"events on {result.get('data', '?')}: {result['n_records']} sentences, {result['n_gold']} gold events",
        (f"triples (source country, target country, label): P {result['triple_precision']:.3f}  R {result['triple_recall']:.3f}  F1 {result['triple_f1']:.3f}"
         f"  (tp {result['triple_tp']}, fp {result['triple_fp']}, fn {result['triple_fn']})"),
        f"on gold actor pairs: CAMEO full-code accuracy {result['cameo_full_accuracy']}, PLOVER accuracy {result['plover_accuracy']}, PLOVER macro-F1 {result['plover_macro_f1']}",
        f"pair matched by: {result['pair_match']}",
        f"time by stage (s): {result.get('stage_seconds', {})}; {result.get('sentences_per_s', '?')} sentences/s",
        "",
        f"{'PLOVER type':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}",
    ]
    for lab, v in result["plover_per_type"].items():
        lines.append(f"{lab:<12} {v['precision']:>6.2f} {v['recall']:>6.2f} {v['f1']:>6.2f} {v['n_gold']:>5}")
    lines += ["", "most frequent confusions (gold->predicted):"]
    lines += [f"  {k:<24} {v}" for k, v in result["confusion"].items()]
    return "\n".join(lines)
