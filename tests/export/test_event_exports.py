"""GDELT events with their counts and the Mentions table; PLOVER records with their mention ids; per-report exports."""

from __future__ import annotations

import json

import pytest

from eventlens.export import export, mentions_path
from eventlens.export.gdelt import COLUMNS, MENTION_COLUMNS
from eventlens.store import Store
from eventlens.store.synthetic import sample_analysis


@pytest.fixture()
def store(tmp_path):
    s = Store.open(tmp_path / "x.duckdb")
    # articles 0 and 5 (and 1 and 6) report the same aid on the same day: one event each, two reports
    s.write_analyses([sample_analysis(i, source=f"Outlet {i % 2}") for i in (0, 1, 5, 6)])
    yield s
    s.close()


def _table(path, columns):
    return [dict(zip(columns, line.split("\t"))) for line in path.read_text().splitlines()]


def test_gdelt_counts_mentions_sources_and_articles(store, tmp_path):
    out = tmp_path / "events.tsv"
    written = export(store, fmt="gdelt", out=out)
    events = _table(out, COLUMNS)
    assert written["events"] == len(events) == 4  # 2 aid events (2 reports each) + 2 criticisms not negated
    aid = [e for e in events if e["EventCode"] == "0731"]
    assert len(aid) == 2 and all((e["NumMentions"], e["NumArticles"]) == ("2", "2") for e in aid)
    assert {e["NumSources"] for e in aid} == {"2"}  # articles 0 and 5 are from two outlets (i % 2)
    mentions = _table(mentions_path(out), MENTION_COLUMNS)
    assert written["mentions"] == len(mentions) == 6 and all(len(m) == 16 for m in mentions)
    by_event = {}
    for m in mentions:
        by_event.setdefault(m["GLOBALEVENTID"], []).append(m)
    assert {k for k in by_event} == {e["GLOBALEVENTID"] for e in events}
    first = by_event[aid[0]["GLOBALEVENTID"]][0]
    assert first["MentionType"] == "1" and first["MentionIdentifier"].startswith("https://example.org/")
    assert first["SentenceID"] == "1" and first["Actor1CharOffset"] == "0" and first["ActionCharOffset"] == "-1"
    assert first["Confidence"] == "100" and int(first["MentionDocLen"]) > 0 and len(first["EventTimeDate"]) == 14


def test_gdelt_per_report_keeps_the_old_rows(store, tmp_path):
    out = tmp_path / "r.tsv"
    written = export(store, fmt="gdelt", out=out, count="reports", mentions=tmp_path / "m.tsv")
    rows = _table(out, COLUMNS)
    assert written["reports"] == len(rows) == 6 and {r["NumMentions"] for r in rows} == {"1"}
    assert (tmp_path / "m.tsv").exists() and not mentions_path(out).exists()


def test_plover_events_carry_their_mention_ids(store, tmp_path):
    export(store, fmt="plover", out=tmp_path / "p.json")
    records = json.loads((tmp_path / "p.json").read_text())
    aid = [r for r in records if r["event_type"] == "AID"]
    assert len(records) == 6 and len(aid) == 2  # 4 criticisms stand alone (negation alternates)
    assert all(r["num_mentions"] == 2 and len(r["mentions"]) == 2 for r in aid)
    assert aid[0]["mentions"][0]["mention_id"] == aid[0]["event_id"]  # an event has the id of its first report
    export(store, fmt="plover", out=tmp_path / "r.json", count="reports")
    reports = json.loads((tmp_path / "r.json").read_text())
    assert len(reports) == 8 and {r["mention_of"] for r in reports if r["event_type"] == "AID"} == {r["event_id"] for r in aid}


def test_mentions_alone_to_standard_output(store, tmp_path):
    import io

    buf = io.BytesIO()
    written = export(store, fmt="gdelt-mentions", out="-", stdout=buf)
    assert written["mentions"] == len(buf.getvalue().decode().splitlines()) == 6
