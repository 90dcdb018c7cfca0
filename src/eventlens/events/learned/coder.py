"""The learned event coder: decides events from candidates, the encoder's vectors and the heads.

Per candidate sentence (:mod:`.candidates`) the encoder reads the neutral text once
and pools a vector for the sentence, each candidate trigger and each candidate
actor. Then, for every trigger:

1. ``type`` head: ``NONE`` or one of the 16 PLOVER types, from ``[trigger, sentence, trigger features]``;
2. ``role`` head, for each actor: the probabilities that it is the source and the target,
   from ``[trigger, actor, trigger * actor, pair features, trigger features]``; the source is
   the most probable one, the target the most probable other one (or none); a pair that
   also reads the other way round (a meeting, a clash) gives the reverse event too;
3. ``modality`` head: asserted, reported, planned, hypothetical or negated;
4. ``cameo`` head: the CAMEO code among those of the chosen type (the rule coder's code at
   the trigger when it has that type).

An event's ``confidence`` is the calibrated probability that its type, source and target are
all right (:class:`~.model.Calibration`, fitted on development data, with its own terms for an
event with no target and for a side with no country); events under ``min_confidence`` are dropped.
Triggers of one sentence that give the same type, sides and modality are one event, the most
confident (:func:`one_per_triple`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...encoder.runtime import blas_threads
from ...encoder.sentences import Request, SentenceEncodings
from ...model import Analysis, Event
from ..tables import cameo_info
from .candidates import SentenceCandidates, Trigger, sentence_candidates
from .countries import SideCountries, placed
from .features import pair_vector, trigger_vector
from .model import NONE, CoderModel, Thresholds

MODALITY = {"asserted": ("asserted", False), "reported": ("reported", False), "planned": ("future", False),
            "hypothetical": ("hypothetical", False), "negated": ("asserted", True)}


def one_per_triple(events: Sequence[Event]) -> list[Event]:
    """One event per sentence, type, source code, target code and modality (asserted and reported count as
    one: a reported act is the act): the most confident of the triggers that read the same act ("launched
    air strikes" is one attack, not three), in text order."""
    best: dict[tuple[object, ...], Event] = {}
    for e in events:
        key = (e.sentence, e.plover, e.source.code if e.source else None, e.target.code if e.target else None,
               "asserted" if e.modality == "reported" else e.modality, e.negated)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    kept = {id(e) for e in best.values()}
    return [e for e in events if id(e) in kept]


@dataclass(frozen=True, slots=True)
class Vectors:
    """The encoder's output for one candidate sentence: sentence, triggers and mentions."""

    sentence: np.ndarray
    triggers: np.ndarray
    mentions: np.ndarray


def encode(encodings: SentenceEncodings, candidates: Sequence[SentenceCandidates]) -> list[Vectors]:
    """The vectors of the candidate sentences: one encoder pass for those not encoded yet (length-sorted
    batches inside the encoder), pooling every trigger and every actor mention of each."""
    encodings.ensure(Request(sentence=c.sentence, neutral=c.neutral, spans=c.spans()) for c in candidates)
    out = []
    for c in candidates:
        got = encodings.get(c.sentence)
        assert got is not None
        out.append(Vectors(sentence=got.pooled, triggers=np.stack([got.span(t.start, t.end) for t in c.triggers]),
                           mentions=np.stack([got.span(m.start, m.end) for m in c.mentions])))
    return out


def trigger_rows(vectors: Vectors, feats: np.ndarray) -> np.ndarray:
    """``[trigger, sentence, trigger features]`` per trigger (type, modality and cameo heads)."""
    n = len(vectors.triggers)
    return np.hstack([vectors.triggers, np.tile(vectors.sentence, (n, 1)), feats]).astype(np.float32)


def pair_rows(h_trigger: np.ndarray, mentions: np.ndarray, pair_feats: np.ndarray, trig_feats: np.ndarray) -> np.ndarray:
    """``[trigger, actor, trigger * actor, pair features, trigger features]`` per actor (role head)."""
    n = len(mentions)
    t = np.tile(h_trigger, (n, 1))
    return np.hstack([t, mentions, t * mentions, pair_feats, np.tile(trig_feats, (n, 1))]).astype(np.float32)


@dataclass(frozen=True, slots=True)
class Decision:
    """The heads' reading of one candidate trigger, before any threshold: the probability that it is an
    event (``p_event`` = 1 - P(NONE)), its most probable type and that type's probability, each candidate
    actor's source/target probabilities (``roles``, one row per ``cand.mentions``), modality and code."""

    cand: SentenceCandidates
    trigger: Trigger
    p_event: float
    plover: str
    p_type: float
    roles: np.ndarray
    modality: str
    negated: bool
    cameo: str


class LearnedCoder:
    """Codes the events of an analysis with a :class:`~.model.CoderModel`: :meth:`decisions` reads every
    candidate trigger with the heads, :meth:`events` turns decisions into events with the model's thresholds."""

    def __init__(self, model: CoderModel, *, min_confidence: float | None = None, thresholds: Thresholds | None = None) -> None:
        self.model = model
        self.min_confidence = model.min_confidence if min_confidence is None else min_confidence
        self.thresholds = thresholds or model.thresholds

    def code(self, analysis: Analysis, *, rule_events: Sequence[Event] = (), encodings: SentenceEncodings | None = None) -> list[Event]:
        """The events of ``analysis`` (which needs its parse and actor mentions); ``rule_events`` are the rule
        coder's (features and codes); ``encodings`` the analysis's shared encoder outputs, filled here."""
        sides = SideCountries(analysis)
        with blas_threads(self.model.encoder.threads):
            events = [e for d in self.decisions(analysis, rule_events=rule_events, encodings=encodings)
                      for e in self.events(analysis, d, sides=sides)]
        return [e for e in one_per_triple(events) if e.confidence >= self.min_confidence]

    def decisions(self, analysis: Analysis, *, rule_events: Sequence[Event] = (), encodings: SentenceEncodings | None = None,
                  floor: float | None = None) -> list[Decision]:
        """The reading of every candidate trigger whose event probability reaches ``floor`` (default: the
        model's event threshold)."""
        doc = analysis.doc
        candidates = sentence_candidates(analysis, nouns=self.model.nouns, rule_events=rule_events)
        encodings = encodings if encodings is not None else SentenceEncodings(self.model.encoder)
        floor = self.thresholds.event if floor is None else floor
        out: list[Decision] = []
        for cand, vectors in zip(candidates, encode(encodings, candidates)):
            out.extend(self._sentence(doc, cand, vectors, floor))
        return out

    def _sentence(self, doc: object, cand: SentenceCandidates, vectors: Vectors, floor: float) -> list[Decision]:
        heads = self.model.heads
        feats = np.stack([trigger_vector(doc, t) for t in cand.triggers])
        rows = trigger_rows(vectors, feats)
        type_probs = heads["type"].probs(rows)
        labels = heads["type"].labels
        none = labels.index(NONE)
        out: list[Decision] = []
        for k, trigger in enumerate(cand.triggers):
            p_event = 1.0 - float(type_probs[k][none])
            if p_event < floor:
                continue
            scores = type_probs[k].copy()
            scores[none] = -1.0
            best = int(np.argmax(scores))
            roles = heads["role"].sigmoid(pair_rows(vectors.triggers[k], vectors.mentions,
                                                    np.stack([pair_vector(doc, trigger, m) for m in cand.mentions]), feats[k]))
            row = rows[k : k + 1]
            modality, negated = MODALITY[heads["modality"].labels[int(np.argmax(heads["modality"].probs(row)[0]))]]
            out.append(Decision(cand=cand, trigger=trigger, p_event=p_event, plover=labels[best], p_type=float(type_probs[k][best]),
                                roles=roles, modality=modality, negated=negated, cameo=self._cameo(labels[best], trigger, row)))
        return out

    def events(self, analysis: Analysis, d: Decision, *, sides: SideCountries | None = None) -> list[Event]:
        """The events of one decision under the thresholds (none, one, or both directions of a pair); ``sides``
        gives country-less sides their country (:mod:`.countries`; made here when not given)."""
        t = self.thresholds
        if d.p_event < t.event:
            return []
        src = int(np.argmax(d.roles[:, 0]))
        if d.roles[src, 0] < t.source:
            return []  # no actor reads as the one who acts: no event (an analyst would rather have none)
        mentions = d.cand.mentions
        others = [i for i in range(len(mentions)) if i != src and mentions[i].code != mentions[src].code]
        tgt = max(others, key=lambda i: d.roles[i, 1]) if others else None
        if tgt is not None and d.roles[tgt, 1] < t.target:
            tgt = None
        p_target = float(d.roles[tgt, 1]) if tgt is not None else 1.0 - float(max((d.roles[i, 1] for i in others), default=0.0))
        score = d.p_type * float(d.roles[src, 0]) * p_target
        pairs = [(src, tgt)]
        if tgt is not None and d.roles[tgt, 0] >= t.source and d.roles[src, 1] >= t.target:
            pairs.append((tgt, src))  # it reads both ways: a meeting, a clash, an agreement between them
        sides = sides or SideCountries(analysis)
        return [self._event(analysis, d, s, g, score, sides) for s, g in pairs]

    def _cameo(self, plover: str, trigger: Trigger, row: np.ndarray) -> str:
        for event in trigger.rule_events:
            if event.plover == plover:
                return event.cameo
        head = self.model.heads["cameo"]
        allowed = set(self.model.cameo_by_type.get(plover, ()))
        probs = head.probs(row)[0]
        ranked = sorted(range(len(head.labels)), key=lambda i: -probs[i])
        for i in ranked:
            if head.labels[i] in allowed:
                return head.labels[i]
        return self.model.cameo_by_type.get(plover, ("",))[0]

    def _event(self, analysis: Analysis, d: Decision, src: int, tgt: int | None, score: float,
               sides: SideCountries) -> Event:
        info = cameo_info(d.cameo)
        cand, trigger = d.cand, d.trigger
        target_mention = cand.mentions[tgt] if tgt is not None else None
        source, source_scope = sides.side(cand.mentions[src], other=target_mention)
        target, target_scope = sides.side(target_mention, other=cand.mentions[src]) if target_mention is not None else (None, None)
        confidence = self.model.calibration(score, has_target=target is not None,
                                            placed=placed(source.code) and (target is None or placed(target.code)))
        rule = f"learned:{self.model.version}" + "".join(
            f" +{side}-country:{scope}" for side, scope in (("source", source_scope), ("target", target_scope)) if scope)
        sentence = analysis.sentences[cand.sentence]
        speaker = next((e.speaker for e in trigger.rule_events if e.speaker is not None), None)
        return Event(
            source=source, target=target,
            cameo=d.cameo, plover=d.plover, quad_class=info.quad_class, goldstein=info.goldstein, paragraph=sentence.paragraph,
            sentence=sentence.index, start=sentence.start, end=sentence.end, trigger=analysis.text[trigger.start : trigger.end],
            trigger_start=trigger.start, trigger_end=trigger.end, negated=d.negated, modality=d.modality,
            speaker=speaker if d.modality == "reported" else None, plover_mode=info.plover_mode,
            rule=rule, confidence=confidence)

