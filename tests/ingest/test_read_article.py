from __future__ import annotations

import pytest

from eventlens.errors import InputError
from eventlens.ingest.document import article_from_bytes, check_date, read_article

HTML = (
    "<html><head><title>Talks resume</title><meta property='og:site_name' content='Example Wire'>"
    "<meta name='date' content='2025-05-02'></head><body><article><h1>Talks resume</h1>"
    "<p>Officials from Egypt and Jordan met in Cairo on Monday to discuss water sharing and trade routes.</p>"
    "<p>The two delegations agreed to meet again next month, a spokesman for the Egyptian foreign ministry said.</p>"
    "</article></body></html>"
)


def test_plain_text_keeps_offsets_and_normalises_newlines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"First paragraph.\r\nSecond paragraph.\r\n")
    article = read_article(path)
    assert article.text == "First paragraph.\nSecond paragraph.\n"
    assert article.path == str(path)
    assert len(article.id) == 16


def test_utf8_bom_and_utf16_are_decoded():
    assert article_from_bytes("\ufeffHello world".encode("utf-8")).text == "Hello world"
    assert article_from_bytes("Hello world".encode("utf-16")).text == "Hello world"


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = read_article(path)
    assert "Egypt and Jordan met in Cairo" in article.text
    assert "<p>" not in article.text
    assert article.title == "Talks resume"


def test_explicit_metadata_wins(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = read_article(path, title="Mine", date="2024-01-31", source="Desk")
    assert (article.title, article.date, article.source) == ("Mine", "2024-01-31", "Desk")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        ("nul.txt", b"abc\x00def" * 10, "binary"),
        ("latin1.txt", "Caf\u00e9 in Gen\u00e8ve".encode("latin-1"), "not valid UTF-8"),
        ("broken.html", b"<html><body><div><<<<>>>", "no main text"),
    ],
)
def test_bad_inputs_name_file_and_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(path) in str(info.value)
    assert reason in str(info.value)


def test_too_large_is_refused_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        read_article(path)


def test_named_encoding_is_used(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 talks in Gen\u00e8ve".encode("latin-1"))
    assert read_article(path, encoding="latin-1").text == "Caf\u00e9 talks in Gen\u00e8ve"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_article(tmp_path)


def test_bad_date_is_rejected():
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        check_date("10/03/2026")


def test_impossible_calendar_date_is_rejected():
    with pytest.raises(InputError, match="not a calendar date"):
        check_date("2026-13-45")
    assert check_date("2024-02-29") == "2024-02-29"


def test_html_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>Le ministre fran\u00e7ais a rencontr\u00e9 les diplomates \u00e0 Gen\u00e8ve hier soir.</p>"
    path.write_bytes(f"<html><head><meta charset=latin-1><title>Caf\u00e9</title></head><body>{body}</body></html>".encode("latin-1"))
    article = read_article(path)
    assert "fran\u00e7ais" in article.text and "Gen\u00e8ve" in article.text
    assert article.title == "Caf\u00e9"
    # a meta tag claiming UTF-16 on ASCII-compatible bytes is ignored, like browsers do
    utf16_claim = b'<html><head><meta charset="utf-16"></head><body><p>Plain talks resumed in Geneva today.</p></body></html>'
    assert "Geneva" in article_from_bytes(utf16_claim, kind="html").text


def test_html_date_comes_from_markup_not_a_copyright_line():
    footer = "<footer>Copyright 2024 Example Wire. All rights reserved.</footer></body></html>"
    undated = HTML.replace("<meta name='date' content='2025-05-02'>", "").replace("</body></html>", footer)
    assert article_from_bytes(undated.encode(), kind="html").date is None
    dated = HTML.replace("</body></html>", footer)
    assert article_from_bytes(dated.encode(), kind="html").date == "2025-05-02"


def test_utf16_without_bom_gets_an_encoding_hint():
    with pytest.raises(InputError, match="--encoding utf-16-le"):
        article_from_bytes("Officials met in Cairo on Monday.".encode("utf-16-le"))
    with pytest.raises(InputError, match="--encoding utf-16-be"):
        article_from_bytes("Officials met in Cairo on Monday.".encode("utf-16-be"))
    with pytest.raises(InputError, match=r"NUL bytes\), not text$"):
        article_from_bytes(b"\x00" * 64 + b"abc")


def _with_date_meta(meta: str) -> str:
    return HTML.replace("<meta name='date' content='2025-05-02'>", meta)


@pytest.mark.parametrize(("meta", "where", "value"), [
    ("<meta name='date' content='yesterday'>", "<meta date>", "yesterday"),
    ("<meta content='2024-13-45' property='article:published_time'>", "<meta article:published_time>", "2024-13-45"),
    ('<script type="application/ld+json">{"datePublished": "soon"}</script>', "JSON-LD datePublished", "soon"),
])
def test_an_unreadable_html_date_keeps_the_article_with_a_note(meta, where, value):
    notes: list[str] = []
    article = article_from_bytes(_with_date_meta(meta).encode(), kind="html", notes=notes)
    assert "Egypt and Jordan" in article.text and article.date is None
    assert len(notes) == 1 and f"unreadable date {value!r}" in notes[0] and where in notes[0]
    assert article_from_bytes(_with_date_meta(meta).encode(), kind="html").date is None  # no list: no note, same article


@pytest.mark.parametrize("meta", [
    "",  # no date declared: nothing to warn about
    "<meta name='dcterms.modified' content='never'>",  # not a publication date
    "<meta name='date' content='yesterday'><meta name='pubdate' content='Tue, 05 Mar 2024 10:00:00 GMT'>",
])
def test_no_note_when_no_publication_date_is_unreadable(meta):
    notes: list[str] = []
    article = article_from_bytes(_with_date_meta(meta).encode(), kind="html", notes=notes)
    assert notes == []
    assert article.date == ("2024-03-05" if "pubdate" in meta else None)


def test_read_article_notes_the_date_unless_one_is_given(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_with_date_meta("<meta name='date' content='yesterday'>"), encoding="utf-8")
    notes: list[str] = []
    assert read_article(path, notes=notes).date is None and "'yesterday'" in notes[0]
    given: list[str] = []
    assert read_article(path, date="2024-01-02", notes=given).date == "2024-01-02" and given == []


def test_ingest_and_analyze_surface_the_note(tmp_path, monkeypatch):
    from eventlens import api
    from eventlens.ingest.records import Record, read_corpus
    from eventlens.model import Analysis

    (tmp_path / "page.html").write_text(_with_date_meta("<meta name='date' content='yesterday'>"), encoding="utf-8")
    (tmp_path / "dated.html").write_text(HTML, encoding="utf-8")
    records = {r.file.rsplit("/", 1)[-1]: r for r in read_corpus([tmp_path]) if isinstance(r, Record)}
    assert "'yesterday'" in records["page.html"].warning and records["page.html"].article.date is None
    assert records["dated.html"].warning == "" and records["dated.html"].article.date == "2025-05-02"

    monkeypatch.setattr(api, "analyze_article", lambda article, **kwargs: Analysis(article=article))
    analysis = api.analyze_path(tmp_path / "page.html")
    assert "'yesterday'" in analysis.meta["warnings"][0] and analysis.to_dict()["meta"]["warnings"]
    assert "warnings" not in api.analyze_path(tmp_path / "dated.html").meta
