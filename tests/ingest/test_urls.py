"""Outlets and dates read from an article's URL when its record gives none (issue 17)."""

from __future__ import annotations

import json

import pytest

from eventlens.ingest import Record, read_corpus
from eventlens.ingest.urls import date_from_url, outlet_from_url


@pytest.mark.parametrize(("url", "outlet"), [
    ("http://www.cnn.com/2015/01/02/us/story/index.html", "cnn.com"),
    ("https://m.bbc.co.uk/news/world", "bbc.co.uk"),
    ("https://harbourpost.example/x", "harbourpost.example"),
    ("https://WWW.Example.COM:8443/a", "example.com"),
    ("javascript:alert(1)", None), ("ftp://files.example/x", None), ("not a url", None), ("", None), (None, None),
    ("https://localhost/a", None),
])
def test_the_outlet_is_the_urls_host_without_www(url, outlet):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(("url", "date"), [
    ("http://www.cnn.com/2015/01/02/us/story/index.html", "2015-01-02"),
    ("https://www.washingtonpost.com/realestate/a/2018/01/22/44edd466_story.html", "2018-01-22"),
    ("https://x.example/news/2024-03-05/talks", "2024-03-05"),
    ("https://x.example/20240305-talks.html", "2024-03-05"),
    ("http://www.nola.com/mardi_gras_nola/2018/01/take_a_tour.html", None),  # a month names no day: no date
    ("https://x.example/2024/13/45/x", None),  # not a calendar date
    ("https://x.example/story/123456789", None),
    (None, None),
])
def test_a_date_is_read_from_the_path_only_with_year_month_and_day(url, date):
    assert date_from_url(url) == date


def _read(tmp_path, rows):
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return [item for item in read_corpus([path]) if isinstance(item, Record)]


def test_records_without_outlet_or_date_take_them_from_their_url(tmp_path):
    url = "https://www.valleytimes.example/2026/07/08/convoy/"
    (plain, given, unreadable) = _read(tmp_path, [
        {"text": "Somali soldiers repelled the attack.", "url": url},
        {"text": "Somali soldiers repelled the attack again.", "url": url, "source": "Valley Times", "date": "2026-07-09"},
        {"text": "Somali soldiers repelled a third attack.", "url": url, "date": "05/03/2026"},
    ])
    assert (plain.article.source, plain.article.date) == ("valleytimes.example", "2026-07-08") and not plain.warning
    assert (given.article.source, given.article.date) == ("Valley Times", "2026-07-09")
    # a date the record gives but no reader reads stands, with its warning: the URL does not overrule it
    assert unreadable.article.date is None and "ambiguous date" in unreadable.warning
    assert unreadable.article.source == "valleytimes.example"


def test_the_bundled_demo_records_all_get_an_outlet_and_a_date():
    from importlib import resources

    path = resources.files("eventlens.data.examples").joinpath("newsroom.jsonl")
    with resources.as_file(path) as real:
        records = [item for item in read_corpus([real]) if isinstance(item, Record)]
    assert len(records) == 10
    assert all(r.article.source and r.article.date and not r.warning for r in records)
    from_url = [r for r in records if r.article.source.endswith(".example")]
    assert len(from_url) >= 4  # the records written without a source field
