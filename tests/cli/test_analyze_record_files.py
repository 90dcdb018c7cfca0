"""``eventlens analyze`` on a CSV or JSON Lines file: one line naming the file and 'eventlens ingest', exit 2."""

from __future__ import annotations

from click.testing import CliRunner

from eventlens.cli import cli


def test_analyze_refuses_a_csv_of_records(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text('text,title\n"Egypt hosted talks in Cairo.",Talks\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 2, result.output
    assert f"error: {path}: this is a CSV table of records" in result.output
    assert "eventlens ingest" in result.output and "internal error" not in result.output
