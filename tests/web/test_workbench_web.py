"""The dashboard as a workbench (issue 17): exports, totals, the filter model on pages and links,
the network view, Analyze's limits, bounded heads and quiet disconnects."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="eventlens-')
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _text(value) -> str:
    return "" if value is None else ("true" if value is True else "false" if value is False else str(value))


@pytest.mark.parametrize("url", [
    "/api/events?actor=Iran&limit=7", "/api/dyads?rollup=1", "/api/series?actor=IRN&interval=quarter",
    "/api/pair?source=IRN&target=ISR&direction=either", "/api/places", "/api/outlets?actor=IRN", "/api/coverage",
    "/api/attention?interval=month", "/api/articles?q=Iran+Israel", "/api/search/events?q=criticised&actor=ISR",
])
def test_a_csv_holds_the_rows_of_the_json(client, url):
    body = client.get(url).json()
    rows = _csv(client.get(url + "&format=csv" if "?" in url else url + "?format=csv"))
    assert rows == [{k: _text(v) for k, v in item.items()} for item in body["items"]]
    by_accept = client.get(url, headers={"accept": "text/csv"})
    assert _csv(by_accept) == rows and by_accept.headers["x-total-count"] == str(body["total"])


def test_lists_say_how_many_rows_match_in_all(client):
    body = client.get("/api/events?limit=5").json()
    assert body["total"] == client.get("/api/summary").json()["events"] and len(body["items"]) == 5
    empty = client.get("/api/events?limit=5&offset=100000").json()
    assert empty["items"] == [] and empty["total"] == body["total"] and empty["next"] is None
    page = client.get("/network?limit=5&offset=5").text
    assert re.search(r"rows 6–10 of \d+", page)
    assert "no rows past" in client.get("/map?offset=5000").text


def test_a_csv_export_may_ask_for_more_rows_than_a_page(client):
    assert len(_csv(client.get("/api/events?format=csv&limit=2000"))) == client.get("/api/summary").json()["events"]
    assert client.get("/api/events?limit=2000").status_code == 400  # JSON pages stay at most 500


def test_the_network_view_is_seeded_stable_and_says_what_it_hides(client):
    first, again = client.get("/api/network?edges=4").json(), client.get("/api/network?edges=4&utm_source=x").json()
    assert [(n["id"], n["x"], n["y"]) for n in first["nodes"]] == [(n["id"], n["x"], n["y"]) for n in again["nodes"]]
    t = first["totals"]
    assert t["edges_drawn"] == len(first["edges"]) == 4 and t["edges_total"] > 4 and t["hidden"]["by_limit"] == t["edges_total"] - 4
    assert all({"community", "betweenness", "degree", "name"} <= set(n) for n in first["nodes"]) and first["communities"]
    heavy = client.get("/api/network?min_weight=3").json()
    assert all(e["events"] >= 3 for e in heavy["edges"]) and heavy["totals"]["hidden"]["by_weight"] > 0


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_network_downloads_for_gephi(client, fmt, tmp_path):
    import networkx as nx

    r = client.get(f"/api/network?format={fmt}&edges=6")
    assert r.status_code == 200 and r.headers["content-disposition"].endswith(f'.{fmt}"')
    path = tmp_path / f"n.{fmt}"
    path.write_bytes(r.content)
    graph = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert graph.number_of_edges() == 6 and all("community" in d for _, d in graph.nodes(data=True))


def test_every_link_between_views_keeps_the_filters(client):
    html = client.get("/?since=2024-02&until=2024-05&actor=Iran&rollup=1").text
    nav = re.findall(r'<nav id="nav">(.*?)</nav>', html, re.S)[0]
    for view in ("/network", "/map", "/outlets", "/search"):
        assert re.search(rf'href="{view}\?[^"]*since=2024-02[^"]*until=2024-05[^"]*actor=Iran[^"]*rollup=1', nav), view
    dyads = re.findall(r'href="(/dyad\?[^"]+)"', html)
    assert dyads and all("since=2024-02" in unescape(d) for d in dyads)
    api = re.search(r'id="timeline-chart" data-api="([^"]+)"', html).group(1)
    assert "actor=IRN" in unescape(api) and "since=2024-02" in unescape(api)  # the name resolved for the API
    side = re.search(r'data-api-filters="([^"]+)"', client.get("/network?since=2024-02").text).group(1)
    assert "since=2024-02" in unescape(side)


def test_a_bad_value_is_shown_next_to_its_field_and_kept(client):
    r = client.get("/map?since=2024-13&min_confidence=2&actor=Iran&utm_source=x")
    assert r.status_code == 400 and 'id="place-table"' not in r.text
    assert 'name="since" value="2024-13"' in r.text and 'id="error-since"' in r.text
    assert 'id="error-min_confidence"' in r.text and 'name="actor" value="Iran"' in r.text
    api = client.get("/api/places?since=2024-13&min_confidence=2").json()["error"]
    assert set(api["fields"]) == {"since", "min_confidence"}


def test_the_search_page_pages_with_counts_and_facets(client):
    html = client.get("/search?q=Iran+Israel&limit=3").text
    assert re.search(r"rows 1–3 of (\d+)", html) and 'id="facet-outlet"' in html and 'rel="next"' in html
    assert client.get("/search?q=-Egypt").status_code == 400


def test_the_outlets_page_sorts_and_exports(client):
    html = client.get("/outlets?actor=IRN&sort=-articles").text
    assert 'id="outlet-table"' in html and 'id="coverage-table"' in html and "format=csv" in html


# ---------------------------------------------------------------- Analyze
@pytest.fixture()
def big_client(store_path, monkeypatch):
    """The app with the default limits, and an analysis that only echoes the text (no NLP needed)."""
    from starlette.testclient import TestClient

    from eventlens.model import Analysis, Article
    from eventlens.web import WebSettings, create_app
    from eventlens.web import pages

    async def echo(limiter, form):
        return Analysis(article=Article(text=form.text, title=form.title, date=form.date))

    monkeypatch.setattr(pages, "run_analysis", echo)
    app = create_app(settings=WebSettings(db=store_path, search_dir=store_path.parent / "index", build_index_on_start=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_form_takes_a_long_non_latin_paste_as_the_api_does(big_client):
    text = "Тегеран и Иерусалим обменялись заявлениями. " * 1600  # about 70,000 Cyrillic characters
    assert 60_000 < len(text) <= 100_000
    r = big_client.post("/analyze", data={"text": text, "date": "5 March 2024"})
    assert r.status_code == 200, r.text[:300]
    assert 'id="analysis-result"' in r.text and "2024-03-05" in r.text
    over = big_client.post("/analyze", data={"text": "ж" * 100_001})
    assert over.status_code == 413 and "at most 100000" in over.text and "жжжж" in over.text  # the text is kept


def test_line_ends_count_as_the_api_counts_them(big_client):
    line = "Iran sent aid.\r\n"  # a browser sends a textarea's line ends as CRLF: each counts as one character
    text = line * (100_000 // (len(line) - 1))
    assert len(text) > 100_000 and len(text.replace("\r\n", "\n")) <= 100_000
    r = big_client.post("/analyze", data={"text": text})
    assert r.status_code == 200, r.text[-500:]


@pytest.mark.parametrize(("date", "words"), [("05/03/2024", "ambiguous date"), ("yesterday", "unreadable date")])
def test_a_date_the_reader_cannot_take_is_explained(big_client, date, words):
    r = big_client.post("/analyze", data={"text": "Iran sent aid.", "date": date})
    assert r.status_code == 400 and words in unescape(r.text) and 'value="Iran sent aid."' not in r.text
    assert "Iran sent aid.</textarea>" in r.text


# ---------------------------------------------------------------- the server's edges
def test_a_client_that_leaves_mid_body_leaves_no_traceback(store_path, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import hostile_probe as H

    server = H.Server(store_path, tmp_path)
    try:
        server.wait()
        for path, ctype in (("/api/analyze", b"application/json"), ("/analyze", b"application/x-www-form-urlencoded")):
            head = b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctype + b"\r\nContent-Length: 9000\r\n\r\n"
            H.raw(server.port, head + b'{"text": "Iran', read=False, pause=0.2)
        assert H.raw(server.port, H.get("/api/status")) == 200
    finally:
        log = server.stop()
    assert "Traceback" not in log and "Exception in ASGI application" not in log


@pytest.mark.slow
def test_a_probe_of_hostile_requests_gets_no_5xx_and_logs_no_traceback(store_path, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import hostile_probe as H

    result = H.probe(store_path, requests=520, folder=tmp_path)
    assert result["requests"] >= 500 and result["disconnects"] >= 10
    assert result["ok"], result
