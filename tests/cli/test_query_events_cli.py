"""``eventlens query``: --count events|reports, and 'reports --event ID' listing every report of an event."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.store import Store
from eventlens.store.synthetic import sample_analysis


def _store(tmp_path):
    db = tmp_path / "q.duckdb"
    with Store.open(db) as store:
        store.write_analyses([sample_analysis(i) for i in (0, 5, 1)])  # 0 and 5: one aid event reported twice
    return str(db)


def _json(args):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_count_events_or_reports(tmp_path):
    db = _store(tmp_path)
    events = _json(["query", "events", "--db", db, "--format", "json"])
    reports = _json(["query", "events", "--db", db, "--format", "json", "--count", "reports"])
    assert len(reports) == 6 and len(events) == 5
    aid = next(e for e in events if e["cameo"] == "0731" and e["reports"] == 2)
    listed = _json(["query", "reports", "--db", db, "--event", str(aid["event_id"]), "--format", "json"])
    assert [r["title"] for r in listed] == ["Story 0", "Story 5"]
    timeline = _json(["query", "timeline", "--db", db, "--format", "json"])
    assert sum(t["events"] for t in timeline) == 5 and sum(t["reports"] for t in timeline) == 6


def test_bad_count_and_misplaced_options_are_refused(tmp_path):
    db = _store(tmp_path)
    bad = CliRunner().invoke(cli, ["query", "dyads", "--db", db, "--count", "stories"])
    assert bad.exit_code == 2 and "--count must be one of events, reports" in bad.output
    misplaced = CliRunner().invoke(cli, ["query", "actors", "--db", db, "--count", "events"])
    assert misplaced.exit_code == 2 and "does not take --count" in misplaced.output
