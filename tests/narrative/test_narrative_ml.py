"""The narrative stage's actor tone: the shared encoder's head (the default) against the lexical model."""

from __future__ import annotations

from eventlens.encoder.models import DEFAULT_MODEL
from eventlens.model import Article
from eventlens.stages import DEFAULT_STAGES, build_pipeline

TEXT = (
    "Kenyan officials praised Ethiopia for its generous flood relief and thanked its rescue teams.\n\n"
    "Ethiopian engineers rebuilt two bridges in Kenya within a week, residents said."
)


def test_narrative_stage_tone_from_the_encoder_head() -> None:
    lexical = build_pipeline(DEFAULT_STAGES, settings={"narrative": {"sentiment": "lexical"}})(Article(text=TEXT))
    encoder = build_pipeline(DEFAULT_STAGES)(Article(text=TEXT))
    assert encoder.meta["rules"]["narrative"]["sentiment"] == DEFAULT_MODEL
    assert lexical.meta["rules"]["narrative"]["sentiment"] != DEFAULT_MODEL
    assert [p.focus for p in encoder.paragraphs] == [p.focus for p in lexical.paragraphs]  # only the tone model differs
    tone = {item["code"]: item for item in encoder.actor_tone}
    assert set(tone) == {"ETH", "KEN"}
    assert tone["ETH"]["sentiment"] == "positive" and 0.0 < tone["ETH"]["score"] <= 1.0  # praised for its relief
    assert [i["score"] for i in encoder.actor_tone] != [i["score"] for i in lexical.actor_tone]
