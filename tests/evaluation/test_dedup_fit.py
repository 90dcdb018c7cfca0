"""Fitting the same-event model: the logistic fit, stories for cross-validation, out-of-fold probabilities, the threshold."""

from __future__ import annotations

from eventlens.dedup.model import SIGNALS
from eventlens.evaluation.dedup_fit import Scored, choose_threshold, fit, out_of_fold, scores, stories


def pair(i: int, same: bool, *, trigger: float, articles=None, decided=None) -> Scored:
    sig = {n: 0.0 for n in SIGNALS} | {"trigger": trigger, "local": 0.5 * trigger}
    return Scored(id=f"p{i}", articles=articles or (f"a{i}", f"b{i}"), same=same, decided=decided, signals=sig)


def data() -> list[Scored]:
    # the same trigger mostly means one event; one exception each way so that the fit is finite
    return ([pair(i, True, trigger=1.0) for i in range(8)] + [pair(8, False, trigger=1.0)]
            + [pair(i, False, trigger=0.0) for i in range(9, 20)] + [pair(20, True, trigger=0.0)])


def test_fit_learns_the_sign_of_a_signal_and_ignores_pairs_decided_without_the_model():
    weights, bias = fit(data())
    assert weights["trigger"] > 0 and bias < 0 and set(weights) == set(SIGNALS)
    flipped = [Scored(p.id, p.articles, not p.same, False, p.signals) for p in data()]  # all decided: nothing to learn from
    assert fit(data() + flipped) == fit(data())


def test_stories_join_pairs_through_shared_articles_only_among_the_pairs_the_model_decides():
    pairs = [pair(0, True, trigger=1, articles=("x", "y")), pair(1, True, trigger=1, articles=("y", "z")),
             pair(2, True, trigger=1, articles=("z", "w"), decided=True), pair(3, True, trigger=1, articles=("w", "v"))]
    groups = stories(pairs)
    assert groups[0] == groups[1] and groups[3] != groups[0]


def test_out_of_fold_probabilities_come_from_models_without_the_pair():
    pairs = data()
    probs = out_of_fold(pairs)
    assert all(p is not None for p in probs)
    assert probs[8] < 0.99 and probs[20] < 0.5  # the exceptions are scored by models that never saw them
    table = scores(pairs, probs, 0.5)
    assert (table["tp"], table["fp"]) == (8, 1) and table["pairs"] == 21


def test_the_threshold_is_the_best_f1_with_precision_at_least_0_9():
    pairs = data()
    probs = [0.95 if p.same else 0.2 for p in pairs]
    probs[8] = 0.6  # one negative that only a low threshold lets through
    t = choose_threshold(pairs, probs)
    assert 0.6 < t <= 0.95 and scores(pairs, probs, t)["precision"] == 1.0
