"""Scoring coded events against the annotated news-event corpus (``eventlens eval events --data events-v1.jsonl``).

Each annotated sentence is analysed in its article (as production would) and the
events whose trigger lies in the sentence are compared with the gold events:

* **detection** (``event_f1``): predicted and gold events paired one to one by overlapping
  triggers (pairs of the same type first);
* **PLOVER types** (``plover_macro_f1``, ``by_type``): per type, a predicted event is right when it
  is paired with a gold event of that type; macro over the types present in the gold part read;
* **triples** (``triple_precision/recall/f1``): (PLOVER type, source actor, target actor) per
  sentence, matched one to one. Actors are compared by code: the country part and the first
  sector must agree (``USACOP`` is not ``USAGOV``; an organisation code such as ``IGOUNO`` by its
  six letters; a country with no sector counts as its government, ``IRN`` ~ ``IRNGOV``); a gold
  country written ``---`` (unknown to the annotator) matches any country; no target on both sides
  matches. Events marked negated are left out on both sides;
* **roles** (``role_accuracy``): of the paired events of the same type, the share whose source and
  target both match (by overlapping span or by code);
* ``modality_accuracy`` over the same pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..actors.codes import ORGANISATION_PREFIXES, split_code
from ..model import Event
from .annotations import AnnotatedSentence, GoldActor, GoldMention
from .metrics import prf

MODALITY_OF = {"asserted": "asserted", "reported": "reported", "future": "planned", "hypothetical": "hypothetical",
               "historical": "asserted"}


@dataclass(frozen=True, slots=True)
class ActorKey:
    country: str  # "---" = unknown (a wildcard on the gold side)
    sector: str  # "" = none

    @classmethod
    def of(cls, code: str | None) -> "ActorKey | None":
        if code is None:
            return None
        code = code.strip().upper()
        if not code:
            return cls("---", "")
        if code.startswith(ORGANISATION_PREFIXES):
            return cls(code[:6], code[6:9])
        if code.startswith("---"):
            return cls("---", code[3:6])
        country, sector = split_code(code)
        if country is None and sector is not None:
            return cls("---", sector)
        return cls(country or code[:3], sector or "")

    def matches(self, predicted: "ActorKey | None") -> bool:
        """Whether a predicted key agrees with this gold key (unknown gold parts match anything)."""
        if predicted is None:
            return False
        country = self.country == "---" or self.country == predicted.country
        return country and _state(self.sector) == _state(predicted.sector)


def _state(sector: str) -> str:
    """A country acting as a state and its government are one actor here ("Iran" ~ "IRNGOV")."""
    return "GOV" if sector in ("", "GOV") else sector


def _overlap(a0: int | None, a1: int | None, b0: int, b1: int) -> bool:
    return a0 is not None and a1 is not None and a0 < b1 and b0 < a1


def _gold_actor(s: AnnotatedSentence, index: int | None) -> GoldActor | None:
    return s.actors[index] if index is not None and 0 <= index < len(s.actors) else None


def pair_events(gold: Sequence[GoldMention], predicted: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) index pairs by overlapping triggers, same-type pairs first."""
    options = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if _overlap(p.trigger_start, p.trigger_end, g.trigger_start, g.trigger_end):
                options.append((0 if g.plover == p.plover else 1, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in sorted(options):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _side_matches(s: AnnotatedSentence, gold_index: int | None, predicted: Any) -> bool:
    actor = _gold_actor(s, gold_index)
    if actor is None or predicted is None:
        return actor is None and predicted is None
    if _overlap(predicted.start, predicted.end, actor.start, actor.end):
        return True
    key = ActorKey.of(actor.code)
    return key is not None and key.matches(ActorKey.of(predicted.code))


def _triples(s: AnnotatedSentence, gold: Sequence[GoldMention], predicted: Sequence[Event]) -> int:
    """Matched (type, source, target) triples of one sentence, one to one."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        src, tgt = _gold_actor(s, g.source), _gold_actor(s, g.target)
        skey, tkey = ActorKey.of(src.code) if src else None, ActorKey.of(tgt.code) if tgt else None
        for j, p in enumerate(predicted):
            if j in used or p.plover != g.plover:
                continue
            ps = ActorKey.of(p.source.code) if p.source else None
            pt = ActorKey.of(p.target.code) if p.target else None
            if skey is None or not skey.matches(ps):
                continue
            if (tkey is None) != (pt is None) or (tkey is not None and not tkey.matches(pt)):
                continue
            used.add(j)
            hits += 1
            break
    return hits


def score_sentences(items: Sequence[tuple[AnnotatedSentence, Sequence[Event]]], *, types: Sequence[str]) -> dict[str, Any]:
    """The figures over (gold sentence, predicted events in that sentence) pairs."""
    det_tp = det_pred = det_gold = 0
    tri_tp = tri_pred = tri_gold = 0
    per_type: Counter[tuple[str, str]] = Counter()
    role_ok = mod_ok = same_type = 0
    for s, predicted in items:
        det_pred += len(predicted)
        det_gold += len(s.events)
        pairs = pair_events(s.events, predicted)
        det_tp += len(pairs)
        for i, j in pairs:
            g, p = s.events[i], predicted[j]
            if g.plover == p.plover:
                per_type[("tp", g.plover)] += 1
                same_type += 1
                role_ok += _side_matches(s, g.source, p.source) and _side_matches(s, g.target, p.target)
                mod_ok += (("negated" if p.negated else MODALITY_OF.get(p.modality, p.modality)) == g.modality)
        paired_same = {j for i, j in pairs if s.events[i].plover == predicted[j].plover}
        paired_gold = {i for i, j in pairs if s.events[i].plover == predicted[j].plover}
        for j, p in enumerate(predicted):
            if j not in paired_same:
                per_type[("fp", p.plover)] += 1
        for i, g in enumerate(s.events):
            if i not in paired_gold:
                per_type[("fn", g.plover)] += 1
        gold_pos = [g for g in s.events if g.modality != "negated"]
        pred_pos = [p for p in predicted if not p.negated]
        tri_pred += len(pred_pos)
        tri_gold += len(gold_pos)
        tri_tp += _triples(s, gold_pos, pred_pos)
    by_type = {}
    for t in types:
        tp, fp, fn = per_type[("tp", t)], per_type[("fp", t)], per_type[("fn", t)]
        if tp + fn or tp + fp:
            p, r, f = prf(tp, fp, fn)
            by_type[t] = {"precision": p, "recall": r, "f1": f, "n_gold": tp + fn, "n_predicted": tp + fp}
    gold_types = [t for t in by_type if by_type[t]["n_gold"]]
    ep, er, ef = prf(det_tp, det_pred - det_tp, det_gold - det_tp)
    tp_, tr_, tf_ = prf(tri_tp, tri_pred - tri_tp, tri_gold - tri_tp)
    return {
        "sentences": len(items), "gold_events": det_gold, "predicted_events": det_pred,
        "event_precision": ep, "event_recall": er, "event_f1": ef,
        "plover_macro_f1": round(sum(by_type[t]["f1"] for t in gold_types) / max(1, len(gold_types)), 4),
        "triple_precision": tp_, "triple_recall": tr_, "triple_f1": tf_,
        "triple_counts": {"matched": tri_tp, "predicted": tri_pred, "gold": tri_gold},
        "role_accuracy": round(role_ok / max(1, same_type), 4),
        "modality_accuracy": round(mod_ok / max(1, same_type), 4),
        "by_type": by_type,
    }


def evaluate_corpus(*, data: Any, split: str | None = "test", shared: Any = None, limit: int | None = None,
                    coder: str = "learned", min_confidence: float | None = None) -> dict[str, Any]:
    """Analyse each sentence of the corpus (``split``; None for all) in its article with the production
    pipeline (segment, actors, events with ``coder``) and score the events found in it."""
    import time
    from pathlib import Path

    from ..errors import InputError
    from ..events.learned.features import PLOVER_TYPES
    from ..model import Article
    from ..stages import EVENT_STAGES, build_pipeline
    from .annotations import read_annotations

    sentences = list(read_annotations(Path(data), shared=shared, split=split))[:limit]
    if not sentences:
        raise InputError(str(data), f"no annotated sentences in split {split!r}")
    settings = {"events": {"coder": coder, "min_confidence": min_confidence}}
    pipeline = build_pipeline(EVENT_STAGES, settings=settings)
    coded: dict[tuple[str, str], list[Event]] = {}
    versions: dict[str, Any] = {}
    began = time.perf_counter()
    items = []
    for s in sentences:
        key = s.article_key
        if key not in coded:
            analysis = pipeline(Article(text=s.article))
            coded[key] = analysis.events
            versions = analysis.meta.get("rules", {}).get("events", versions)
        items.append((s, [e for e in coded[key] if e.trigger_start is not None and s.start <= e.trigger_start < s.end]))
    result = score_sentences(items, types=PLOVER_TYPES)
    result.update({"data": str(data), "split": split or "all", "coder": coder, "events_rules": versions,
                   "texts_analysed": len(coded), "seconds": round(time.perf_counter() - began, 1)})
    return result


def render_corpus(result: dict[str, Any]) -> str:
    """A plain-text report of :func:`evaluate_corpus`."""
    lines = [
        f"events on {result['data']} ({result['split']} split, {result['coder']} coder): {result['sentences']} sentences, "
        f"{result['gold_events']} gold events, {result['predicted_events']} coded",
        f"detection    P {result['event_precision']:.3f}  R {result['event_recall']:.3f}  F1 {result['event_f1']:.3f}",
        f"triples      P {result['triple_precision']:.3f}  R {result['triple_recall']:.3f}  F1 {result['triple_f1']:.3f}  {result['triple_counts']}",
        f"PLOVER macro-F1 {result['plover_macro_f1']:.3f}   roles {result['role_accuracy']:.3f}   modality {result['modality_accuracy']:.3f}",
        "type          P      R      F1   gold  coded",
    ]
    for t, r in sorted(result["by_type"].items()):
        lines.append(f"{t:<12} {r['precision']:.3f}  {r['recall']:.3f}  {r['f1']:.3f}  {r['n_gold']:>4}  {r['n_predicted']:>5}")
    return "\n".join(lines)
