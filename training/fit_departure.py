#!/usr/bin/env python
"""Fit the narrative-departure model (block model + standout stage) on splice benchmarks built with TRAINING seeds.

    for s in 3 5 7 9 11 13 15 17 19 21; do
        python scripts/build_splice_benchmark.py --seed $s --hosts even --out /tmp/splice$s-even.jsonl; done
    python training/fit_departure.py --data /tmp/splice{3,5,7,9,11,13,15,17,19,21}-even.jsonl \
        --base departure-v4.json --out src/eventlens/data/narrative/departure-v4.json [--cache /tmp]

Every benchmark document goes through the default pipeline (without the
narrative stage itself); every candidate block of 1-3 paragraphs becomes one
example whose target is its Jaccard overlap with the inserted paragraphs
(``--labels overlap``; ``exact``: 1 only for the inserted block). A
logistic regression (numpy, Newton steps, L2) gives one weight per feature of
:data:`eventlens.narrative.departure.FEATURES` (the block model). The
standout stage (``--one-stage`` leaves it out) is a second logistic
regression over each block's out-of-fold block-model log-odds and its
z-score among the article's candidate blocks (folds by host article). The
splice threshold is the one with the best mean paragraph F1 on out-of-fold
probabilities of the whole model over ``--splits`` fold assignments of the
host articles, among those whose untouched-article flag rate stays at or
below ``--max-untouched`` in every assignment. The focus-and-framing shift channel's threshold
is the first 0.05 step above the largest shift found in any untouched
training article. Report on benchmarks built with other seeds and the other
host half (``--hosts odd``), never on the training files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eventlens.evaluation.narrative import read_benchmark, score
from eventlens.model import Article
from eventlens.narrative.departure import (
    FEATURES,
    SETTINGS_FILE,
    Profile,
    block_features,
    block_probabilities,
    block_strength,
    choose_blocks,
    load_settings,
    logit,
    standout,
)
from eventlens.narrative.targeted import MODEL_FILE
from eventlens.stages import DEFAULT_STAGES, build_pipeline
from eventlens.stages.narrative import NarrativeLens

Example = tuple[dict[str, Any], int, dict[tuple[int, int], dict[str, float]]]


def read_profiles(records: Sequence[dict[str, Any]], *, cache: Path | None = None) -> list[tuple[dict[str, Any], list[Profile]]]:
    """(record, paragraph profiles) for every record whose paragraphs align with the pipeline's.

    With ``cache``, the profiles are read from (or written to) that pickle, so refits with other
    features or settings skip the pipeline; delete the cache after changing the pipeline or a model."""
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    pipeline = build_pipeline([name for name in DEFAULT_STAGES if name != "narrative"])  # profiles only; no settings needed
    lens = NarrativeLens()
    out: list[tuple[dict[str, Any], list[Profile]]] = []
    for record in records:
        analysis = pipeline(Article(text=record["text"]), keep_doc=True)
        if len(analysis.paragraphs) != len(record["paragraphs"]):
            continue
        out.append((record, lens.profiles(analysis)[0]))
    if cache is not None:
        with cache.open("wb") as handle:
            pickle.dump(out, handle)
    return out


def collect(rows: Sequence[tuple[dict[str, Any], list[Profile]]], *, settings: Mapping[str, Any]) -> list[Example]:
    """(record, paragraph count, block features) for every (record, profiles) row."""
    return [(record, len(profiles), block_features(profiles, settings=settings)) for record, profiles in rows]


def target(block: tuple[int, int], gold: Sequence[int], *, labels: str) -> float:
    """A block's training target: ``exact`` - 1 only for the inserted block itself; ``overlap`` - the
    Jaccard overlap of its paragraphs with the inserted ones (a block that holds most of an insertion
    is mostly right, and the paragraph-level score rewards it)."""
    inside = set(range(block[0], block[1] + 1))
    wanted = set(gold)
    if labels == "exact":
        return 1.0 if inside == wanted else 0.0
    return len(inside & wanted) / len(inside | wanted) if wanted else 0.0


def fit(examples: Sequence[Example], *, l2: float, labels: str = "overlap", iterations: int = 50) -> dict[str, float]:
    """Logistic regression (Newton steps, L2 on all but the bias) of the block targets on the features."""
    rows, targets = [], []
    for record, _, feats in examples:
        for block, f in feats.items():
            rows.append([f[k] for k in FEATURES] + [1.0])
            targets.append(target(block, record["inserted"], labels=labels))
    w = newton(np.array(rows), np.array(targets), l2=l2, iterations=iterations)
    return {**{k: round(float(v), 4) for k, v in zip(FEATURES, w[:-1])}, "bias": round(float(w[-1]), 4)}


def host_fold(host: str, *, folds: int, split: int = 0) -> int:
    """Cross-validation fold of a host article (a host is never on both sides): by its id, or for
    ``split`` > 0 another fixed assignment (MD5 of host and split), to repeat cross-validation."""
    if split:
        return int(hashlib.md5(f"{host}/{split}".encode()).hexdigest(), 16) % folds
    digits = "".join(c for c in host if c.isdigit())
    return (int(digits or 0) // 2) % folds


def oof_logits(examples: Sequence[Example], *, l2: float, labels: str, folds: int, split: int = 0) -> list[dict[tuple[int, int], float]]:
    """Every block's block-model log-odds from a model fitted on the other folds of host articles."""
    out: list[dict[tuple[int, int], float]] = [{} for _ in examples]
    fold = [host_fold(e[0]["host"], folds=folds, split=split) for e in examples]
    for k in range(folds):
        if k not in fold:
            continue
        weights = fit([e for e, f in zip(examples, fold) if f != k], l2=l2, labels=labels)
        for i, (record, _, feats) in enumerate(examples):
            if fold[i] == k:
                out[i] = {block: logit(f, weights) for block, f in feats.items()}
    return out


