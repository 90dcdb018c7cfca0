"""Security: CSP and other headers everywhere, no inline script, hostile
article strings stay inert (escaped) on every page and in every API answer."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from web_fixtures import HOSTILE_IMG, HOSTILE_SCRIPT

STATIC = Path(__file__).resolve().parents[2] / "src" / "eventlens" / "web" / "static"


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def _pages(hostile_id: str) -> list[str]:
    return [
        "/", "/network", "/map", "/search?q=sent", "/search?actor=IRN", "/dyad?source=IRN&target=PSE",
        f"/articles/{hostile_id}", "/analyze", "/no-such-page",
    ]


def _assert_inert(html: str) -> None:
    parsed = _parse(html)
    for tag, attrs in parsed.tags:
        assert tag != "img", "an <img> from article text became an element"
        assert not any(name.startswith("on") for name in attrs), f"event-handler attribute on <{tag}>"
        if tag == "script":
            src = attrs.get("src") or ""
            assert src.startswith("/static/"), f"inline or foreign script: {attrs}"
        if tag == "a":
            assert not (attrs.get("href") or "").lower().startswith("javascript:")


def test_every_page_has_security_headers_and_no_inline_script(client, hostile_id):
    for url in _pages(hostile_id):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
        _assert_inert(r.text)


@pytest.mark.parametrize("url", ["/api/dyads", "/api/openapi.json", "/static/app.css", "/api/nope", "/api/events?bogus=1"])
def test_api_static_and_errors_have_headers(client, url):
    r = client.get(url)
    assert "content-security-policy" in r.headers and r.headers["x-content-type-options"] == "nosniff"


def test_hostile_article_page_escapes_every_string(client, hostile_id):
    html = client.get(f"/articles/{hostile_id}").text
    assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html  # shown as text
    assert "&lt;img src=x onerror=" in html
    _assert_inert(html)
    # the highlights are ours: actor, place and trigger marks with escaped titles
    assert '<mark class="hl hl-actor" title="actor IRN · Iran &lt;script&gt;' in html
    assert 'class="hl hl-trigger"' in html and 'id="s-0"' in html


def test_hostile_strings_escaped_in_listings_and_search(client, hostile_id):
    for url in ["/search?q=" + quote("<script>"), "/search?q=Tehran", "/dyad?source=IRN&target=PSE&limit=100", "/"]:
        html = client.get(url).text
        assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html, url
        _assert_inert(html)
    html = client.get("/search?q=" + quote("<script>")).text
    assert "&lt;script&gt;" in html  # the query echoed back in the form, escaped


def test_api_json_keeps_strings_as_data(client, hostile_id):
    r = client.get(f"/api/articles/{hostile_id}")
    assert r.headers["content-type"] == "application/json"
    assert HOSTILE_SCRIPT in r.json()["article"]["text"]  # exact data, never HTML-interpreted
    events = client.get("/api/events", params={"text": "pwned"}).json()["items"]
    assert events and HOSTILE_SCRIPT in events[0]["evidence"]


def test_our_javascript_never_parses_strings_as_html():
    sources = {p.name: p.read_text(encoding="utf-8") for p in (STATIC / "js").glob("*.js")}
    assert sources
    for name, src in sources.items():
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in src, f"{name} uses {sink}"


def test_templates_have_no_inline_script_or_style():
    for path in (STATIC.parent / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"inline script in {path.name}"
        assert "<style" not in text and " style=" not in text and not re.search(r"\son[a-z]+=", text), path.name
        assert "|safe" not in text.replace(" ", ""), f"{path.name} disables escaping"


def test_serve_binds_loopback_by_default():
    from eventlens.cli.serve import command

    host = next(p for p in command.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_openapi_has_no_sql_endpoint(client):
    spec = json.dumps(client.get("/api/openapi.json").json()).lower()
    assert "sql" not in spec
