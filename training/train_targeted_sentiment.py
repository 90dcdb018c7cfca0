#!/usr/bin/env python
"""Train eventlens's targeted-sentiment model on NewsMTSC ``train``.

    python training/train_targeted_sentiment.py \
        --train ../shared/data/sentiment/newsmtsc-train.jsonl \
        --pseudo /tmp/eventlens-pseudo/pseudo-sentiment.jsonl --pseudo-weight 1.0 --teacher-blend 0.3 \
        --out src/eventlens/data/sentiment/targeted-v4.json --cv 5

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence, fhamborg/NewsMTSC @ b9d9b79)
gives news sentences with the sentiment toward a named target. The model is
linear (numpy only, full-batch Adam with L2) over the features of
:func:`eventlens.narrative.targeted.features`, an even blend of two fits:

- a multinomial logistic regression (``--l2``);
- NB-weighted one-vs-rest logistic regressions (Wang & Manning 2012,
  "NBSVM"): each indicator feature is scaled by its naive-Bayes log-count
  ratio for the class before a binary fit (``--nb-l2``, ``--nb-alpha``).

Both are linear in the features, so the blend is one table of per-feature
weights (three per feature), written as JSON with the attribution in its
header. Since ``targeted-v4`` the n-gram features (``targeted.NGRAM_PREFIXES``)
are a second model of the same recipe, fitted apart on the gold labels only and
added with weight ``--ngram-blend`` (0.2): still one table.
Settings were chosen by 5-fold cross-validation on ``train`` split by
article (``--cv 5`` prints it); the devtest files were not used. Fixed seed;
the run is deterministic on one machine.

Distillation (docs/narrative.md): ``--pseudo FILE`` adds
targets labelled by the ``[ml]`` MiniLM head (written by
``training/build_pseudo_sentiment.py``) as soft targets of weight
``--pseudo-weight``; ``--teacher-blend A`` mixes each gold label with the
head's probabilities. In ``--cv`` both use the head refitted without the
held-out fold. Without these options the fit is exactly the one above.
``targeted-v4`` is distilled (command above; the pseudo-labelled file is built
by ``training/build_pseudo_sentiment.py`` with the ``[ml]`` extra, see
docs/narrative.md); distillation reaches the main part only.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from eventlens.narrative.targeted import (
    LABELS,
    sentence_target_features,
    split_features,
)
from eventlens.nlp import load_spacy

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
DISTILL_SOURCE = (
    " Distillation: extra targets are named entities in sentences of the GeoWebNews (GWN.xml, Gritta et al. 2019) and"
    " TR-News (Kamalloo & Rafiei 2018) article texts (GPL-3.0), labelled by the eventlens [ml] MiniLM head"
    " (sentiment-minilm-v1, itself trained on NewsMTSC train; all-MiniLM-L6-v2, Apache-2.0) with"
    " training/build_pseudo_sentiment.py; that text was used only to derive these numeric weights and is not included."
)
DISTILL_LICENCE = "; GWN/TR-News text (GPL-3.0) used only to derive numeric weights, none of it included"


def read_examples(path: Path, *, limit: int | None = None) -> list[tuple[str, int, int, int, str]]:
    """(sentence, char start, char end, label index, gid) per target."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            for target in record["targets"]:
                rows.append((record["sentence_normalized"], int(target["from"]), int(target["to"]), POLARITY[float(target["polarity"])], str(record.get("primary_gid", ""))))
            if limit and len(rows) >= limit:
                break
    return rows


def featurize(rows: list[tuple[str, int, int, int, str]], *, batch_size: int = 64) -> list[dict[str, float]]:
    """Parse each distinct sentence once and extract the features of every target in it."""
    nlp = load_spacy()
    sentences = list(dict.fromkeys(r[0] for r in rows))
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=batch_size)))
    return [sentence_target_features(docs[text], a, b) for text, a, b, *_ in rows]


Sparse = tuple[np.ndarray, np.ndarray, np.ndarray]  # (row, column, value) of each non-zero


def make_vocab(feats: list[dict[str, float]], *, min_count: int) -> dict[str, int]:
    """Feature name -> column: indicators seen at least ``min_count`` times, every real-valued feature."""
    counts = Counter(name for f in feats for name in f)
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count or ":" not in n and "=" not in n))}


