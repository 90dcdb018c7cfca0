"""The typed rules object: ``rules.json`` loaded once, validated key by key."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from types import MappingProxyType

import pytest

from eventlens.errors import ConfigError
from eventlens.events import EventRules, load_rules
from eventlens.events.rules import ClaimCodes, parse_rules


def _raw() -> dict:
    return json.loads(resources.files("eventlens.data.events").joinpath("rules.json").read_text(encoding="utf-8"))


def test_every_key_is_a_field_and_loaded_once():
    rules = load_rules()
    assert isinstance(rules, EventRules) and load_rules() is rules
    assert set(_raw()) == {f.name for f in dataclasses.fields(EventRules)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.version = "x"  # type: ignore[misc]


def test_value_types():
    rules = load_rules()
    assert isinstance(rules.speech_verbs, frozenset) and "say" in rules.speech_verbs
    assert isinstance(rules.np_preps, tuple) and rules.np_preps[0] == "of"  # an order stays an order
    assert isinstance(rules.threat_codes, MappingProxyType) and rules.threat_codes["19"] == "138"
    assert rules.claim_codes == ClaimCodes(same_side="015", other_side="112")
    assert isinstance(rules.labour_strike_code, str)


def test_unknown_key_is_named():
    raw = _raw() | {"speach_verbs": ["say"]}
    with pytest.raises(ConfigError, match="speach_verbs"):
        parse_rules(raw)


def test_missing_key_is_named():
    raw = _raw()
    del raw["clause_deps"]
    with pytest.raises(ConfigError, match="clause_deps"):
        parse_rules(raw)


@pytest.mark.parametrize(
    ("key", "value"),
    [("speech_verbs", "say"), ("target_preps", ["to", 3]), ("threat_codes", ["133"]), ("version", 1.5), ("claim_codes", {"same_side": "015"})],
)
def test_wrong_type_is_named(key, value):
    raw = _raw() | {key: value}
    with pytest.raises(ConfigError, match=key):
        parse_rules(raw)
