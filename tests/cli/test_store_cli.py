"""CLI: ingest malformed inputs (the batch continues), errors, idempotent rerun, query, export."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eventlens.cli import cli

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def corpus(tmp_path):
    c = tmp_path / "in"
    c.mkdir()
    (c / "good.txt").write_text("Iran sent aid to Gaza.\n\nIsrael struck targets in Gaza.")
    (c / "picture.html").write_bytes(PNG)
    (c / "zero.txt").write_bytes(b"")
    (c / "rows.jsonl").write_text(json.dumps({"text": "Egypt hosted talks in Cairo."}) + "\n{oops\n"
                                  + json.dumps({"text": "Qatar mediated in Doha.", "date": "2024-04-02"}) + "\n")
    (c / "table.csv").write_text('text,date\n"Turkey met Greece.",2024-01-01\n"broken quote,2024-01-02\n'
                                 "Jordan spoke.,2024-01-03\n")
    return c


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def test_ingest_errors_query_export(tmp_path):
    db = str(tmp_path / "s.duckdb")
    c = corpus(tmp_path)
    first = run("ingest", str(c), "--db", db, "--stages", "segment", "--no-progress")
    assert first.exit_code == 0, first.output
    assert "5 articles added" in first.output and "4 quarantined" in first.output
    errors = run("errors", "--db", db, "--format", "json")
    rows = json.loads(errors.output)
    where = {(r["file"].rsplit("/", 1)[-1], r["position"]) for r in rows}
    assert where == {("picture.html", ""), ("zero.txt", ""), ("rows.jsonl", "line 2"), ("table.csv", "line 3")}
    assert any("PNG" in r["reason"] for r in rows) and any("empty" in r["reason"] for r in rows)
    again = run("ingest", str(c), "--db", db, "--stages", "segment", "--no-progress")
    assert "0 articles added" in again.output
    arts = json.loads(run("query", "articles", "--db", db, "--format", "json", "--text", "doha").output)
    assert len(arts) == 1 and arts[0]["date"] == "2024-04-02"
    csv_out = run("query", "timeline", "--db", db, "--format", "csv").output
    assert csv_out.strip() == ""  # segment-only pipeline: no events
    refused = CliRunner().invoke(cli, ["query", "frames", "--db", db, "--type", "AID"])
    assert refused.exit_code != 0 and "does not take" in refused.output
    out = tmp_path / "g.tsv"
    assert run("export", "--db", db, "--format", "gdelt", "--out", str(out)).exit_code == 0 and out.exists()


def test_missing_store_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(cli, ["query", "dyads", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 5 and "no such store" in result.output


def test_overview_refuses_csv_instead_of_printing_json(tmp_path):
    from eventlens.store import Store
    from eventlens.store.synthetic import sample_analysis

    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        store.write_analyses([sample_analysis(0, date="2024-02-01")])
    refused = CliRunner().invoke(cli, ["query", "overview", "--db", str(db), "--format", "csv"])
    assert refused.exit_code == 2 and "use --format table or json" in refused.output
    assert json.loads(run("query", "overview", "--db", str(db), "--format", "json").output)["counts"]["articles"] == 1


def test_missing_input_paths_fail_after_the_rest_is_ingested(tmp_path):
    db = str(tmp_path / "s.duckdb")
    c = corpus(tmp_path)
    result = run("ingest", str(c / "good.txt"), str(tmp_path / "typo.txt"), str(tmp_path / "none-*.jsonl"),
                 "--db", db, "--stages", "segment", "--no-progress")
    assert result.exit_code == 2
    assert "2 input path(s) not found" in result.output and "typo.txt" in result.output
    assert "1 articles added" in result.output  # the good file was still stored
