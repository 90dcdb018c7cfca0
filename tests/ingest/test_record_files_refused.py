"""A file of records (JSON, JSON Lines, CSV/TSV, a feed) given to analyze is refused with the ingest command
to use; before, its raw markup (braces, the CSV header) was analysed as if it were the article's text."""

from __future__ import annotations

import io
import json
import sys

import pytest

from eventlens.errors import InputError
from eventlens.ingest.document import read_article

RECORD = {"text": "Egypt hosted talks in Cairo.", "title": "Talks"}
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title></item></channel></rss>'


@pytest.mark.parametrize(("name", "data", "what"), [
    ("a.json", json.dumps(RECORD).encode(), "JSON records"),
    ("a.jsonl", (json.dumps(RECORD) + "\n").encode(), "JSON Lines"),
    ("a.ndjson", (json.dumps(RECORD) + "\n").encode(), "JSON Lines"),
    ("a.csv", b'text,title\n"Egypt hosted talks in Cairo.",Talks\n', "CSV table"),
    ("a.tsv", b"text\ttitle\nEgypt hosted talks in Cairo.\tTalks\n", "TSV table"),
    ("a.rss", FEED, "feed"),
    ("a.xml", FEED, "feed"),  # .xml is sniffed: a feed is refused
])
def test_record_files_are_refused_with_the_ingest_command(tmp_path, name, data, what):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.path == str(path) and what in info.value.reason
    assert f"eventlens ingest {path}" in info.value.reason


def test_json_lines_on_stdin_are_refused(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((json.dumps(RECORD) + "\n").encode())))
    with pytest.raises(InputError, match="JSON Lines records.*eventlens ingest - ") as info:
        read_article("-")
    assert info.value.path == "<stdin>"


def test_articles_stay_articles(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text('{"text": "this is prose that starts with a brace"}\nMore prose.')
    assert read_article(tmp_path / "a.txt").text.startswith('{"text"')  # .txt is read as text, whatever it holds
    (tmp_path / "a.xml").write_text("<note>Egypt hosted talks in Cairo.</note>")
    assert "Cairo" in read_article(tmp_path / "a.xml").text  # .xml that is not a feed: not refused
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"[Update] Egypt hosted talks in Cairo.")))
    assert read_article("-").text.startswith("[Update]")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):  # an empty file is said to be empty
        read_article(tmp_path / "empty.csv")
