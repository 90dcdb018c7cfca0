"""The API counts events or reports (count=events|reports, events by default) and lists every report of an event."""

from __future__ import annotations


def test_events_are_counted_once_and_show_their_reports(client):
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    reports = client.get("/api/events", params={"limit": 500, "count": "reports"}).json()["items"]
    assert events and len(reports) >= len(events)
    assert {r["event_id"] for r in reports} == {e["event_id"] for e in events}
    biggest = max(events, key=lambda e: e["mentions"])
    listed = client.get("/api/reports", params={"event": biggest["event_id"], "limit": 500}).json()["items"]
    assert len(listed) == biggest["mentions"] and {r["event_id"] for r in listed} == {biggest["event_id"]}
    assert all(r["evidence"] and r["article_id"] for r in listed)


def test_dyads_and_overview_say_both_counts(client):
    dyads = client.get("/api/dyads", params={"limit": 500}).json()["items"]
    assert all(d["reports"] >= d["events"] for d in dyads)
    assert sum(d["events"] for d in client.get("/api/dyads", params={"limit": 500, "count": "reports"}).json()["items"]) == \
        sum(d["reports"] for d in dyads)
    counts = client.get("/api/overview").json()["counts"]
    assert counts["reports"] >= counts["events"] > 0


def test_a_bad_count_is_a_400(client):
    response = client.get("/api/timeline", params={"count": "articles"})
    assert response.status_code == 400 and "must be one of events, reports" in response.json()["error"]["message"]
