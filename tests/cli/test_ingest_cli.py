"""CLI ingest: stdin, stage lists, odd inputs; every problem is one line naming the file and why."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventlens.cli import cli


def invoke(*args, stdin: bytes | str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def stored(db) -> list[dict]:
    return json.loads(invoke("query", "articles", "--db", str(db), "--format", "json", "--limit", "1000").output)


def errors(db) -> list[dict]:
    return json.loads(invoke("errors", "--db", str(db), "--format", "json").output)


@pytest.mark.parametrize("stages", ["", " , ", ","])
def test_an_empty_stage_list_is_refused_before_a_store_is_made(tmp_path, stages):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.")
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--stages", stages, "--no-progress")
    assert result.exit_code == 3, result.output
    assert "names no stage" in result.output and "Traceback" not in result.output
    assert not db.exists()


def test_an_unknown_stage_is_refused_before_a_store_is_made(tmp_path):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.")
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--stages", "segment,tones", "--no-progress")
    assert result.exit_code == 3 and "unknown stage 'tones'" in result.output
    assert not db.exists()