def fit_standout(examples: Sequence[Example], logits: Sequence[Mapping[tuple[int, int], float]], *, labels: str) -> dict[str, float]:
    """Second stage: logistic regression of the block targets on the block's (out-of-fold) log-odds and
    how far it stands out from the article's other blocks (:func:`standout`)."""
    rows, targets = [], []
    for (record, _, feats), z in zip(examples, logits):
        rel = standout(z)
        for block in feats:
            rows.append([z[block], rel[block], 1.0])
            targets.append(target(block, record["inserted"], labels=labels))
    w = newton(np.array(rows), np.array(targets), l2=1e-4)
    return {"logit": round(float(w[0]), 4), "standout": round(float(w[1]), 4), "bias": round(float(w[2]), 4)}


def newton(x: np.ndarray, y: np.ndarray, *, l2: float, iterations: int = 50) -> np.ndarray:
    """Logistic regression weights (last column of ``x`` is the bias, not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + penalty * w
        hess = (x.T * (p * (1 - p))) @ x / len(y) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def flags(examples: Sequence[Example], *, settings: Mapping[str, Any], probs: Sequence[Mapping[tuple[int, int], float]] | None = None) -> list[set[int]]:
    """Flagged paragraphs of every example (block probabilities from ``settings``, or the given ``probs``)."""
    out = []
    for i, (_, n, feats) in enumerate(examples):
        if not feats:
            out.append(set())
            continue
        p = probs[i] if probs is not None else block_probabilities(feats, settings=settings)
        strength = block_strength(p, feats, settings=settings)
        out.append({i for a, b in choose_blocks(strength, n=n, settings=settings) for i in range(a, b + 1)})
    return out


def oof_probabilities(examples: Sequence[Example], *, l2: float, labels: str, folds: int,
                      two_stage: bool = True, split: int = 0) -> list[dict[tuple[int, int], float]]:
    """Every block's splice probability from the whole model (block model and, with ``two_stage``, the
    standout stage, itself fitted on inner out-of-fold log-odds) fitted on the other folds of host articles."""
    out: list[dict[tuple[int, int], float]] = [{} for _ in examples]
    fold = [host_fold(e[0]["host"], folds=folds, split=split) for e in examples]
    for k in range(folds):
        train = [e for e, f in zip(examples, fold) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        if not test:
            continue
        cfg: dict[str, Any] = {"weights": fit(train, l2=l2, labels=labels)}
        if two_stage:
            inner = oof_logits(train, l2=l2, labels=labels, folds=folds, split=split)
            cfg["standout"] = {"weights": fit_standout(train, inner, labels=labels)}
        for i in test:
            out[i] = block_probabilities(examples[i][2], settings=cfg)
    return out


def shift_null(examples: Sequence[Example]) -> float:
    """The largest shift in any block of an untouched training article."""
    return max((f["shift"] for record, _, feats in examples if not record["inserted"] for f in feats.values()), default=0.0)


def shift_threshold(examples: Sequence[Example]) -> float:
    """Shift-channel threshold: the first 0.05 step above :func:`shift_null`."""
    return round(math.floor(shift_null(examples) / 0.05 + 1.0) * 0.05, 2)


def fitted(examples: Sequence[Example], *, base: Mapping[str, Any], l2: float, max_untouched: float, labels: str = "overlap",
           folds: int = 4, two_stage: bool = True, splits: int = 3) -> dict[str, Any]:
    """Settings with fitted weights, standout stage, splice threshold and shift threshold (see the module docstring)."""
    weights = fit(examples, l2=l2, labels=labels)
    settings: dict[str, Any] = {**base, "weights": weights}
    settings.pop("standout", None)
    if two_stage:
        second = fit_standout(examples, oof_logits(examples, l2=l2, labels=labels, folds=folds), labels=labels)
        settings["standout"] = {"weights": second, "features": "logit: the block model's log-odds (out-of-fold when fitted); "
                                "standout: its z-score among all candidate blocks of the article"}
    null = shift_null(examples)
    shift = {**base["shift"], "threshold": shift_threshold(examples)}
    # splice threshold: best mean paragraph F1 on out-of-fold probabilities over ``splits`` fold assignments,
    # with the untouched rate held to the cap in EVERY assignment (one assignment alone is too noisy a guide)
    runs = [oof_probabilities(examples, l2=l2, labels=labels, folds=folds, two_stage=two_stage, split=s) for s in range(splits)]
    records = [e[0] for e in examples]
    best: tuple[float, float, list[dict[str, Any]]] = (-1.0, 0.5, [])
    for threshold in np.arange(0.05, 0.95, 0.01):
        cfg = {**settings, "shift": shift, "threshold": round(float(threshold), 2)}
        results = [score(records, flags(examples, settings=cfg, probs=probs)) for probs in runs]
        f1 = sum(r["paragraph_f1"] for r in results) / len(results)
        if max(r["untouched_flag_rate"] for r in results) <= max_untouched and f1 > best[0]:
            best = (f1, round(float(threshold), 2), results)
    settings.update({"threshold": best[1], "shift": shift})
    train = score(records, flags(examples, settings=settings))
    settings["fitted_on"] = {
        "shift_null_max": round(null, 4), "documents": len(examples), "l2": l2, "max_untouched": max_untouched, "labels": labels, "folds": folds,
        "splits": splits, "oof_f1": [r["paragraph_f1"] for r in best[2]], "oof_untouched_flag_rate": [r["untouched_flag_rate"] for r in best[2]],
        "train_f1": train["paragraph_f1"], "train_untouched_flag_rate": train["untouched_flag_rate"],
    }
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="splice benchmark JSONL files built with training seeds")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--max-untouched", type=float, default=0.04)
    parser.add_argument("--base", default=SETTINGS_FILE, help="settings file in eventlens/data/narrative whose non-weight settings are kept")
    parser.add_argument("--labels", choices=("overlap", "exact"), default="overlap", help="block targets: Jaccard overlap with the inserted paragraphs, or exact match")
    parser.add_argument("--cache", type=Path, help="folder for cached paragraph profiles (one pickle per data file and sentiment model; "
                        "delete them after changing the pipeline)")
    parser.add_argument("--folds", type=int, default=4, help="host-article folds for the out-of-fold log-odds and threshold")
    parser.add_argument("--splits", type=int, default=3, help="fold assignments of host articles the threshold must hold the untouched cap in")
    parser.add_argument("--one-stage", action="store_true", help="block model only (no standout stage; departure-v3's form)")
    args = parser.parse_args(argv)
    base = dict(load_settings(args.base, check_weights=False))
    rows = []
    for path in args.data:
        # the profiles hold the sentiment model's stance: a new model gets a new cache file
        cache = args.cache / f"{path.stem}.{Path(MODEL_FILE).stem}.pkl" if args.cache else None
        rows.extend(read_profiles(read_benchmark(path), cache=cache))
    examples = collect(rows, settings=base)
    payload = fitted(examples, base=base, l2=args.l2, max_untouched=args.max_untouched, labels=args.labels, folds=args.folds,
                     two_stage=not args.one_stage, splits=args.splits)
    payload["fitted_on"]["data"] = ", ".join(path.name for path in args.data)
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: threshold {payload['threshold']}, out-of-fold F1 {payload['fitted_on']['oof_f1']} "
          f"(untouched {payload['fitted_on']['oof_untouched_flag_rate']}), training F1 {payload['fitted_on']['train_f1']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
