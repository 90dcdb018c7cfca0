"""bench/install_size.py: the base install's closure and its size with and without the encoder runtime."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("install_size", REPO / "bench" / "install_size.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_closure_follows_base_requirements_only() -> None:
    bench = _bench()
    base = bench.closure(bench._requires("eventlens"))
    assert {"spacy", "duckdb", "onnxruntime", "tokenizers"} <= base
    assert "torch" not in base and "hypothesis" not in base  # extras ([train], [test]) are not the base install
    lean = bench.closure(bench._requires("eventlens"), skip=frozenset(bench.ENCODER_RUNTIME))
    assert lean < base and not (set(bench.ENCODER_RUNTIME) & lean)
    assert "numpy" in lean  # still needed without the encoder


def test_sizes_add_up() -> None:
    result = _bench().measure()
    assert 0 < result["without_encoder_mb"] < result["base_install_mb"]
    assert abs(result["base_install_mb"] - result["without_encoder_mb"] - result["encoder_mb"]) <= 0.11
    assert result["encoder_parts_mb"]["eventlens/data/encoder"] > 1  # the shipped model is counted
