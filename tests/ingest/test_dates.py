"""The one date rule: record fields and HTML metadata read a date the same way; day/month order is never guessed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.ingest.dates import (
    ANALYSED,
    STORED,
    date_warning,
    normalise_date,
    readings,
)
from eventlens.ingest.document import article_from_bytes

PAGE = (
    "<html><head><title>Talks resume</title>{meta}</head><body><article><h1>Talks resume</h1>"
    "<p>Officials from Egypt and Jordan met in Cairo on Monday to discuss water sharing and trade routes.</p>"
    "<p>The two delegations agreed to meet again next month, a spokesman for the Egyptian foreign ministry said.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(("value", "iso"), [
    ("13/03/2024", "2024-03-13"),  # 13 can only be the day
    ("03/13/2024", "2024-03-13"),  # ... in either position
    ("13.03.2024", "2024-03-13"),
    ("13-3-2024", "2024-03-13"),
    ("05/05/2024", "2024-05-05"),  # same either way
    ("05/03/2024", None),  # 5 March or 3 May: not guessed
    ("5.3.2024", None),
    ("31/02/2024", None),  # no such day in either order
    ("13/13/2024", None),
    ("05/03/24", None),  # two-digit years are not read
    ("13/03-2024", None),  # mixed separators
])
def test_year_last_numeric_dates_are_read_only_when_the_order_is_certain(value, iso):
    assert normalise_date(value) == iso


def test_readings_name_both_dates_of_an_ambiguous_value():
    assert readings("05/03/2024") == ("2024-03-05", "2024-05-03")
    assert readings("13/03/2024") == ("2024-03-13",)
    assert readings("2024-03-05") == () and readings(None) == ()


def test_the_warning_names_both_readings_and_what_became_of_the_article():
    stored = date_warning("05/03/2024", field="date")
    assert stored.startswith("ambiguous date '05/03/2024' in field 'date': 5 March or 3 May 2024")
    assert stored.endswith(STORED)
    analysed = date_warning("yesterday", field="<meta date>", outcome=ANALYSED)
    assert analysed.startswith("unreadable date 'yesterday'") and analysed.endswith(ANALYSED) and "stored" not in analysed
    assert date_warning("13/03/2024", field="date") == "" and date_warning("", field="date") == ""


@pytest.mark.parametrize("value", ["05/03/2024", "13/03/2024", "03/13/2024", "05/05/2024", "5.3.2024", "2024/03/05"])
def test_html_metadata_and_a_record_field_agree(value, tmp_path):
    """trafilatura reads 05/03/2024 day-first; the page must get what the same value in a JSONL field gets."""
    from eventlens.ingest.records import Record, read_corpus

    notes: list[str] = []
    page = article_from_bytes(PAGE.format(meta=f"<meta name='date' content='{value}'>").encode(), kind="html", notes=notes)
    rows = tmp_path / "r.jsonl"
    rows.write_text(json.dumps({"text": "Egypt hosted talks.", "date": value}) + "\n")
    (record,) = [r for r in read_corpus([rows]) if isinstance(r, Record)]
    assert page.date == record.article.date == normalise_date(value)
    assert bool(notes) == bool(record.warning) == (normalise_date(value) is None)
    if notes:
        assert "ambiguous date" in notes[0] and "ambiguous date" in record.warning


def test_a_declared_unambiguous_date_settles_an_ambiguous_one():
    meta = "<meta name='date' content='05/03/2024'><meta property='article:published_time' content='2024-05-03T09:00:00Z'>"
    notes: list[str] = []
    assert article_from_bytes(PAGE.format(meta=meta).encode(), kind="html", notes=notes).date == "2024-05-03"
    assert notes == []


def test_analyze_says_analysed_and_ingest_says_stored(tmp_path, monkeypatch):
    from eventlens import api
    from eventlens.model import Analysis

    # the wording is the point here, not the analysis: skip loading the pipeline
    monkeypatch.setattr(api, "analyze_article", lambda article, **kwargs: Analysis(article=article))
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(meta="<meta name='date' content='05/03/2024'>"), encoding="utf-8")
    analysed = CliRunner().invoke(cli, ["analyze", str(page), "--format", "json"])
    assert analysed.exit_code == 0, analysed.output
    assert "warning: ambiguous date '05/03/2024'" in analysed.stderr
    assert ANALYSED in analysed.stderr and "stored" not in analysed.stderr
    assert json.loads(analysed.stdout)["article"]["date"] is None

    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(cli, ["ingest", str(page), "--db", str(db), "--stages", "segment", "--no-progress"]).exit_code == 0
    warned = json.loads(CliRunner().invoke(cli, ["errors", "--db", str(db), "--format", "json"]).stdout)
    assert len(warned) == 1 and warned[0]["reason"].endswith(STORED) and "ambiguous date" in warned[0]["reason"]
