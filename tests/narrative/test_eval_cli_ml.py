"""``eventlens eval ... --ml``: only for the kinds that have an ML model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventlens.cli import cli


@pytest.mark.parametrize("kind", ["geoparse", "events", "actors"])
def test_ml_flag_is_refused_for_kinds_without_a_model(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "gold.xml"
    data.write_text("<x/>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", kind, "--ml", "--data", str(data)])
    assert result.exit_code == 2
    assert f"--ml applies to sentiment and narrative, not {kind}" in result.output


def test_sentiment_render_shows_the_base_model_beside_the_ml_head() -> None:
    from eventlens.evaluation.sentiment import render

    row = {"precision": 0.5, "recall": 0.5, "f1": 0.5, "n_gold": 1}
    result = {
        "data": "x.jsonl", "targets": 3, "model": "minilm-sentiment-v1", "f1_macro": 0.7, "accuracy": 0.7,
        "per_class": {"negative": row, "neutral": row, "positive": row},
        "baseline_vader": {"f1_macro": 0.5, "accuracy": 0.5}, "anchor_roberta_f1_macro": 0.831,
        "base_model": {"model": "targeted-v3", "f1_macro": 0.66, "accuracy": 0.68},
    }
    text = render(result)
    assert "minilm-sentiment-v1" in text and "lexical" in text and "targeted-v3" in text
