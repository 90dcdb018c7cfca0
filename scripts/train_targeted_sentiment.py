#!/usr/bin/env python
"""Train eventlens's targeted-sentiment model on NewsMTSC ``train``.

    python scripts/train_targeted_sentiment.py \
        --train ../shared/data/sentiment/newsmtsc-train.jsonl \
        --out src/eventlens/data/sentiment/targeted-v2.json

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence, fhamborg/NewsMTSC @ b9d9b79)
gives news sentences with the sentiment toward a named target. The model is a
multinomial logistic regression (numpy only, full-batch Adam with L2) over the
features of :func:`eventlens.narrative.targeted.features`; the output is a
JSON file of per-feature weights with the attribution in its header. Fixed
seed; the run is deterministic on one machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from eventlens.narrative.targeted import LABELS, features
from eventlens.nlp import load_spacy

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}


def read_examples(path: Path, *, limit: int | None = None) -> list[tuple[str, int, int, int]]:
    """(sentence, char start, char end, label index) per target."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            for target in record["targets"]:
                rows.append((record["sentence_normalized"], int(target["from"]), int(target["to"]), POLARITY[float(target["polarity"])]))
            if limit and len(rows) >= limit:
                break
    return rows


def featurize(rows: list[tuple[str, int, int, int]], *, batch_size: int = 64) -> list[dict[str, float]]:
    """Parse each distinct sentence once and extract the features of every target in it."""
    nlp = load_spacy()
    sentences = list(dict.fromkeys(r[0] for r in rows))
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=batch_size)))
    out = []
    for text, a, b, _ in rows:
        doc = docs[text]
        span = doc.char_span(a, b, alignment_mode="expand") or doc[0:1]
        out.append(features(doc, span.start, max(span.end, span.start + 1), sentence=doc[:]))
    return out


def train(feats: list[dict[str, float]], labels: list[int], *, min_count: int, l2: float, epochs: int, lr: float, seed: int) -> dict[str, list[float]]:
    counts = Counter(name for f in feats for name in f)
    vocab = {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count or ":" not in n and "=" not in n))}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for name, value in f.items():
            j = vocab.get(name)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(value)
    rows_a, cols_a, vals_a = np.array(rows), np.array(cols), np.array(vals, dtype=np.float64)
    n, d = len(feats), len(vocab)
    y = np.zeros((n, 3))
    y[np.arange(n), labels] = 1.0
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.01, size=(d, 3))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2 = 0.9, 0.999
    for step in range(1, epochs + 1):
        z = np.zeros((n, 3))
        np.add.at(z, rows_a, w[cols_a] * vals_a[:, None])
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - y) / n
        grad = np.zeros_like(w)
        np.add.at(grad, cols_a, err[rows_a] * vals_a[:, None])
        grad += l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
        if step % 50 == 0:
            loss = -np.log(np.clip((p * y).sum(axis=1), 1e-12, None)).mean()
            print(f"step {step}: loss {loss:.4f}", file=sys.stderr)
    names = sorted(vocab, key=vocab.get)
    return {name: [round(float(x), 4) for x in w[vocab[name]]] for name in names if np.abs(w[vocab[name]]).max() >= 0.01}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    rows = read_examples(args.train)
    feats = featurize(rows)
    weights = train(feats, [r[3] for r in rows], min_count=args.min_count, l2=args.l2, epochs=args.epochs, lr=args.lr, seed=args.seed)
    payload: dict[str, Any] = {
        "version": args.out.stem,
        "labels": list(LABELS),
        "source": "Trained by scripts/train_targeted_sentiment.py on NewsMTSC train.jsonl "
        "(Hamborg & Donnay, EACL 2021; MIT licence; github.com/fhamborg/NewsMTSC @ b9d9b79). "
        "Word valences from the VADER lexicon (vaderSentiment, MIT).",
        "licence": "MIT (derived from NewsMTSC, MIT)",
        "settings": {"min_count": args.min_count, "l2": args.l2, "epochs": args.epochs, "lr": args.lr, "seed": args.seed, "examples": len(rows)},
        "weights": weights,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} features from {len(rows)} examples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
