"""The query layer: filters, aggregates, pagination, parameter checks."""

from __future__ import annotations

import pytest

from eventlens.store import Store
from eventlens.store import queries as Q
from eventlens.store.synthetic import sample_analysis


@pytest.fixture()
def store(tmp_path):
    s = Store.open(tmp_path / "q.duckdb")
    batch = [sample_analysis(i, date=f"2024-0{1 + i % 3}-1{i % 10}", source=("Wire A" if i % 2 else "Wire B")) for i in range(10)]
    s.write_analyses(batch)
    yield s
    s.close()


def test_events_filters(store):
    assert len(Q.events(store, limit=None)) == 20
    aid = Q.events(store, type="aid", limit=None)
    assert len(aid) == 10 and {e["plover"] for e in aid} == {"AID"}
    irn = Q.events(store, actor="IRN", limit=None)
    assert irn and all(e["source_code"].startswith("IRN") or e["target_code"].startswith("IRN") for e in irn)
    src = Q.events(store, source="IRN", limit=None)
    assert all(e["source_code"].startswith("IRN") for e in src) and len(src) < len(irn)
    assert all(e["date"] >= "2024-02-01" for e in Q.events(store, since="2024-02-01", limit=None))
    assert all(e["date"] <= "2024-01-31" for e in Q.events(store, until="2024-01", limit=None))
    assert all("criticised" in e["evidence"] for e in Q.events(store, text="CRITICISED", limit=None))
    assert all(e["outlet"] == "Wire A" for e in Q.events(store, outlet="wire a", limit=None))
    assert all(e["cameo"].startswith("07") for e in Q.events(store, cameo="07", limit=None))
    assert Q.count_events(store, type="AID") == 10
    assert Q.events(store, place="Gaza", limit=None)


def test_pagination(store):
    first = Q.events(store, limit=5)
    second = Q.events(store, limit=5, offset=5)
    assert len(first) == 5 and not {(e["article_id"], e["idx"]) for e in first} & {(e["article_id"], e["idx"]) for e in second}


def test_dyads_timeline_places(store):
    dy = Q.dyads(store)
    assert sum(d["events"] for d in dy) == 20
    assert dy[0]["events"] >= dy[-1]["events"]
    tl = Q.timeline(store, interval="month")
    assert {r["period"] for r in tl} == {"2024-01", "2024-02", "2024-03"}
    assert sum(r["events"] for r in tl) == 20
    pair = Q.timeline(store, source=dy[0]["source"], target=dy[0]["target"], interval="day")
    assert sum(r["events"] for r in pair) == dy[0]["events"]
    pl = Q.places(store)
    assert pl and all(p["lat"] is not None for p in pl)
    assert Q.mentioned_places(store)[0]["mentions"] >= 1


def test_actors_articles_frames_tone_overview(store):
    acts = Q.actors(store)
    assert acts[0]["mentions"] >= acts[-1]["mentions"]
    assert any(a["as_source"] for a in acts)
    arts = Q.articles(store, text="day 3")
    assert len(arts) == 1 and arts[0]["events"] == 2
    assert Q.count_articles(store, outlet="Wire A") == 5
    assert Q.articles(store, actor="IRN")
    fr = Q.frames_by_outlet_month(store)
    assert {"outlet", "month", "frame", "paragraphs", "score_mean", "share"} <= set(fr[0])
    assert all(0 < r["share"] <= 1 for r in fr)
    tone = Q.actor_tone_by_outlet_month(store)
    assert tone and tone[0]["neutral"] >= 1
    ov = Q.overview(store)
    assert ov["counts"]["articles"] == 10 and ov["counts"]["events"] == 20 and ov["top_dyads"]


@pytest.mark.parametrize("kwargs", [{"since": "May 2024"}, {"since": "2026-13"}, {"until": "2024-02-30"}, {"limit": -1}, {"offset": -3}, {"quad": 7}])
def test_bad_arguments_raise_query_error(store, kwargs):
    with pytest.raises(Q.QueryError):
        Q.events(store, **kwargs)


def test_values_are_bound_not_spliced(store):
    assert Q.events(store, actor="IRN' OR 1=1 --", limit=None) == []
    assert Q.articles(store, text="'; DROP TABLE articles; --") == []
    assert Q.count_articles(store) == 10
