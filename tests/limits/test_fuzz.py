"""Hypothesis fuzzing of ``eventlens.analyze``: no untyped exception, no offset outside the text or off its span,
bounded time per input (bench/fuzz.py runs >= 10,000 inputs; CI runs EVENTLENS_FUZZ_EXAMPLES, default 120)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

import eventlens

from .fuzzing import Tally, check_one, metadata, texts

EXAMPLES = int(os.environ.get("EVENTLENS_FUZZ_EXAMPLES", "120"))
TALLY = Tally()
eventlens.analyze("Iran sent aid to Gaza.")  # models load before any input is timed


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(text=texts(), meta=metadata())
def test_analyze_never_fails_untyped_and_offsets_hold(text, meta):
    before = len(TALLY.untyped) + len(TALLY.offset_violations)
    check_one(text, meta, TALLY)
    assert len(TALLY.untyped) + len(TALLY.offset_violations) == before, (TALLY.untyped + TALLY.offset_violations)[-1]
    assert TALLY.slowest_cpu_s <= 10.0, TALLY.as_dict()  # CPU time: the cost, whatever else holds the cores
