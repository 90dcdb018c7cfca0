"""Fitting and cross-validating the same-event model (:mod:`eventlens.dedup.model`) on labelled pairs.

The model is a logistic regression (L2 penalty on the weights, not the intercept; Newton steps) over the
signals of the *compatible*, non-identical pairs: incompatible pairs are always two events and an identical
sentence is always one, whatever the weights. Cross-validation leaves out one *story* at a time: the
pairs the model decides are grouped by the connected components of their articles (two such pairs that share
an article, directly or through other such pairs, are one story), so no report is scored by a model fitted
on a pair containing it, nor on a pair of its article.
Only development pairs are ever passed here (``training/fit_dedup.py``, ``eventlens eval dedup``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..dedup.model import SIGNALS, probability
from .metrics import prf

THRESHOLDS = tuple(round(0.30 + 0.025 * i, 3) for i in range(25))  # 0.300 ... 0.900
MIN_PRECISION = 0.90


@dataclass(frozen=True, slots=True)
class Scored:
    """One labelled pair as the model sees it."""

    id: str
    articles: tuple[str, str]
    same: bool  # the label
    decided: bool | None  # the rule's answer without the model: False incompatible, True identical, None: the model decides
    signals: Mapping[str, float]


def fit(pairs: Sequence[Scored], *, l2: float = 1.0, names: Sequence[str] = SIGNALS) -> tuple[dict[str, float], float]:
    """``(weights, bias)`` of the logistic regression on the pairs the model decides."""
    used = [p for p in pairs if p.decided is None]
    x = np.array([[p.signals[n] for n in names] + [1.0] for p in used], dtype=float).reshape(len(used), len(names) + 1)
    y = np.array([p.same for p in used], dtype=float)
    w = np.zeros(len(names) + 1)
    penalty = np.eye(len(names) + 1) * l2
    penalty[-1, -1] = 0.0
    for _ in range(100):
        prob = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (prob - y) + penalty @ w
        hess = x.T @ (x * (prob * (1 - prob))[:, None]) + penalty + np.eye(len(w)) * 1e-9
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-10:
            break
    return {n: float(v) for n, v in zip(names, w[:-1])}, float(w[-1])


def stories(pairs: Sequence[Scored]) -> list[int]:
    """The story of each pair: the connected component of its articles among the pairs the model decides
    (numbered in order of first appearance; a pair decided without the model links nothing)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.decided is None:
            parent[root(p.articles[0])] = root(p.articles[1])
    numbers: dict[str, int] = {}
    return [numbers.setdefault(root(p.articles[0]), len(numbers)) for p in pairs]


def out_of_fold(pairs: Sequence[Scored], *, l2: float = 1.0, names: Sequence[str] = SIGNALS) -> list[float | None]:
    """Leave-one-story-out probabilities (None for the pairs the model does not decide) of a model over ``names``."""
    groups = stories(pairs)
    out: list[float | None] = [None] * len(pairs)
    for g in sorted(set(groups)):
        train = [p for p, k in zip(pairs, groups) if k != g]
        if not any(p.same for p in train if p.decided is None) or all(p.same for p in train if p.decided is None):
            weights, bias = {}, 0.0  # one class only: no model to fit
        else:
            weights, bias = fit(train, l2=l2, names=names)
        for i, (p, k) in enumerate(zip(pairs, groups)):
            if k == g and p.decided is None:
                out[i] = probability(weights, bias, p.signals)
    return out


def scores(pairs: Sequence[Scored], probs: Sequence[float | None], threshold: float) -> dict[str, float | int]:
    """Pairwise TP/FP/FN, precision, recall and F1 of the decisions at ``threshold``."""
    said = [p.decided if p.decided is not None else (q or 0.0) >= threshold for p, q in zip(pairs, probs)]
    tp = sum(s and p.same for s, p in zip(said, pairs))
    fp = sum(s and not p.same for s, p in zip(said, pairs))
    fn = sum(p.same and not s for s, p in zip(said, pairs))
    precision, recall, f1 = prf(tp, fp, fn)
    return {"pairs": len(pairs), "same": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def choose_threshold(pairs: Sequence[Scored], probs: Sequence[float | None]) -> float:
    """The threshold of best out-of-fold F1 among those with precision >= :data:`MIN_PRECISION` (ties: the
    higher threshold); if none reaches it, the one of best precision, then F1."""
    table = [(t, scores(pairs, probs, t)) for t in THRESHOLDS]
    good = [(s["f1"], t) for t, s in table if s["precision"] >= MIN_PRECISION]
    if good:
        return max(good)[1]
    return max((s["precision"], s["f1"], t) for t, s in table)[2]
