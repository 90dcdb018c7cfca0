"""Evaluation gates for event coding on the shared gold sets (floors pinned just under measured figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventlens.evaluation.events import country_key, evaluate, load_gold, render, score
from eventlens.model import Analysis, Article, Event, EventActor

# The rule coder (--coder rules) measured on the full files (see docs/events.md); floors sit a little below so
# noise does not flap. The learned coder's gates are below these.
PETR_TRIPLE_F1_FLOOR = 0.70  # measured 0.707 (session 5); the target itself (the run is deterministic)
PETR_PLOVER_ACC_FLOOR = 0.85  # measured 0.873
PLOVER_MACRO_F1_FLOOR = 0.78  # measured 0.809 (target 0.75); margin for the actors stage moving
PLOVER_ACC_FLOOR = 0.79  # measured 0.814


def test_country_key():
    assert country_key("IRNGOV") == "IRN"
    assert country_key("IGOUNOMIL") == "IGOUNO"
    assert country_key("---REB") == "---" and country_key(None) == "---"
    assert country_key("IGOREF") == "IGO" and country_key("NGO") == "NGO"  # a generic organisation plus a sector
    assert country_key("JAP") == "JPN"  # a pre-ISO code of the PLOVER gold file


def test_generic_gold_organisation_matches_any_coded_one(tmp_path: Path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"text": "The European Union gave Chad aid.", "source": [{"actorText": "The European Union", "code": "IGO", "sector": ""}],
                                 "target": [{"actorText": "Chad", "code": "TCD"}], "event": "AID"}]))
    records = load_gold(gold)
    analysis = Analysis(article=Article(text=records[0].text))
    analysis.events = [Event(source=EventActor("The European Union", "IGOEUREEC", 0, 18), target=EventActor("Chad", "TCD", 24, 28), cameo="070", plover="AID", quad_class=2, goldstein=7.0, paragraph=0, sentence=0, start=0, end=33)]
    assert score(records, [analysis])["triple_f1"] == 1.0


def test_scoring_on_a_built_record(tmp_path: Path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([
        {"text": "Iran attacked Iraq.", "source": [{"actorText": "Iran", "code": "IRN"}], "target": [{"actorText": "Iraq", "code": "IRQ"}], "event": "FIGHT"},
        {"id": "doc", "event": "DOCUMENT"},
    ]))
    records = load_gold(gold)
    assert len(records) == 1 and records[0].events[0].plover == "ASSAULT"
    analysis = Analysis(article=Article(text=records[0].text))
    analysis.events = [Event(source=EventActor("Iran", "IRN", 0, 4), target=EventActor("Iraq", "IRQ", 14, 18), cameo="190", plover="ASSAULT", quad_class=4, goldstein=-10.0, paragraph=0, sentence=0, start=0, end=19)]
    result = score(records, [analysis])
    assert result["triple_f1"] == 1.0 and result["plover_accuracy"] == 1.0 and result["plover_macro_f1"] == 1.0
    assert "ASSAULT" in render(result | {"data": "x"})


def test_petrarch_xml_reader(tmp_path: Path):
    xml = tmp_path / "g.xml"
    xml.write_text('<Validation><Sentences>\n<Sentence category="X" date="20150609" id="A_1" evaluate="true"/>\n'
                   '<EventCoding eventcode="190" sourcecode="USA" targetcode="RUS" />\n<Text>\nThe United States fired at Russia.\n</Text>\n</Sentences></Validation>')
    (rec,) = load_gold(xml)
    assert rec.date == "2015-06-09" and rec.events[0].cameo == "190" and rec.events[0].plover == "ASSAULT"


@pytest.mark.slow
def test_gate_petrarch_validation(shared_dir: Path):
    result = evaluate(data=shared_dir / "data" / "events" / "PETR2_GSR_validation.xml", coder="rules")
    assert result["n_gold"] >= 75
    assert result["triple_f1"] >= PETR_TRIPLE_F1_FLOOR, render(result)
    assert result["plover_accuracy"] >= PETR_PLOVER_ACC_FLOOR, render(result)


@pytest.mark.slow
def test_gate_plover_gold(shared_dir: Path):
    result = evaluate(data=shared_dir / "data" / "events" / "PLOVER_GSR_CAMEO.json", coder="rules")
    assert result["n_gold"] >= 300
    assert result["plover_macro_f1"] >= PLOVER_MACRO_F1_FLOOR, render(result)
    assert result["plover_accuracy"] >= PLOVER_ACC_FLOOR, render(result)


# The learned coder (the default) on the same files, which it never saw in training: measured 2026-12-07 with
# eventlens-minilm-v2 at its default floor (docs/events.md); floors a little below.
LEARNED_PETR_TRIPLE_P_FLOOR = 0.55  # measured 0.625 (recall 0.130)
LEARNED_PLOVER_MACRO_F1_FLOOR = 0.68  # measured 0.731


@pytest.mark.slow
def test_gate_learned_coder_petrarch_precision(shared_dir: Path):
    result = evaluate(data=shared_dir / "data" / "events" / "PETR2_GSR_validation.xml")
    assert result["coder"] == "learned"
    assert result["triple_precision"] >= LEARNED_PETR_TRIPLE_P_FLOOR, render(result)


@pytest.mark.slow
def test_gate_learned_coder_plover_types(shared_dir: Path):
    result = evaluate(data=shared_dir / "data" / "events" / "PLOVER_GSR_CAMEO.json")
    assert result["plover_macro_f1"] >= LEARNED_PLOVER_MACRO_F1_FLOOR, render(result)
