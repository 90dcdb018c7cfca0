"""Small numpy heads on MiniLM embeddings: a multinomial logistic regression, stored as NPZ.

A head file holds ``W`` (features x classes), ``b`` (classes), ``labels``, a
``meta`` JSON string (version, training data and its licence, command, settings)
and any further arrays the head needs (``x_<name>``).
Training (:func:`fit_softmax`) is plain numpy, full-batch gradient descent with
Adam and an L2 penalty, deterministic for a given input.
"""

from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError


@dataclass(frozen=True, slots=True)
class SoftmaxHead:
    W: np.ndarray
    b: np.ndarray
    labels: tuple[str, ...]
    meta: dict[str, Any]
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # further arrays a head needs (stored as x_<name>)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unknown"))

    def probs(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per input row."""
        z = np.asarray(X, dtype=np.float32) @ self.W + self.b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, W=self.W.astype(np.float32), b=self.b.astype(np.float32),
                            labels=np.array(self.labels), meta=np.array(json.dumps(self.meta, sort_keys=True)),
                            **{"x_" + k: v for k, v in self.extra.items()})


def fit_softmax(X: np.ndarray, y: np.ndarray, *, n_classes: int, l2: float, steps: int = 400, lr: float = 0.05,
                class_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``(W, b)`` of an L2-penalised multinomial logistic regression (numpy, deterministic)."""
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    Y = np.zeros((n, n_classes))
    Y[np.arange(n), y] = 1.0
    sw = np.ones(n) if class_weight is None else class_weight[y]
    sw = sw / sw.sum()
    W = np.zeros((d, n_classes))
    b = np.zeros(n_classes)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        z = X @ W + b
        z -= z.max(axis=1, keepdims=True)
        P = np.exp(z)
        P /= P.sum(axis=1, keepdims=True)
        G = (P - Y) * sw[:, None]
        gW = X.T @ G + 2 * l2 * W
        gb = G.sum(axis=0)
        mW = b1 * mW + (1 - b1) * gW
        vW = b2 * vW + (1 - b2) * gW**2
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb**2
        W -= lr * (mW / (1 - b1**t)) / (np.sqrt(vW / (1 - b2**t)) + eps)
        b -= lr * (mb / (1 - b1**t)) / (np.sqrt(vb / (1 - b2**t)) + eps)
    return W.astype(np.float32), b.astype(np.float32)


@functools.lru_cache(maxsize=4)
def load_head(name: str) -> SoftmaxHead:
    """A head shipped in ``eventlens/data/ml/<name>``, read once per process."""
    try:
        raw = resources.files("eventlens.data").joinpath("ml", name).read_bytes()
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            return SoftmaxHead(W=data["W"], b=data["b"], labels=tuple(str(x) for x in data["labels"]),
                               meta=json.loads(str(data["meta"])),
                               extra={k[2:]: data[k] for k in data.files if k.startswith("x_")})
    except (FileNotFoundError, OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"eventlens/data/ml/{name} is missing or unreadable ({exc}); reinstall eventlens "
                            f"or retrain it with the script named in docs/ml.md") from None
