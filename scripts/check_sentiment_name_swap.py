#!/usr/bin/env python
"""Neutrality check for the targeted-sentiment model: swap the target's name.

    python scripts/check_sentiment_name_swap.py --data ../shared/data/sentiment/newsmtsc-devtest_rw.jsonl

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
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args(argv)
    with args.data.open(encoding="utf-8") as handle:
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
