"""The targeted-sentiment trainer (training/train_targeted_sentiment.py) on tiny in-code data."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from eventlens.narrative.targeted import LABELS, MODEL_FILE, NGRAM_PREFIXES, LinearModel

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "train_targeted_sentiment.py"


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location("train_targeted_sentiment", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _toy() -> tuple[list[dict[str, float]], list[int]]:
    """Three classes told apart by one indicator word each, plus shared noise words."""
    words = {0: "w=attack", 1: "w=meet", 2: "w=praise"}
    feats, labels = [], []
    rng = np.random.default_rng(0)
    for i in range(90):
        label = i % 3
        f = {"bias": 1.0, words[label]: 1.0, f"w=noise{rng.integers(5)}": 1.0}
        feats.append(f)
        labels.append(label)
    return feats, labels


def test_nb_ratios_point_to_the_class(trainer) -> None:
    feats, labels = _toy()
    vocab = trainer.make_vocab(feats, min_count=2)
    x = trainer.to_sparse(feats, vocab)
    names = sorted(vocab, key=vocab.get)
    ratios = trainer.nb_ratios(x, np.asarray(labels), len(vocab), np.array(["=" in n for n in names]), alpha=1.0)
    assert ratios[vocab["w=attack"], 0] > 1.0 > ratios[vocab["w=attack"], 2]
    assert ratios[vocab["w=praise"], 2] > 1.0 > ratios[vocab["w=praise"], 0]
    assert ratios[vocab["bias"]].tolist() == [1.0, 1.0, 1.0]  # real-valued features are not rescaled
    assert abs(ratios[vocab["w=noise0"], 1]) < 1.0


@pytest.mark.parametrize("mix", [0.0, 0.8, 1.0])
def test_blend_is_one_linear_table_that_separates(trainer, mix: float) -> None:
    feats, labels = _toy()
    vocab = trainer.make_vocab(feats, min_count=2)
    w = trainer.fit(feats, labels, vocab, l2=1e-3, nb_l2=1e-3, nb_alpha=1.0, mix=mix, epochs=60, lr=0.1, seed=13)
    assert w.shape == (len(vocab), 3)
    model = LinearModel(weights={n: tuple(w[j]) for n, j in vocab.items()}, version="toy")
    for word, label in (("w=attack", "negative"), ("w=meet", "neutral"), ("w=praise", "positive")):
        assert model.predict({"bias": 1.0, word: 1.0}).label == label
    x = trainer.to_sparse(feats, vocab)
    pred = trainer.scores(x, w, len(feats)).argmax(axis=1)
    assert trainer.macro_f1(np.asarray(labels), pred) == 1.0


def test_fit_is_deterministic(trainer) -> None:
    feats, labels = _toy()
    vocab = trainer.make_vocab(feats, min_count=2)
    a = trainer.fit(feats, labels, vocab, l2=1e-3, nb_l2=1e-3, nb_alpha=1.0, mix=0.8, epochs=20, lr=0.1, seed=13)
    b = trainer.fit(feats, labels, vocab, l2=1e-3, nb_l2=1e-3, nb_alpha=1.0, mix=0.8, epochs=20, lr=0.1, seed=13)
    assert np.array_equal(a, b)


def test_folds_keep_an_article_together(trainer) -> None:
    gids = [f"allsides_{a}_{b}_{c}_Name_0_{s}" for a in range(20) for b in range(3) for c in range(2) for s in range(3)]
    by_article: dict[str, set[int]] = {}
    for g in gids:
        by_article.setdefault("_".join(g.split("_")[:3]), set()).add(trainer.fold_of(g, 5))
    assert all(len(folds) == 1 for folds in by_article.values())
    assert len({f for folds in by_article.values() for f in folds}) == 5


def test_shipped_weights_record_method_settings_and_attribution() -> None:
    data = json.loads(resources.files("eventlens.data").joinpath("sentiment", MODEL_FILE).read_text(encoding="utf-8"))
    assert data["version"] == MODEL_FILE.removesuffix(".json") and data["labels"] == list(LABELS)
    assert "NewsMTSC" in data["source"] and "MIT" in data["licence"]
    assert "NB-weighted" in data["method"] and data["settings"]["mix"] == 0.8 and data["settings"]["seed"] == 13
    assert len(data["cv_f1_macro"]) == 5 and min(data["cv_f1_macro"]) > 0.6
    assert all(len(v) == 3 for v in data["weights"].values())
    assert any(name.startswith(NGRAM_PREFIXES) for name in data["weights"])  # the n-gram part is blended in


def test_ngram_part_is_fitted_apart_and_blended_into_one_table(trainer) -> None:
    feats, labels = _toy()
    for f, label in zip(feats, labels):
        f["bg=<T>_" + ("attacked", "met", "praised")[label]] = 1.0
    settings = {"l2": 1e-3, "nb_l2": 1e-3, "nb_alpha": 1.0, "mix": 0.8, "epochs": 30, "lr": 0.1, "seed": 13}
    vocab, w = trainer.fit_parts(feats, labels, weight=None, min_count=2, ngram_blend=0.5, **settings)
    assert "bg=<T>_praised" in vocab and "w=praise" in vocab and w.shape == (len(vocab), 3)
    main = [{k: v for k, v in f.items() if not k.startswith(NGRAM_PREFIXES)} for f in feats]
    vocab_m = trainer.make_vocab(main, min_count=2)
    w_m = trainer.fit(main, labels, vocab_m, **settings)
    assert np.allclose(w[vocab["w=praise"]], w_m[vocab_m["w=praise"]])  # main part: its own fit, unscaled
    assert not np.allclose(w[vocab["bias"]], w_m[vocab_m["bias"]])  # bias: main + 0.5 x n-gram bias
    _, w0 = trainer.fit_parts(feats, labels, weight=None, min_count=2, ngram_blend=0.0, **settings)
    assert w0.shape == w.shape and not np.allclose(w0[vocab["w=praise"]], w[vocab["w=praise"]])


def test_soft_targets_equal_to_one_hot_give_the_same_fit(trainer) -> None:
    feats, labels = _toy()
    vocab = trainer.make_vocab(feats, min_count=2)
    a = trainer.fit(feats, labels, vocab, l2=1e-3, nb_l2=1e-3, nb_alpha=1.0, mix=0.8, epochs=20, lr=0.1, seed=13)
    b = trainer.fit(feats, trainer.one_hot(labels), vocab, l2=1e-3, nb_l2=1e-3, nb_alpha=1.0, mix=0.8, epochs=20, lr=0.1, seed=13,
                    weight=np.ones(len(labels)))
    assert np.allclose(a, b)


def _extra(trainer, *, m: int = 6, folds: int = 5):
    feats = [{"bias": 1.0, "w=praise": 1.0}] * m
    probs = np.tile([0.1, 0.2, 0.7], (m, 1))
    fold_probs = np.tile([0.6, 0.3, 0.1], (m, folds, 1))
    fold_probs[:, 2] = [0.05, 0.9, 0.05]
    return trainer.Extra(feats, probs, fold_probs, None, None)


def test_pseudo_targets_join_the_training_part_with_their_weight_and_fold_teacher(trainer) -> None:
    feats, labels = _toy()
    extra = _extra(trainer)
    settings = {"pseudo_weight": 0.4, "pseudo_min_conf": 0.0, "pseudo_hard": False, "teacher_blend": 0.0}
    out_feats, y, weight = trainer.training_set(feats, np.asarray(labels), extra, None, **settings)
    assert len(out_feats) == len(y) == len(weight) == len(feats) + 6
    assert np.allclose(y[-1], [0.1, 0.2, 0.7]) and np.allclose(weight[-6:], 0.4) and np.allclose(weight[:-6], 1.0)
    _, y2, _ = trainer.training_set(feats, np.asarray(labels), extra, 2, **settings)
    assert np.allclose(y2[-1], [0.05, 0.9, 0.05])  # the teacher that never saw fold 2
    _, y3, _ = trainer.training_set(feats, np.asarray(labels), extra, 0, **{**settings, "pseudo_min_conf": 0.65})
    assert len(y3) == len(feats)  # top probability 0.6 < 0.65: dropped
    _, y4, _ = trainer.training_set(feats, np.asarray(labels), extra, None, **{**settings, "pseudo_hard": True})
    assert y4[-1].tolist() == [0.0, 0.0, 1.0]


def test_teacher_blend_mixes_gold_rows_with_teacher_probabilities(trainer) -> None:
    feats, labels = _toy()
    n = len(labels)
    extra = trainer.Extra([], np.zeros((0, 3)), np.zeros((0, 5, 3)), np.tile([0.2, 0.6, 0.2], (n, 1)), np.tile([0.2, 0.6, 0.2], (n, 5, 1)))
    _, y, _ = trainer.training_set(feats, np.asarray(labels), extra, 1, pseudo_weight=1.0, pseudo_min_conf=0.0, pseudo_hard=False, teacher_blend=0.5)
    assert np.allclose(y[0], [0.6, 0.3, 0.1]) and np.allclose(y.sum(axis=1), 1.0)
