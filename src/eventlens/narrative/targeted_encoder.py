"""Targeted sentiment with MiniLM: a logistic-regression head over masked-sentence embeddings.

For a target mention in a sentence, every name in the sentence (people, groups,
organisations, places, other proper nouns: the target too) is replaced by a word
for its entity type ("person", "country", ...), so that no actor's identity can
carry a stance. MiniLM then embeds the masked sentence (mean pooling) and the
target's placeholder in context (the mean of its token states); the two vectors,
concatenated, go into a 3-class softmax head (``data/ml/sentiment-minilm-v1.npz``)
trained by ``training/train_ml_sentiment.py`` on NewsMTSC ``train`` (MIT).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..encoder.heads import SoftmaxHead, load_head
from ..encoder.models import embed, require
from .targeted import LABELS, TargetSentiment

HEAD_FILE = "sentiment-minilm-v1.npz"
_NAMED = {"PERSON": "person", "NORP": "group", "ORG": "organization", "GPE": "country", "LOC": "place", "FAC": "building"}


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    start: int  # the target's placeholder in ``text``
    end: int


def _placeholder(tok: Any) -> str | None:
    if tok.is_punct or tok.is_space:
        return None
    if tok.ent_type_ in _NAMED:
        return _NAMED[tok.ent_type_]
    if tok.pos_ == "PROPN" and not tok.ent_type_:
        return "name"  # a proper noun the recogniser missed (dates and numbers keep their words)
    return None


def mask_target(sentence: Any, start: int, end: int) -> Masked:
    """The sentence (a spaCy span) with names replaced by their type; ``start``/``end`` are the
    target's character offsets in the document. A run of tokens of one name becomes one word."""
    pieces: list[str] = []
    t_start = t_end = -1
    prev: tuple[str, bool] | None = None  # (placeholder, in target) of the previous token
    for tok in sentence:
        in_target = tok.idx < end and start < tok.idx + len(tok.text)
        word = _placeholder(tok)
        key = (word, in_target) if word is not None else None
        if key is not None and key == prev and (in_target or tok.ent_iob_ != "B"):
            # the rest of the same name: keep one placeholder, take this token's trailing space
            if pieces and pieces[-1] == " ":
                pieces.pop()
            if tok.whitespace_:
                pieces.append(" ")
            continue
        length = sum(len(p) for p in pieces)
        text = word if word is not None else tok.text
        if in_target and t_start < 0:
            t_start = length
        pieces.append(text)
        if in_target:
            t_end = length + len(text)
        if tok.whitespace_:
            pieces.append(" ")
        prev = key
    masked = "".join(pieces)
    if t_start < 0:
        t_start, t_end = 0, 0
    return Masked(masked, t_start, t_end)


def featurize(items: Sequence[Masked], *, batch_size: int = 32) -> np.ndarray:
    """``[sentence embedding | target-in-context embedding]`` per masked item, shape ``(n, 768)``."""
    require("encoder targeted sentiment")
    sent, span = embed([m.text for m in items], spans=[(m.start, m.end) for m in items], batch_size=batch_size)
    return np.hstack([sent, span]).astype(np.float32)


class MLTargetedSentiment:
    """Sentiment toward targets, many at a time: ``predict([(sentence_span, start_char, end_char), ...])``."""

    def __init__(self, *, head: str = HEAD_FILE, batch_size: int = 32) -> None:
        require("encoder targeted sentiment")
        self.head: SoftmaxHead = load_head(head)
        if tuple(self.head.labels) != LABELS:
            raise ValueError(f"{head}: labels {self.head.labels} differ from {LABELS}")
        self.batch_size = batch_size

    @property
    def version(self) -> str:
        return self.head.version

    def predict(self, targets: Sequence[tuple[Any, int, int]]) -> list[TargetSentiment]:
        if not targets:
            return []
        X = featurize([mask_target(s, a, z) for s, a, z in targets], batch_size=self.batch_size)
        out = []
        for p in self.head.probs(X):
            probs = (float(p[0]), float(p[1]), float(p[2]))
            out.append(TargetSentiment(label=LABELS[int(np.argmax(p))], score=round(probs[2] - probs[0], 4), probs=probs, rule=self.version))
        return out


def score_spans(doc: Any, spans: Sequence[tuple[int, int]], *, model: MLTargetedSentiment | None = None) -> list[TargetSentiment]:
    """Sentiment toward each character span of a parsed document, within its sentence (one batch).

    The hook for the narrative stage: ``score_spans(analysis.doc, [(m.start, m.end) for m in mentions])``."""
    model = model or MLTargetedSentiment()
    targets = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        sentence = span.sent if span is not None and len(span) else doc[:]
        targets.append((sentence, start, end))
    return model.predict(targets)
