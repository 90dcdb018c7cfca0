"""Precision, recall and F1, shared by every ``eventlens eval`` kind."""

from __future__ import annotations

from collections.abc import Sequence


def ratio(num: float, den: float) -> float:
    """``num / den``, 0 when there is nothing to divide by."""
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return precision, recall, f1(precision, recall)


def label_prf(gold: Sequence[str], pred: Sequence[str], label: str) -> tuple[float, float, float, int]:
    """Precision, recall and F1 of one label over aligned gold/predicted labels, and its gold count."""
    tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
    return (*prf(tp, fp, fn), tp + fn)
