"""The JSON API over a small store: lists, filters, pagination, errors, OpenAPI."""

from __future__ import annotations

import duckdb
import pytest

from eventlens.web.endpoints import LIST_ENDPOINTS


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and {"status", "code", "message"} <= set(body["error"]) <= {"status", "code", "message", "fields"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS, ids=lambda e: e.path)
def test_every_list_endpoint_answers_a_page(client, endpoint):
    params = {"limit": 3} | ({"source": "IRN", "target": "ISR"} if endpoint.path == "/api/pair" else {})
    body = client.get(endpoint.path, params=params).json()
    assert set(body) == {"items", "limit", "offset", "next", "total"}
    assert body["offset"] == 0 and body["items"]
    if endpoint.paged:
        assert body["limit"] == 3 and len(body["items"]) <= 3
        assert body["total"] is None or body["total"] >= len(body["items"])
    else:  # a time series comes whole: every period, the empty ones as zero
        assert body["limit"] == len(body["items"]) == body["total"] and body["next"] is None


def test_pagination_walks_all_events_without_overlap(client):
    total = client.get("/api/overview").json()["counts"]["events"]
    seen, url = [], "/api/events?limit=7"
    while url:
        page = client.get(url).json()
        seen += [(e["article_id"], e["idx"]) for e in page["items"]]
        url = page["next"]
    assert len(seen) == total == len(set(seen))


def test_dyad_filters_use_prefixes_and_return_counts(client):
    items = client.get("/api/dyads", params={"source": "irn", "target": "ISR"}).json()["items"]
    assert items, "the synthetic store has IRN -> ISR events"
    assert all(d["source"].startswith("IRN") and d["target"].startswith("ISR") for d in items)
    assert all(d["events"] >= 1 and -10 <= d["goldstein_mean"] <= 10 for d in items)


def test_timeline_by_month_and_year(client):
    months = client.get("/api/timeline").json()["items"]
    assert months and all(len(r["period"]) == 7 and r["quad_class"] in (1, 2, 3, 4) for r in months)
    years = client.get("/api/timeline", params={"interval": "year"}).json()["items"]
    assert {r["period"] for r in years} == {"2024"}
    assert sum(r["events"] for r in years) == sum(r["events"] for r in months)


def test_events_carry_evidence_and_article(client, hostile_id):
    items = client.get("/api/events", params={"type": "AID", "place": "Gaza", "limit": 100}).json()["items"]
    assert items and all(e["plover"] == "AID" for e in items)
    mine = [e for e in items if e["article_id"] == hostile_id]
    assert mine and mine[0]["evidence"].startswith("Iran sent aid to Gaza")


def test_article_and_missing_article(client, hostile_id):
    data = client.get(f"/api/articles/{hostile_id}").json()
    assert data["article"]["id"] == hostile_id and data["events"][0]["plover"] == "AID"
    _error(client.get("/api/articles/0000000000000000"), 404)
    _error(client.get("/api/articles/%3Cscript%3E"), 404)


def test_network_nodes_cover_edges(client):
    net = client.get("/api/network", params={"edges": 10}).json()
    ids = {n["id"] for n in net["nodes"]}
    assert 0 < len(net["edges"]) <= 10
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])


def test_articles_search_and_actor_tone_and_frames(client):
    arts = client.get("/api/articles", params={"q": "criticised", "limit": 5}).json()
    assert arts["items"] and arts["next"] is not None
    assert client.get("/api/frames").json()["items"]
    assert client.get("/api/tone", params={"actor": "IRN"}).json()["items"]


@pytest.mark.parametrize(
    ("url", "status", "word"),
    [
        ("/api/events?since=2024-13-01", 400, "since"),
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?limit=100000", 400, "limit"),
        ("/api/events?offset=-1", 400, "offset"),
        ("/api/events?actor=IR%3BN", 400, "actor"),
        ("/api/events?actor=Narnia", 400, "no actor code or name matches 'Narnia'"),
        ("/api/events?quad=5", 400, "quad"),
        ("/api/timeline?interval=fortnight", 400, "interval"),
        ("/api/nothing", 404, "/api/nothing"),
    ],
)
def test_bad_requests_answer_error_objects(client, url, status, word):
    assert word in _error(client.get(url), status)["message"]


def test_wrong_method_is_an_error_object(client):
    _error(client.post("/api/events"), 405)
    _error(client.get("/api/analyze"), 405)