def to_sparse(feats: list[dict[str, float]], vocab: dict[str, int]) -> Sparse:
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for name, value in f.items():
            j = vocab.get(name)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(value)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=np.float64)


def scores(x: Sparse, w: np.ndarray, n: int) -> np.ndarray:
    """``X @ w`` for the sparse ``X`` with ``n`` rows."""
    rows, cols, vals = x
    contrib = w[cols] * vals[:, None]
    return np.stack([np.bincount(rows, weights=contrib[:, k], minlength=n) for k in range(w.shape[1])], axis=1)


def fit_softmax(x: Sparse, targets: np.ndarray, d: int, *, l2: float, epochs: int, lr: float, seed: int, weight: np.ndarray | None = None) -> np.ndarray:
    """Multinomial logistic regression (full-batch Adam, L2) on (soft) target rows ``(n, classes)``, optionally
    weighted per example (the loss is the weighted mean); weights ``(d, classes)``."""
    rows, cols, vals = x
    n, classes = targets.shape
    y = targets
    sw = np.ones(n) if weight is None else np.asarray(weight, dtype=np.float64)
    sw = sw / sw.sum()
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.01, size=(d, classes))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2 = 0.9, 0.999
    for step in range(1, epochs + 1):
        z = scores(x, w, n)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - y) * sw[:, None]
        grad = np.stack([np.bincount(cols, weights=err[rows, k] * vals, minlength=d) for k in range(classes)], axis=1)
        grad += l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
        if step % 100 == 0:
            loss = -(sw * (y * np.log(np.clip(p, 1e-12, None))).sum(axis=1)).sum()
            print(f"  step {step}: loss {loss:.4f}", file=sys.stderr)
    return w


def one_hot(labels: list[int] | np.ndarray, classes: int = 3) -> np.ndarray:
    y = np.zeros((len(labels), classes))
    y[np.arange(len(labels)), np.asarray(labels, dtype=np.int64)] = 1.0
    return y


def as_targets(targets: list[int] | np.ndarray) -> np.ndarray:
    """Label rows ``(n, 3)``: class indices become one-hot rows; rows of probabilities stay as they are."""
    t = np.asarray(targets)
    return one_hot(t) if t.ndim == 1 else t.astype(np.float64)


def nb_ratios(x: Sparse, targets: np.ndarray, d: int, indicator: np.ndarray, *, alpha: float, weight: np.ndarray | None = None) -> np.ndarray:
    """Per-class naive-Bayes log-count ratios of feature presence (one class vs the rest; soft, weighted counts);
    1.0 for real-valued features."""
    rows, cols, vals = x
    targets = as_targets(targets)
    weight = np.ones(len(targets)) if weight is None else np.asarray(weight, dtype=np.float64)
    present = (vals != 0).astype(np.float64) * weight[rows]
    ratios = np.ones((d, len(LABELS)))
    for c in range(len(LABELS)):
        inside = np.bincount(cols, weights=present * targets[rows, c], minlength=d) + alpha
        outside = np.bincount(cols, weights=present * (1.0 - targets[rows, c]), minlength=d) + alpha
        r = np.log(inside / inside.sum()) - np.log(outside / outside.sum())
        ratios[:, c] = np.where(indicator, r, 1.0)
    return ratios


