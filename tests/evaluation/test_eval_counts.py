"""The counts of `eventlens eval` are named for what they count, and docs/evaluation.md names every one of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from eventlens.evaluation import actors as actors_eval
from eventlens.evaluation import events as events_eval
from eventlens.evaluation import geoparse as geoparse_eval
from eventlens.evaluation import narrative as narrative_eval
from eventlens.evaluation import sentiment as sentiment_eval
from eventlens.model import Analysis, Article, Departure, Paragraph

DOCS = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"


def _record(rid: str, variant: str, paragraphs: list[str], inserted: list[int]) -> dict:
    return {"id": rid, "variant": variant, "paragraphs": paragraphs, "inserted": inserted, "text": "\n".join(paragraphs)}


def _benchmark(path: Path) -> Path:
    """Two spliced documents, three untouched ones, one whose paragraphs will not line up."""
    rows = [
        _record("a/easy", "easy", ["p0", "p1 FLAG", "p2"], [1]),
        _record("b/hard", "hard", ["q0", "q1", "q2 FLAG"], [1]),
        _record("c/none", "none", ["r0", "r1"], []),
        _record("d/none", "none", ["s0", "s1 FLAG"], []),
        _record("e/none", "none", ["t0", "t1"], []),
        _record("f/easy", "easy", ["u0", "u1 SPLIT", "u2"], [1]),
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _analyze(text: str) -> Analysis:
    """A stand-in for the pipeline: a paragraph per line (two for a line marked SPLIT), flagged when marked FLAG."""
    lines = [part for line in text.split("\n") for part in (line.split(" SPLIT") if "SPLIT" in line else [line])]
    paragraphs = [Paragraph(index=i, start=0, end=0, departure=Departure(flagged="FLAG" in line)) for i, line in enumerate(lines)]
    return Analysis(article=Article(text=text), paragraphs=paragraphs)


def test_narrative_counts_name_what_they_count(tmp_path: Path) -> None:
    result = narrative_eval.evaluate(data=_benchmark(tmp_path / "splice.jsonl"), analyze=_analyze)
    assert "documents" not in result
    assert result["documents_read"] == 6
    assert result["spliced_documents"] == 2 and result["untouched_documents"] == 3 and result["misaligned_documents"] == 1
    assert result["documents_read"] == result["spliced_documents"] + result["untouched_documents"] + result["misaligned_documents"]
    assert result["variants"]["easy"]["spliced_documents"] == 1 and result["variants"]["hard"]["spliced_documents"] == 1
    assert result["paragraph_precision"] == 0.5 and result["untouched_flag_rate"] == round(1 / 3, 4)
    text = narrative_eval.render(result)
    assert "6 documents read: 2 spliced, 3 untouched, 1 skipped" in text


def test_sentiment_counts_targets() -> None:
    result = sentiment_eval.scores(["negative", "positive", "positive"], ["negative", "neutral", "positive"])
    assert result["targets"] == 3 and "n" not in result
    assert result["per_class"]["positive"]["n_gold"] == 2


def _documented_keys(kind: str) -> set[str]:
    """The keys named (in backticks) in the section of docs/evaluation.md whose heading names ``kind``."""
    sections = re.split(r"^### ", DOCS.read_text(encoding="utf-8"), flags=re.M)
    section = next(s for s in sections if s.split("\n", 1)[0].startswith((f"`{kind}`", kind)))
    return set(re.findall(r"`([a-z0-9_]+)`", section)) | {"data"}


def _keys(result: dict, *rows: dict) -> set[str]:
    return set(result).union(*(set(r) for r in rows))


def test_every_key_is_documented_under_its_kind(tmp_path: Path) -> None:
    narrative = narrative_eval.evaluate(data=_benchmark(tmp_path / "splice.jsonl"), analyze=_analyze)
    sentiment = sentiment_eval.scores(["negative"], ["negative"])
    found = {
        "narrative": _keys(narrative, narrative["variants"]["easy"]) | {"departure"},
        "sentiment": _keys(sentiment, sentiment["per_class"]["negative"])
        | {"model", "baseline_vader", "anchor_roberta_f1_macro", "base_model", "targets_per_s"},
        "geoparse": set(geoparse_eval.score([], [])) | {"seconds", "places_seconds"},
        "events": set(events_eval.score([], [])) | {"stage_seconds", "sentences_per_s", "n_gold"},
        "actors": set(actors_eval.score([], [])),
    }
    for kind, keys in found.items():
        assert keys - _documented_keys(kind) == set(), kind
