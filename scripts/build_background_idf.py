#!/usr/bin/env python
"""Build the background IDF table used by the narrative departure scorer.

    python scripts/build_background_idf.py [--shared DIR] [--corpus FILE] --out src/eventlens/data/narrative/idf-v1.tsv

``--corpus`` defaults to ``data/sentiment/newsmtsc-train.jsonl`` in the reference data folder.

Every NewsMTSC ``train`` sentence (Hamborg & Donnay, EACL 2021; MIT licence,
github.com/fhamborg/NewsMTSC @ b9d9b79) counts as one background document.
Words are normalised with :func:`eventlens.narrative.cohesion.normalise`; the
table keeps ``idf = ln((N + 1) / (df + 1)) + 1`` for words seen at least twice.
Words missing from the table get the idf of a word seen once, so rare and
unseen words weigh most. Only word counts are derived; no text is shipped.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter
from pathlib import Path

from eventlens.narrative.cohesion import normalise
from eventlens.shared_data import add_shared_argument, shared_from_args

DEFAULT_CORPUS = "data/sentiment/newsmtsc-train.jsonl"
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help=f"NewsMTSC JSONL file (default: {DEFAULT_CORPUS} in the reference data folder)")
    add_shared_argument(parser)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args(argv)
    corpus = args.corpus or shared_from_args(parser, args.shared, near=Path(__file__).resolve().parent, needs=DEFAULT_CORPUS) / DEFAULT_CORPUS
    if not corpus.is_file():
        parser.exit(2, f"{parser.prog}: {corpus}: no such file\n")
    df: Counter[str] = Counter()
    n = 0
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            text = json.loads(line)["sentence_normalized"]
            n += 1
            df.update({normalise(w.lower()) for w in WORD.findall(text)})
    rows = sorted((w, c) for w, c in df.items() if c >= args.min_df and w)
    with args.out.open("w", encoding="utf-8") as out:
        out.write("# version: idf-v1\n")
        out.write(f"# documents: {n}\n")
        out.write(f"# unseen_idf: {math.log((n + 1) / 2) + 1:.4f}\n")
        out.write("# source: document frequencies of words in NewsMTSC train.jsonl sentences (Hamborg & Donnay, EACL 2021; MIT licence; "
                  "github.com/fhamborg/NewsMTSC @ b9d9b79), built by scripts/build_background_idf.py\n")
        out.write("word\tidf\n")
        for word, count in rows:
            out.write(f"{word}\t{math.log((n + 1) / (count + 1)) + 1:.3f}\n")
    print(f"wrote {args.out}: {len(rows)} words from {n} sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
