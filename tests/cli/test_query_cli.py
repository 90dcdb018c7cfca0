"""CLI: ``eventlens query`` checks its options with the web API's rules (same function, same messages)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.cli.query import KINDS, accepts
from eventlens.store import Store
from eventlens.store.params import FILTERS
from eventlens.store.synthetic import sample_analysis
from eventlens.web.endpoints import LIST_ENDPOINTS
from eventlens.web.errors import ApiError
from eventlens.web.params import parse_query


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "s.duckdb"
    with Store.open(path) as store:
        store.write_analyses([sample_analysis(i, date=f"2024-02-0{i + 1}") for i in range(3)])
    return str(path)


def query(db, *args):
    return CliRunner().invoke(cli, ["query", *args, "--db", db])


BAD = [  # (kind, option, value): each is refused by the API too
    ("events", "limit", "0"),
    ("events", "limit", "-1"),
    ("events", "limit", "1_0"),
    ("events", "limit", "\u0661"),
    ("events", "offset", "-1"),
    ("events", "actor", "I R;"),
    ("dyads", "source", "IRN;"),
    ("events", "target", "X" * 101),
    ("events", "cameo", "07 1"),
    ("events", "type", "A-D"),
    ("events", "type", "ATTAK"),  # not a PLOVER type: was an empty list
    ("dyads", "cameo", "x"),
    ("events", "quad", "5"),
    ("events", "quad", "two"),
    ("events", "since", "2024-13"),
    ("articles", "until", "May 2024"),
    ("timeline", "interval", "fortnight"),
    ("actor-tone", "actor", "IRN/GOV"),
    ("frames", "since", "2024-02-30"),
]


@pytest.mark.parametrize(("kind", "name", "value"), BAD)
def test_a_value_the_api_refuses_the_cli_refuses_with_the_same_message(db, kind, name, value):
    result = query(db, kind, f"--{name}", value)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: --{name} ") and result.output.count("\n") == 1
    with pytest.raises(ApiError) as api:
        parse_query({name: value}, allowed=(*FILTERS["events"], "interval"), default_limit=50, max_limit=500,
                    max_offset=1_000_000)
    assert api.value.status == 400
    assert result.output.removeprefix(f"error: --{name}").strip() == api.value.message.removeprefix(f"parameter {name!r}").strip()


def test_zero_limit_no_longer_prints_no_rows(db):
    result = query(db, "events", "--limit", "0")
    assert result.exit_code == 2 and "(no rows)" not in result.output


def test_good_values_still_answer(db):
    cut = query(db, "events", "--actor", "irn", "--limit", "1", "--format", "json")
    rows = json.loads(cut.stdout)
    assert "there are more" in cut.stderr
    assert len(rows) == 1 and "IRN" in (rows[0]["source_code"] + rows[0]["target_code"])
    years = json.loads(query(db, "timeline", "--interval", "year", "--format", "json").output)
    assert {r["period"] for r in years} == {"2024"}
    assert query(db, "events", "--actor", "  ").exit_code == 0  # blank is 'no filter', as in the API


@pytest.mark.parametrize(("args", "word"), [
    (("events", "--interval", "day"), "--interval"),  # was silently ignored
    (("overview", "--limit", "5"), "--limit"),
    (("overview", "--offset", "5"), "--offset"),
    (("frames", "--type", "AID"), "--type"),
    (("actors", "--frame", "economic"), "--frame"),
])
def test_options_a_kind_does_not_take_are_refused(db, args, word):
    result = query(db, *args)
    assert result.exit_code == 2 and "does not take" in result.output and word in result.output


def test_frames_take_a_frame_filter_as_the_api_does(db):
    assert query(db, "frames", "--frame", "economic", "--format", "json").exit_code == 0


def test_cli_kinds_and_api_endpoints_take_the_same_filters():
    api = {e.query.rpartition(".")[2]: {e.rename.get(p, p) for p in e.params} for e in LIST_ENDPOINTS}
    from eventlens.store import queries as Q

    for kind in KINDS:
        if kind == "overview":
            continue
        name = Q.QUERIES[kind].__name__
        assert accepts(kind) == set(FILTERS[name])
        if name in api:
            assert api[name] == set(FILTERS[name]), name


def test_errors_command_refuses_a_zero_limit(db):
    result = CliRunner().invoke(cli, ["errors", "--db", db, "--limit", "0"])
    assert result.exit_code == 2


def test_runs_lists_the_recorded_runs_and_takes_no_filters(tmp_path):
    from eventlens.engine.api import ingest
    from eventlens.engine.work import PipelineSpec

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Officials met in Vienna on Monday.", encoding="utf-8")
    db = str(tmp_path / "runs.duckdb")
    with Store.open(db) as store:
        ingest([corpus], store=store, spec=PipelineSpec(stages=("segment",)))
    result = query(db, "runs", "--format", "json")
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.output)
    assert run["kind"] == "ingest" and run["status"] == "done"
    refused = query(db, "runs", "--actor", "IRN")
    assert refused.exit_code == 2 and "does not take --actor" in refused.output
