"""Evaluation gates for the narrative lens, with pinned floors (measured values in docs/narrative.md).

Floors sit a little under the measured figures so a regression fails the
test; they are NOT the issue's targets (sentiment F1m 0.70, splice F1 0.80),
which eventlens does not reach yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.evaluation import frames as frames_eval
from eventlens.evaluation import narrative as narrative_eval
from eventlens.evaluation import sentiment as sentiment_eval
from eventlens.model import Article

# departure-v4 (threshold 0.55; targeted-v4, frames-v2) measured on seed 1, odd host ids, limit 120:
# F1 0.751, easy 0.847, hard 0.633, precision 0.899, untouched 0/40 (docs/narrative.md)
FLOOR_SPLICE_F1 = 0.74
FLOOR_SPLICE_EASY_F1 = 0.82
FLOOR_SPLICE_HARD_F1 = 0.62


def test_frames_dev_set_gate() -> None:
    result = frames_eval.evaluate()
    assert result["paragraphs"] >= 150 and result["paragraphs_read"] == result["paragraphs"]
    assert {f for f, row in result["per_frame"].items() if row["n_gold"] >= 10} == set(result["per_frame"])
    assert result["accuracy"] >= 0.70
    assert result["macro_recall"] >= 0.70


@pytest.mark.slow
def test_sentiment_gate(shared_dir: Path) -> None:
    result = sentiment_eval.evaluate(data=shared_dir / "data" / "sentiment" / "newsmtsc-devtest_rw.jsonl")
    assert result["targets"] == 1146
    assert result["f1_macro"] >= 0.665  # measured 0.6775 (targeted-v4; v3 0.667, v2 0.657)
    assert result["f1_macro"] > result["baseline_vader"]["f1_macro"] + 0.10


def test_seed_passage(shared_dir: Path, seed_text: str) -> None:
    from eventlens.stages import build_pipeline

    analysis = build_pipeline()(Article(text=seed_text))
    flagged = [p.index for p in analysis.paragraphs if p.departure and p.departure.flagged]
    assert flagged == [4, 5]
    assert [p.paragraphs for p in analysis.passages] == [[4, 5]]
    # margin over the 0.5 boundary: 0.551 with the rule coder, 0.522 with the learned coder (no event coded on the seed),
    # 0.519 once "the city of Qom" in the first sentence names a place, not an actor (one IRN mention fewer in paragraph 0)
    assert min(analysis.paragraphs[i].departure.score for i in (4, 5)) >= 0.51
    assert all(p.departure.score < 0.45 for p in analysis.paragraphs if p.index not in (4, 5))
    reasons = " ".join(analysis.passages[0].reasons)
    assert "focus moves from" in reasons and "to ISR" in reasons
    assert "framing moves from" in reasons and "security and defence" in reasons


@pytest.mark.slow
def test_splice_gate(shared_dir: Path, tmp_path: Path) -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_splice_benchmark.py"
    spec = importlib.util.spec_from_file_location("build_splice_benchmark", script)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    out = tmp_path / "splice.jsonl"
    # held-out half: the departure model is fitted on seeds 3-21 (odd seeds) with even host ids
    module.main(["--shared", str(shared_dir), "--out", str(out), "--seed", "1", "--hosts", "odd"])
    result = narrative_eval.evaluate(data=out, limit=120)
    assert result["untouched_flag_rate"] <= 0.08
    assert result["paragraph_precision"] >= 0.85
    assert result["paragraph_f1"] >= FLOOR_SPLICE_F1
    assert result["variants"]["easy"]["paragraph_f1"] >= FLOOR_SPLICE_EASY_F1
    assert result["variants"]["hard"]["paragraph_f1"] >= FLOOR_SPLICE_HARD_F1


def test_score_function() -> None:
    records = [{"inserted": [2, 3], "variant": "easy"}, {"inserted": [], "variant": "none"}, {"inserted": [1], "variant": "hard"}]
    result = narrative_eval.score(records, [{2, 5}, {4}, set()])
    assert result["paragraph_precision"] == 0.5
    assert result["paragraph_recall"] == round(1 / 3, 4)
    assert result["untouched_flag_rate"] == 1.0
    assert result["variants"]["hard"]["paragraph_recall"] == 0.0
