"""Event types with MiniLM: the ``events_ml`` stage (after ``events``).

It embeds a trigger's verb phrase (the verb with its particle, object and
prepositional complements; names replaced by their entity type, as in
:mod:`eventlens.ml.sentiment`) and asks a CAMEO-root softmax head
(``data/ml/events-minilm-v1.npz``, trained by ``scripts/train_ml_events.py`` on
silver phrases from the PETRARCH2 CAMEO verb dictionary, MIT) for the root; the
full code is the root's code whose centroid is nearest.

* fill (default): a verb the lexicon does not know at all, whose subject and
  object/prepositional phrase resolve to actors, becomes an event when the head is
  confident enough; the lexicon coder's own argument, modality and negation rules
  build it; ``rule`` starts with the model version, ``confidence`` is at most the
  head's probability.
* rescore (opt-in): events the coder is unsure of (verb-only matches) are re-coded
  when the head names another root; it lowered the gold figures (docs/ml.md).
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
    centroids: np.ndarray  # (codes, 384), L2-normalised phrase centroids

    @property
    def version(self) -> str:
        return self.head.version

    @property
    def uses_verb(self) -> bool:
        return self.head.meta.get("features") == "verb+phrase"

    def predict(self, phrases: Sequence[str], verbs: Sequence[str], *, batch_size: int = 32) -> list[tuple[str, str, float]]:
        """(root, full code, probability of the root) per verb phrase (``verbs``: the trigger word of each)."""
        encoder = load_encoder()
        unique = sorted(set(phrases) | (set(verbs) if self.uses_verb else set()))
        where = {text: i for i, text in enumerate(unique)}
        E = encoder.encode(unique, batch_size=batch_size)
        X_phrase = E[[where[p] for p in phrases]]
        X = np.hstack([E[[where[v] for v in verbs]], X_phrase]) if self.uses_verb else X_phrase
        P = self.head.probs(X)
        sims = X_phrase @ self.centroids.T
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
    """Stage ``events_ml``: fills events the lexicon coder missed and (optionally) re-scores unsure ones.

    Settings: ``fill`` - code verbs the lexicon does not know at all when their subject and
    object/prepositional phrase resolve to actors (the coder's own argument rules pair them);
    ``rescore`` - re-code events with confidence under ``below`` (pattern matches score 0.85,
    verb-only matches 0.65) when the head names another root (off by default: it lowered the
    gold figures, see docs/ml.md); ``min_prob`` - the head's probability needed to fill or change
    a root; ``head`` - the NPZ file under ``data/ml``.
    """

    name = "events_ml"
    requires: tuple[str, ...] = ("doc", "sentences", "actors", "events")
    provides: tuple[str, ...] = ("events",)

    def __init__(self, *, fill: bool = True, rescore: bool = False, below: float = 0.7, min_prob: float = 0.5,
                 head: str = HEAD_FILE, batch_size: int = 32) -> None:
        if not 0.0 <= below <= 1.0 or not 0.0 <= min_prob <= 1.0:
            raise ConfigError(f"events_ml: below and min_prob must be between 0 and 1, got {below}, {min_prob}")
        require_ml("the events_ml stage")
        self.fill = fill
        self.rescore = rescore
        self.below = below
        self.min_prob = min_prob
        self.model = load_event_model(head)
        self.batch_size = batch_size

    def unsure(self, analysis: Analysis) -> list[tuple[Event, Any]]:
        """Events the lexicon coder is unsure of, with their trigger tokens."""
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
        if self.rescore:
            self._rescore(analysis)
        if self.fill:
            self._fill(analysis)
        return analysis

    def _rescore(self, analysis: Analysis) -> None:
        todo = self.unsure(analysis)
        if not todo:
            return
        preds = self.model.predict([trigger_phrase(t) for _, t in todo], [t.lower_ for _, t in todo], batch_size=self.batch_size)
        for (event, _), (root, code, prob) in zip(todo, preds):
            if root == event.cameo[:2] or prob < self.min_prob:
                continue
            info = cameo_info(code)
            event.rule = f"{self.model.version}:{event.cameo}->{code}|{event.rule}"
            event.cameo, event.plover, event.plover_mode = code, info.plover, info.plover_mode
            event.quad_class, event.goldstein = info.quad_class, info.goldstein
            event.confidence = round(prob, 2)

    def _fill(self, analysis: Analysis) -> None:
        from ..events import build_coder, load_lexicon
        from ..events.tags import Coded

        lexicon = load_lexicon()
        coder = build_coder().document(analysis)  # the production coder, the one the events stage runs
        coded = {e.trigger_start for e in analysis.events}
        todo = []
        for sent in analysis.doc.sents:
            for tok in sent:
                if tok.pos_ != "VERB" or tok.idx in coded or any(lemma in lexicon.verbs for lemma in coder.lemma_of(tok)):
                    continue  # the lexicon knows this verb (as an event or as no event): its decision stands
                if not coder.subject_args(tok)[0] or not coder.target_args(tok, None)[0]:
                    continue
                todo.append((sent, tok))
        if not todo:
            return
        preds = self.model.predict([trigger_phrase(t) for _, t in todo], [t.lower_ for _, t in todo], batch_size=self.batch_size)
        added: list[Event] = []
        for (sent, tok), (root, code, prob) in zip(todo, preds):
            if prob < self.min_prob:
                continue
            c = Coded(trigger=tok, code=code, weight=1.0, match=None, args_from=tok, basis=f"{self.model.version}:fill:{tok.lower_}")
            for event in coder.events_for(c, sent, set()):
                event.confidence = round(min(event.confidence, prob), 2)
                added.append(event)
        if added:
            analysis.events = sorted(analysis.events + added, key=lambda e: (e.start, e.trigger_start or 0))


def rescore_phrases(phrases: Sequence[str], verbs: Sequence[str] | None = None) -> list[tuple[str, str, float]]:
    """(root, code, probability) for verb phrases, e.g. ``["froze bank accounts"]`` (verb = first word unless given)."""
    require_ml("event-type scoring")
    return load_event_model().predict(list(phrases), list(verbs) if verbs is not None else [p.split()[0] for p in phrases])
