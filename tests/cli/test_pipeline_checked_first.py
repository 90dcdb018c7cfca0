"""CLI ingest/recode: a bad --actors file or stage order is one clear line (exit 3), checked in the parent before
a store is opened or any worker starts (each --jobs worker used to print its own traceback first)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eventlens.store import Store
from eventlens.store.synthetic import sample_analysis

# a real process, so that whatever workers would print on their own stderr is seen too
ENTRY = "import sys; from eventlens.cli import main; sys.exit(main(sys.argv[1:]))"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, timeout=120, check=False,
                          env=env)


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad-actors.tsv"
    path.write_text("Iran\tIRN\tnot-a-kind\n", encoding="utf-8")
    return str(path)


def test_ingest_with_workers_says_it_once_and_makes_no_store(tmp_path, bad):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    done = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--jobs", "2", "--actors", bad, "--no-progress")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "initializer" not in done.stderr
    assert done.stderr.strip().splitlines() == [(f"error: {bad}, line 1: unknown kind 'not-a-kind'; "
                                                 "use one of actor, agent, capital, city, country, demonym, person, region")]
    assert not db.exists()  # refused before the store (and a run) was made


def test_recode_with_workers_says_it_once(tmp_path, bad):
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        store.write_analyses([sample_analysis(0)])
    done = run("recode", "--db", str(db), "--jobs", "2", "--actors", bad, "--no-progress")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "line 1: unknown kind" in done.stderr
    with Store.open(db, read_only=True) as store:
        from eventlens.store import queries as Q

        assert Q.runs(store) == []  # no run was recorded as started or failed


@pytest.mark.parametrize(("stages", "why"), [
    ("events", "stage 'events' needs doc, sentences, actors"),
    ("segment,locate", "stage 'locate' needs"),
])
def test_a_stage_order_that_cannot_work_is_refused_once(tmp_path, stages, why):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    done = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--jobs", "2", "--stages", stages, "--no-progress")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {why}")
    assert not db.exists()


def test_a_missing_spacy_model_is_one_line_too(tmp_path):
    import os

    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.", encoding="utf-8")
    env = os.environ | {"EVENTLENS_SPACY_MODEL": str(tmp_path / "no-such-model")}
    done = run("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"), "--jobs", "2", "--no-progress", env=env)
    assert done.returncode == 4 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "no English spaCy model found" in done.stderr


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("Jos\xe9\tESP\tperson\n".encode("latin-1"))
    from eventlens.api import check_actors_file
    from eventlens.errors import ConfigError

    with pytest.raises(ConfigError, match="not UTF-8"):
        check_actors_file(path)
    check_actors_file(None)
