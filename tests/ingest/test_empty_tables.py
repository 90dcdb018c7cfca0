"""A JSON Lines, CSV or TSV file that holds no record (empty, blank lines, a header only) is quarantined with
the reason, as an empty .txt is; before, it was read as zero records and the run looked like a success."""

from __future__ import annotations

import gzip

import pytest

from eventlens.ingest import FileEnd, Quarantined, Record, read_corpus


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("a.jsonl", b"", "empty input: no JSON Lines records"),
    ("a.ndjson", b"\n  \n\t\n", "empty input: no JSON Lines records"),
    ("a.csv", b"", "empty input: no header row"),
    ("a.tsv", b"\n\n", "empty input: no header row"),
    ("a.csv", b"text,title\n", "only a header row"),
    ("a.csv", b"text,title\r\n\r\n", "only a header row"),
    ("a.jsonl.gz", gzip.compress(b"\n"), "empty input: no JSON Lines records"),
])
def test_a_table_without_records_is_quarantined(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_corpus([path]))
    bad = [i for i in items if isinstance(i, Quarantined)]
    assert len(bad) == 1 and bad[0].file == str(path) and bad[0].reason.startswith(reason)
    assert isinstance(items[-1], FileEnd)


def test_tables_with_records_or_bad_rows_get_no_extra_reason(tmp_path):
    (tmp_path / "ok.csv").write_bytes(b'text\n"Egypt hosted talks in Cairo."\n')
    (tmp_path / "bad.jsonl").write_bytes(b"not json\n")
    (tmp_path / "blank.csv").write_bytes(b"text\n\"\"\n")
    items = list(read_corpus([tmp_path]))
    assert [i.file.rsplit("/", 1)[-1] for i in items if isinstance(i, Record)] == ["ok.csv"]
    reasons = {i.file.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, Quarantined)}
    assert set(reasons) == {"bad.jsonl", "blank.csv"}
    assert "invalid JSON" in reasons["bad.jsonl"] and "no text" in reasons["blank.csv"]
