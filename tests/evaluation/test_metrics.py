"""The shared precision/recall/F1 helpers."""

from __future__ import annotations

import pytest

from eventlens.evaluation.metrics import f1, label_prf, prf, ratio


def test_counts():
    assert prf(3, 1, 2) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0) and ratio(1, 0) == 0.0 and f1(0.0, 0.0) == 0.0


def test_one_label_over_aligned_lists():
    gold = ["a", "a", "b", "c"]
    pred = ["a", "b", "b", "a"]
    precision, recall, score, n = label_prf(gold, pred, "a")
    assert (precision, recall, n) == (0.5, 0.5, 2) and score == pytest.approx(0.5)
    assert label_prf(gold, pred, "c")[:2] == (0.0, 0.0)
