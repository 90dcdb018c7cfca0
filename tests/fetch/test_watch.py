"""``eventlens watch``: one log line per poll, conditional GET, a clean stop on SIGTERM, and kill -9 at random moments
losing and doubling nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from loopback_site import Site

from eventlens.engine.watch import parse_duration, read_feeds
from eventlens.errors import ConfigError, InputError

WATCH = [sys.executable, "-m", "eventlens", "watch", "--stages", "segment", "--delay", "0", "--timeout", "5", "--chunk-size", "2"]


def _feeds(path: Path, sites: list[Site]) -> Path:
    path.write_text("# loopback feeds\n" + "".join(f"{s.base}/feed.xml Site {i}  # comment\n" for i, s in enumerate(sites)))
    return path


@pytest.fixture()
def sites():
    started = [Site(articles=4, offset=100 * i).start() for i in range(3)]
    yield started
    for s in started:
        s.stop()


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_once_logs_one_line_per_poll_and_polls_conditionally(sites, tmp_path):
    feeds, db = _feeds(tmp_path / "feeds.txt", sites), tmp_path / "w.duckdb"
    first = subprocess.run([*WATCH, "--feeds", str(feeds), "--db", str(db), "--once"], capture_output=True, text=True, timeout=180)
    assert first.returncode == 0, first.stderr
    polls = [line for line in first.stderr.splitlines() if " poll 1: " in line]
    assert len(polls) == 1 and "3 feeds (0 unchanged, 0 failed)" in polls[0] and "12 articles added" in polls[0]
    second = subprocess.run([*WATCH, "--feeds", str(feeds), "--db", str(db), "--once"], capture_output=True, text=True, timeout=180)
    assert "3 feeds (3 unchanged, 0 failed)" in second.stderr and "0 articles added" in second.stderr
    assert all("/feed.xml" in s.conditional for s in sites)
    assert _rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(12, 12)]
    assert _rows(db, "SELECT DISTINCT source FROM articles ORDER BY 1") == [("Site 0",), ("Site 1",), ("Site 2",)]
    assert _rows(db, "SELECT kind, status FROM ingest_runs") == [("watch", "done")] * 2


def test_sigterm_stops_cleanly(sites, tmp_path):
    feeds, db = _feeds(tmp_path / "feeds.txt", sites), tmp_path / "w.duckdb"
    proc = subprocess.Popen([*WATCH, "--feeds", str(feeds), "--db", str(db), "--every", "1s"], stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(" poll 2: " in line for line in lines):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    reader.join(timeout=10)
    err = "".join(lines)
    assert proc.returncode == 0, err
    assert "SIGTERM: stopping after the work in hand" in err and "Traceback" not in err
    assert _rows(db, "SELECT count(*) FROM ingest_runs WHERE status = 'running'") == [(0,)]


@pytest.mark.slow
def test_kill_minus_nine_at_five_random_moments_loses_and_doubles_nothing(tmp_path):
    sites = [Site(articles=4, offset=100 * i, latency=0.3).start() for i in range(4)]
    try:
        feeds, db = _feeds(tmp_path / "feeds.txt", sites), tmp_path / "w.duckdb"
        rng = random.Random(19)
        for round_ in range(5):
            for s in sites:
                s.add(8)  # the feeds move on between runs, as real ones do (8 pages of 0.3 s a site: a run's work lasts)
            before = sum(sum(s.hits.values()) for s in sites)
            proc = subprocess.Popen([*WATCH, "--feeds", str(feeds), "--db", str(db), "--every", "1s"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            while sum(sum(s.hits.values()) for s in sites) == before and time.monotonic() < deadline:
                time.sleep(0.05)  # until the poll has begun (models load first)
            time.sleep(rng.uniform(0.0, 3.0))  # then a random moment of the poll (8 pages of 0.3 s a site, and their analysis)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        done = subprocess.run([*WATCH, "--feeds", str(feeds), "--db", str(db), "--once"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        expected = {f"{s.base}/a/{n}.html" for s in sites for n in range(1, s.articles + 1)}
        stored = _rows(db, "SELECT url FROM articles")
        assert len(stored) == len({u for (u,) in stored}) == len(expected)  # nothing doubled
        assert {u for (u,) in stored} == expected  # nothing lost
        assert _rows(db, "SELECT count(*), count(DISTINCT url) FROM fetch_urls WHERE status = 'stored'") == [(len(expected),) * 2]
        assert _rows(db, "SELECT count(*) FROM quarantine") == [(0,)]
        assert _rows(db, "SELECT count(*) FROM events WHERE cluster IS NULL") == [(0,)]
        assert _rows(db, "SELECT (SELECT count(*) FROM mentions) = (SELECT count(*) FROM events)") == [(True,)]
        killed_mid_run = _rows(db, "SELECT count(*) FROM ingest_runs WHERE status = 'running'")[0][0]
        assert killed_mid_run >= 3  # most kills landed while a poll was under way (a killed run stays 'running')
    finally:
        for s in sites:
            s.stop()


def test_feeds_files_and_durations(tmp_path):
    plain = tmp_path / "f.txt"
    plain.write_text("# my feeds\nhttps://a.example/rss Outlet A\n\nhttps://b.example/atom.xml\nhttps://a.example/rss dup\n")
    assert [(s.url, s.name) for s in read_feeds(plain)] == [("https://a.example/rss", "dup"), ("https://b.example/atom.xml", None)]
    opml = tmp_path / "f.opml"
    opml.write_text('<opml version="2.0"><body><outline text="News"><outline title="C" xmlUrl="https://c.example/feed"/>'
                    "</outline></body></opml>")
    assert [(s.url, s.name) for s in read_feeds(opml)] == [("https://c.example/feed", "C")]
    bad = tmp_path / "bad.txt"
    bad.write_text("https://ok.example/rss\nftp://nope.example/x\n")
    with pytest.raises(InputError, match="line 2"):
        read_feeds(bad)
    assert parse_duration("15m") == 900 and parse_duration("30s") == 30 and parse_duration("1h") == 3600 and parse_duration("90") == 90
    with pytest.raises(ConfigError, match="not a duration"):
        parse_duration("soon")
