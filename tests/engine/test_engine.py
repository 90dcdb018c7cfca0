"""Engines: local jobs=1 vs jobs=2 give the same rows; failures are quarantined; kill -9 and resume is exact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventlens.engine import PipelineSpec, ingest, recode
from eventlens.engine import work
from eventlens.pipeline import Pipeline
from eventlens.store import Store
from eventlens.store import queries as Q
from eventlens.store import rows as R

SEGMENT = PipelineSpec(stages=("segment",))
REPO = Path(__file__).resolve().parents[2]


def make_corpus(folder: Path, n: int, *, sentences: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(f"Officials from country {i} met envoys in city {j} to discuss aid." for j in range(sentences))
        (folder / f"doc{i:04d}.txt").write_text(f"{body}\n\nA second paragraph for item {i}.", encoding="utf-8")
    return folder


def table_rows(store: Store, table: str) -> list[tuple]:
    drop = ", ".join(c for c in ("run_id", "coded_at") if c in R.TABLES[table] or (table == "articles" and c == "coded_at"))
    sql = f'SELECT * EXCLUDE ({drop}) FROM "{table}" ORDER BY ALL' if drop else f'SELECT * FROM "{table}" ORDER BY ALL'
    return store.con.execute(sql).fetchall()


def all_rows(store: Store) -> dict[str, list[tuple]]:
    return {t: table_rows(store, t) for t in R.TABLES}


def test_jobs_two_gives_same_rows_as_one(tmp_path):
    corpus = make_corpus(tmp_path / "c", 12)
    with Store.open(tmp_path / "one.duckdb") as one, Store.open(tmp_path / "two.duckdb") as two:
        s1 = ingest([corpus], store=one, spec=SEGMENT, jobs=1, chunk_size=3)
        s2 = ingest([corpus], store=two, spec=SEGMENT, jobs=2, chunk_size=3)
        assert s1.added == s2.added == 12
        assert all_rows(one) == all_rows(two)
        assert one.count("sentences") > 12
    for s, jobs in ((s1, 1), (s2, 2)):  # start-up is reported apart; the workers' time is accounted
        assert s.jobs == jobs and s.startup_s > 0
        assert 0 < s.busy_share <= 1.5 and 0 < s.cpu_share <= 1.5
        assert s.as_dict()["worker_busy_share"] is not None


def test_workers_start_with_single_threaded_numerical_libraries(monkeypatch):
    from eventlens.engine.local import WORKER_THREAD_ENV, single_threaded_children

    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # a size the user chose is kept
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with single_threaded_children():
        code = "import os; print(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'])"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        assert all(os.environ[k] for k in WORKER_THREAD_ENV)
    assert out == ["3", "1"]
    assert "OPENBLAS_NUM_THREADS" not in os.environ and os.environ["OMP_NUM_THREADS"] == "3"


def test_duplicates_in_input_and_rerun_add_nothing(tmp_path):
    corpus = make_corpus(tmp_path / "c", 5)
    (corpus / "copy.txt").write_bytes((corpus / "doc0001.txt").read_bytes())
    with Store.open(tmp_path / "s.duckdb") as store:
        first = ingest([corpus], store=store, spec=SEGMENT, chunk_size=2, isolate=False)
        assert (first.added, first.skipped) == (5, 1)
        # a second reading of the same files (other options, so files are re-read) adds nothing
        again = ingest([corpus], store=store, spec=SEGMENT, chunk_size=2, max_bytes=10**6, isolate=False)
        assert (again.added, again.skipped) == (0, 6)
        assert store.count("articles") == 5


class _Boom:
    name = "boom"
    requires = ("sentences",)
    provides = ("events",)

    def __call__(self, analysis):
        if "explode" in analysis.article.text:
            raise ValueError("stage bug")
        return analysis


def test_a_failing_article_is_quarantined_and_the_rest_stored(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "c", 4)
    (corpus / "bad.txt").write_text("This one will explode in a stage.")
    segment = SEGMENT.build()
    monkeypatch.setattr(work.PipelineSpec, "build", lambda self: Pipeline([*segment.stages, _Boom()]))
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest([corpus], store=store, spec=SEGMENT, chunk_size=8, isolate=False)
        assert (summary.added, summary.quarantined) == (4, 1)
        err = Q.errors(store)
        assert err[0]["file"].endswith("bad.txt") and "stage bug" in err[0]["reason"] and err[0]["stage"] == "analyse"


def test_recode_replaces_derived_rows(tmp_path):
    corpus = make_corpus(tmp_path / "c", 4)
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest([corpus], store=store, spec=SEGMENT, isolate=False)
        before = all_rows(store)
        store.con.execute("DELETE FROM sentences")
        summary = recode(store=store, spec=SEGMENT, chunk_size=3, isolate=False)
        assert summary.added == 4
        assert all_rows(store) == before


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "eventlens", "ingest", str(corpus), "--db", str(db), "--stages", "segment",
            "--chunk-size", "4", "--no-progress"]


@pytest.mark.slow
def test_kill_minus_nine_then_resume_matches_uninterrupted_run(tmp_path):
    n = 400
    corpus = make_corpus(tmp_path / "c", n, sentences=6)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    killed_db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(_ingest_cmd(corpus, killed_db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = Path(str(killed_db) + ".wal")
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 150_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed: " + proc.stderr.read().decode()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(killed_db) as store:
        partial = store.count("articles")
    assert 0 < partial < n
    resumed = subprocess.run(_ingest_cmd(corpus, killed_db), env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    clean_db = tmp_path / "clean.duckdb"
    subprocess.run(_ingest_cmd(corpus, clean_db), env=env, check=True, capture_output=True, timeout=300)
    with Store.open(killed_db) as killed, Store.open(clean_db) as clean:
        assert killed.count("articles") == clean.count("articles") == n
        assert killed.count("sentences") == clean.count("sentences")
        assert killed.count("events") == clean.count("events")
        assert all_rows(killed) == all_rows(clean)
        statuses = [r["status"] for r in Q.runs(killed)]
        assert statuses.count("running") == 1 and statuses.count("done") == 1


@pytest.mark.slow
def test_dask_engine_gives_the_same_rows_as_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = make_corpus(tmp_path / "c", 10)
    (corpus / "empty.txt").write_bytes(b"")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, host="127.0.0.1", protocol="tcp://",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with Store.open(tmp_path / "dask.duckdb") as dstore, Store.open(tmp_path / "local.duckdb") as lstore:
            sd = ingest([corpus], store=dstore, spec=SEGMENT, engine="dask", scheduler=client,
                        shard_dir=str(tmp_path / "shards"), chunk_size=3)
            sl = ingest([corpus], store=lstore, spec=SEGMENT, chunk_size=3, isolate=False)
            assert (sd.added, sd.quarantined) == (sl.added, sl.quarantined) == (10, 1)
            assert all_rows(dstore) == all_rows(lstore)
            assert Q.errors(dstore)[0]["reason"] == Q.errors(lstore)[0]["reason"]
            again = ingest([corpus], store=dstore, spec=SEGMENT, engine="dask", scheduler=client, chunk_size=3,
                           max_bytes=10**6)
            assert again.added == 0
    assert not list((tmp_path / "shards").glob("*.parquet"))


def _bad_actors(tmp_path: Path) -> str:
    path = tmp_path / "bad-actors.tsv"
    path.write_text("no tabs on this line\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_a_bad_actors_file_marks_the_run_failed_with_the_real_error(tmp_path, jobs):
    from eventlens.errors import ConfigError

    corpus = make_corpus(tmp_path / "c", 2)
    spec = PipelineSpec(stages=("segment", "actors"), actors_file=_bad_actors(tmp_path))
    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(ConfigError, match="bad-actors.tsv, line 1"):
            ingest([corpus], store=store, spec=spec, jobs=jobs)
        if jobs == 1:
            ingest([corpus], store=store, spec=SEGMENT, isolate=False)
            with pytest.raises(ConfigError, match="bad-actors.tsv, line 1"):
                recode(store=store, spec=spec)
        statuses = [(r["kind"], r["status"]) for r in Q.runs(store)]
    expected = [("ingest", "failed")] + ([("ingest", "done"), ("recode", "failed")] if jobs == 1 else [])
    assert sorted(statuses) == sorted(expected), statuses


@pytest.mark.slow
def test_workers_that_cannot_start_print_nothing_and_the_parent_raises_once(tmp_path, capfd):
    from eventlens.engine.local import LocalExecutor
    from eventlens.errors import ConfigError

    spec = PipelineSpec(stages=("segment", "actors"), actors_file=_bad_actors(tmp_path))
    with pytest.raises(ConfigError, match="bad-actors.tsv, line 1"):
        LocalExecutor(spec=spec, jobs=2)
    err = capfd.readouterr().err
    assert "Traceback" not in err, err


def test_impossible_engine_settings_are_refused_before_a_run_is_recorded(tmp_path):
    from eventlens.errors import ConfigError

    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(ConfigError, match="--scheduler"):
            ingest([tmp_path], store=store, spec=SEGMENT, engine="dask")
        with pytest.raises(ConfigError, match="--scheduler"):  # an empty address is no address
            recode(store=store, spec=SEGMENT, engine="dask", scheduler=" ")
        with pytest.raises(ConfigError, match="unknown engine"):
            recode(store=store, spec=SEGMENT, engine="spark")
        assert Q.runs(store) == []
