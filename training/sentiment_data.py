"""Training examples for targeted sentiment from NewsMTSC (MIT): the neutral sentence and its target spans.

The sentence is parsed with the package's spaCy model and turned into neutral text
(:func:`eventlens.encoder.masking.neutral_sentence`), exactly as the narrative stage
does at run time; each target's character span is mapped into it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from eventlens.encoder.masking import neutral_sentence
from eventlens.nlp import load_spacy

LABELS = ("negative", "neutral", "positive")
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(slots=True)
class SentimentExample:
    article: str
    text: str
    spans: list[tuple[int, int]]
    labels: list[int]


def _article(gid: str) -> str:
    """The article part of a NewsMTSC id (sentences of one article stay on one side of a split)."""
    parts = gid.split("_")
    return "_".join(parts[:3])


def read(path: Path) -> list[SentimentExample]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_spacy()
    out = []
    for record, doc in zip(records, nlp.pipe([r["sentence_normalized"] for r in records], batch_size=64)):
        neutral = neutral_sentence(doc[:])
        spans, labels = [], []
        for t in record["targets"]:
            spans.append(neutral.span(int(t["from"]), int(t["to"])))
            labels.append(LABELS.index(POLARITY[float(t["polarity"])]))
        out.append(SentimentExample(article=_article(record["primary_gid"]), text=neutral.text, spans=spans, labels=labels))
    return out


def split_dev(examples: list[SentimentExample], *, share: float = 0.1) -> tuple[list[SentimentExample], list[SentimentExample]]:
    fit, dev = [], []
    for e in examples:
        h = int(hashlib.sha256(f"dev|{e.article}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        (dev if h < share else fit).append(e)
    return fit, dev