def fit(feats: list[dict[str, float]], targets: list[int] | np.ndarray, vocab: dict[str, int], *, l2: float, nb_l2: float, nb_alpha: float, mix: float, epochs: int, lr: float, seed: int, weight: np.ndarray | None = None) -> np.ndarray:
    """The blended weights ``(d, 3)``: ``(1 - mix) * multinomial + mix / 2 * NB one-vs-rest margins``.

    ``targets``: class indices, or label rows ``(n, 3)`` (one-hot gold labels or soft teacher probabilities)."""
    x = to_sparse(feats, vocab)
    y = as_targets(targets)
    sw = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    d = len(vocab)
    print("multinomial fit", file=sys.stderr)
    w = fit_softmax(x, y, d, l2=l2, epochs=epochs, lr=lr, seed=seed, weight=sw)
    if mix <= 0:
        return w
    names = sorted(vocab, key=vocab.get)
    indicator = np.array(["=" in name for name in names])
    ratios = nb_ratios(x, y, d, indicator, alpha=nb_alpha, weight=sw)
    margins = np.zeros((d, 3))
    rows, cols, vals = x
    for c in range(3):
        print(f"NB one-vs-rest fit: {LABELS[c]}", file=sys.stderr)
        scaled = (rows, cols, vals * ratios[cols, c])
        binary = np.stack([1.0 - y[:, c], y[:, c]], axis=1)
        wc = fit_softmax(scaled, binary, d, l2=nb_l2, epochs=epochs, lr=lr, seed=seed, weight=sw)
        margins[:, c] = ratios[:, c] * (wc[:, 1] - wc[:, 0])
    return (1.0 - mix) * w + (mix / 2.0) * margins


def fit_parts(feats: list[dict[str, float]], targets: list[int] | np.ndarray, *, weight: np.ndarray | None, min_count: int, ngram_blend: float,
              gold: tuple[list[dict[str, float]], np.ndarray] | None = None, **settings: Any) -> tuple[dict[str, int], np.ndarray]:
    """(vocabulary, weights): the main features and the n-gram features (``targeted.NGRAM_PREFIXES``) fitted as two
    separate models (same recipe), blended as ``main + ngram_blend * ngram``; both linear, so one weight table.
    The n-gram part learns from ``gold`` (features, labels: the gold targets only, no teacher) when given, else from
    the same data as the main part. With ``ngram_blend`` 0 all features go into one fit."""
    if ngram_blend <= 0:
        vocab = make_vocab(feats, min_count=min_count)
        return vocab, fit(feats, targets, vocab, weight=weight, **settings)
    main = [split_features(f)[0] for f in feats]
    ngram_feats, ngram_targets, ngram_weight = (feats, targets, weight) if gold is None else (gold[0], gold[1], None)
    ngram = [split_features(f)[1] for f in ngram_feats]
    vocab_m = make_vocab(main, min_count=min_count)
    vocab_g = make_vocab(ngram, min_count=min_count)
    print("main part", file=sys.stderr)
    w_m = fit(main, targets, vocab_m, weight=weight, **settings)
    print("n-gram part", file=sys.stderr)
    w_g = fit(ngram, ngram_targets, vocab_g, weight=ngram_weight, **settings)
    vocab = dict(vocab_m)
    for name in vocab_g:
        vocab.setdefault(name, len(vocab))
    w = np.zeros((len(vocab), w_m.shape[1]))
    w[: len(vocab_m)] = w_m
    for name, j in vocab_g.items():
        w[vocab[name]] += ngram_blend * w_g[j]
    return vocab, w


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for c in range(3):
        tp = float(np.sum((gold == c) & (pred == c)))
        fp = float(np.sum((gold != c) & (pred == c)))
        fn = float(np.sum((gold == c) & (pred != c)))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 3


def fold_of(gid: str, folds: int) -> int:
    """Cross-validation fold of an example: by article (the first three fields of its NewsMTSC gid)."""
    return zlib.crc32("_".join(gid.split("_")[:3]).encode("utf-8")) % folds


class Extra(NamedTuple):
    """Teacher-labelled data for distillation: pseudo-labelled targets and teacher probabilities for ``train``."""

    feats: list[dict[str, float]]  # features of the pseudo-labelled targets
    probs: np.ndarray  # (m, 3): the teacher trained on all of train
    fold_probs: np.ndarray  # (m, folds, 3): the teacher trained without fold k
    train_probs: np.ndarray | None  # (n, 3) teacher probabilities for the train targets (or None)
    train_fold_probs: np.ndarray | None  # (n, folds, 3)


