"""CLI recode: stage names and engine settings are checked (with ingest's own helper) before the store is opened."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from eventlens.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(("args", "message"), [
    (("--stages", "segment,tones"), "unknown stage 'tones' in --stages"),
    (("--stages", " , "), "names no stage"),
    (("--engine", "dask"), "--engine dask needs --scheduler"),
])
def test_bad_settings_are_refused_before_the_store_is_opened(tmp_path, args, message):
    not_a_store = tmp_path / "notes.duckdb"  # opening it would fail with a store error instead
    not_a_store.write_text("not a DuckDB file")
    result = invoke("recode", "--db", str(not_a_store), "--no-progress", *args)
    assert result.exit_code == 3, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not_a_store.read_text() == "not a DuckDB file"


def test_an_unknown_stage_records_no_run(tmp_path):
    from eventlens.store import Store
    from eventlens.store import queries as Q

    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    result = invoke("recode", "--db", str(db), "--stages", "segment,tone,narative", "--no-progress")
    assert result.exit_code == 3 and "unknown stage 'narative'" in result.output
    with Store.open(db, read_only=True) as store:
        assert Q.runs(store) == []

