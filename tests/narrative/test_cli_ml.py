"""``--ml`` is accepted and ignored (the encoder models are the default): analyze and ingest say so and
give what they give without it; the departure profiles keep the lexical model's stance (what the
departure models were fitted on) while the reported tone is the encoder head's."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.encoder.models import DEFAULT_MODEL
from eventlens.model import Article
from eventlens.narrative.targeted import MODEL_FILE, load_model
from eventlens.stages import DEFAULT_STAGES, build_pipeline
from eventlens.stages.narrative import NarrativeLens

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


def test_analyze_ml_is_ignored_and_says_so(article):
    with_ml = CliRunner().invoke(cli, ["analyze", article, "--ml", "--format", "json"], catch_exceptions=False)
    assert with_ml.exit_code == 0, with_ml.output
    assert "--ml is ignored" in with_ml.stderr
    without = CliRunner().invoke(cli, ["analyze", article, "--format", "json"], catch_exceptions=False)
    rules = json.loads(with_ml.stdout)["meta"]["rules"]["narrative"]
    assert rules["sentiment"] == DEFAULT_MODEL
    assert rules["departure_stance"] == load_model(MODEL_FILE).version  # the lexical model fed the departure profiles
    strip = lambda out: {k: v for k, v in json.loads(out).items() if k != "meta"}  # noqa: E731 - timings differ
    assert strip(with_ml.stdout) == strip(without.stdout)


def test_departure_profiles_keep_the_lexical_stance():
    analysis = build_pipeline(DEFAULT_STAGES[:-1])(Article(text=TEXT), keep_doc=True)
    lexical, _, lexical_items = NarrativeLens(sentiment="lexical").profiles(analysis)
    encoder, _, encoder_items = NarrativeLens().profiles(analysis)
    assert [p.stance for p in encoder] == [p.stance for p in lexical]  # the stance departure-v4 was fitted on
    assert encoder_items != lexical_items  # while the reported tone is the encoder head's
    assert any(p.stance for p in lexical)


def test_ingest_records_the_coder_not_ml(tmp_path, article):
    from eventlens.store import Store
    from eventlens.store import queries as Q

    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli, ["ingest", article, "--db", str(db), "--no-progress", "--ml"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        (run,) = Q.runs(store)
        options = run["options"] if isinstance(run["options"], dict) else json.loads(run["options"])
        assert options["pipeline"] == {"coder": "learned", "min_confidence": None}
        (meta,) = store.con.execute("SELECT meta FROM articles").fetchone()
    assert json.loads(meta)["rules"]["narrative"]["sentiment"] == DEFAULT_MODEL
