"""Narrative departure with MiniLM paragraph embeddings (optional ``[train]`` extra).

The base departure model (:mod:`eventlens.narrative.departure`) compares a
block of paragraphs with the rest of its article through background-IDF word
vectors, names, numbers, actors, frames and stance. This module adds the same
kind of comparisons on sentence embeddings (all-MiniLM-L6-v2, one vector per
paragraph, :mod:`eventlens.encoder`), so that a paragraph that says the same
thing in other words is not taken for a departure, and one that shares words
but not meaning is:

- ``emb_rest``: how far the cosine of the block's mean embedding to the rest's
  mean falls below the article's typical paragraph (median over single
  paragraphs), in units of the article's spread of that value;
- ``emb_bridge``: TextTiling-style depth on embeddings: cosine of the
  paragraphs just before and after the block minus their mean cosine to it;
- ``emb_boundary``: median cosine of adjacent paragraphs minus the mean cosine
  across the block's boundaries;
- ``emb_inner``: cohesion of the block's own adjacent paragraphs against that
  median;
- ``emb_echo``: the block's highest cosine to a non-adjacent paragraph outside
  it, minus the article's typical value (a retelling of the same facts);
- ``emb_partner``: the typical paragraph's best match anywhere else in the
  article minus the block's (the block has no close partner in the rest);
- ``emb_lead``: how much less the block resembles the opening paragraph than
  the typical paragraph does.

Everything is relative to the article itself; nothing depends on which actor,
outlet or country is involved. Weights are fitted with the base features in
one logistic model by ``training/fit_departure_ml.py`` on training splice
benchmarks; numpy only here, torch is needed only to embed
(:func:`embed_paragraphs`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ResourceError
from ..encoder.models import embed, require
from .cohesion import Idf, load_idf
from .departure import (
    FEATURES,
    Profile,
    Scored,
    block_features,
    paragraph_scores,
    reads,
)

ML_SETTINGS_FILE = "departure-ml-v1.json"
EMB_FEATURES = ("emb_rest", "emb_bridge", "emb_boundary", "emb_inner", "emb_echo", "emb_partner", "emb_lead")
SPREAD_FLOOR = 0.02  # smallest spread (median absolute deviation) of the single-paragraph cosines to the rest


def embed_paragraphs(texts: Sequence[str], *, batch_size: int = 16) -> np.ndarray:
    """``(n, 384)`` unit MiniLM embeddings of paragraph texts (the encoder truncates to its maximum length)."""
    require("departure='ml'")
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(embed([t.strip() for t in texts], batch_size=batch_size), dtype=np.float32)


def _median(values: Sequence[float] | np.ndarray) -> float:
    return float(np.median(values)) if len(values) else 0.0


class _Embedded:
    """Per-article quantities of the paragraph embeddings shared by all candidate blocks."""

    def __init__(self, emb: np.ndarray) -> None:
        e = np.asarray(emb, dtype=np.float64)
        self.n = n = e.shape[0]
        self.e = e
        self.total = e.sum(0)
        self.cos = e @ e.T
        singles = np.array([self._to_rest(range(i, i + 1)) for i in range(n)])
        self.typical = _median(singles)
        self.spread = max(_median(np.abs(singles - self.typical)), SPREAD_FLOOR)
        adjacent = [self.cos[i, i + 1] for i in range(n - 1)]
        self.adjacent = _median(adjacent)
        masked = self.cos.copy()
        np.fill_diagonal(masked, -np.inf)
        self.partner = masked.max(1) if n > 1 else np.zeros(n)
        self.typical_partner = _median(self.partner)
        far = masked.copy()
        for i in range(n - 1):
            far[i, i + 1] = far[i + 1, i] = -np.inf
        self.far = far
        best_far = far.max(1) if n > 2 else np.zeros(n)
        self.typical_far = _median(best_far[np.isfinite(best_far)])
        self.typical_lead = _median(self.cos[0, 1:]) if n > 1 else 0.0

    def _to_rest(self, block: range) -> float:
        inside = self.e[block.start : block.stop].sum(0)
        rest = self.total - inside
        norm = float(np.linalg.norm(inside) * np.linalg.norm(rest))
        return float(inside @ rest) / norm if norm > 1e-12 else 0.0

    def features(self, a: int, b: int) -> dict[str, float]:
        block = range(a, b + 1)
        n, c = self.n, self.cos
        sides = ([c[a - 1, a]] if a > 0 else []) + ([c[b, b + 1]] if b < n - 1 else [])
        outside = [j for j in range(n) if j < a or j > b]
        best_partner = max((float(c[i, outside].max()) for i in block), default=0.0) if outside else 0.0
        far = [float(self.far[i, j]) for i in block for j in outside if np.isfinite(self.far[i, j])]
        return {
            "emb_rest": max(-3.0, min(3.0, (self.typical - self._to_rest(block)) / self.spread)) / 3.0,
            "emb_bridge": float(c[a - 1, b + 1] - sum(sides) / 2) if a > 0 and b < n - 1 else 0.0,
            "emb_boundary": float(self.adjacent - sum(sides) / len(sides)) if sides else 0.0,
            "emb_inner": float(np.mean([c[i, i + 1] for i in range(a, b)]) - self.adjacent) if b > a else 0.0,
            "emb_echo": (max(far) - self.typical_far) if far else 0.0,
            "emb_partner": float(self.typical_partner - best_partner) if outside else 0.0,
            "emb_lead": float(self.typical_lead - np.mean([c[0, i] for i in block])) if a > 0 else 0.0,
        }


def embedding_features(emb: np.ndarray, blocks: Sequence[tuple[int, int]]) -> dict[tuple[int, int], dict[str, float]]:
    """:data:`EMB_FEATURES` of every block (first, last) of an article with paragraph embeddings ``emb``."""
    if not blocks:
        return {}
    art = _Embedded(emb)
    return {blk: art.features(*blk) for blk in blocks}


@functools.lru_cache(maxsize=2)
def load_ml_settings(name: str = ML_SETTINGS_FILE) -> Mapping[str, Any]:
    """Settings and weights of the embedding departure model (``eventlens/data/narrative/<name>``), read once."""
    try:
        data = json.loads(resources.files("eventlens.data").joinpath("narrative", name).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise ResourceError(f"departure settings {name} missing or invalid in eventlens/data/narrative") from exc
    missing = [k for k in ("model", "threshold", "shift", "min_paragraphs", "max_block", "max_passage_share") if k not in data]
    if missing:
        raise ResourceError(f"departure settings {name} lack {', '.join(missing)}; refit with training/fit_departure_ml.py")
    unknown = [k for k in data["model"].get("features", ()) if k not in FEATURES + EMB_FEATURES]
    if unknown:
        raise ResourceError(f"departure settings {name} use features the scorer no longer computes ({', '.join(unknown)}); "
                            "refit with training/fit_departure_ml.py")
    return data


class Forest:
    """Gradient-boosted regression trees as flat arrays, predicted with numpy (no scikit-learn at run time).

    ``trees``: one list of nodes per tree, each node ``[feature, threshold, left, right, value]``
    (``feature`` -1 for a leaf); a row goes left when its feature value is <= the threshold. The
    prediction is ``baseline`` plus the leaf values, clipped to [0, 1]: the block's expected overlap
    with an insertion."""

    def __init__(self, *, features: Sequence[str], baseline: float, trees: Sequence[Sequence[Sequence[float]]]) -> None:
        if not trees:
            raise ResourceError("departure forest has no trees; refit with training/fit_departure_ml.py")
        self.features = tuple(features)
        self.baseline = float(baseline)
        width = max(len(t) for t in trees)
        shape = (len(trees), width)
        self.feature = np.full(shape, -1, dtype=np.int64)
        self.threshold = np.zeros(shape)
        self.left = np.zeros(shape, dtype=np.int64)
        self.right = np.zeros(shape, dtype=np.int64)
        self.value = np.zeros(shape)
        for t, nodes in enumerate(trees):
            for j, (feature, threshold, left, right, value) in enumerate(nodes):
                self.feature[t, j], self.threshold[t, j] = int(feature), float(threshold)
                self.left[t, j], self.right[t, j], self.value[t, j] = int(left), int(right), float(value)
        self.depth = _depth(trees)

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Predictions for an ``(n, len(features))`` array."""
        rows = np.asarray(rows, dtype=np.float64)
        n, trees = rows.shape[0], np.arange(self.feature.shape[0])[None, :]
        node = np.zeros((n, self.feature.shape[0]), dtype=np.int64)
        row = np.arange(n)[:, None]
        for _ in range(self.depth):
            feature = self.feature[trees, node]
            x = rows[row, np.maximum(feature, 0)]
            step = np.where(x <= self.threshold[trees, node], self.left[trees, node], self.right[trees, node])
            node = np.where(feature < 0, node, step)
        return np.clip(self.baseline + self.value[trees, node].sum(1), 0.0, 1.0)

    def probabilities(self, feats: Mapping[tuple[int, int], Mapping[str, float]]) -> dict[tuple[int, int], float]:
        """Splice probability of every block of ``feats`` (the prediction kept inside [1e-4, 1 - 1e-4])."""
        blocks = list(feats)
        if not blocks:
            return {}
        values = self.predict(np.array([[feats[b][k] for k in self.features] for b in blocks]))
        return {b: float(min(max(v, 1e-4), 1.0 - 1e-4)) for b, v in zip(blocks, values)}


