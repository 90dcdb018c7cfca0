"""``eventlens eval actors`` on the annotated corpus: the scoring rules on built records, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.evaluation.actor_corpus import align, code_key, country_ok, gold_class, score
from eventlens.evaluation.annotations import AnnotatedSentence, GoldActor
from eventlens.model import ActorMention


def test_code_keys() -> None:
    assert code_key("USAGOV") == ("USA", "GOV")
    assert code_key("USA") == ("USA", None)
    assert code_key("---COP") == ("---", "COP")
    assert code_key("COP") == ("---", "COP")  # a sector alone: the country is unknown
    assert code_key("---") == ("---", None)
    assert code_key("IGOUNOREFHCR") == ("IGOUNO", "REF")
    assert code_key("WSTGOV") == ("WST", "GOV")
    assert country_ok("USA", "---") and not country_ok("---", "USA") and not country_ok("GBR", "USA")


def test_gold_classes() -> None:
    assert gold_class("he") == "pronoun" and gold_class("We") == "pronoun"
    assert gold_class("Angela Merkel") == "name" and gold_class("Trump") == "name"
    assert gold_class("a 24-year-old man") == "description" and gold_class("police") == "description"


def mention(start: int, end: int, code: str, kind: str = "agent") -> ActorMention:
    return ActorMention(text="x", start=start, end=end, code=code, kind=kind)


def test_alignment_is_one_to_one_by_overlap() -> None:
    gold = [GoldActor(0, 10, "USACOP"), GoldActor(20, 25, "USACVL")]
    pred = [mention(0, 4, "COP"), mention(2, 10, "USACOP"), mention(40, 45, "USA")]
    pairs = align(gold, pred)
    matched = [(p.gold.code, p.pred.code) for p in pairs if p.gold and p.pred]
    assert matched == [("USACOP", "USACOP")]
    assert sum(1 for p in pairs if p.gold and not p.pred) == 1 and sum(1 for p in pairs if p.pred and not p.gold) == 2


def test_scoring() -> None:
    text = "Police arrested a man and he said the mayor lied."
    sent = AnnotatedSentence(id="s1", corpus="newsmtsc", doc="d", split="train", article=text, start=0, end=len(text),
                             actors=[GoldActor(0, 6, "USACOP"), GoldActor(16, 21, "---CVL"), GoldActor(26, 28, "---"),
                                     GoldActor(34, 43, "USAGOV")])
    pred = [mention(0, 6, "USACOP"), mention(16, 21, "GBRCVL"), mention(26, 28, "---", "pronoun"), mention(34, 43, "GOV")]
    r = score([sent], [pred])
    assert r["mention_recall"] == 1.0 and r["mention_precision"] == 1.0
    assert r["code_precision"] == 0.75  # "the mayor" = GOV against USAGOV: an unknown country is not the gold's
    assert r["code_precision_unknown_as_wildcard"] == 1.0
    assert r["country_precision"] == 1.0 and r["n_country_stated"] == 2  # a gold "---" matches any country
    assert r["by_gold_class"]["pronoun"]["n_gold"] == 1 and r["by_kind"]["pronoun"]["code_precision"] == 1.0


def _corpus(tmp_path: Path) -> Path:
    rows = [
        {"id": "m1", "corpus": "newsmtsc", "doc": "m1", "split": "train", "text": "Iranian officials met police in Tehran.",
         "actors": [{"span": [0, 17], "code": "IRNGOV"}, {"span": [22, 28], "code": "IRNCOP"}], "events": []},
        {"id": "m2", "corpus": "newsmtsc", "doc": "m2", "split": "test", "text": "He left.", "actors": [{"span": [0, 2], "code": "---"}],
         "events": []},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_actors_reads_the_annotated_corpus(tmp_path: Path) -> None:
    path = _corpus(tmp_path)
    result = CliRunner().invoke(cli, ["eval", "actors", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["split"] == "train" and data["n_sentences"] == 1 and data["n_gold"] == 2
    assert data["mention_recall"] == 1.0 and data["code_precision"] == 1.0
    test = CliRunner().invoke(cli, ["eval", "actors", "--data", str(path), "--split", "test"])
    assert test.exit_code == 0 and "split test" in test.output and "mention recall" in test.output


def test_split_applies_only_to_the_corpus(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"text": "Iran met Iraq.", "source": [{"actorText": "Iran", "code": "IRN"}], "target": [], "event": "CONSULT"}]))
    result = CliRunner().invoke(cli, ["eval", "actors", "--data", str(gold), "--split", "test"])
    assert result.exit_code != 0 and "annotated corpus" in result.output
    assert CliRunner().invoke(cli, ["eval", "geoparse", "--data", str(gold), "--split", "test"]).exit_code == 2


@pytest.mark.slow
def test_train_split_figures(shared_dir: Path) -> None:
    from eventlens.evaluation.actor_corpus import evaluate_corpus

    data = Path(__file__).resolve().parents[2] / "data" / "annotations" / "events-v1.jsonl"
    result = evaluate_corpus(data=data, split="train", shared=shared_dir, limit=300)
    assert result["mention_recall"] >= 0.7 and result["country_precision"] >= 0.88
