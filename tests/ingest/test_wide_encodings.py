"""JSON Lines, CSV and TSV in UTF-16/UTF-32 (a byte-order mark, or named with ``encoding``) are read record by
record like UTF-8 ones; before, every line was split on the byte '\\n' and quarantined as binary or garbled."""

from __future__ import annotations

import gzip
import json

import pytest

from eventlens.ingest import Quarantined, Record, read_corpus

TEXTS = ("Egypt hosted talks in Cairo.", "Qatar mediated between the parties.")


def _read(paths, **kw):
    items = list(read_corpus(paths, **kw))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, Quarantined)]


def _jsonl() -> str:
    return "".join(json.dumps({"text": t, "title": f"T{i}"}) + "\n" for i, t in enumerate(TEXTS))


def _csv(sep: str = ",") -> str:
    return f"text{sep}title\r\n" + "".join(f'"{t}"{sep}T{i}\r\n' for i, t in enumerate(TEXTS))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("name", ["a.jsonl", "a.csv", "a.tsv", "a.jsonl.gz"])
def test_a_byte_order_mark_is_enough(tmp_path, name, encoding):
    text = _csv("\t") if ".tsv" in name else _csv() if ".csv" in name else _jsonl()
    data = text.encode(encoding)
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    recs, bad = _read([path])
    assert not bad, bad
    assert [r.article.text for r in recs] == list(TEXTS)
    assert [r.article.title for r in recs] == ["T0", "T1"]


@pytest.mark.parametrize("named", ["utf-16", "utf-16-le", "UTF16"])
def test_named_utf16_without_a_mark(tmp_path, named):
    path = tmp_path / "nomark.csv"
    path.write_bytes(_csv().encode("utf-16-le"))
    recs, bad = _read([path], encoding=named)
    assert not bad, bad
    assert [r.article.text for r in recs] == list(TEXTS)


def test_named_big_endian_and_a_narrow_encoding_still_work(tmp_path):
    (tmp_path / "be.jsonl").write_bytes(_jsonl().encode("utf-16-be"))
    recs, bad = _read([tmp_path / "be.jsonl"], encoding="utf-16-be")
    assert not bad and len(recs) == 2
    (tmp_path / "w.csv").write_bytes("text\n\"Caf\u00e9 talks in Cairo.\"\n".encode("cp1252"))
    recs, bad = _read([tmp_path / "w.csv"], encoding="cp1252")
    assert not bad and recs[0].article.text == "Caf\u00e9 talks in Cairo."


def test_a_cut_utf16_file_keeps_the_records_before_and_names_the_file(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_bytes(_jsonl().encode("utf-16") + b"{")  # a lone odd byte: not UTF-16
    recs, bad = _read([path])
    assert [r.article.text for r in recs] == list(TEXTS)
    assert len(bad) == 1 and bad[0].file == str(path) and "not valid utf-16" in bad[0].reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_json_lines_on_stdin_are_sniffed_as_records(encoding):
    import io

    data = _jsonl().encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    recs, bad = _read(["-"], stdin=io.BytesIO(data))
    assert not bad, bad
    assert [r.article.text for r in recs] == list(TEXTS)  # records, not one article holding the raw JSON