def _depth(trees: Sequence[Sequence[Sequence[float]]]) -> int:
    """Longest root-to-leaf path over all trees (the number of steps :meth:`Forest.predict` takes)."""
    deepest = 0
    for nodes in trees:
        stack = [(0, 0)]
        while stack:
            j, d = stack.pop()
            feature, _, left, right, _ = nodes[j]
            if int(feature) < 0:
                deepest = max(deepest, d)
            else:
                stack.extend(((int(left), d + 1), (int(right), d + 1)))
    return deepest


@functools.lru_cache(maxsize=2)
def load_forest(name: str = ML_SETTINGS_FILE) -> Forest:
    """The block model of ``name``, built once per process."""
    model = load_ml_settings(name)["model"]
    return Forest(features=model["features"], baseline=model["baseline"], trees=model["trees"])


def block_probabilities(profiles: Sequence[Profile], embeddings: np.ndarray, *, name: str = ML_SETTINGS_FILE, idf: Idf | None = None
                        ) -> tuple[dict[tuple[int, int], dict[str, float]], dict[tuple[int, int], float]]:
    """Features (base and embedding) and the forest's splice probability of every candidate block."""
    cfg = load_ml_settings(name)
    feats = block_features(profiles, idf=idf or load_idf(cfg.get("idf", "idf-v1.tsv")), settings=cfg)
    if not feats:
        return {}, {}
    if len(embeddings) != len(profiles):
        raise ValueError(f"{len(embeddings)} paragraph embeddings for {len(profiles)} paragraphs")
    for block, extra in embedding_features(embeddings, list(feats)).items():
        feats[block].update(extra)
    return feats, load_forest(name).probabilities(feats)


