"""Events, not reports, in the store: clusters and mentions kept as batches are written, counted by the queries,
rebuilt by recode, and made for stores of an older schema."""

from __future__ import annotations

import duckdb
import pytest

from eventlens.model import Analysis, Article, Event, EventActor, Sentence
from eventlens.store import Store
from eventlens.store import queries as Q
from eventlens.store.migrations import MIGRATIONS

SENTENCES = {
    "raid": "Israeli troops raided the Jenin refugee camp on Tuesday, killing three gunmen, the army said.",
    "raid2": "The army said troops raided the Jenin camp on Tuesday and killed three gunmen.",
    "aid": "Egypt sent forty lorries of flour to Gaza through the Rafah crossing.",
}


def analysis(name: str, *, key: str, date: str = "2024-05-07", outlet: str = "Wire", cameo: str = "190",
             source: str = "ISRMIL", target: str = "PSEREB", trigger: str = "raided") -> Analysis:
    text = f"{SENTENCES[key]}\n\nThis is story {name}."
    a = Analysis(article=Article(text=text, title=name, date=date, source=outlet, url=f"https://example.org/{name}"))
    a.sentences = [Sentence(index=0, paragraph=0, start=0, end=len(SENTENCES[key]))]
    t = text.index(trigger)
    a.events = [Event(source=EventActor(text="Israeli troops", code=source, start=0, end=14),
                      target=EventActor(text="gunmen", code=target), cameo=cameo, plover="ASSAULT", quad_class=4,
                      goldstein=-10.0, paragraph=0, sentence=0, start=0, end=len(SENTENCES[key]), trigger=trigger,
                      trigger_start=t, trigger_end=t + len(trigger), rule="test")]
    return a


def aid(name: str, **kw) -> Analysis:
    return analysis(name, key="aid", cameo="0731", source="EGY", target="PSE", trigger="sent", **kw)


@pytest.fixture()
def store(tmp_path):
    s = Store.open(tmp_path / "s.duckdb")
    yield s
    s.close()


def _events(store) -> dict[int, int]:
    return dict(store.con.execute("SELECT id, num_mentions FROM clusters").fetchall())


def test_two_outlets_one_raid_one_event_with_two_mentions(store):
    store.write_analyses([analysis("a", key="raid", outlet="Wire"), analysis("b", key="raid2", outlet="Post"), aid("c")])
    (raid,) = [r for r in store.con.execute("SELECT id, num_mentions, num_articles, num_sources, first_date FROM clusters "
                                            "WHERE cameo_root = '19'").fetchall()]
    assert raid[1:] == (2, 2, 2, "2024-05-07")
    assert store.count("mentions") == store.count("events") == 3 and len(_events(store)) == 2
    assert Q.count_events(store) == 2 and Q.count_events(store, count="reports") == 3
    (dyad,) = [d for d in Q.dyads(store) if d["source"] == "ISRMIL"]
    assert (dyad["events"], dyad["reports"], dyad["articles"]) == (1, 2, 2)
    assert Q.dyads(store, count="reports")[0]["events"] == 2
    assert sum(r["events"] for r in Q.timeline(store)) == 2 and sum(r["events"] for r in Q.timeline(store, count="reports")) == 3
    counts = Q.overview(store)["counts"]
    assert (counts["events"], counts["reports"]) == (2, 3)


def test_every_event_shows_all_its_reports(store):
    store.write_analyses([analysis("a", key="raid"), analysis("b", key="raid2", outlet="Post")])
    (row,) = Q.events(store)
    assert (row["reports"], row["mentions"], row["articles"], row["sources"]) == (2, 2, 2, 2)
    reports = Q.reports(store, event=row["event_id"])
    assert [r["title"] for r in reports] == ["a", "b"] and reports[0]["score"] is None and reports[1]["score"] > 0
    assert all(r["evidence"] and r["trigger_start"] is not None for r in reports)
    every = Q.events(store, count="reports")
    assert len(every) == 2 and {r["event_id"] for r in every} == {row["event_id"]}
    assert Q.event(store, row["event_id"])["num_mentions"] == 2 and Q.event(store, 1) is None


