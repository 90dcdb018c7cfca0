"""Schema migrations: a version-1 store opened read-write is upgraded in place, with the same answers."""

from __future__ import annotations

import duckdb
import pytest

from eventlens.errors import StoreError
from eventlens.store import CURRENT_VERSION, Store
from eventlens.store import queries as Q
from eventlens.store import rows as R
from eventlens.store.migrations import BASE_VERSION, _statements, schema_sql
from eventlens.store.synthetic import sample_analysis


def _v1_store(path, analyses):
    """A store as eventlens with schema version 1 wrote it (no events.tone column)."""
    con = duckdb.connect(str(path))
    for statement in _statements(schema_sql()):
        con.execute(statement)
    con.execute("INSERT INTO schema_version (version, note) VALUES (?, ?)", [BASE_VERSION, "baseline"])
    buf = R.empty_columns()
    for a in analyses:
        R.add_analysis(buf, a.to_dict())
    for table in R.TABLES:
        arrow = R.to_arrow(table, buf[table]).drop_columns(["tone"] if table == "events" else [])
        con.register("_b", arrow)
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _b')
        con.unregister("_b")
    con.close()


def test_version_1_store_is_migrated_and_answers_the_same(tmp_path):
    analyses = [sample_analysis(i) for i in range(6)]
    analyses[2].tone = None  # an article without tone: its events' tone stays NULL
    _v1_store(tmp_path / "old.duckdb", analyses)
    with pytest.raises(StoreError, match="schema version 1"):
        Store.open(tmp_path / "old.duckdb", read_only=True)
    with Store.open(tmp_path / "old.duckdb") as store:  # read-write open migrates
        assert store.schema_version == CURRENT_VERSION >= 2
        old = Q.dyads(store)
    with Store.open(tmp_path / "new.duckdb") as fresh:
        fresh.write_analyses(analyses)
        assert Q.dyads(fresh) == old
        tones = fresh.con.execute("SELECT count(*), count(tone) FROM events").fetchone()
    assert tones == (12, 10)
    with Store.open(tmp_path / "old.duckdb", read_only=True) as store:
        got = store.con.execute(
            "SELECT e.tone IS NOT DISTINCT FROM t.tone FROM events e LEFT JOIN article_tone t USING (article_id)"
        ).fetchall()
    assert got and all(ok for (ok,) in got)


def test_dyad_tone_is_the_mean_article_tone_of_its_events(tmp_path):
    analyses = [sample_analysis(0), sample_analysis(5)]  # same pairs, different articles
    analyses[1].tone.tone = 4.5
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_analyses(analyses)
        (d,) = [d for d in Q.dyads(store) if d["source"] == "IRNGOV"]
    assert d["reports"] == 2 and d["articles"] == 2  # one event (the same aid, reported twice): see tests/store/test_clusters.py
    assert d["tone_mean"] == pytest.approx((-0.5 + 4.5) / 2)


def test_events_page_has_article_title_and_url(tmp_path):
    analyses = [sample_analysis(i, date=f"2024-05-0{i + 1}") for i in range(4)]
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_analyses(analyses)
        page = Q.events(store, limit=3, offset=1)
        every = Q.events(store, limit=None)
    assert [(e["article_id"], e["idx"]) for e in page] == [(e["article_id"], e["idx"]) for e in every[1:4]]
    by_id = {a.article.id: a.article for a in analyses}
    assert all(e["title"] == by_id[e["article_id"]].title and e["url"] == by_id[e["article_id"]].url for e in every)
    assert [e["date"] for e in every] == sorted((e["date"] for e in every), reverse=True)
