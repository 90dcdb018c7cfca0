"""Exports to standard output (``--out -``), and a reader that stops early (``| head``)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.errors import ConfigError
from eventlens.export import export
from eventlens.store import Store
from eventlens.store.synthetic import sample_analysis


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "x.duckdb"
    with Store.open(path) as s:
        s.write_analyses([sample_analysis(i, date=f"2024-02-0{1 + i}") for i in range(4)])
    return path


@pytest.mark.parametrize(("fmt", "check"), [
    ("jsonl", lambda text: len([json.loads(line) for line in text.splitlines()]) == 4),
    ("plover", lambda text: len(json.loads(text)) == 8),
    ("gdelt", lambda text: len(text.splitlines()) == 6),
    ("graphml", lambda text: text.startswith("<?xml") and "<graphml" in text),
])
def test_out_dash_writes_to_the_stream_and_makes_no_file(db, tmp_path, monkeypatch, fmt, check):
    monkeypatch.chdir(tmp_path)
    stream = io.BytesIO()
    with Store.open(db, read_only=True) as store:
        export(store, fmt=fmt, out="-", stdout=stream)
    assert check(stream.getvalue().decode("utf-8"))
    assert not (tmp_path / "-").exists()


def test_parquet_to_stdout_is_refused(db):
    with Store.open(db, read_only=True) as store, pytest.raises(ConfigError, match="folder"):
        export(store, fmt="parquet", out="-", stdout=io.BytesIO())


def test_cli_out_dash_prints_the_export(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--out", "-"])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4 and "wrote standard output" in result.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [["export", "--format", "jsonl", "--out", "-"], ["query", "events", "--format", "json", "--limit", "5000"]])
def test_a_reader_that_stops_early_is_no_internal_error(tmp_path, args):
    db = tmp_path / "big.duckdb"
    with Store.open(db) as s:
        s.write_analyses([sample_analysis(i) for i in range(400)])  # far more than a pipe buffer
    proc = subprocess.Popen([sys.executable, "-m", "eventlens", *args, "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout.readline()
    proc.stdout.close()  # as '| head -1' does
    _, err = proc.communicate(timeout=60)
    # 141 (128 + SIGPIPE) as 'yes | head'; click's own echo may also finish quietly with 0
    assert proc.returncode in (0, 141) and b"error" not in err.lower() and b"Traceback" not in err, err.decode()
