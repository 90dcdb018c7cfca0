"""Training examples for the learned event coder, from the annotated corpus.

Each annotated sentence is analysed as production analyses it (GeoWebNews / TR-News
sentences inside their whole article, NewsMTSC sentences alone) by the segment,
actors and events stages; the candidate builder of the package
(:func:`eventlens.events.learned.candidates.sentence_candidates`) then gives the
triggers and actors the model decides about, and the gold annotation labels them:

* a candidate trigger overlapping a gold trigger takes that event's PLOVER type, CAMEO code and
  modality; other candidate triggers inside the annotated sentence are ``NONE``; candidates
  outside it (a neighbouring sentence the parser joined) are not labelled;
* a candidate actor overlapping the gold source (target) of an event at that trigger is labelled
  source (target); both, when the annotation has the event in both directions.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eventlens.evaluation.annotations import AnnotatedSentence, read_annotations
from eventlens.events.learned.candidates import SentenceCandidates, noun_key, sentence_candidates
from eventlens.events.learned.features import pair_vector, trigger_vector
from eventlens.model import Analysis, Article
from eventlens.stages import build_pipeline

STAGES = ("segment", "actors", "events")  # as v2 was trained; production also runs places first (a next model should too)
MODALITIES = ("asserted", "reported", "planned", "hypothetical", "negated")


@dataclass(slots=True)
class EventExample:
    """One candidate sentence with its labels (-1 = not labelled)."""

    id: str
    doc: str
    text: str
    spans: list[tuple[int, int]]  # triggers first, then mentions, in the neutral text
    n_triggers: int
    trig_feats: np.ndarray  # (T, FT)
    pair_feats: np.ndarray  # (T, M, FP)
    type_label: np.ndarray  # (T,) index into labels, -1 unlabelled
    roles: np.ndarray  # (T, M, 2) source / target
    role_mask: np.ndarray  # (T,) 1 where the trigger has a gold event
    modality: np.ndarray  # (T,) -1 where no gold event
    cameo: list[str]  # (T,) "" where no gold event
    meta: dict = field(default_factory=dict)


def split_dev(sentences: Iterable[AnnotatedSentence], *, share: float = 0.15) -> tuple[list[AnnotatedSentence], list[AnnotatedSentence]]:
    """Train sentences into (fit, dev) by a hash of the document, so an article is never on both sides."""
    fit, dev = [], []
    for s in sentences:
        h = int(hashlib.sha256(f"dev|{s.doc}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        (dev if h < share else fit).append(s)
    return fit, dev


def analyse(sentences: Sequence[AnnotatedSentence]) -> dict[tuple[str, str], Analysis]:
    """One analysis per article text (GPL articles once for all their sentences), keeping the parse."""
    pipeline = build_pipeline(STAGES, settings={"events": {"coder": "rules"}})  # the rule coder's events: candidates and features
    out: dict[tuple[str, str], Analysis] = {}
    for s in sentences:
        key = s.article_key
        if key not in out:
            out[key] = pipeline(Article(text=s.article), keep_doc=True)
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _gold_at(s: AnnotatedSentence, cand: SentenceCandidates, doc: object) -> dict[int, list]:
    """Gold events by the candidate trigger that stands for them (a verb before a noun inside the span)."""
    by_trigger: dict[int, list] = defaultdict(list)
    for event in s.events:
        hits = [k for k, t in enumerate(cand.triggers) if _overlap(t.start, t.end, event.trigger_start, event.trigger_end)]
        if hits:
            hits.sort(key=lambda k: (doc[cand.triggers[k].token].pos_ != "VERB", k))
            by_trigger[hits[0]].append(event)
    return by_trigger


def label(s: AnnotatedSentence, analysis: Analysis, cand: SentenceCandidates, types: Sequence[str]) -> EventExample:
    doc = analysis.doc
    T, M = len(cand.triggers), len(cand.mentions)
    type_label = np.full(T, -1, dtype=np.int64)
    roles = np.zeros((T, M, 2), dtype=np.float32)
    role_mask = np.zeros(T, dtype=np.float32)
    modality = np.full(T, -1, dtype=np.int64)
    cameo = [""] * T
    gold = _gold_at(s, cand, doc)
    for k, t in enumerate(cand.triggers):
        if not (s.start <= t.start < s.end):
            continue
        events = gold.get(k)
        if not events:
            type_label[k] = types.index("NONE")
            continue
        first = events[0]
        type_label[k] = types.index(first.plover)
        modality[k] = MODALITIES.index(first.modality)
        cameo[k] = first.cameo
        role_mask[k] = 1
        for e in events:
            for side, idx in ((0, e.source), (1, e.target)):
                if idx is None:
                    continue
                a = s.actors[idx]
                for j, m in enumerate(cand.mentions):
                    if _overlap(m.start, m.end, a.start, a.end):
                        roles[k, j, side] = 1
    spans = [cand.neutral.span(t.start, t.end) for t in cand.triggers] + [cand.neutral.span(m.start, m.end) for m in cand.mentions]
    return EventExample(
        id=s.id, doc=s.doc, text=cand.neutral.text, spans=spans, n_triggers=T,
        trig_feats=np.stack([trigger_vector(doc, t) for t in cand.triggers]),
        pair_feats=np.stack([np.stack([pair_vector(doc, t, m) for m in cand.mentions]) for t in cand.triggers]),
        type_label=type_label, roles=roles, role_mask=role_mask, modality=modality, cameo=cameo)


def event_nouns(sentences: Iterable[AnnotatedSentence], analyses: dict[tuple[str, str], Analysis], *, base: Iterable[str], min_count: int = 2) -> frozenset[str]:
    """``base`` plus the nouns annotators marked as triggers at least ``min_count`` times (training part only)."""
    counts: Counter[str] = Counter()
    for s in sentences:
        analysis = analyses[s.article_key]
        for e in s.events:
            span = analysis.doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
            if span is not None:
                counts.update(noun_key(t.text) for t in span if t.pos_ in ("NOUN", "PROPN"))
    return frozenset(base) | {w for w, n in counts.items() if n >= min_count}


def examples(sentences: Sequence[AnnotatedSentence], analyses: dict[tuple[str, str], Analysis], *, nouns: frozenset[str],
             types: Sequence[str]) -> tuple[list[EventExample], dict[str, int]]:
    """Labelled candidate sentences, and counts of what the candidates could not reach."""
    out: list[EventExample] = []
    stats: Counter[str] = Counter()
    for s in sentences:
        analysis = analyses[s.article_key]
        rules = [e for e in analysis.events if s.start <= (e.trigger_start or -1) < s.end]
        cands = [c for c in sentence_candidates(analysis, nouns=nouns, rule_events=analysis.events)
                 if _overlap(analysis.sentences[c.sentence].start, analysis.sentences[c.sentence].end, s.start, s.end)]
        stats["sentences"] += 1
        stats["gold_events"] += len(s.events)
        stats["rule_events"] += len(rules)
        reached = 0
        for cand in cands:
            ex = label(s, analysis, cand, types)
            reached += int(sum(1 for e in s.events if any(_overlap(t.start, t.end, e.trigger_start, e.trigger_end) for t in cand.triggers)))
            out.append(ex)
        stats["gold_events_with_candidate_trigger"] += reached
    return out, dict(stats)


def load_split(path: Path, *, shared: str | Path | None, split: str) -> list[AnnotatedSentence]:
    return list(read_annotations(path, shared=shared, split=split))