def test_a_new_article_joins_an_existing_event_without_reclustering(store):
    store.write_analyses([analysis("a", key="raid"), aid("c")])
    before = store.con.execute("SELECT article_id, idx, event_id, added_at FROM mentions ORDER BY 1").fetchall()
    store.write_analyses([analysis("b", key="raid2", date="2024-05-08")])
    after = store.con.execute("SELECT article_id, idx, event_id, added_at FROM mentions ORDER BY 1").fetchall()
    assert set(before) <= set(after) and len(after) == 3  # nothing already placed moved
    raid_id = next(e for e, n in _events(store).items() if n == 2)
    assert raid_id == before[[r[0] for r in before].index(store.con.execute(
        "SELECT id FROM articles WHERE title = 'a'").fetchone()[0])][2]  # the event keeps the id of its first report


def test_far_dates_and_other_actors_stay_apart(store):
    store.write_analyses([analysis("a", key="raid"), analysis("b", key="raid2", date="2024-06-30"),
                          analysis("c", key="raid2", source="ISRGOV")])
    assert sorted(_events(store).values()) == [1, 1, 1]


def test_an_undated_article_joins_a_dated_event_in_either_order(store):
    store.write_analyses([analysis("a", key="raid")])
    store.write_analyses([analysis("b", key="raid", date=None, outlet="Post")])  # the undated copy: most recent of its block
    store.write_analyses([analysis("c", key="raid", date=None, outlet="Blog")])
    store.write_analyses([analysis("d", key="raid", date="2024-05-08", outlet="Daily")])  # dated, after undated ones
    assert sorted(_events(store).values()) == [4]
    store.rebuild_events()
    assert sorted(_events(store).values()) == [4]


def test_without_dedup_reports_wait_and_count_as_events(tmp_path):
    with Store.open(tmp_path / "s.duckdb", dedup=False) as store:
        store.write_analyses([analysis("a", key="raid"), analysis("b", key="raid2")])
        assert store.count("clusters") == 0 and Q.count_events(store) == 2
    with Store.open(tmp_path / "s.duckdb") as store:  # the next write with deduplication places the backlog
        store.write_analyses([aid("c")])
        assert sorted(_events(store).values()) == [1, 2]


def test_rebuild_and_replace_keep_events_consistent(store):
    store.write_analyses([analysis("a", key="raid"), analysis("b", key="raid2"), aid("c")])
    a = store.con.execute("SELECT id FROM articles WHERE title = 'a'").fetchone()[0]
    store.dedup = False  # as recode does while it rewrites
    store.write_analyses([analysis("a", key="raid").to_dict()], replace=True)  # its mentions go, its event shrinks
    assert store.count("mentions") == 2 and store.con.execute("SELECT count(*) FROM events WHERE cluster IS NULL").fetchone()[0] == 1
    assert sorted(_events(store).values()) == [1, 1]
    assert store.rebuild_events() == 3
    assert sorted(_events(store).values()) == [1, 2] and store.count("mentions") == 3
    assert store.con.execute("SELECT first_article FROM clusters WHERE num_mentions = 2").fetchone()[0] == a


def test_a_version_2_store_gets_its_events_on_migration(tmp_path):
    path = tmp_path / "v2.duckdb"
    with Store.open(path) as store:
        store.write_analyses([analysis("a", key="raid"), analysis("b", key="raid2"), aid("c")])
    con = duckdb.connect(str(path))  # make it a version-2 store again
    for table in ("clusters", "mentions", "fetch_urls", "fetch_feeds"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE events DROP COLUMN cluster")
    con.execute("DELETE FROM schema_version WHERE version = 3")
    con.close()
    with Store.open(path) as store:
        assert store.schema_version == max(v for v, _, _ in MIGRATIONS) == 3
        assert sorted(_events(store).values()) == [1, 2] and store.count("mentions") == 3