def score_paragraphs(profiles: Sequence[Profile], embeddings: np.ndarray, *, name: str = ML_SETTINGS_FILE, idf: Idf | None = None) -> list[Scored]:
    """Departure score and components per paragraph, as :func:`eventlens.narrative.departure.score_paragraphs`
    but with the embedding-aware block model of ``name``."""
    cfg = load_ml_settings(name)
    feats, probs = block_probabilities(profiles, embeddings, name=name, idf=idf)
    if not feats:
        return [Scored(0.0, {}) for _ in profiles]
    return paragraph_scores(feats, probs, n=len(profiles), settings=cfg)


def score_analysis(analysis: Any, profiles: Sequence[Profile], *, name: str = ML_SETTINGS_FILE) -> list[Scored]:
    """Scores of every paragraph of ``analysis`` (an :class:`eventlens.model.Analysis` whose ``profiles``
    the narrative stage built); paragraphs are embedded only when the article is long enough to have
    candidate blocks."""
    require("departure='ml'")  # the same answer for every article, long or short
    if not reads(len(profiles), settings=load_ml_settings(name)):
        return [Scored(0.0, {}) for _ in profiles]
    embeddings = embed_paragraphs([analysis.span_text(p.start, p.end) for p in analysis.paragraphs])
    return score_paragraphs(profiles, embeddings, name=name)
