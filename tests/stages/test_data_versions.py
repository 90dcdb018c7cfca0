"""meta.rules names the version of every data file and model the default pipeline read (issue #18)."""

from __future__ import annotations

import json
from importlib import metadata, resources

import pytest

from eventlens import api
from eventlens.events.tables import TABLE_FILES, tables_version
from eventlens.stages import build_pipeline
from eventlens.model import Article


@pytest.fixture(scope="module")
def rules():
    return api.analyze_text(text="Iran sent aid to Gaza. Israel condemned the move in Tel Aviv.").meta["rules"]


def test_every_stage_with_data_records_its_versions(rules):
    assert set(rules) == {"places", "actors", "events", "tone", "narrative"}
    assert rules["actors"]["dictionary"]["curated.tsv"] and rules["actors"]["organisations"] and rules["actors"]["reference"]
    for gazetteer in (rules["places"]["gazetteer"], rules["actors"]["gazetteer"]):
        assert gazetteer["index_version"] and gazetteer["digest"] and gazetteer["min_population"] == 1000
    assert {"lexicon", "rules", "reference", "tables", "model", "min_confidence"} <= set(rules["events"])
    assert {"frames", "sentiment", "departure", "valence", "polarity", "departure_stance"} <= set(rules["narrative"])
    assert rules["narrative"]["sentiment"] == rules["events"]["model"]  # both heads ship with the one encoder model


def test_the_versions_are_the_ones_the_files_declare(rules):
    weights = json.loads(resources.files("eventlens").joinpath("data/geo/resolve.json").read_text(encoding="utf-8"))
    assert rules["places"]["weights"] == weights["version"]
    for name in TABLE_FILES:
        first = resources.files("eventlens.data.events").joinpath(name).read_text(encoding="utf-8").splitlines()[0]
        declared = first.split("version ", 1)[1].split()[0].rstrip(",.")
        assert f"{name.removesuffix('.tsv')} {declared}" in rules["events"]["tables"]
    assert rules["events"]["tables"] == tables_version()
    vader = f"vader_lexicon (vaderSentiment {metadata.version('vaderSentiment')})"
    assert rules["tone"]["valence"] == rules["narrative"]["valence"] == vader
    assert rules["narrative"]["polarity"] == "pattern-polarity-v1"


def test_overridden_weights_are_recorded_as_such():
    from eventlens.geo.resolve import default_weights

    pipeline = build_pipeline(("segment", "places"), settings={"places": {"weights": {**default_weights(), "comma": 1.0}}})
    assert pipeline(Article(text="Paris, Texas.")).meta["rules"]["places"]["weights"].endswith("+overrides")
