"""Targeted sentiment from the shared encoder: the tone of a sentence toward one actor mention.

The encoder (fine-tuned with the event coder, :mod:`eventlens.encoder`) reads each
sentence once, as neutral text (names replaced by their kind, so no actor's name
carries a stance); the ``sentiment`` head of the model reads the mention's vector
and the sentence's vector and gives negative / neutral / positive probabilities.
A sentence the ``events`` stage already encoded is not encoded again
(``Analysis.encodings``). Trained on NewsMTSC ``train`` only (MIT) by
``training/train_encoder.py``; figures in docs/narrative.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..encoder.models import DEFAULT_MODEL, load_encoder, model_heads
from ..encoder.sentences import SentenceEncodings, sentence_request, token_range
from ..model import ActorMention, Analysis
from .targeted import LABELS, TargetSentiment



class EncoderSentiment:
    """Sentiment toward actor mentions, many at a time, from one model's ``sentiment`` head."""

    def __init__(self, *, model: str = DEFAULT_MODEL, threads: int | None = None) -> None:
        self.model, self.threads = model, threads

    @property
    def version(self) -> str:
        return model_heads(self.model).version

    def _encodings(self, analysis: Analysis) -> SentenceEncodings:
        encoder = load_encoder(self.model, threads=self.threads)
        if analysis.encodings is None or analysis.encodings.encoder is not encoder:
            analysis.encodings = SentenceEncodings(encoder)
        return analysis.encodings

    def score(self, analysis: Analysis, mentions: Sequence[ActorMention]) -> list[TargetSentiment]:
        """One result per mention (in order); a mention outside any readable sentence is neutral."""
        head = model_heads(self.model)["sentiment"]
        if tuple(head.labels) != LABELS:
            raise ValueError(f"model {self.model}: sentiment labels {head.labels} differ from {LABELS}")
        encodings = self._encodings(analysis)
        encodings.ensure(self._requests(analysis, mentions))
        rows, where = [], []
        for k, m in enumerate(mentions):
            got = encodings.get(_sentence(analysis, m))
            if got is not None and (m.start, m.end) in got.spans:
                rows.append(np.concatenate([got.span(m.start, m.end), got.pooled]))
                where.append(k)
        out = [TargetSentiment(label="neutral", score=0.0, probs=(0.0, 1.0, 0.0), rule=self.version) for _ in mentions]
        if rows:
            for k, p in zip(where, head.probs(np.stack(rows))):
                probs = (float(p[0]), float(p[1]), float(p[2]))
                out[k] = TargetSentiment(label=LABELS[int(np.argmax(p))], score=round(probs[2] - probs[0], 4), probs=probs, rule=self.version)
        return out

    @staticmethod
    def _requests(analysis: Analysis, mentions: Sequence[ActorMention]) -> list[Any]:
        """Sentences to encode (those not encoded yet), each with every actor mention in it."""
        doc = analysis.doc
        encoded = analysis.encodings.by_sentence if analysis.encodings is not None else {}
        wanted = sorted({_sentence(analysis, m) for m in mentions} - set(encoded))
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for m in analysis.actors:
            if _sentence(analysis, m) in wanted:
                by_sentence.setdefault(_sentence(analysis, m), []).append((m.start, m.end))
        requests = []
        for index in wanted:
            sentence = analysis.sentences[index]
            read = token_range(doc, sentence.start, sentence.end)
            if read is not None:
                requests.append(sentence_request(doc, index, read[0], read[1], by_sentence.get(index, [])))
        return requests


def _sentence(analysis: Analysis, mention: ActorMention) -> int:
    return mention.sentence if mention.sentence is not None else analysis.sentence_of(mention.start)
