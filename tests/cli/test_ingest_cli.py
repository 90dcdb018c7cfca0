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


def test_ingest_dash_reads_stdin_as_one_article(tmp_path):
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", "-", "--db", str(db), "--stages", "segment", "--no-progress", stdin="Iran sent aid to Gaza.\n")
    assert result.exit_code == 0, result.output
    assert "1 articles added" in result.output and "not found" not in result.output
    assert [a["snippet"].strip() for a in stored(db)] == ["Iran sent aid to Gaza."]
    again = invoke("ingest", "-", "--db", str(db), "--stages", "segment", "--no-progress", stdin="Iran sent aid to Gaza.\n")
    assert "0 articles added, 1 already stored" in again.output  # stdin is read again, and deduplicated by content


def test_ingest_dash_reads_jsonl_and_named_csv_from_stdin(tmp_path):
    db = tmp_path / "s.duckdb"
    lines = json.dumps({"text": "Egypt hosted talks.", "date": "2024-03-05"}) + "\n" + json.dumps({"text": "Qatar mediated."}) + "\n"
    assert invoke("ingest", "-", "--db", str(db), "--stages", "segment", "--no-progress", stdin=lines).exit_code == 0
    table = 'text,date\n"Turkey met Greece.",2024-01-01\n'
    result = invoke("ingest", "-", "--stdin-format", "csv", "--db", str(db), "--stages", "segment", "--no-progress", stdin=table)
    assert result.exit_code == 0, result.output
    dates = {a["snippet"]: a["date"] for a in stored(db)}
    assert dates == {"Egypt hosted talks.": "2024-03-05", "Qatar mediated.": None, "Turkey met Greece.": "2024-01-01"}


def test_bad_dates_are_stored_without_a_date_and_listed_as_warnings(tmp_path):
    c = tmp_path / "in"
    c.mkdir()
    (c / "t.csv").write_text('text,date\n"Turkey met Greece.",2024-13-01\n"Jordan spoke.",2024-01-03\n')
    (c / "r.jsonl").write_text(json.dumps({"text": "Egypt hosted talks.", "date": "last week"}) + "\n")
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(c), "--db", str(db), "--stages", "segment", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "3 articles added" in result.output and "0 quarantined" in result.output
    assert "2 with a warning" in result.output
    assert {a["snippet"]: a["date"] for a in stored(db)} == {
        "Turkey met Greece.": None, "Jordan spoke.": "2024-01-03", "Egypt hosted talks.": None}
    warned = {(r["file"].rsplit("/", 1)[-1], r["position"], r["stage"]): r["reason"] for r in errors(db)}
    assert set(warned) == {("t.csv", "line 2", "warning"), ("r.jsonl", "line 1", "warning")}
    assert "'2024-13-01'" in warned[("t.csv", "line 2", "warning")] and "'last week'" in warned[("r.jsonl", "line 1", "warning")]
    table = invoke("errors", "--db", str(db)).output
    assert "stored without a date" in table  # the table shows the whole reason, not a cut one
    overview = json.loads(invoke("query", "overview", "--db", str(db), "--format", "json").output)
    assert overview["counts"]["quarantine"] == 0 and overview["counts"]["warnings"] == 2


def test_json_files_are_read_as_records(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"text": "Egypt hosted talks."}, {"text": "Qatar mediated."}]))
    (tmp_path / "obj.json").write_text(json.dumps({"articles": [{"text": "Nested."}]}))
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(tmp_path / "list.json"), str(tmp_path / "obj.json"), "--db", str(db),
                    "--stages", "segment", "--no-progress")
    assert result.exit_code == 0 and "2 articles added" in result.output and "1 quarantined" in result.output
    assert sorted(a["snippet"] for a in stored(db)) == ["Egypt hosted talks.", "Qatar mediated."]
    assert "without a 'text' field" in errors(db)[0]["reason"]


def test_odd_inputs_never_abort_the_batch(tmp_path):
    import gzip

    c = tmp_path / "dir with spaces é"
    c.mkdir()
    (c / "ünï côde.txt").write_text("Iran sent aid to Gaza.")
    (c / "notext.csv").write_text('body,date\n"Turkey met Greece.",2024-01-01\n')
    (c / "empty.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>X</title></channel></rss>')
    data = bytearray(gzip.compress(b'{"text": "Egypt hosted talks."}\n' * 50))
    data[10] ^= 0xFF
    (c / "corrupt.jsonl.gz").write_bytes(bytes(data))
    db = tmp_path / "s.duckdb"
    for progress in ("--no-progress", "--progress"):  # the progress estimate reads the inputs too
        result = invoke("ingest", str(c), "--db", str(db), "--stages", "segment", progress)
        assert result.exit_code == 0, result.output
        assert "internal error" not in result.output and "Traceback" not in result.output
    assert [a["snippet"] for a in stored(db)] == ["Iran sent aid to Gaza."]
    reasons = {r["file"].rsplit("/", 1)[-1]: r["reason"] for r in errors(db)}
    assert "no column 'text'" in reasons["notext.csv"] and "no entries" in reasons["empty.rss"]
    assert "corrupt or truncated gzip" in reasons["corrupt.jsonl.gz"]


@pytest.mark.parametrize("args", [("--limit", "-5"), ("--since", "2024-13"), ("--offset", "-1")])
def test_bad_query_arguments_are_usage_errors(tmp_path, args):
    from eventlens.store import Store

    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    result = CliRunner().invoke(cli, ["query", "events", "--db", str(db), *args])
    assert result.exit_code == 2 and result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "word"), [(("--encoding", "bogus-enc"), "unknown encoding"),
                                            (("--text-field", ""), "text field name is empty"),
                                            (("--engine", "dask"), "--scheduler")])
