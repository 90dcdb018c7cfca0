"""A small corpus with one poisoned article, and helpers to run, kill and check an ingest (batch-fault tests and
bench/faults.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

GOOD = 24
POISON = "poison.txt"


def corpus(folder: Path) -> Path:
    """``GOOD`` short articles, and one (``POISON``) long enough to run past a 3-second article budget."""
    folder.mkdir(parents=True, exist_ok=True)
    places = ["Gaza", "Cairo", "Doha", "Amman", "Tehran", "Baghdad", "Beirut", "Ankara"]
    for i in range(GOOD):
        (folder / f"a{i:02d}.txt").write_text(f"Iran sent aid to {places[i % len(places)]} on day {i}.\n\n"
                                              f"Israel struck targets near {places[(i + 3) % len(places)]}; officials protested.")
    sentence = "Iran and Iraq met Syria, Egypt, Jordan and Qatar in Baghdad to discuss trade and security. "
    (folder / POISON).write_text("\n\n".join(sentence * 8 for _ in range(1200)))  # about 870,000 characters
    return folder


def ingest_command(folder: Path, db: Path, *, jobs: int = 2, seconds: float = 3.0, memory: str = "4GiB") -> list[str]:
    return [sys.executable, "-m", "eventlens", "ingest", str(folder), "--db", str(db), "--jobs", str(jobs),
            "--stages", "segment,actors", "--chunk-size", "4", "--no-progress",
            "--max-article-seconds", str(seconds), "--max-worker-memory", memory]


def workers_of(parent: int) -> list[int]:
    """Worker processes started by ``parent`` (alive or not yet reaped by anyone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"eventlens.engine.worker" in argv and str(parent).encode() in argv[-3:]:
            state = (entry / "stat").read_text().split(") ")[-1][:1] if (entry / "stat").exists() else "?"
            if state != "Z":
                found.append(int(entry.name))
    return found


def wait_gone(parent: int, seconds: float = 20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := workers_of(parent)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def kill_after(cmd: list[str], delay: float) -> int:
    """Start ``cmd``, ``kill -9`` it after ``delay`` seconds (if still running); its pid."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.pid


def check(db: Path) -> dict[str, object]:
    """What the store holds: articles (and duplicates), paragraphs per article, quarantine reasons by file."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        paths = [r[0] for r in con.execute("SELECT path FROM articles").fetchall()]
        doubled = con.execute("SELECT count(*) FROM (SELECT article_id, idx FROM paragraphs GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        quarantined = {Path(f).name: r for f, r in con.execute(
            "SELECT file, reason FROM quarantine WHERE stage <> 'warning'").fetchall()}
    finally:
        con.close()
    return {"articles": len(ids), "distinct": len(set(ids)), "poison_stored": any(p and p.endswith(POISON) for p in paths),
            "doubled_rows": doubled, "quarantined": quarantined}
