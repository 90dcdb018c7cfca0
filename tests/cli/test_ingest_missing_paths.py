"""CLI ingest: when no input path exists, nothing is opened or loaded; a missing path among good ones still exits 2."""

from __future__ import annotations

from click.testing import CliRunner

from eventlens.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_only_missing_paths_are_refused_before_a_store_is_made(tmp_path):
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(tmp_path / "nope.txt"), str(tmp_path / "none-*.jsonl"), "--db", str(db), "--no-progress")
    assert result.exit_code == 2, result.output
    assert "2 input path(s) not found" in result.output and "nope.txt" in result.output
    assert "read 0 records" not in result.output  # no run was started
    assert not db.exists()


def test_a_missing_path_among_good_ones_still_ingests_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.")
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(tmp_path / "a.txt"), str(tmp_path / "nope.txt"), "--db", str(db), "--stages", "segment",
                    "--no-progress")
    assert result.exit_code == 2 and "1 articles added" in result.output
    assert "1 input path(s) not found: " in result.output and db.exists()
