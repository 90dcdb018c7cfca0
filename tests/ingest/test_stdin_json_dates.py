"""Corpus readers: standard input, .json files, unreadable dates as warnings, corrupt gzip."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from eventlens.ingest import FileEnd, Quarantined, Record, estimate_records, read_corpus
from eventlens.errors import ConfigError


def split(items):
    return ([i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, Quarantined)],
            [i for i in items if isinstance(i, FileEnd)])


def from_stdin(data: bytes, fmt: str = "auto"):
    return split(list(read_corpus(["-"], stdin=io.BytesIO(data), stdin_format=fmt)))


def test_stdin_text_is_one_article_like_analyze():
    recs, bad, ends = from_stdin(b"Iran sent aid to Gaza.\n\n{braces} do not make this JSON.\n")
    assert len(recs) == 1 and not bad and not ends  # stdin is never marked done: a rerun reads it again
    assert recs[0].article.text.startswith("Iran sent aid") and recs[0].file.startswith("<stdin ")


def test_stdin_html_is_extracted():
    html = b"<html><body><article><p>" + b"Officials met in Cairo to talk. " * 20 + b"</p></article></body></html>"
    recs, bad, _ = from_stdin(html)
    assert len(recs) == 1 and not bad and "<p>" not in recs[0].article.text


def test_stdin_jsonl_is_sniffed_and_bad_lines_quarantined():
    data = (json.dumps({"text": "Egypt hosted talks.", "date": "2024-03-05"}) + "\n{oops\n"
            + json.dumps({"text": "Qatar mediated."}) + "\n").encode()
    recs, bad, _ = from_stdin(data)
    assert [r.position for r in recs] == ["line 1", "line 3"] and recs[0].article.date == "2024-03-05"
    assert [b.position for b in bad] == ["line 2"]


def test_stdin_json_list_and_pretty_object_are_sniffed():
    recs, _, _ = from_stdin(json.dumps([{"text": "Egypt hosted talks."}, {"text": "Qatar mediated."}]).encode())
    assert [r.position for r in recs] == ["item 1", "item 2"]
    recs, _, _ = from_stdin(json.dumps({"text": "Egypt hosted talks."}, indent=2).encode())
    assert len(recs) == 1 and recs[0].article.text == "Egypt hosted talks."


def test_stdin_csv_when_named():
    recs, bad, _ = from_stdin(b'text,date\n"Turkey met Greece.",2024-01-01\n', fmt="csv")
    assert not bad and len(recs) == 1 and recs[0].article.date == "2024-01-01" and recs[0].position == "line 2"
    as_text, _, _ = from_stdin(b'text,date\n"Turkey met Greece.",2024-01-01\n')  # not sniffed: one article, as analyze -
    assert len(as_text) == 1 and as_text[0].article.text.startswith("text,date")


def test_stdin_rss_is_sniffed():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
           b"<item><title>T</title><description>Iran sent aid to Gaza.</description></item></channel></rss>")
    recs, _, _ = from_stdin(rss)
    assert len(recs) == 1 and recs[0].article.source == "Wire" and recs[0].position == "entry 1"


def test_stdin_named_twice_is_read_once_and_empty_stdin_is_quarantined():
    items = list(read_corpus(["-", "-"], stdin=io.BytesIO(b"Iran sent aid to Gaza.")))
    recs, bad, _ = split(items)
    assert len(recs) == 1 and len(bad) == 1 and "more than once" in bad[0].reason
    recs, bad, _ = from_stdin(b"")
    assert not recs and "empty" in bad[0].reason


def test_unknown_stdin_format_is_a_config_error():
    with pytest.raises(ConfigError, match="stdin format"):
        list(read_corpus(["-"], stdin=io.BytesIO(b"x"), stdin_format="xml"))


def test_stdin_longer_than_the_sniffed_head_is_read_whole():
    lines = [json.dumps({"text": f"Egypt hosted talks, round {i}. " + "More words here. " * 40}) for i in range(300)]
    recs, bad, _ = from_stdin(("\n".join(lines) + "\n").encode())
    assert len(recs) == 300 and not bad


def test_estimate_is_unknown_with_stdin(tmp_path):
    (tmp_path / "a.txt").write_text("Iran sent aid.")
    assert estimate_records([tmp_path / "a.txt", "-"]) == 0


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "05/03/2024", 20240305])
def test_unreadable_dates_warn_with_the_value_and_keep_the_article(tmp_path, value):
    rows = tmp_path / "r.jsonl"
    rows.write_text(json.dumps({"text": "Egypt hosted talks.", "date": value}) + "\n"
                    + json.dumps({"text": "Qatar mediated.", "date": "2024-02-03"}) + "\n"
                    + json.dumps({"text": "Jordan spoke.", "date": ""}) + "\n")
    recs, bad, _ = split(list(read_corpus([rows])))
    assert len(recs) == 3 and not bad
    first, good, empty = recs
    assert first.article.date is None and str(value) in first.warning and "'date'" in first.warning
    assert good.article.date == "2024-02-03" and not good.warning
    assert empty.article.date is None and not empty.warning  # an absent date is not a problem


def test_unreadable_csv_and_feed_dates_warn(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text('text,published\n"Turkey met Greece.",soon\n')
    from eventlens.ingest import FieldMap

    recs, _, _ = split(list(read_corpus([table], fields=FieldMap(date="published"))))
    assert recs[0].position == "line 2" and "'soon'" in recs[0].warning and "'published'" in recs[0].warning
    feed = tmp_path / "f.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>T</title>'
                    "<pubDate>not a date</pubDate><description>Iran sent aid to Gaza.</description></item></channel></rss>")
    recs, _, _ = split(list(read_corpus([feed])))
    assert recs[0].article.date is None and "'not a date'" in recs[0].warning


def test_json_files_are_records_not_text(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"text": "Egypt hosted talks."}, "stray", {"body": "x"}]))
    (tmp_path / "one.json").write_text(json.dumps({"text": "Qatar mediated.", "title": "T"}))
    (tmp_path / "obj.json").write_text(json.dumps({"articles": [{"text": "Nested."}]}))
    (tmp_path / "num.json").write_text("42")
    (tmp_path / "broken.json").write_text('[{"text": "unterminated')
    recs, bad, ends = split(list(read_corpus([tmp_path])))
    assert sorted((r.file.rsplit("/", 1)[-1], r.position) for r in recs) == [("list.json", "item 1"), ("one.json", "")]
    reasons = {(b.file.rsplit("/", 1)[-1], b.position): b.reason for b in bad}
    assert "not an object" in reasons[("list.json", "item 2")] and "no 'text' field" in reasons[("list.json", "item 3")]
    assert "without a 'text' field (keys: articles)" in reasons[("obj.json", "")]
    assert "not a list of records" in reasons[("num.json", "")]
    assert "invalid JSON" in reasons[("broken.json", "")]
    assert len(ends) == 5


def _gzip_lines(n: int) -> bytes:
    return gzip.compress(("\n".join(json.dumps({"text": f"Egypt hosted talks number {i}."}) for i in range(n)) + "\n").encode())


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path):
    data = _gzip_lines(400)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    recs, bad, ends = split(list(read_corpus([path])))
    assert recs and len(bad) == 1 and len(ends) == 1
    assert "truncated" in bad[0].reason and f"after {recs[-1].position}" in bad[0].reason


def test_corrupt_gzip_is_quarantined_not_a_crash(tmp_path):
    data = bytearray(_gzip_lines(50))
    data[10] ^= 0xFF  # the first byte of the deflate stream: zlib.error, which is not an OSError
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(bytes(data))
    (tmp_path / "ok.txt").write_text("Iran sent aid to Gaza.")
    recs, bad, _ = split(list(read_corpus([tmp_path])))
    assert [r.file.rsplit("/", 1)[-1] for r in recs] == ["ok.txt"]
    assert len(bad) == 1 and "corrupt or truncated gzip" in bad[0].reason
    assert estimate_records([tmp_path]) >= 1  # the progress estimate does not crash either


def test_lone_surrogate_escapes_in_json_never_abort(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Egypt hosted talks \\ud800 in Cairo."}\n{"text": "Qatar mediated.", "title": "T \\udc00"}\n'
                    '{"text": "Jordan spoke with Syria \\ud83d\\ude00 today."}\n')
    recs, bad, _ = split(list(read_corpus([path])))
    # normalised at the door: the lone surrogate becomes U+FFFD and the record is stored with a warning saying so
    assert not bad and [r.position for r in recs] == ["line 1", "line 2", "line 3"]
    assert recs[0].article.text == "Egypt hosted talks \ufffd in Cairo." and "1 lone surrogate replaced by U+FFFD" in recs[0].warning
    assert recs[1].article.title == "T \ufffd" and "'title'" in recs[1].warning
    assert recs[2].article.text.endswith("\U0001F600 today.") and not recs[2].warning  # a real pair is fine


def test_file_names_that_are_not_utf8_are_named_with_escapes(tmp_path):
    import os

    raw = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / raw).write_text("Iran sent aid to Gaza.")
    recs, bad, ends = split(list(read_corpus([tmp_path])))
    assert not bad and recs[0].file.endswith("caf\\xe9.txt") and ends[0].file == recs[0].file
    recs[0].file.encode("utf-8")  # valid text for the store, JSON and terminals


def test_a_glob_matching_a_folder_reads_the_folder(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "a.txt").write_text("Iran sent aid to Gaza.")
    (tmp_path / "d" / "b.txt").write_text("Egypt hosted talks.")
    recs, bad, _ = split(list(read_corpus([str(tmp_path / "d" / "*")])))
    assert sorted(r.file.rsplit("/", 1)[-1] for r in recs) == ["a.txt", "b.txt"] and not bad


def test_a_folder_that_cannot_be_listed_is_reported():
    from eventlens.ingest.records import _walk

    found = list(_walk("/nonexistent-eventlens-folder"))
    assert found and found[0][1].startswith("folder cannot be listed")


@pytest.mark.parametrize(("kwargs", "word"), [({"encoding": "bogus-enc"}, "unknown encoding"),
                                               ({"fields": "blank"}, "text field name is empty")])
def test_options_that_would_fail_every_record_fail_once(tmp_path, kwargs, word):
    from eventlens.ingest import FieldMap

    (tmp_path / "a.txt").write_text("Iran sent aid to Gaza.")
    if kwargs.get("fields") == "blank":
        kwargs = {"fields": FieldMap(text=" ")}
    with pytest.raises(ConfigError, match=word):
        list(read_corpus([tmp_path], **kwargs))


@pytest.mark.parametrize(("line", "fix"), [("text;date", "convert it from ';'"), ("text\tdate", "name the file .tsv")])
def test_a_csv_with_another_separator_says_so(tmp_path, line, fix):
    (tmp_path / "t.csv").write_text(f"{line}\nTurkey met Greece.\n")
    _, bad, _ = split(list(read_corpus([tmp_path / "t.csv"])))
    assert len(bad) == 1 and "no column 'text'" in bad[0].reason and fix in bad[0].reason


@pytest.mark.parametrize(("value", "iso"), [("2024/03/05", "2024-03-05"), ("5 March 2024", "2024-03-05"),
                                            ("March 5, 2024", "2024-03-05"), ("Sep. 5, 2024", "2024-09-05"),
                                            ("31 February 2024", None), ("05/03/2024", None), ("May 2024", None)])
def test_unambiguous_written_dates_are_read_and_ambiguous_ones_are_not(value, iso):
    from eventlens.ingest.formats import normalise_date

    assert normalise_date(value) == iso


def test_a_url_says_that_nothing_is_downloaded():
    _, bad, _ = split(list(read_corpus(["https://example.org/feed.xml"])))
    assert len(bad) == 1 and "downloads nothing" in bad[0].reason


@pytest.mark.parametrize("text", [b"[Update] Iran sent aid to Gaza.\nMore follows.", b"{Breaking} Iran sent aid.\nMore.",
                                  b"[1] Iran sent aid to Gaza.", b"{ Iran sent aid to Gaza. }"])
def test_stdin_text_that_opens_with_brackets_stays_text(text):
    recs, bad, _ = from_stdin(text)
    assert len(recs) == 1 and not bad and recs[0].article.text.startswith(text[:5].decode())


def test_a_feed_entry_without_text_says_why(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
                    "<item><title>Only a link</title><link>https://example.org/a</link></item>"
                    "<item><title>T</title><description>Iran sent aid to Gaza.</description></item></channel></rss>")
    recs, bad, _ = split(list(read_corpus([feed])))
    assert [r.position for r in recs] == ["entry 2"]
    assert bad[0].position == "entry 1" and "does not fetch the linked page" in bad[0].reason


def test_a_folder_with_nothing_to_read_says_why(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "article1").write_text("Iran sent aid to Gaza.")
    (tmp_path / "other" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    _, bad, _ = split(list(read_corpus([tmp_path / "empty", tmp_path / "other"])))
    reasons = {b.file.rsplit("/", 1)[-1]: b.reason for b in bad}
    assert "holds no files" in reasons["empty"]
    assert "nothing to read" in reasons["other"] and "'article1'" in reasons["other"]
    recs, bad, _ = split(list(read_corpus([tmp_path / "other" / "article1"])))  # by name, its content is sniffed
    assert len(recs) == 1 and not bad


def test_json_nested_too_deeply_is_quarantined_not_a_crash(tmp_path):
    (tmp_path / "deep.jsonl").write_text("[" * 200_000 + "\n" + json.dumps({"text": "Iran sent aid to Gaza."}) + "\n")
    (tmp_path / "deep.json").write_text("[" * 200_000)
    recs, bad, _ = split(list(read_corpus([tmp_path])))
    assert [r.file.rsplit("/", 1)[-1] for r in recs] == ["deep.jsonl"]
    assert sorted((b.file.rsplit("/", 1)[-1], b.position) for b in bad) == [("deep.json", ""), ("deep.jsonl", "line 1")]
    assert all("nested too deeply" in b.reason for b in bad)
    recs, bad, _ = from_stdin(b'{"a":' * 100_000 + b"\n{}\n")  # the sniffer survives it too
    assert not recs and bad


def test_a_null_text_field_is_told_apart_from_a_missing_one(tmp_path):
    (tmp_path / "r.jsonl").write_text('{"text": null}\n{"body": "Iran sent aid."}\n')
    _, bad, _ = split(list(read_corpus([tmp_path / "r.jsonl"])))
    assert "is null" in bad[0].reason
    assert "no 'text' field (fields: body)" in bad[1].reason and "--text-field" in bad[1].reason


def test_quotes_inside_unquoted_fields_are_text_not_lost_rows(tmp_path):
    (tmp_path / "q.tsv").write_text('text\tdate\nIran said "we will help.\t2024-01-01\nQatar mediated.\t2024-01-02\n'
                                    '"Hello" he said.\t2024-01-03\nHe is 5 feet 11" tall.\t2024-01-04\n')
    (tmp_path / "q.csv").write_text('text,date\nIran said "we will help.,2024-01-01\nQatar mediated.,2024-01-02\n'
                                    '"broken quoting starts here,2024-01-03\nJordan spoke.,2024-01-04\n')
    recs, bad, _ = split(list(read_corpus([tmp_path / "q.tsv"])))
    assert not bad and [r.article.text for r in recs] == [
        'Iran said "we will help.', "Qatar mediated.", '"Hello" he said.', 'He is 5 feet 11" tall.']
    assert [r.article.date for r in recs] == ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]
    recs, bad, _ = split(list(read_corpus([tmp_path / "q.csv"])))
    assert [r.article.text for r in recs] == ['Iran said "we will help.', "Qatar mediated.", "Jordan spoke."]
    assert [b.position for b in bad] == ["line 4"]  # a CSV field that opens a quote and never closes it stays quarantined
