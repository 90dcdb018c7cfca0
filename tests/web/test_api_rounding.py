"""Aggregate figures in API answers are rounded (no 7.3999999999999995), on every endpoint."""

from __future__ import annotations

import pytest

from eventlens.model import Tone
from eventlens.store.queries import MEAN_DIGITS
from eventlens.web.endpoints import LIST_ENDPOINTS

COORDINATES = {"lat", "lon"}  # positions keep the gazetteer's precision; they are not aggregates


def _floats(value, key=None):
    """(key, float) for every float in a JSON answer."""
    if isinstance(value, float):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _floats(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _floats(v, key)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from starlette.testclient import TestClient

    from eventlens.store import Store
    from eventlens.store.synthetic import sample_analysis
    from eventlens.web import WebSettings, create_app

    analyses = []
    for i, tone in enumerate((1.0, 1.0, 2.0, 0.1, 0.2, 0.4)):
        a = sample_analysis(5 * (i % 3), date=f"2024-0{1 + i % 2}-0{1 + i}")  # n = 0, 5, 10: the same dyads again
        a.article.text += f" Update {i}."  # a new text, so a new article id
        a.article.id = ""
        a.article.__post_init__()
        a.tone = Tone(tone=tone)
        analyses.append(a)
    db = tmp_path_factory.mktemp("rounding") / "r.duckdb"
    with Store.open(db) as store:
        store.write_analyses(analyses)
    app = create_app(settings=WebSettings(db=db, search_dir=db.parent / "index"))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_dyad_tone_mean_is_rounded(client):
    items = client.get("/api/dyads").json()["items"]
    means = [d["tone_mean"] for d in items]
    assert any(m not in (1.0, 2.0, 0.1, 0.2, 0.4) for m in means), "the fixture must average unequal tones"
    assert all(m == round(m, MEAN_DIGITS) for m in means)
    assert all(d["goldstein_mean"] == round(d["goldstein_mean"], MEAN_DIGITS) for d in items)


@pytest.mark.parametrize("path", [e.path for e in LIST_ENDPOINTS] + ["/api/network", "/api/overview"])
def test_no_endpoint_answers_unrounded_aggregates(client, path):
    response = client.get(path, params={"source": "IRN", "target": "ISR"} if path == "/api/pair" else None)
    assert response.status_code == 200, response.text
    floats = [(k, v) for k, v in _floats(response.json()) if k not in COORDINATES]
    # shares and centralities keep 4 digits (a pair's share of 100k events is 0.0002)
    bad = [(k, v) for k, v in floats if v != round(v, 4 if k in ("share", "betweenness") else MEAN_DIGITS)]
    assert not bad, f"{path} answers unrounded figures: {bad[:5]}"