def training_set(feats: list[dict[str, float]], labels: np.ndarray, extra: Extra | None, fold: int | None, *, pseudo_weight: float, pseudo_min_conf: float, pseudo_hard: bool, teacher_blend: float) -> tuple[list[dict[str, float]], np.ndarray, np.ndarray]:
    """(features, target rows, example weights): gold one-hot rows (blended with the teacher by ``teacher_blend``),
    then the pseudo-labelled targets at weight ``pseudo_weight`` (kept if the teacher's top probability >= ``pseudo_min_conf``).

    ``fold`` picks the teachers that did not see that cross-validation fold (``None``: the teacher of all of train)."""
    y = one_hot(labels)
    weight = np.ones(len(y))
    if extra is None:
        return feats, y, weight
    if teacher_blend > 0 and extra.train_probs is not None:
        teacher = extra.train_probs if fold is None else extra.train_fold_probs[:, fold]
        y = (1.0 - teacher_blend) * y + teacher_blend * teacher
    if pseudo_weight <= 0 or not extra.feats:
        return feats, y, weight
    p = extra.probs if fold is None else extra.fold_probs[:, fold]
    keep = p.max(axis=1) >= pseudo_min_conf
    p = p[keep]
    if pseudo_hard:
        p = one_hot(p.argmax(axis=1))
    more = [f for f, k in zip(extra.feats, keep) if k]
    return feats + more, np.vstack([y, p]), np.concatenate([weight, np.full(len(more), pseudo_weight)])


def cross_validate(feats: list[dict[str, float]], labels: list[int], gids: list[str], *, folds: int, min_count: int, extra: Extra | None = None, data: dict[str, Any] | None = None, **settings: Any) -> list[float]:
    """Macro F1 on each held-out fold of ``train`` (split by article); pseudo-labelled data only in the training part,
    labelled by a teacher that did not see the held-out fold."""
    y = np.asarray(labels)
    out = []
    for k in range(folds):
        held = np.array([fold_of(g, folds) == k for g in gids])
        sub = extra
        if extra is not None and extra.train_probs is not None:
            sub = extra._replace(train_probs=extra.train_probs[~held], train_fold_probs=extra.train_fold_probs[~held])
        gold = ([f for f, h in zip(feats, held) if not h], y[~held])
        train_feats, targets, weight = training_set(gold[0], gold[1], sub, k, **(data or {}))
        vocab, w = fit_parts(train_feats, targets, weight=weight, min_count=min_count, gold=gold, **settings)
        test = to_sparse([f for f, h in zip(feats, held) if h], vocab)
        pred = scores(test, w, int(held.sum())).argmax(axis=1)
        out.append(round(macro_f1(y[held], pred), 4))
        print(f"fold {k}: F1 macro {out[-1]}", file=sys.stderr)
    return out