def test_query_string_and_body_limits(client):
    _error(client.get("/api/events?text=" + "a" * 5000), 414)
    _error(client.get("/api/events", headers={"x-filler": "a" * 17_000}), 431)
    _error(client.get("/api/events", headers={f"x-h{i}": "1" for i in range(70)}), 431)
    _error(client.post("/api/analyze", content=b"x" * (17 * 1024), headers={"content-type": "application/json"}), 413)


def test_analyze_input_validation(client):
    _error(client.post("/api/analyze", content=b"text=hi", headers={"content-type": "text/plain"}), 415)
    _error(client.post("/api/analyze", json={"text": "   "}), 422)
    _error(client.post("/api/analyze", json={"text": "x" * 6000}), 413)
    _error(client.post("/api/analyze", json={"text": "Iran sent aid.", "store": True}), 400)
    _error(client.post("/api/analyze", json={"text": "Iran sent aid.", "date": "2024-02-30"}), 400)
    _error(client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}), 400)


@pytest.mark.parametrize("body", [
    b'{"text": "Iran sent aid \\ud800 to Gaza."}',  # a JSON escape with no pair
    b'{"text": "Iran sent aid.", "title": "\\udc80"}',
    b'{"text": "Iran sent aid.", "source": "x\\udfff"}',
    '{"text": "Iran \ud800 sent aid."}'.encode("utf-8", "surrogatepass"),  # the raw (invalid) UTF-8 bytes
], ids=["text", "title", "source", "raw-bytes"])
def test_analyze_refuses_lone_surrogates_with_an_error_object(client, body):
    error = _error(client.post("/api/analyze", content=body, headers={"content-type": "application/json"}), 422)
    assert "lone surrogate" in error["message"] and error["code"] == "invalid_input"


@pytest.mark.parametrize("body", [b"[" * 15000, b'{"text": "Iran sent aid.", "title": ' + b"[" * 6000 + b"]" * 6000 + b"}"])
def test_analyze_refuses_json_nested_too_deeply(client, body):
    assert len(body) < 16 * 1024  # under the body limit: the parser itself must refuse it
    error = _error(client.post("/api/analyze", content=body, headers={"content-type": "application/json"}), 400)
    assert "nested too deeply" in error["message"]


@pytest.mark.parametrize("url", [
    "/api/events?limit=\u0661",  # an Arabic-Indic digit: int() would read it as 1
    "/api/events?limit=1_0",
    "/api/events?offset=%205",
    "/api/events?quad=%ED%A0%80",
    "/api/events?since=\u0662\u0660\u0662\u0664",
])
def test_numbers_and_dates_take_ascii_digits_only(client, url):
    message = _error(client.get(url), 400)["message"]
    assert "integer (digits 0-9)" in message or "must be a date YYYY" in message


@pytest.mark.parametrize("url", [
    "/api/events?text=%ED%A0%80", "/api/events?place=%00", "/api/articles?q=%F0%9F%98%80", "/api/frames?frame=%ED%A0%80",
])
def test_odd_unicode_in_text_parameters_is_searched_not_an_error(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.json()["items"] == []


def test_openapi_describes_every_api_route(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    api_paths = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}
    assert api_paths == set(spec["paths"])
    events = spec["paths"]["/api/events"]["get"]
    names = {p["name"] for p in events["parameters"]}
    assert {"actor", "source", "target", "type", "since", "until", "place", "text", "limit", "offset"} <= names
    assert "Error" in spec["components"]["schemas"]


def test_store_is_opened_read_only(client):
    store = client.app.state.service.source._store()
    assert store.read_only
    with pytest.raises(duckdb.Error):
        store.con.execute("DELETE FROM articles")


def test_responses_are_cached(client):
    client.get("/api/dyads?limit=5")
    before = client.app.state.service.cache.stats()["hits"]
    client.get("/api/dyads?limit=5")
    assert client.app.state.service.cache.stats()["hits"] == before + 1


def test_a_query_error_that_reaches_the_app_is_a_400_not_a_503():
    import asyncio

    from starlette.requests import Request

    from eventlens.store.params import QueryError
    from eventlens.web.errors import library_error_handler

    request = Request({"type": "http", "method": "GET", "path": "/api/events", "query_string": b"", "headers": []})
    response = asyncio.run(library_error_handler(request, QueryError("parameter 'limit' must be >= 1, got 0")))
    assert response.status_code == 400 and b"must be >= 1" in response.body
