#!/usr/bin/env python
"""Pseudo-label named targets in unlabelled news with the [ml] MiniLM sentiment head (distillation data).

    python training/build_pseudo_sentiment.py \
        --articles ../shared/data/geoparsing/GWN.xml ../shared/data/geoparsing/TR-News.xml \
        --train ../shared/data/sentiment/newsmtsc-train.jsonl \
        --out /tmp/eventlens-pseudo/pseudo-sentiment.jsonl

Training time only (needs the ``[ml]`` extra). From the article texts it takes
sentences of 6-60 tokens that name a person, organisation, country or group
(spaCy entities PERSON/ORG/GPE/NORP, as NewsMTSC targets are names) and picks at
most ``--per-sentence`` targets per sentence (fixed seed). Each target gets the teacher's
probabilities twice over:

- ``probs``: from the shipped head ``sentiment-minilm-v1.npz`` (trained on all
  of NewsMTSC ``train``), used to fit the shipped base model;
- ``fold_probs[k]``: from a head refitted (same settings) on ``train`` without
  cross-validation fold ``k`` (folds by article, as the trainer's ``--cv``), so
  that cross-validating the student never sees a teacher that learnt the
  held-out fold.

It also writes ``<out>.train.npz`` with the same teacher probabilities for
every target of ``train`` itself (``probs``, ``fold_probs``), for soft
gold/teacher blends. The output holds article text (GWN and TR-News: GPL-3.0),
so it stays outside the repository (default ``/tmp``); only numeric weights
derived from it are shipped. The devtest files are never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_targeted_sentiment import (  # the trainer's labels and folds (by article), so --cv folds match
    POLARITY,
    fold_of,
)

from eventlens.encoder.heads import fit_softmax, load_head
from eventlens.narrative.targeted_encoder import HEAD_FILE, featurize, mask_target
from eventlens.nlp import load_spacy

TARGET_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def article_texts(paths: list[Path]) -> list[tuple[str, str]]:
    """(source name, text) of every ``<article><text>`` in the XML files."""
    out = []
    for path in paths:
        for node in ET.parse(path).getroot().iter("article"):
            text = (node.findtext("text") or "").strip()
            if text:
                out.append((path.stem, text))
    return out


def candidates(texts: list[tuple[str, str]], *, seed: int, limit: int, per_sentence: int) -> list[dict]:
    """Up to ``per_sentence`` named targets per sentence: ``{source, sentence, from, to, type}`` (offsets within the sentence)."""
    nlp = load_spacy()
    rng = np.random.default_rng(seed)
    out = []
    for (source, _), doc in zip(texts, nlp.pipe([t for _, t in texts], batch_size=16)):
        for sent in doc.sents:
            if not 6 <= len(sent) <= 60 or "\n" in sent.text.strip():
                continue
            ents = [e for e in sent.ents if e.label_ in TARGET_TYPES]
            if not ents:
                continue
            base = sent.start_char
            picks = [int(rng.integers(len(ents)))] if per_sentence == 1 else sorted(int(i) for i in rng.permutation(len(ents))[:per_sentence])
            for i in picks:
                e = ents[i]
                out.append({"source": source, "sentence": sent.text, "from": e.start_char - base, "to": e.end_char - base, "type": e.label_})
    order = rng.permutation(len(out))[:limit]
    return [out[i] for i in sorted(order)]


def embed(items: list, cache: Path) -> np.ndarray:
    if cache.is_file():
        return np.load(cache)["X"]
    X = featurize(items)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, X=X)
    return X


def train_items(path: Path) -> tuple[list, np.ndarray, list[str]]:
    """Masked items, labels and gids for every target of ``train`` (the order of the trainer and the ML head script)."""
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    nlp = load_spacy()
    items, labels, gids = [], [], []
    for rec, doc in zip(records, nlp.pipe([r["sentence_normalized"] for r in records], batch_size=64)):
        for t in rec["targets"]:
            items.append(mask_target(doc[:], int(t["from"]), int(t["to"])))
            labels.append(POLARITY[float(t["polarity"])])
            gids.append(str(rec.get("primary_gid", "")))
    return items, np.array(labels), gids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, nargs="+", required=True)
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/eventlens-ml-cache"))
    ap.add_argument("--limit", type=int, default=12000, help="at most this many pseudo-labelled targets")
    ap.add_argument("--per-sentence", type=int, default=1, help="at most this many targets per sentence")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    began = time.time()
    head = load_head(HEAD_FILE)
    settings = head.meta["settings"]

    # teacher heads: all of train (shipped) and one per fold without it
    t_items, y, gids = train_items(args.train)
    key = hashlib.sha1(args.train.read_bytes()).hexdigest()[:12]
    Xt = embed(t_items, args.cache / f"sentiment-{key}.npz")
    fold = np.array([fold_of(g, args.folds) for g in gids])
    heads = []
    for k in range(args.folds):
        keep = fold != k
        cw = None
        if settings.get("class_weight") == "balanced":
            c = np.bincount(y[keep], minlength=3)
            cw = c.sum() / (3.0 * c)
        heads.append(fit_softmax(Xt[keep], y[keep], n_classes=3, l2=float(settings["l2"]), class_weight=cw))

    def fold_probs(X: np.ndarray) -> np.ndarray:
        out = []
        for W, b in heads:
            z = X @ W + b
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            out.append(e / e.sum(axis=1, keepdims=True))
        return np.stack(out, axis=1)  # (n, folds, 3)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out.with_suffix(".train.npz"), probs=head.probs(Xt), fold_probs=fold_probs(Xt), labels=y)
    print(f"teacher heads ready ({time.time() - began:.0f}s)", file=sys.stderr)

    texts = article_texts(args.articles)
    cands = candidates(texts, seed=args.seed, limit=args.limit, per_sentence=args.per_sentence)
    print(f"{len(texts)} articles -> {len(cands)} targets ({time.time() - began:.0f}s)", file=sys.stderr)
    nlp = load_spacy()
    items = [mask_target(doc[:], c["from"], c["to"]) for c, doc in zip(cands, nlp.pipe([c["sentence"] for c in cands], batch_size=64))]
    ckey = hashlib.sha1(json.dumps([(c["sentence"], c["from"], c["to"]) for c in cands]).encode("utf-8")).hexdigest()[:12]
    X = embed(items, args.cache / f"pseudo-{ckey}.npz")
    P, FP = head.probs(X), fold_probs(X)
    with args.out.open("w", encoding="utf-8") as handle:
        for c, p, fp in zip(cands, P, FP):
            target = {"from": c["from"], "to": c["to"], "type": c["type"], "probs": [round(float(v), 4) for v in p],
                      "fold_probs": [[round(float(v), 4) for v in row] for row in fp]}
            handle.write(json.dumps({"source": c["source"], "sentence_normalized": c["sentence"], "targets": [target]}, ensure_ascii=False) + "\n")
    dist = np.bincount(P.argmax(axis=1), minlength=3) / max(1, len(P))
    print(f"wrote {args.out}: {len(cands)} targets, teacher label shares neg/neu/pos {np.round(dist, 3).tolist()} ({time.time() - began:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