def read_extra(pseudo: Path | None, *, folds: int) -> Extra | None:
    """The output of ``training/build_pseudo_sentiment.py`` (``pseudo`` and ``<pseudo>.train.npz``), featurized."""
    if pseudo is None:
        return None
    rows, probs, fold_probs = [], [], []
    with pseudo.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for t in record["targets"]:
                rows.append((record["sentence_normalized"], int(t["from"]), int(t["to"]), -1, "pseudo"))
                probs.append(t["probs"])
                fold_probs.append(t["fold_probs"])
    fp = np.asarray(fold_probs, dtype=np.float64)
    if fp.shape[1] != folds:
        raise SystemExit(f"{pseudo}: teacher probabilities for {fp.shape[1]} folds, --cv asks for {folds}")
    train = pseudo.with_suffix(".train.npz")
    tp = tfp = None
    if train.is_file():
        with np.load(train) as data:
            tp, tfp = data["probs"].astype(np.float64), data["fold_probs"].astype(np.float64)
    return Extra(featurize(rows), np.asarray(probs, dtype=np.float64), fp, tp, tfp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--l2", type=float, default=2e-3, help="L2 of the multinomial fit")
    parser.add_argument("--nb-l2", type=float, default=1e-3, help="L2 of the NB-weighted one-vs-rest fits")
    parser.add_argument("--nb-alpha", type=float, default=1.0, help="add-alpha smoothing of the NB log-count ratios")
    parser.add_argument("--mix", type=float, default=0.8, help="weight of the NB one-vs-rest part (0 = multinomial only)")
    parser.add_argument("--ngram-blend", type=float, default=0.2, help="weight of the separately fitted n-gram part (0 = one fit of all features)")
    parser.add_argument("--cv", type=int, default=0, help="also print K-fold cross-validated F1 macro on train (by article)")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--pseudo", type=Path, help="teacher-labelled targets from training/build_pseudo_sentiment.py (distillation)")
    parser.add_argument("--pseudo-weight", type=float, default=0.5, help="example weight of a pseudo-labelled target (gold: 1)")
    parser.add_argument("--pseudo-min-conf", type=float, default=0.0, help="keep pseudo targets whose top teacher probability is at least this")
    parser.add_argument("--pseudo-hard", action="store_true", help="train on the teacher's top label instead of its probabilities")
    parser.add_argument("--teacher-blend", type=float, default=0.0, help="blend gold train labels with the teacher's probabilities (0 = gold only)")
    args = parser.parse_args(argv)
    rows = read_examples(args.train)
    feats = featurize(rows)
    labels = [r[3] for r in rows]
    settings = {"l2": args.l2, "nb_l2": args.nb_l2, "nb_alpha": args.nb_alpha, "mix": args.mix, "epochs": args.epochs, "lr": args.lr, "seed": args.seed,
                "ngram_blend": args.ngram_blend}
    data = {"pseudo_weight": args.pseudo_weight, "pseudo_min_conf": args.pseudo_min_conf, "pseudo_hard": args.pseudo_hard, "teacher_blend": args.teacher_blend}
    extra = read_extra(args.pseudo, folds=max(args.cv, 5))
    if args.teacher_blend > 0 and (extra is None or extra.train_probs is None):
        parser.error("--teacher-blend needs --pseudo FILE with FILE.train.npz beside it (training/build_pseudo_sentiment.py writes both)")
    if extra is not None and extra.train_probs is not None and len(extra.train_probs) != len(rows):
        parser.error(f"{args.pseudo.with_suffix('.train.npz')}: teacher probabilities for {len(extra.train_probs)} targets, --train has {len(rows)}")
    cv: list[float] = []
    if args.cv > 1:
        cv = cross_validate(feats, labels, [r[4] for r in rows], folds=args.cv, min_count=args.min_count, extra=extra, data=data, **settings)
        print(f"{args.cv}-fold CV on train: F1 macro {np.mean(cv):.4f} ({cv})")
    all_feats, targets, weight = training_set(feats, np.asarray(labels), extra, None, **data)
    vocab, w = fit_parts(all_feats, targets, weight=weight, min_count=args.min_count, gold=(feats, np.asarray(labels)), **settings)
    names = sorted(vocab, key=vocab.get)
    weights = {name: [round(float(x), 4) for x in w[vocab[name]]] for name in names if np.abs(w[vocab[name]]).max() >= 0.01}
    payload: dict[str, Any] = {
        "version": args.out.stem,
        "labels": list(LABELS),
        "source": "Trained by training/train_targeted_sentiment.py on NewsMTSC train.jsonl "
        "(Hamborg & Donnay, EACL 2021; MIT licence; github.com/fhamborg/NewsMTSC @ b9d9b79). "
        "Word valences from the VADER lexicon (vaderSentiment, MIT) and word polarity/subjectivity from "
        "data/sentiment/pattern-polarity-v1.tsv (pattern en-sentiment lexicon 1.3, De Smedt & Daelemans, PDDL; via TextBlob, MIT)."
        + (DISTILL_SOURCE if extra is not None else ""),
        "licence": "MIT (derived from NewsMTSC, MIT)" + (DISTILL_LICENCE if extra is not None else ""),
        "method": "blend of a multinomial logistic regression and NB-weighted one-vs-rest logistic regressions (NBSVM-style), one linear weight table"
        + (f"; the n-gram features (bigrams, trigrams, character 4-grams) fitted apart on the gold labels and added x {args.ngram_blend}"
           if args.ngram_blend > 0 else "")
        + (", main part distilled from the [ml] MiniLM head (its probabilities as soft targets)" if extra is not None else ""),
        "settings": {"min_count": args.min_count, **settings, "examples": len(rows),
                     **({**data, "pseudo_examples": len(extra.feats)} if extra is not None else {})},
        "cv_f1_macro": cv,
        "weights": weights,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} features from {len(rows)} examples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
