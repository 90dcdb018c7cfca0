"""``eventlens eval dedup``: pairwise precision, recall and F1 of the same-event rule, the frozen test part checked.

Measured on data/annotations/dedup-pairs-v1.jsonl with rule dedup-v2 (docs/dedup.md): test P 1.000 R 0.438 F1 0.609
(7 of 16 same pairs, no false merge; 154 pairs), dev in-sample and leave-one-story-out both P 1.000 R 0.433 F1 0.605
(13 of 30). Floors sit one pair below (one false merge, or one missed pair), so a regression fails.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventlens.errors import InputError
from eventlens.evaluation.dedup import evaluate, render

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "annotations" / "dedup-pairs-v1.jsonl"
FLOORS = {"test": {"precision": 0.87, "f1": 0.54}, "dev": {"precision": 0.92, "f1": 0.57},
          "dev_cv": {"precision": 0.92, "f1": 0.57}}

RAID = "Israeli troops raided the Jenin camp on Tuesday, killing three gunmen."
RAID2 = "The army said troops raided the Jenin camp on Tuesday and killed three gunmen."
SPEECH = "The minister praised the farmers at a fair."


def _side(doc: str, article: str, sentence: str, trigger: str, *, cameo="190", source="ISRMIL", target="PSEREB", date="2024-05-07"):
    start = article.index(sentence)
    t = article.index(trigger, start)
    return {"corpus": "gwn", "doc": doc, "sentence": [start, start + len(sentence)],
            "sha256": hashlib.sha256(sentence.encode()).hexdigest(), "trigger": [t, t + len(trigger)], "date": date,
            "outlet": "x", "event": {"source": source, "target": target, "cameo": cameo, "negated": False,
                                     "modality": "asserted", "location": None, "source_span": None, "target_span": None, "idx": 0}}


@pytest.fixture()
def corpus(tmp_path):
    articles = {"1": f"{RAID} {SPEECH}", "2": RAID2}
    (tmp_path / "shared" / "data" / "geoparsing").mkdir(parents=True)
    (tmp_path / "shared" / "data" / "geoparsing" / "GWN.xml").write_text(
        "<articles>" + "".join(f'<article file="{k}"><text>{v}</text></article>' for k, v in articles.items()) + "</articles>")
    pairs = [
        {"id": "p1", "split": "test", "label": "same", "a": _side("gwn-1", articles["1"], RAID, "raided"),
         "b": _side("gwn-2", articles["2"], RAID2, "raided")},
        {"id": "p2", "split": "dev", "label": "different", "a": _side("gwn-1", articles["1"], RAID, "raided"),
         "b": _side("gwn-1", articles["1"], SPEECH, "praised", cameo="051", source="GOV", target="AGR")},
        {"id": "p3", "split": "dev", "label": "same", "a": _side("gwn-1", articles["1"], RAID, "raided"),
         "b": _side("gwn-2", articles["2"], RAID2, "raided", date="2024-07-01")},
    ]
    data = tmp_path / "pairs.jsonl"
    data.write_text("".join(json.dumps(p) + "\n" for p in pairs))
    body = "p1\tx\n"
    (tmp_path / "dedup-test-split.tsv").write_text(
        f"# frozen; sha256 of the lines below: {hashlib.sha256(body.encode()).hexdigest()}\n{body}")
    return data, tmp_path / "shared"


def test_scores_pairs_by_split_and_checks_the_frozen_list(corpus):
    data, shared = corpus
    result = evaluate(data=data, shared=shared)
    assert result["frozen_test_split"] == "verified"
    assert (result["test"]["tp"], result["test"]["f1"]) == (1, 1.0)
    assert (result["dev"]["tp"], result["dev"]["fn"], result["dev"]["fp"]) == (0, 1, 0)  # p3: dates 55 days apart
    assert result["all"]["precision"] == 1.0 and result["all"]["recall"] == 0.5
    assert "incompatible dates" in result["decisions"] and "test" in render(result)
    assert result["dev_cv"]["pairs"] == 2 and "dev_cv" in render(result) and result["settings"]["model"] == "dedup-v2"


def test_a_test_pair_missing_from_the_frozen_list_is_refused(corpus):
    data, shared = corpus
    (data.parent / "dedup-test-split.tsv").write_text("# sha256 of the lines below: x\nother\tx\n")
    with pytest.raises(InputError, match="not in the frozen test list"):
        evaluate(data=data, shared=shared)


def test_another_copy_of_the_corpus_is_refused(corpus):
    data, shared = corpus
    xml = shared / "data" / "geoparsing" / "GWN.xml"
    xml.write_text(xml.read_text().replace("Jenin", "Jenen"))
    with pytest.raises(InputError, match="does not match its sha256"):
        evaluate(data=data, shared=shared)


@pytest.mark.shared
def test_dedup_floors_on_the_annotated_pairs(shared_dir):
    result = evaluate(data=DATA, shared=shared_dir)
    assert result["frozen_test_split"] == "verified" and result["test"]["pairs"] >= 150 and result["all"]["pairs"] >= 300
    for part, floors in FLOORS.items():
        for key, floor in floors.items():
            assert result[part][key] >= floor, f"{part} {key} {result[part][key]} < {floor}\n{render(result)}"


@pytest.mark.shared
def test_the_fit_script_reproduces_the_shipped_model(shared_dir):
    run = subprocess.run([sys.executable, str(REPO / "training" / "fit_dedup.py"), "--dry-run", "--shared", str(shared_dir)],
                         capture_output=True, text=True, timeout=300, cwd=REPO)
    assert run.returncode == 0, run.stderr
    refit = json.loads(run.stdout)
    shipped = json.loads((REPO / "src" / "eventlens" / "data" / "dedup" / "dedup-v2.json").read_text())
    assert (refit["weights"], refit["bias"], refit["threshold"]) == (shipped["weights"], shipped["bias"], shipped["threshold"])
    assert refit["fit"]["dev_cv"] == shipped["fit"]["dev_cv"] and refit["fit"]["labels_sha256"] == shipped["fit"]["labels_sha256"]


@pytest.mark.shared
def test_eval_command(shared_dir):
    run = subprocess.run([sys.executable, "-m", "eventlens", "eval", "dedup", "--data", str(DATA)], capture_output=True,
                         text=True, timeout=120, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert "frozen test split: verified" in run.stdout and run.stdout.count("\n") >= 5
