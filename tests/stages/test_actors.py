"""The ``actors`` stage: contract, and acceptance on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.errors import ConfigError
from eventlens.model import Article
from eventlens.pipeline import Pipeline
from eventlens.stages import build_pipeline
from eventlens.stages.actors import ActorTagger


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(["segment", "actors"])


def test_stage_contract() -> None:
    stage = ActorTagger()
    assert stage.name == "actors"
    assert stage.requires == ("doc", "sentences")
    assert stage.provides == ("actors",)


def test_mentions_sorted_and_offsets_exact(pipeline: Pipeline) -> None:
    text = "Iranian media said police met Israeli officials.\nThe UN responded."
    a = pipeline(Article(text=text))
    assert [m.start for m in a.actors] == sorted(m.start for m in a.actors)
    for m in a.actors:
        assert text[m.start : m.end] == m.text
        assert m.rule and 0 < m.confidence <= 1
        assert m.sentence is not None
    assert [m.code for m in a.actors] == ["IRNMED", "COP", "ISRGOV", "IGOUNO"]


def test_bad_extra_file_fails_at_construction(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("Just a phrase\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.tsv, line 1"):
        ActorTagger(extra_files=[str(bad)])


def test_seed_article_actors(shared_dir: Path, pipeline: Pipeline) -> None:
    text = (shared_dir / "data" / "seed" / "qom-gaza.txt").read_text(encoding="utf-8")
    a = pipeline(Article(text=text))
    found = {(m.text, m.code) for m in a.actors}
    codes = {m.code for m in a.actors}
    assert ("Iran", "IRN") in found
    assert ("Iranian", "IRN") in found or any(m.text.startswith("Iranian") for m in a.actors)
    assert ("the Iranian populace", "IRNCVL") in found
    assert ("Gaza", "PSE") in found
    assert ("Palestinians", "PSECVL") in found  # the people, supported (docs/annotation.md 2.3)
    assert ("Palestinian students", "PSEEDU") in found
    assert ("The Al Mustafa International University", "IRNEDU") in found
    assert ("Israel", "ISR") in found
    assert ("The Israeli government", "ISRGOV") in found
    assert ("Iranian media", "IRNMED") in found
    assert ("Qom", "IRN") in found
    assert any(m.code == "IRNCVL" and m.text.startswith("The city") for m in a.actors)
    assert {"PSECVL", "IRNCVL"} <= codes  # "the Iranian and Palestinian peoples"
    # nothing outside the article's actors
    assert {m.country for m in a.actors if m.country} <= {"IRN", "PSE", "ISR"}
