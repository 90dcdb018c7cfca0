"""Pages render their data tables server-side; missing front-end assets give a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventlens.web import vendor as vendor_mod


def test_pages_render_tables_without_javascript(client, hostile_id):
    overview = client.get("/").text
    assert 'id="top-dyads"' in overview and "IRNGOV → ISR" in overview
    assert 'id="dyad-table"' in client.get("/network?actor=IRN").text
    assert "Washington" in client.get("/map").text
    dyad = client.get("/dyad?source=IRN&target=PSE").text
    assert re.search(rf'href="/articles/{hostile_id}\?[^"]*source=IRN[^"]*#s-0"', dyad)  # the filters go along
    search = client.get("/search?q=criticised&limit=5").text
    assert 'rel="next"' in search and "Story" in search


def test_dyad_page_needs_both_actors(client):
    r = client.get("/dyad?source=IRN")
    assert r.status_code == 400 and "source" in r.text and r.headers["content-type"].startswith("text/html")


def test_missing_vendor_assets_show_a_clear_message(client, monkeypatch, tmp_path):
    monkeypatch.setattr("eventlens.web.pages.vendor_status", lambda: vendor_mod.vendor_status(directory=tmp_path))
    html = client.get("/network").text
    assert 'id="vendor-missing"' in html and "npm run build" in html
    assert "vendor/cytoscape.min.js" not in html  # no script tag for an absent file
    assert 'id="dyad-table"' in html  # the data table is still there
    status = client.get("/api/status").json()
    assert set(status) >= {"vendor_built", "cache", "store"}


def test_vendor_status_reads_the_build(tmp_path):
    assert not vendor_mod.vendor_status(directory=tmp_path).built
    for name in vendor_mod.REQUIRED:
        (tmp_path / name).write_text("x")
    assert vendor_mod.vendor_status(directory=tmp_path).built


def test_analyze_form_limits(client):
    r = client.post("/analyze", data={"text": "x" * 6000})
    assert r.status_code == 413 and "at most 5000" in r.text
    r = client.post("/analyze", data={"text": " "})
    assert r.status_code == 422 and 'id="analyze-error"' in r.text
    r = client.post("/analyze", content=b'{"text": "x"}', headers={"content-type": "application/json"})
    assert r.status_code == 415


def test_analyze_form_with_too_many_fields_shows_the_form_again(client):
    body = b"text=Iran+sent+aid.&" + b"&".join(b"f%d=1" % i for i in range(12))
    r = client.post("/analyze", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and 'id="analyze-error"' in r.text and "too many fields" in r.text


def test_analyze_form_with_undecodable_bytes_shows_the_form_again(client):
    # %ED%A0%80 is the UTF-8 form of a lone surrogate: it is read as U+FFFD, and the page renders (no 500)
    r = client.post("/analyze", content=b"text=Iran+%ED%A0%80+sent+aid.&date=2024-02-30",
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and 'id="analyze-error"' in r.text and "Iran \ufffd" in r.text


def test_serve_refuses_a_missing_store(tmp_path: Path):
    from eventlens.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no such store" in result.output
    assert "Traceback" not in result.output


def test_create_app_refuses_a_non_store(tmp_path: Path):
    import duckdb

    from eventlens.errors import StoreError
    from eventlens.web import WebSettings, create_app

    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError):
        create_app(settings=WebSettings(db=path))


def test_analyze_form_warns_when_the_text_is_not_english(client):
    # a French paragraph written for this test (over the 40 words the check needs)
    french = ("Les ministres des deux pays se sont retrouvés lundi dans la capitale pour parler du différend frontalier. "
              "Ils ont jugé les discussions utiles et ont promis de revenir à la table après les élections, sans donner "
              "de date pour la prochaine réunion entre les deux gouvernements voisins.")
    r = client.post("/analyze", data={"text": french})
    assert r.status_code == 200 and 'class="notice warning"' in r.text and "does not read as English" in r.text
    english = ("The ministers of the two countries met on Monday in the capital to talk about the border dispute. They said "
               "that the talks had been useful and that they would return to the table after the elections, though neither "
               "side gave a date for the next meeting between the two neighbouring governments.")
    r = client.post("/analyze", data={"text": english})
    assert r.status_code == 200 and "does not read as English" not in r.text


def test_event_without_a_plover_type_shows_a_dash_with_the_reason():
    import jinja2

    from eventlens.web.pages import TEMPLATES

    from eventlens.web.filters import FilterState

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.globals["link"] = FilterState().link  # what every page passes: links that keep the page's filters
    macro = env.get_template("_events.html").module.event_list
    event = {"date": "2024-01-02", "source_code": "IRN", "target_code": "IRQ", "plover": None, "cameo": "010", "quad_class": 1,
             "goldstein": 0.0, "negated": False, "modality": "asserted", "article_id": "a1", "sentence": 0, "evidence": "Iran said so."}
    html = str(macro([event]))
    assert "no PLOVER type" in html and ">—<" in html and ">?<" not in html
    assert ">AID<" in str(macro([event | {"plover": "AID", "cameo": "073"}]))
