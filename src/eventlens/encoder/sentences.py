"""One encoder pass per sentence, shared by every head that reads it.

The ``events`` stage encodes each sentence that has an actor mention (its neutral
text, :mod:`.masking`) and pools a vector for every span any later head asks
about: candidate triggers and all actor mentions. The narrative stage then reads
the same vectors (targeted sentiment, paragraph vectors for departure) and only
encodes a sentence the events stage did not. :class:`SentenceEncodings` holds them
for one analysis while the pipeline runs (``Analysis.encodings``); it is never
serialised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .masking import NeutralText
from .runtime import Encoder

Span = tuple[int, int]


@dataclass(slots=True)
class SentenceVectors:
    """A sentence's neutral text, its pooled vector, and one vector per requested document span."""

    neutral: NeutralText
    pooled: np.ndarray
    spans: dict[Span, np.ndarray] = field(default_factory=dict)
    truncated: bool = False

    def span(self, start: int, end: int) -> np.ndarray:
        """The vector of a document span that was requested when the sentence was encoded."""
        return self.spans[(start, end)]


@dataclass(slots=True)
class Request:
    """A sentence to encode: its index, its neutral text and the document spans to pool."""

    sentence: int
    neutral: NeutralText
    spans: Sequence[Span]


class SentenceEncodings:
    """The encoder outputs of one analysis's sentences, by sentence index."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.by_sentence: dict[int, SentenceVectors] = {}
        self.passes = 0  # sentences run through the encoder (each once)

    def get(self, sentence: int) -> SentenceVectors | None:
        return self.by_sentence.get(sentence)

    def ensure(self, requests: Iterable[Request]) -> None:
        """Encode the requested sentences not encoded yet (a sentence already encoded keeps its vectors;
        asking it for a span it was not encoded with is a programming error, caught by ``span``)."""
        todo = [r for r in requests if r.sentence not in self.by_sentence]
        if not todo:
            return
        spans = [[r.neutral.span(a, z) for a, z in dict.fromkeys(r.spans)] for r in todo]
        encoded = self.encoder.encode([r.neutral.text for r in todo], spans=spans)
        self.passes += len(todo)
        for r, enc in zip(todo, encoded):
            keys = list(dict.fromkeys(r.spans))
            self.by_sentence[r.sentence] = SentenceVectors(neutral=r.neutral, pooled=enc.pooled,
                                                          spans={k: enc.spans[i] for i, k in enumerate(keys)},
                                                          truncated=enc.truncated)


#: Longest sentence (in tokens) a head reads; longer ones are cut (the encoder's limit is 128 word pieces).
MAX_TOKENS = 96


def token_range(doc: object, start: int, end: int) -> tuple[int, int] | None:
    """The document token range ``[first, last)`` read for the sentence at characters ``[start, end)``
    (cut at :data:`MAX_TOKENS`); None when no token lies there."""
    span = doc.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]
    if span is None or not len(span):
        return None
    return span.start, min(span.end, span.start + MAX_TOKENS)


def sentence_request(doc: object, sentence: int, first: int, last: int, spans: Sequence[Span]) -> Request:
    """What to encode for a sentence: the neutral text of its tokens ``[first, last)`` and the spans to pool."""
    from .masking import neutral_sentence

    return Request(sentence=sentence, neutral=neutral_sentence(doc[first:last]), spans=spans)  # type: ignore[index]
