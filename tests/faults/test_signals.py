"""SIGTERM: ``ingest`` stops as after Ctrl-C (workers stopped, the run recorded as interrupted, exit 143);
``serve`` shuts down and closes the store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from .batch import corpus, ingest_command, wait_gone, workers_of
from .stores import good_store

pytestmark = pytest.mark.slow


def test_sigterm_stops_an_ingest_cleanly(tmp_path):
    folder = corpus(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen(ingest_command(folder, db, jobs=1, seconds=120), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    while not workers_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert wait_gone(proc.pid) == []
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status FROM ingest_runs").fetchall() == [("interrupted",)]
    con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigterm_stops_the_server(tmp_path):
    db = good_store(tmp_path / "g.duckdb", articles=10)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventlens", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, -signal.SIGTERM, 143), proc.stderr.read()
    duckdb.connect(str(db)).close()  # the server let go of the store: it opens read-write now
    assert not os.path.exists(str(db) + ".wal")
