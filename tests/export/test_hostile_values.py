"""Every export of a store seeded with hostile values (control characters, CR/LF, quotes, formulas, markup)
re-reads with its format's standard reader to the same rows (csv, pandas, lxml, networkx, json, pyarrow)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.export.cells import defuse, tsv_cell, xml_text
from eventlens.export.gdelt import COLUMNS
from eventlens.model import EventActor
from eventlens.store import QuarantineRow, Store
from eventlens.store.synthetic import sample_analysis

HOSTILE = ["\x0bvertical tab", "a\r\n=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example")', "+1+2", "-2+3", "@SUM(A1)",
           "\ttab first", 'quote " and, comma', "\x1b[31mred\x1b[0m", "line\nbreak", "sep\u2028arator", "nel\x85x",
           "bad\ufffexml", "emoji \U0001F600", "<script>alert(1)</script>", "carriage\ronly", "-5"]


def hostile(n: int):
    a = sample_analysis(n)
    h = HOSTILE[n % len(HOSTILE)]
    a.article.title, a.article.source, a.article.url = f"{h} title", f"{h} outlet", f"https://x.example/{n}?q={h}"
    for m in a.actors:
        m.text = m.name = h
    for e in a.events:
        e.source = EventActor(text=h, code=e.source.code if e.source else "IRN", start=0, end=4)
        e.target = EventActor(text=HOSTILE[(n + 3) % len(HOSTILE)], code=e.target.code if e.target else "ISR")
        e.trigger = h
        if e.location:
            e.location["name"] = h
    for p in a.places:
        p.name = h
    return a


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "h.duckdb"
    with Store.open(path) as store:
        store.write_analyses([hostile(n) for n in range(3 * len(HOSTILE))])
        store.write_batch(quarantined=[QuarantineRow(f"file {h}", f"line {i}", f"reason {h}") for i, h in enumerate(HOSTILE)])
    return path


def export(db, fmt, out):
    # one row per report (--count reports): each stored row must come back as written
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", fmt, "--out", str(out), "--count", "reports"])
    assert result.exit_code == 0, result.output
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary file left
    return out


def stored(db, sql):
    with Store.open(db, read_only=True) as store:
        return store.con.execute(sql).fetchall()


def test_gdelt_tsv_reads_back_row_for_row(db, tmp_path):
    import pandas as pd

    out = export(db, "gdelt", tmp_path / "g.tsv")
    expected = stored(db, "SELECT source_text, target_text FROM events WHERE NOT negated ORDER BY article_id, idx")
    raw = out.read_bytes()
    assert not any(b in raw for b in (b"\r", b"\x0b", b"\x1b", b"\x85".decode("latin-1").encode()))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == len(expected) and all(len(r) == len(COLUMNS) for r in rows)
    frame = pd.read_csv(out, sep="\t", header=None, quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    assert frame.shape == (len(expected), len(COLUMNS))
    name1 = COLUMNS.index("Actor1Name")
    assert sorted(r[name1] for r in rows) == sorted(tsv_cell(s.upper()) for s, _ in expected)  # GDELT names are upper case
    assert not any(r[name1].startswith(("=", "+", "@")) for r in rows)


def test_query_and_errors_csv_read_back(db):
    import pandas as pd

    for args, sql_count in ((["query", "events", "--count", "reports", "--limit", "1000"], "SELECT count(*) FROM events"),
                            (["errors"], "SELECT count(*) FROM quarantine")):
        as_json = json.loads(CliRunner().invoke(cli, [*args, "--db", str(db), "--format", "json"]).output)
        text = CliRunner().invoke(cli, [*args, "--db", str(db), "--format", "csv"]).stdout_bytes.decode()  # CR kept
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == len(as_json) == stored(db, sql_count)[0][0]
        for got, want in zip(rows, as_json):
            assert got == {k: "" if v is None else defuse(v) if isinstance(v, str) else str(v) if not isinstance(v, bool)
                           else str(v) for k, v in want.items()}
        assert len(pd.read_csv(io.StringIO(text), dtype=str)) == len(as_json)
        raw = CliRunner().invoke(cli, [*args, "--db", str(db), "--format", "csv", "--raw-cells"]).stdout_bytes.decode()
        assert [r for r in csv.DictReader(io.StringIO(raw, newline=""))] == [
            {k: "" if v is None else str(v) for k, v in w.items()} for w in as_json]


def test_graphml_and_gexf_are_valid_xml_and_read_back(db, tmp_path):
    import networkx as nx
    from lxml import etree

    names = dict(stored(db, "SELECT code, mode(coalesce(name, text)) FROM actor_mentions GROUP BY code"))
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = export(db, fmt, tmp_path / f"n.{fmt}")
        etree.parse(str(out))  # lxml: well-formed XML
        graph = read(out)
        assert graph.number_of_nodes() == len(names) and graph.number_of_edges() > 0
        if fmt == "graphml":
            assert {graph.nodes[n]["name"] for n in graph.nodes} <= {xml_text(h) for h in HOSTILE}  # each name as XML holds it


def test_plover_jsonl_parquet_read_back(db, tmp_path):
    import pyarrow.parquet as pq

    events = stored(db, "SELECT count(*) FROM events")[0][0]
    articles = stored(db, "SELECT count(*) FROM articles")[0][0]
    assert len(json.loads(export(db, "plover", tmp_path / "p.json").read_text())) == events
    lines = export(db, "jsonl", tmp_path / "a.jsonl").read_text(encoding="utf-8").split("\n")
    assert len([json.loads(x) for x in lines if x]) == articles
    folder = tmp_path / "pq"
    CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "parquet", "--out", str(folder)])
    assert pq.read_table(folder / "events.parquet").num_rows == events


def test_a_failed_export_leaves_no_file(db, tmp_path, monkeypatch):
    from eventlens.export import formats

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    old = tmp_path / "keep.json"
    old.write_text("[]")
    monkeypatch.setattr(formats, "write_plover", broken)
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "plover", "--out", str(old)])
    assert result.exit_code == 2 and "No space left" in result.output
    assert old.read_text() == "[]" and [p.name for p in tmp_path.iterdir()] == ["keep.json"]
    monkeypatch.setattr(formats, "actor_network", lambda con: (_ for _ in ()).throw(ValueError("boom")))
    CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "graphml", "--out", str(tmp_path / "n.graphml")])
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_defuse_leaves_numbers():
    assert [defuse(v) for v in ("-5.0", "+3", "=1+1", "-cmd", "@x", "plain")] == ["-5.0", "+3", "'=1+1", "'-cmd", "'@x", "plain"]
