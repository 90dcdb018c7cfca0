"""CAMEO table, PLOVER map, lexicon matching."""

from __future__ import annotations

import pytest

from eventlens.errors import ConfigError
from eventlens.events import cameo_info, load_cameo, load_lexicon, plover_legacy_map, quad_class

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_quad_class_from_root():
    assert [quad_class(c) for c in ("051", "073", "112", "190")] == [1, 2, 3, 4]
    with pytest.raises(ConfigError):
        quad_class("xx")


def test_table_values_are_facts():
    assert cameo_info("190").goldstein == -10.0
    assert cameo_info("073").plover == "AID"
    assert cameo_info("0863").plover == "RETREAT"
    assert cameo_info("082").plover == "CONCEDE"
    assert cameo_info("010").plover == ""  # PLOVER drops CAMEO 01
    assert cameo_info("0871").goldstein == 10.0


def test_every_plover_type_is_current():
    used = {c.plover for c in load_cameo().values() if c.plover}
    assert used == PLOVER_TYPES


def test_unknown_code_raises():
    with pytest.raises(ConfigError):
        cameo_info("999")


def test_legacy_labels_map_to_current_types():
    legacy = plover_legacy_map()
    assert legacy["FIGHT"] == "ASSAULT" and legacy["DEMAND"] == "REQUEST" and legacy["DISAPPROVE"] == "ACCUSE"
    assert set(legacy.values()) <= PLOVER_TYPES


def test_lexicon_specific_pattern_beats_default():
    lex = load_lexicon()
    assert "provide" in lex.lemmas("provided")
    plain = lex.match("provide", subject=frozenset(), complement=frozenset({"information"}), preps={})
    aid = lex.match("provide", subject=frozenset(), complement=frozenset({"humanitarian", "aid"}), preps={})
    assert aid is not None and aid.code == "073"
    assert plain is None or plain.code != "073"


def test_lexicon_preposition_pattern():
    lex = load_lexicon()
    m = lex.match("involve", subject=frozenset(), complement=frozenset({"in", "talk", "talks"}), preps={"in": frozenset({"talk", "talks"})})
    assert m is not None and m.code.startswith("04")


def test_lexicon_version_names_each_file_as_its_header_declares():
    from importlib import resources

    version = load_lexicon().version
    for name in ("cameo_verbs", "additions"):
        header = resources.files("eventlens.data.events").joinpath(f"{name}.tsv").read_text(encoding="utf-8").splitlines()[0]
        declared = header.rsplit("version ", 1)[1].split()[0].rstrip(",")
        assert f"{name} {declared}" in version


def test_events_stage_records_the_versions_of_its_data():
    from eventlens import api
    from eventlens.actors.reference import reference_words
    from eventlens.events import load_rules

    from eventlens.events.tables import tables_version

    rules = api.analyze_text(text="Iran sent aid to Iraq.", coder="rules").meta["rules"]["events"]
    assert rules == {"lexicon": load_lexicon().version, "rules": load_rules().version, "reference": reference_words().version,
                     "tables": tables_version()}
