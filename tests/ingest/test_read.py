"""Corpus readers: every format, gzip, folders/globs, and bad records quarantined without losing good ones."""

from __future__ import annotations

import gzip
import json

from eventlens.ingest import FieldMap, FileEnd, Quarantined, Record, estimate_records, read_corpus
from eventlens.ingest.formats import normalise_date

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def split(items):
    recs = [i for i in items if isinstance(i, Record)]
    bad = [i for i in items if isinstance(i, Quarantined)]
    ends = [i for i in items if isinstance(i, FileEnd)]
    return recs, bad, ends


def test_text_html_folder_and_bad_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.\n\nIsrael struck Gaza.", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<html><body><article><p>" + "Officials met in Cairo to talk. " * 20 + "</p></article></body></html>")
    (tmp_path / "sub" / "fake.html").write_bytes(PNG)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.bin").write_bytes(b"ignored: unknown suffix inside a folder")
    recs, bad, ends = split(list(read_corpus([tmp_path])))
    assert sorted(r.file.rsplit("/", 1)[-1] for r in recs) == ["a.txt", "b.html"]
    reasons = {b.file.rsplit("/", 1)[-1]: b.reason for b in bad}
    assert "PNG" in reasons["fake.html"] and "empty" in reasons["empty.txt"]
    assert len(ends) == 4


def test_jsonl_with_a_bad_line_and_field_names(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"body": "Egypt hosted talks.", "headline": "Talks", "published": "2024-03-05T10:00:00Z", "outlet": "Wire"}),
        '{"body": "broken',
        json.dumps({"body": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"body": "Qatar mediated again."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    fields = FieldMap(text="body", title="headline", date="published", source="outlet")
    recs, bad, _ = split(list(read_corpus([path], fields=fields)))
    assert [r.position for r in recs] == ["line 1", "line 5"]
    first = recs[0].article
    assert (first.title, first.date, first.source) == ("Talks", "2024-03-05", "Wire")
    assert [b.position for b in bad] == ["line 2", "line 3", "line 4"]
    assert "invalid JSON" in bad[0].reason


def test_csv_broken_quoting_loses_no_good_row(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "id,text,date\n"
        '1,"Iran sent aid, again, to Gaza.",2024-01-01\n'
        '2,"A quoted field\nspanning two lines.",2024-01-02\n'
        '3,"unterminated quote starts here,2024-01-03\n'
        "4,Plain row four.,2024-01-04\n"
        "5,Row five has,too,many,fields\n"
        '6,"Row six, fine.",2024-01-06\n'
    )
    recs, bad, _ = split(list(read_corpus([path])))
    assert [r.position for r in recs] == ["line 2", "line 3", "line 6", "line 8"]
    assert recs[1].article.text == "A quoted field\nspanning two lines."
    assert {b.position: b.reason for b in bad}.keys() == {"line 5", "line 7"}
    assert "quot" in {b.position: b.reason for b in bad}["line 5"]


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("a,b\n1,2\n")
    recs, bad, _ = split(list(read_corpus([path])))
    assert not recs and "no column 'text'" in bad[0].reason


def test_feeds_and_gzip(tmp_path):
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        "<item><title>One</title><link>https://e.org/1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Iran sent aid to Gaza.&lt;/p&gt;&lt;p&gt;More text.&lt;/p&gt;</description></item>"
        "<item><title>Two</title><description></description></item>"
        "</channel></rss>"
    )
    (tmp_path / "f.rss").write_text(rss)
    with gzip.open(tmp_path / "g.jsonl.gz", "wt") as fh:
        fh.write(json.dumps({"text": "Turkey and Greece met."}) + "\n")
    (tmp_path / "h.txt.gz").write_bytes(b"not really gzip")
    recs, bad, _ = split(list(read_corpus([tmp_path / "f.rss", str(tmp_path / "*.gz")])))
    rss_rec = recs[0].article
    assert (rss_rec.title, rss_rec.date, rss_rec.source, rss_rec.url) == ("One", "2024-03-05", "Example News", "https://e.org/1")
    assert rss_rec.text == "Iran sent aid to Gaza.\nMore text."
    assert recs[1].article.text == "Turkey and Greece met."
    assert {(b.position, "gzip" in b.reason or "empty" in b.reason) for b in bad} == {("entry 2", True), ("", True)}
    assert estimate_records([tmp_path]) >= 3


def test_missing_inputs_and_skip_done(tmp_path):
    (tmp_path / "a.txt").write_text("Some text here.")
    _, bad, _ = split(list(read_corpus([tmp_path / "nope.txt", str(tmp_path / "*.none")])))
    assert {b.reason for b in bad} == {"no such file or folder", "the pattern matches no file"}
    ends = split(list(read_corpus([tmp_path])))[2]
    skip = {e.file: (e.size, e.mtime) for e in ends}
    assert list(read_corpus([tmp_path], skip_files=skip)) == []


def test_normalise_date():
    assert normalise_date("2024-02-03T01:02:03Z") == "2024-02-03"
    assert normalise_date("Tue, 05 Mar 2024 10:00:00 GMT") == "2024-03-05"
    assert normalise_date("2024-02-31") is None and normalise_date("soon") is None


def test_csv_field_over_128_kb_is_read(tmp_path):
    body = "Officials met in Cairo on Monday. " * 5000  # ~170 KB, well under the per-record limit
    path = tmp_path / "long.csv"
    path.write_text(f'text,date\n"{body}",2024-01-01\n"Qatar mediated in Doha.",2024-01-02\n', encoding="utf-8")
    recs, bad, _ = split(list(read_corpus([path])))
    assert not bad and len(recs) == 2 and recs[0].article.text == body


def test_a_large_csv_field_is_read_without_raising_the_process_wide_csv_limit(tmp_path):
    import csv

    before = csv.field_size_limit()
    body = "Officials met in Cairo on Monday. " * 6000  # ~200 KB: over the csv module's 128 KB default
    assert len(body) > before
    table = tmp_path / "big.csv"
    table.write_text(f'text,date\n"{body}",2024-01-02\n')
    recs, bad, _ = split(list(read_corpus([table])))
    assert not bad and recs[0].article.text.startswith("Officials") and recs[0].article.date == "2024-01-02"
    assert csv.field_size_limit() == before  # put back: other csv users in the process keep their limit
