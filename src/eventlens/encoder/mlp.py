"""Small multi-layer perceptrons over encoder vectors, run in numpy.

A fine-tuned model ships its heads in one ``.npz`` file beside its ONNX graph:
for a head ``name``, arrays ``name/W0, name/b0, name/W1, ...`` (ReLU between
layers, logits out), ``name/labels`` and optionally ``name/temperature`` (a
calibration of its softmax, fitted on development data). ``meta`` is a JSON
string: the model version, what each head's input is made of, training data
hashes and figures. Everything is loaded once per process.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ResourceError


@dataclass(frozen=True, slots=True)
class MLPHead:
    """``logits(X)``: ReLU layers then a linear output; ``probs(X)``: softmax over ``labels`` (temperature-scaled);
    ``sigmoid(X)``: element-wise probabilities for multi-label heads."""

    weights: tuple[tuple[np.ndarray, np.ndarray], ...]
    labels: tuple[str, ...]
    temperature: float = 1.0

    @property
    def inputs(self) -> int:
        return int(self.weights[0][0].shape[0])

    def logits(self, X: np.ndarray) -> np.ndarray:
        h = np.asarray(X, dtype=np.float32)
        if h.ndim != 2 or h.shape[1] != self.inputs:
            raise ValueError(f"head expects rows of {self.inputs} features, got shape {h.shape}")
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(self.weights):
            h = h @ W + b
            if i < last:
                np.maximum(h, 0.0, out=h)
        return h / self.temperature

    def probs(self, X: np.ndarray) -> np.ndarray:
        z = self.logits(X)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def sigmoid(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(X)))


@dataclass(frozen=True, slots=True)
class HeadSet:
    """The heads of one model file, by name, and its ``meta``."""

    heads: Mapping[str, MLPHead]
    meta: Mapping[str, Any]

    def __getitem__(self, name: str) -> MLPHead:
        try:
            return self.heads[name]
        except KeyError:
            raise ResourceError(f"model {self.meta.get('version', '?')} has no head {name!r} (has: {', '.join(self.heads)})") from None

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unknown"))


def read_heads(raw: bytes, *, where: str) -> HeadSet:
    """Parse a heads file (the ``.npz`` bytes); ``where`` names it in errors."""
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            files = set(data.files)
            meta = json.loads(str(data["meta"])) if "meta" in files else {}
            names = sorted({f.split("/", 1)[0] for f in files if "/" in f})
            heads = {}
            for name in names:
                layers = []
                while f"{name}/W{len(layers)}" in files:
                    k = len(layers)
                    layers.append((data[f"{name}/W{k}"].astype(np.float32), data[f"{name}/b{k}"].astype(np.float32)))
                temperature = float(data[f"{name}/temperature"]) if f"{name}/temperature" in files else 1.0
                heads[name] = MLPHead(weights=tuple(layers), labels=tuple(str(x) for x in data[f"{name}/labels"]), temperature=temperature)
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"{where} is unreadable ({exc}); reinstall eventlens") from exc
    return HeadSet(heads=heads, meta=meta)


def write_heads(heads: Mapping[str, MLPHead], meta: Mapping[str, Any]) -> bytes:
    """The ``.npz`` bytes of a heads file (training scripts write it)."""
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for name, head in heads.items():
        for k, (W, b) in enumerate(head.weights):
            arrays[f"{name}/W{k}"] = np.asarray(W, dtype=np.float32)
            arrays[f"{name}/b{k}"] = np.asarray(b, dtype=np.float32)
        arrays[f"{name}/labels"] = np.array(head.labels)
        arrays[f"{name}/temperature"] = np.array(head.temperature, dtype=np.float32)
    out = io.BytesIO()
    np.savez_compressed(out, **arrays)
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def load_heads(package: str, name: str) -> HeadSet:
    """A heads file shipped in ``package`` (e.g. ``eventlens.data.encoder``), read once per process."""
    try:
        raw = resources.files(package).joinpath(name).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        raise ResourceError(f"{package.replace('.', '/')}/{name} is missing from the installation ({exc}); reinstall eventlens") from None
    return read_heads(raw, where=f"{package.replace('.', '/')}/{name}")
