#!/usr/bin/env python
"""Neutrality check for the targeted-sentiment model: swap the target's name.

    python scripts/check_sentiment_name_swap.py [--shared DIR] [--data FILE]

``--data`` defaults to ``data/sentiment/newsmtsc-devtest_rw.jsonl`` in the reference data folder.

Every target mention of a NewsMTSC file is replaced by each of a few invented
person names; the sentence is parsed again and scored. Names are never
features (they become their entity type), so any label change comes from
spaCy tagging the new sentence differently. Prints, for each name, the share
of targets whose label differs from the first name's.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventlens.narrative.targeted import load_model, sentence_target_features
from eventlens.nlp import load_spacy
from eventlens.shared_data import add_shared_argument, shared_from_args

DEFAULT_DATA = "data/sentiment/newsmtsc-devtest_rw.jsonl"
NAMES = ("Maria Lopez", "Ahmed Hassan", "Wei Zhang", "John Miller")


def swapped_labels(records: list[dict], name: str) -> list[str]:
    nlp = load_spacy()
    model = load_model()
    texts, spans = [], []
    for record in records:
        for target in record["targets"]:
            sentence, a, b = record["sentence_normalized"], int(target["from"]), int(target["to"])
            texts.append(sentence[:a] + name + sentence[b:])
            spans.append((a, a + len(name)))
    labels = []
    for doc, (a, b) in zip(nlp.pipe(texts, batch_size=64), spans):
        labels.append(model.predict(sentence_target_features(doc, a, b)).label)
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help=f"NewsMTSC JSONL file (default: {DEFAULT_DATA} in the reference data folder)")
    add_shared_argument(parser)
    args = parser.parse_args(argv)
    data = args.data or shared_from_args(parser, args.shared, near=Path(__file__).resolve().parent, needs=DEFAULT_DATA) / DEFAULT_DATA
    if not data.is_file():
        parser.exit(2, f"{parser.prog}: {data}: no such file\n")
    with data.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    first = swapped_labels(records, NAMES[0])
    print(f"{load_model().version}: {len(first)} targets")
    for name in NAMES[1:]:
        other = swapped_labels(records, name)
        changed = sum(a != b for a, b in zip(first, other)) / len(first)
        print(f"{NAMES[0]} vs {name}: label differs on {changed:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
