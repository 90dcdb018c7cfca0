"""Batch faults: a worker killed mid-run, a poisoned article (over the time budget), and ``kill -9`` of the ingest
parent: each ends with every good article stored once, the poisoned one quarantined, and no process left behind.
(bench/faults.py runs the parent kill at 10 random moments.)"""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from eventlens.engine import Budget, PipelineSpec, ingest
from eventlens.engine.pool import WorkerPool
from eventlens.model import Article
from eventlens.store import Store

from .batch import GOOD, POISON, check, corpus, ingest_command, kill_after, wait_gone, workers_of

pytestmark = pytest.mark.slow
SPEC = PipelineSpec(stages=("segment", "actors"))


def test_a_killed_worker_is_replaced_and_its_chunk_redone(tmp_path):
    folder = corpus(tmp_path / "in")
    (folder / POISON).unlink()
    db = tmp_path / "s.duckdb"
    killed: list[int] = []

    def kill_one(summary) -> None:  # after the first chunk is stored, the next ones are in flight
        if not killed and (pids := workers_of(os.getpid())):
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    with Store.open(db) as store:
        summary = ingest([folder], store=store, spec=SPEC, jobs=2, chunk_size=4, progress=kill_one)
    state = check(db)
    assert killed and state["articles"] == state["distinct"] == GOOD and state["doubled_rows"] == 0
    assert summary.added == GOOD and not state["quarantined"], (summary, state)
    assert wait_gone(os.getpid()) == []


def test_a_poisoned_article_is_quarantined_and_the_rest_stored(tmp_path):
    folder = corpus(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        summary = ingest([folder], store=store, spec=SPEC, jobs=1, chunk_size=4, budget=Budget(max_article_seconds=3))
    state = check(db)
    assert state["articles"] == GOOD and not state["poison_stored"]
    assert list(state["quarantined"]) == [POISON] and "over the time budget" in state["quarantined"][POISON]
    assert summary.quarantined == 1


def test_the_memory_budget_stops_a_worker(tmp_path):
    from eventlens.engine.pool import GIB, rss_bytes

    pool = WorkerPool(spec=SPEC, jobs=1, budget=Budget(max_worker_memory=4 * GIB), run_id=None)
    try:
        base = rss_bytes(pool._workers[0].pid)
        pool.budget = Budget(max_worker_memory=base + 40 * 2**20)
        pool._workers[0].budget = pool.budget
        text = "\n\n".join("Iran and Iraq met Syria in Baghdad. " * 20 for _ in range(400))
        result = pool.submit([Article(text=text)]).result(timeout=300)
        assert result.articles == 0 and "over the worker memory budget" in result.failed[0][1]
        after = pool.submit([Article(text="Iran sent aid to Gaza.")]).result(timeout=300)
        assert after.articles == 1 and pool.restarts == 1  # a fresh worker took over
    finally:
        pool.close()


@pytest.mark.parametrize("delay", [6.0, 14.0])
def test_kill_9_of_the_parent_leaves_no_worker_and_resumes(tmp_path, delay):
    folder = corpus(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    parent = kill_after(ingest_command(folder, db), delay)
    assert wait_gone(parent) == []
    done = subprocess.run(ingest_command(folder, db), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    state = check(db)
    assert state["articles"] == state["distinct"] == GOOD and state["doubled_rows"] == 0 and not state["poison_stored"]
    assert list(state["quarantined"]) == [POISON]
