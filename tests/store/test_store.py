"""Store: schema, idempotent batch writes, exact round trip, replace (recode), read-only."""

from __future__ import annotations

import pytest

from eventlens.errors import StoreError
from eventlens.store import CURRENT_VERSION, QuarantineRow, Store
from eventlens.store import queries as Q
from eventlens.store.synthetic import sample_analysis


def expected(a):
    d = a.to_dict()
    d["meta"].pop("timings_s", None)
    return d


def test_schema_created_and_versioned(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.schema_version == CURRENT_VERSION
        tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "paragraphs", "sentences", "actor_mentions", "places", "events", "article_tone",
            "actor_tone", "frames", "passages", "quarantine", "ingest_runs", "ingest_files", "schema_version"} <= tables


def test_round_trip_is_exact(tmp_path):
    a = sample_analysis(3)
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.write_analyses([a]) == 1
        assert Q.article(store, a.article.id) == expected(a)
        assert Q.article(store, "nope") is None


def test_same_input_twice_adds_nothing(tmp_path):
    batch = [sample_analysis(i) for i in range(4)]
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.write_analyses(batch + [batch[0]]) == 4
        assert store.write_analyses(batch) == 0
        assert store.count("articles") == 4
        assert store.count("events") == 8


def test_replace_swaps_derived_rows(tmp_path):
    a = sample_analysis(1)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_analyses([a])
        a.events = a.events[:1]
        assert store.write_analyses([a], replace=True) == 1
        assert store.count("events") == 1
        assert store.count("articles") == 1


def test_quarantine_rerun_replaces(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_batch(quarantined=[QuarantineRow("a.csv", "line 3", "bad quoting")])
        store.write_batch(quarantined=[QuarantineRow("a.csv", "line 3", "bad quoting")])
        assert Q.errors(store) == [dict(Q.errors(store)[0])]
        assert Q.errors(store)[0]["reason"] == "bad quoting"


def test_read_only_refuses_writes_and_missing_files(tmp_path):
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as store:
        with pytest.raises(StoreError):
            store.write_analyses([sample_analysis()])
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


def test_rollback_leaves_nothing_half_written(tmp_path, monkeypatch):
    with Store.open(tmp_path / "s.duckdb") as store:
        def boom(*args, **kwargs):
            raise RuntimeError("disk full")
        original = store._insert
        monkeypatch.setattr(store, "_insert", lambda buf, keep: (original(buf, keep), boom()))
        with pytest.raises(RuntimeError):
            store.write_analyses([sample_analysis()])
        assert store.count("articles") == 0 and store.count("events") == 0


def test_writable_store_creates_its_missing_folder(tmp_path):
    path = tmp_path / "new" / "nested" / "events.duckdb"
    with Store.open(path) as store:
        assert store.path == str(path)
    assert path.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the store's folder"):
        Store.open(blocker / "events.duckdb")


def test_a_file_that_is_not_duckdb_is_named_as_such(tmp_path):
    fake = tmp_path / "notes.duckdb"
    fake.write_text("not a database")
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a DuckDB database file") as info:
            Store.open(fake, read_only=read_only)
        assert "another process" not in str(info.value)


def test_a_duckdb_database_that_is_not_a_store_is_refused_and_left_untouched(tmp_path):
    import duckdb

    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (x INTEGER)")  # a look-alike table: once an internal error on ingest
    con.execute("CREATE TABLE sales (y INTEGER)")
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not an eventlens store") as info:
            Store.open(path, read_only=read_only)
        assert str(info.value).startswith(f"{path}:")
    con = duckdb.connect(str(path), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    con.close()
    assert tables == {"articles", "sales"}  # no eventlens schema was written into it


def test_a_newer_store_is_refused_with_its_name(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.con.execute("INSERT INTO schema_version (version, note) VALUES (?, 'future')", [CURRENT_VERSION + 1])
    with pytest.raises(StoreError, match="newer than this eventlens") as info:
        Store.open(path)
    assert str(info.value).startswith(f"{path}:")
