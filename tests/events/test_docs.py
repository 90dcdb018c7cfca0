"""docs/events.md documents every field of the typed rules."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from eventlens.events import EventRules

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"


def test_every_rules_field_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [f.name for f in dataclasses.fields(EventRules) if f"`{f.name}`" not in text]
    assert not missing, f"EventRules fields missing from docs/events.md: {missing}"