def test_options_that_would_fail_every_record_are_refused_before_a_store_is_made(tmp_path, args, word):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.")
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--stages", "segment", "--no-progress", *args)
    assert result.exit_code == 3 and word in result.output and not db.exists()


def test_a_path_that_is_not_utf8_is_stored_and_reported(tmp_path):
    import os

    good = tmp_path / os.fsdecode(b"caf\xe9.txt")
    good.write_text("Iran sent aid to Gaza.")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(good), str(tmp_path / os.fsdecode(b"nope\xe9.txt")), "--db", str(db),
                                      "--stages", "segment", "--no-progress"])
    assert result.exit_code == 2 and "internal error" not in result.output, result.output
    assert "1 articles added" in result.output and "nope\\xe9.txt" in result.output
    assert [r["file"].rsplit("/", 1)[-1] for r in errors(db)] == ["nope\\xe9.txt"]


def test_errors_filters_by_stage_and_says_when_rows_were_left_out(tmp_path):
    c = tmp_path / "in"
    c.mkdir()
    (c / "r.jsonl").write_text(json.dumps({"text": "Egypt hosted talks.", "date": "soon"}) + "\n{oops\n{oops\n")
    db = tmp_path / "s.duckdb"
    assert invoke("ingest", str(c), "--db", str(db), "--stages", "segment", "--no-progress").exit_code == 0
    warned = json.loads(invoke("errors", "--db", str(db), "--stage", "warning", "--format", "json").stdout)
    assert [(r["position"], r["stage"]) for r in warned] == [("line 1", "warning")]
    cut = invoke("errors", "--db", str(db), "--limit", "2", "--format", "json")
    assert len(json.loads(cut.stdout)) == 2 and "there are more" in cut.stderr
    whole = invoke("errors", "--db", str(db), "--format", "json")
    assert len(json.loads(whole.stdout)) == 3 and "there are more" not in whole.stderr


def test_query_says_when_the_limit_left_rows_out(tmp_path):
    from eventlens.store import Store
    from eventlens.store.synthetic import sample_analysis

    db = tmp_path / "s.duckdb"
    with Store.open(db) as s:
        s.write_analyses([sample_analysis(i) for i in range(3)])  # 6 events
    cut = invoke("query", "events", "--db", str(db), "--limit", "4", "--format", "json")
    assert len(json.loads(cut.stdout)) == 4 and "there are more" in cut.stderr
    whole = invoke("query", "events", "--db", str(db), "--limit", "6", "--format", "json")
    assert len(json.loads(whole.stdout)) == 6 and "there are more" not in whole.stderr
    bad = CliRunner().invoke(cli, ["query", "events", "--db", str(db), "--limit", "-1"])
    assert bad.exit_code == 2 and "limit must be" in bad.output


def test_an_input_with_nothing_readable_is_not_a_success(tmp_path):
    (tmp_path / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (tmp_path / "good.txt").write_text("Iran sent aid to Gaza.")
    db = tmp_path / "s.duckdb"
    bad = invoke("ingest", str(tmp_path / "picture.html"), "--db", str(db), "--stages", "segment", "--no-progress")
    assert bad.exit_code == 2 and "no article could be read" in bad.output and "eventlens errors" in bad.output
    some = invoke("ingest", str(tmp_path), "--db", str(db), "--stages", "segment", "--no-progress")
    assert some.exit_code == 0 and "1 articles added" in some.output  # one bad file among good ones: the batch succeeds
    again = invoke("ingest", str(tmp_path), "--db", str(db), "--stages", "segment", "--no-progress")
    assert again.exit_code == 0  # everything already stored or known-bad is not a failure


def test_table_output_shows_control_characters_instead_of_sending_them_to_the_terminal():
    from eventlens.cli.query import render

    table = render([{"title": "Red \x1b[31malert\x1b[0m\tnow\r", "n": 1}], "table")
    assert "\x1b" not in table and "\r" not in table and "\\x1b[31malert" in table


def test_errors_list_line_2_before_line_10(tmp_path):
    (tmp_path / "r.jsonl").write_text("".join("{oops\n" if i in (2, 10) else json.dumps({"text": f"Talks {i}."}) + "\n"
                                              for i in range(1, 12)))
    db = tmp_path / "s.duckdb"
    invoke("ingest", str(tmp_path / "r.jsonl"), "--db", str(db), "--stages", "segment", "--no-progress")
    assert [r["position"] for r in errors(db)] == ["line 2", "line 10"]


def test_overview_of_an_empty_store_says_no_dated_article(tmp_path):
    from eventlens.store import Store

    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    out = invoke("query", "overview", "--db", str(db)).output
    assert "dates: no dated article" in out and "None" not in out


def test_recode_with_an_empty_stage_list_changes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.\n\nIsrael struck targets in Gaza.")
    db = tmp_path / "s.duckdb"
    assert invoke("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--stages", "segment", "--no-progress").exit_code == 0
    before = json.loads(invoke("query", "overview", "--db", str(db), "--format", "json").output)["counts"]
    result = invoke("recode", "--db", str(db), "--stages", "", "--no-progress")
    assert result.exit_code == 3 and "stage list is empty" in result.output
    after = json.loads(invoke("query", "overview", "--db", str(db), "--format", "json").output)["counts"]
    assert after == before and after["paragraphs"] == 2


def test_summary_line_leaves_out_figures_it_does_not_have():
    from eventlens.cli.ingest import summary_line
    from eventlens.engine.runner import Summary

    line = summary_line(Summary(read=2, quarantined=2, seconds=1.0, run_id="r", worker_busy_s=0.5, worker_cpu_s=0.2))
    assert "None" not in line and "CPU s per article" not in line and "busy 50%" in line
