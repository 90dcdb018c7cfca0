"""Event-type re-scoring with MiniLM: the ``events_ml`` stage.

The lexicon coder (stage ``events``) is sure of an event when a full verb
pattern matched (verb + object/preposition class); when only the verb matched,
or the actors were attached by reference, its confidence is lower. For those
events this stage embeds the trigger's verb phrase (the verb, its particle,
object and prepositional phrases; names replaced by their entity type, as in
:mod:`eventlens.ml.sentiment`) and asks a CAMEO-root softmax head
(``data/ml/events-minilm-v1.npz``) trained by ``scripts/train_ml_events.py`` on
silver phrases from the PETRARCH2 CAMEO verb dictionary (MIT). When the head
names another root with enough probability, the event is re-coded to that root's
nearest code (by centroid) and records ``rule`` = the model version and its
probability as ``confidence``. Actors, modality and negation are the coder's.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..events import cameo_info
from ..model import Analysis, Event
from .encoder import load_encoder, require_ml
from .heads import SoftmaxHead, load_head
from .sentiment import _placeholder

HEAD_FILE = "events-minilm-v1.npz"
_KEEP_DEPS = frozenset({"prt", "dobj", "dative", "prep", "pobj", "pcomp", "attr", "oprd", "acomp", "compound", "amod", "det", "poss", "nummod", "xcomp", "agent", "case"})
_MAX_WORDS = 10
# codes produced by the coder's own conventions (intent, threat, demand, refusal, joint action): not re-scored
_RECODED = ("future-intent:", "future-threat:", "conditional-threat:", "demand:", "announced-refusal:", "joint:", "fold:")


def trigger_phrase(trigger: Any) -> str:
    """The verb phrase of a trigger token: the verb and its particle, object and prepositional
    complements in sentence order (at most ten words), names replaced by their entity type."""
    picked = [trigger]
    frontier = [trigger]
    while frontier and len(picked) < _MAX_WORDS:
        node = frontier.pop(0)
        for ch in node.children:
            if ch.dep_ in _KEEP_DEPS and len(picked) < _MAX_WORDS:
                picked.append(ch)
                frontier.append(ch)
    words = []
    prev = None
    for tok in sorted(picked, key=lambda t: t.i):
        word = _placeholder(tok) if tok.i != trigger.i else None
        if word is not None and word == prev:
            continue
        words.append(word or tok.lower_)
        prev = word
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class EventTypeModel:
    """Root head plus per-code centroids (from the same NPZ)."""

    head: SoftmaxHead
    codes: tuple[str, ...]
    centroids: np.ndarray  # (codes, 384), L2-normalised

    @property
    def version(self) -> str:
        return self.head.version

    def predict(self, X: np.ndarray) -> list[tuple[str, str, float]]:
        """(root, full code, probability of the root) per embedded phrase."""
        P = self.head.probs(X)
        sims = X @ self.centroids.T
        out = []
        for row, p in enumerate(P):
            k = int(np.argmax(p))
            root = self.head.labels[k]
            inside = [i for i, c in enumerate(self.codes) if c[:2] == root]
            code = self.codes[max(inside, key=lambda i: sims[row, i])] if inside else root + "0"
            out.append((root, code, float(p[k])))
        return out


@functools.lru_cache(maxsize=2)
def load_event_model(name: str = HEAD_FILE) -> EventTypeModel:
    """The event-type head shipped in ``eventlens/data/ml/<name>``, read once per process."""
    head = load_head(name)
    codes = tuple(str(c) for c in head.extra.get("codes", ()))
    centroids = np.asarray(head.extra.get("centroids", np.zeros((0, 384))), dtype=np.float32).reshape(len(codes), -1)
    return EventTypeModel(head=head, codes=codes, centroids=centroids)


class EventTypeRescorer:
    """Stage ``events_ml``: re-scores the CAMEO root / PLOVER type of events the lexicon coder is unsure of.

    Settings: ``below`` - events with confidence under it are re-scored (pattern matches score 0.85,
    verb-only matches 0.65); ``min_prob`` - the head's probability needed to change a root;
    ``head`` - the NPZ file under ``data/ml``.
    """

    name = "events_ml"
    requires: tuple[str, ...] = ("doc", "events")
    provides: tuple[str, ...] = ("events",)

    def __init__(self, *, below: float = 0.7, min_prob: float = 0.6, head: str = HEAD_FILE, batch_size: int = 32) -> None:
        if not 0.0 <= below <= 1.0 or not 0.0 <= min_prob <= 1.0:
            raise ConfigError(f"events_ml: below and min_prob must be between 0 and 1, got {below}, {min_prob}")
        require_ml("the events_ml stage")
        self.below = below
        self.min_prob = min_prob
        self.model = load_event_model(head)
        self.batch_size = batch_size

    def candidates(self, analysis: Analysis) -> list[tuple[Event, Any]]:
        doc = analysis.doc
        out = []
        for event in analysis.events:
            if event.confidence >= self.below or event.trigger_start is None or event.rule.startswith(_RECODED):
                continue
            span = doc.char_span(event.trigger_start, event.trigger_end or event.trigger_start + 1, alignment_mode="expand")
            if span is not None:
                out.append((event, span.root))
        return out

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            raise ConfigError("events_ml: the analysis has no spaCy parse; run segment and events first")
        todo = self.candidates(analysis)
        if not todo:
            return analysis
        phrases = [trigger_phrase(tok) for _, tok in todo]
        unique = sorted(set(phrases))
        X = load_encoder().encode(unique, batch_size=self.batch_size)
        preds = dict(zip(unique, self.model.predict(X)))
        for event, phrase in zip([e for e, _ in todo], phrases):
            root, code, prob = preds[phrase]
            if root == event.cameo[:2] or prob < self.min_prob:
                continue
            info = cameo_info(code)
            event.rule = f"{self.model.version}:{event.cameo}->{code}|{event.rule}"
            event.cameo, event.plover, event.plover_mode = code, info.plover, info.plover_mode
            event.quad_class, event.goldstein = info.quad_class, info.goldstein
            event.confidence = round(prob, 2)
        return analysis


def rescore_phrases(phrases: Sequence[str]) -> list[tuple[str, str, float]]:
    """(root, code, probability) for verb phrases, e.g. ``["froze bank accounts"]``."""
    require_ml("event-type scoring")
    return load_event_model().predict(load_encoder().encode(list(phrases)))
