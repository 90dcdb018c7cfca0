"""Exports: GDELT's 61 columns, PLOVER JSON, JSONL round trip, Parquet, GraphML/GEXF network."""

from __future__ import annotations

import json

import networkx as nx
import pyarrow.parquet as pq
import pytest

from eventlens.export import export
from eventlens.export.gdelt import COLUMNS
from eventlens.store import Store
from eventlens.store import queries as Q
from eventlens.store.synthetic import sample_analysis


@pytest.fixture()
def store(tmp_path):
    s = Store.open(tmp_path / "x.duckdb")
    s.write_analyses([sample_analysis(i, date=f"2024-02-0{1 + i}") for i in range(4)])
    yield s
    s.close()


def test_gdelt_has_61_columns_in_order(store, tmp_path):
    out = tmp_path / "events.tsv"
    written = export(store, fmt="gdelt", out=out)
    lines = out.read_text().splitlines()
    assert written["events"] == len(lines) == 6  # 8 events, 2 negated left out
    assert len(COLUMNS) == 61 and COLUMNS[0] == "GLOBALEVENTID" and COLUMNS[-1] == "SOURCEURL"
    first = dict(zip(COLUMNS, lines[0].split("\t")))
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert first["SQLDATE"].startswith("202402") and first["EventRootCode"] == first["EventCode"][:2]
    assert first["QuadClass"] in {"2", "3"} and first["NumArticles"] == "1"
    aid = [r for r in (dict(zip(COLUMNS, line.split("\t"))) for line in lines) if r["EventCode"] == "0731"][0]
    assert aid["Actor1Code"].endswith("GOV") and aid["Actor1Type1Code"] == "GOV" and aid["ActionGeo_Lat"] == "31.5"
    assert aid["Actor1CountryCode"] == aid["Actor1Code"][:3] and aid["SOURCEURL"].startswith("https://")
    assert export(store, fmt="gdelt", out=out, include_negated=True)["events"] == 8


def test_plover_json(store, tmp_path):
    out = tmp_path / "p.json"
    export(store, fmt="plover", out=out)
    records = json.loads(out.read_text())
    assert len(records) == 8
    aid = next(r for r in records if r["event_type"] == "AID")
    assert aid["actor"]["code"].endswith("GOV") and aid["location"]["lat"] == 31.5 and aid["event_text"]


def test_jsonl_round_trips(store, tmp_path):
    out = tmp_path / "a.jsonl"
    assert export(store, fmt="jsonl", out=out)["articles"] == 4
    for line in out.read_text().splitlines():
        d = json.loads(line)
        assert d == json.loads(json.dumps(Q.article(store, d["article"]["id"]), default=str))


def test_parquet_tables(store, tmp_path):
    counts = export(store, fmt="parquet", out=tmp_path / "pq")["tables"]
    assert counts["events"] == 8 and pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 8
    assert pq.read_table(tmp_path / "pq" / "quarantine.parquet").num_rows == 0


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_actor_network(store, tmp_path, fmt, reader):
    out = tmp_path / f"net.{fmt}"
    written = export(store, fmt=fmt, out=out)
    graph = reader(out)
    assert graph.number_of_nodes() == written["nodes"] > 0
    edges = list(graph.edges(data=True))
    assert len(edges) == written["edges"]
    total = sum(int(d["events"]) for _, _, d in edges)
    assert total == 8
    assert all("goldstein_mean" in d and "tone_mean" in d for _, _, d in edges)


def test_parquet_from_a_read_only_store(store, tmp_path):
    path = store.path
    store.close()
    with Store.open(path, read_only=True) as ro:  # opening runs fetchone() queries on the connection
        counts = export(ro, fmt="parquet", out=tmp_path / "new" / "pq")["tables"]
    assert counts["events"] == 8 and pq.read_table(tmp_path / "new" / "pq" / "events.parquet").num_rows == 8


@pytest.mark.parametrize("fmt", ["gdelt", "plover", "jsonl", "parquet", "graphml", "gexf"])
def test_unwritable_out_is_a_typed_error_and_missing_folders_are_made(store, tmp_path, fmt):
    from eventlens.errors import InputError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write the export"):
        export(store, fmt=fmt, out=blocker / "sub" / "out")
    if fmt != "parquet":
        with pytest.raises(InputError, match="cannot write the export"):
            export(store, fmt=fmt, out=tmp_path)  # a folder where the file goes
    out = tmp_path / "new" / "deeper" / f"out.{fmt}"
    export(store, fmt=fmt, out=out)
    assert out.exists()


@pytest.mark.parametrize(("code", "country", "types"), [
    ("ISRGOVMIL", "ISR", ["GOV", "MIL", ""]),
    ("REBMIL", "", ["REB", "MIL", ""]),  # no country: the sectors start at once (were all dropped)
    ("IGOUNO", "", ["IGO", "UNO", ""]),
])
def test_gdelt_actor_columns_keep_the_sectors_of_a_code_without_a_country(code, country, types):
    from eventlens.export.gdelt import _actor

    cols = _actor(code, "someone")
    assert cols[0] == code and cols[2] == country and cols[-3:] == types
