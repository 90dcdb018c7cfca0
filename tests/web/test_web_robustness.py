"""Bad input from an audit of the API and pages: each answer is a 4xx naming the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


def _error(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]["message"]


@pytest.mark.parametrize(("text", "word"), [
    ("\u0000\u0000\u0000", "NUL"),
    ("123 456 !!! 7.8", "no words"),
    ("%PDF-1.4 Iran sent aid to Gaza.", "PDF"),
    ("Iran sent aid to Gaza.\u0000 More text.", "NUL"),
], ids=["nul-only", "no-word", "pdf-signature", "nul-inside"])
def test_analyze_refuses_what_analyze_on_stdin_refuses(client, text, word):
    message = _error(client.post("/api/analyze", json={"text": text}), 422)
    assert word in message and "'text'" in message
    page = client.post("/analyze", data={"text": text})
    assert page.status_code == 422 and word in page.text


def test_analyze_still_takes_ordinary_text_with_crlf(client):
    r = client.post("/api/analyze", json={"text": "Iran sent aid to Gaza.\r\n\r\nIsrael welcomed it."})
    assert r.status_code == 200 and "\r" not in r.json()["article"]["text"]


@pytest.mark.parametrize("url", ["/api/events?since=2025&until=2020-05", "/api/articles?since=2024-06&until=2024-05-31",
                                 "/api/dyads?since=2024-03-02&until=2024-03-01"])
def test_a_reversed_date_range_is_an_error(client, url):
    message = _error(client.get(url), 400)
    assert "'since'" in message and "is after" in message and "'until'" in message


def test_a_reversed_date_range_is_an_error_on_pages_and_the_command_line(client):
    page = client.get("/search?q=aid&since=2025&until=2024")
    assert page.status_code == 400 and "is after" in page.text
    from eventlens.store.params import QueryError, option_label, parse_query

    with pytest.raises(QueryError, match="--since 2025 is after --until 2024"):
        parse_query({"since": "2025", "until": "2024"}, allowed=("since", "until"), default_limit=1, max_limit=1,
                    max_offset=0, label=option_label)


@pytest.mark.parametrize("url", ["/api/events?since=2024-05&until=2024", "/api/events?since=2024-05-31&until=2024-05",
                                 "/api/events?since=2024-05-01&until=2024-05-01"])
def test_a_range_of_one_period_is_not_reversed(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("param", "example"), [("type", "AID, ASSAULT"), ("cameo", "such as 07"), ("actor", "such as IRN")])
def test_a_bad_code_names_an_example_of_its_own_kind(client, param, example):
    message = _error(client.get(f"/api/events?{param}=a-b"), 400)
    assert example in message and (param == "actor" or "ISRGOV" not in message)


@pytest.mark.parametrize(("query", "reason"), [("type=ATTAK", "must be a PLOVER event type (ACCUSE, AGREE"),
                                               ("cameo=x", "1-4 digits"), ("cameo=07a", "1-4 digits")])
def test_an_unknown_event_type_or_cameo_code_is_an_error_not_an_empty_list(client, query, reason):
    assert reason in _error(client.get(f"/api/events?{query}"), 400)


@pytest.mark.parametrize("query", ["type=aid", "type=ASSAULT", "cameo=0731", "cameo=1"])
def test_known_event_types_and_cameo_prefixes_pass(client, query):
    assert client.get(f"/api/events?{query}").status_code == 200


def test_the_openapi_schema_lists_the_event_types(client):
    params = {p["name"]: p["schema"] for op in client.get("/api/openapi.json").json()["paths"].values()
              for method in op.values() for p in method.get("parameters", [])}
    assert "AID" in params["type"]["enum"] and params["cameo"]["pattern"] == "^[0-9]{1,4}$"


@pytest.mark.parametrize("url", ["/api/events?limit=abc&limit=5", "/api/events?limit=5&limit=5",
                                 "/api/dyads?actor=IRN&actor=%ff"])
def test_a_parameter_given_twice_is_an_error(client, url):
    message = _error(client.get(url), 400)
    assert "more than once" in message


def test_a_parameter_given_twice_is_an_error_on_pages(client):
    page = client.get("/search?q=aid&q=gaza")
    assert page.status_code == 400 and "given more than once" in page.text and 'id="search-form"' in page.text


def test_an_analyze_field_given_twice_is_an_error(client):
    body = b'{"text": "Iran sent aid to Gaza.", "text": "Israel struck Rafah."}'
    message = _error(client.post("/api/analyze", content=body, headers={"content-type": "application/json"}), 400)
    assert "'text' is given more than once" in message
    page = client.post("/analyze", content=b"text=Iran+sent+aid.&text=Israel+struck.",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert page.status_code == 400 and "is given more than once" in page.text


def test_an_over_long_path_is_named_as_the_path(client):
    message = _error(client.get("/a" * 2100), 414)
    assert "path longer than" in message and "query string" not in message
    assert "query string" in _error(client.get("/api/events?text=" + "a" * 5000), 414)


@pytest.mark.parametrize("path", ["/api/status", "/api/openapi.json", "/api/overview", "/api/events", "/"])
def test_unknown_parameters_are_ignored(client, path):
    # mail and chat tools add utm_source and the like: the answer is the same as without them
    plain, tagged = client.get(path), client.get(path + "?utm_source=mail&x=1&x=2")
    assert plain.status_code == tagged.status_code == 200
    if path == "/api/events":
        assert tagged.json() == plain.json() and tagged.headers["x-ignored-parameters"] == "utm_source, x"


def test_api_without_a_slash_answers_an_error_object(client):
    assert "/api" in _error(client.get("/api"), 404)


def test_a_wrong_method_names_the_method_and_the_allowed_ones(client):
    message = _error(client.put("/api/events"), 405)
    assert "PUT" in message and "/api/events" in message and "use GET, HEAD" in message
    assert "POST" in _error(client.get("/api/analyze"), 405)


def test_serve_opens_the_store_before_saying_it_is_served(tmp_path: Path):
    from eventlens.cli import cli

    path = tmp_path / "junk.duckdb"
    path.write_text("not a database\n")
    result = CliRunner().invoke(cli, ["serve", "--db", str(path), "--port", "1"])
    assert result.exit_code == 5 and "not a DuckDB database file" in result.output
    assert "serving" not in result.output and "Traceback" not in result.output


def test_an_early_answer_survives_the_rest_of_the_request(store_path: Path):
    """A 414 sent after the first 32 KiB of a long URL: the client goes on sending, then reads the answer whole
    (the server lingers, reading and dropping, instead of resetting the connection over unread bytes)."""
    import socket
    import threading
    import time

    import uvicorn

    from eventlens.web import WebSettings, create_app
    from eventlens.web.protocol import JsonErrorProtocol

    app = create_app(settings=WebSettings(db=store_path))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", http=JsonErrorProtocol,
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET /api/events?q=" + b"a" * 40_000)
            time.sleep(0.3)  # the server has answered 414 by now
            for _ in range(3):  # a server that closed at once resets the connection over these: the send fails
                s.sendall(b"a" * 50_000)
                time.sleep(0.2)
            s.sendall(b" HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        assert data.startswith(b"HTTP/1.1 414") and b"URL too long" in data
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _raw_request(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return lines[0], {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}, body


def test_requests_the_http_parser_refuses_get_an_error_object(store_path: Path):
    import json
    import threading
    import time

    import uvicorn

    from eventlens.web import WebSettings, create_app
    from eventlens.web.protocol import JsonErrorProtocol

    app = create_app(settings=WebSettings(db=store_path))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", http=JsonErrorProtocol,
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        ok = _raw_request(port, b"GET /api/overview HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert ok[0].startswith("HTTP/1.1 200")
        cases = [(b"/api/events?q=" + b"a" * 100_000, 414, "URL too long"),
                 (b"/api/events?actor=\xff", 400, "malformed HTTP request")]
        for target, status, words in cases:
            line, headers, body = _raw_request(port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            assert line.startswith(f"HTTP/1.1 {status}"), line
            assert headers["content-type"] == "application/json" and headers["x-content-type-options"] == "nosniff"
            error = json.loads(body)["error"]
            assert error["status"] == status and words in error["message"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_serve_says_when_the_port_is_taken_before_saying_it_is_served(store_path: Path):
    import socket

    from eventlens.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(store_path), "--port", str(port)])
    assert result.exit_code == 3, result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "choose another --port" in result.output
    assert "serving" not in result.output and "Traceback" not in result.output
