"""Fixtures for the web tests: the store of :mod:`web_fixtures` and the app over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_fixtures import build_store, hostile_analysis


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "fixture.duckdb")


@pytest.fixture(scope="session")
def hostile_id() -> str:
    return hostile_analysis().article.id


@pytest.fixture()
def client(store_path: Path):
    from starlette.testclient import TestClient

    from eventlens.web import WebSettings, create_app

    app = create_app(settings=WebSettings(db=store_path, max_analyze_chars=5000, max_body_bytes=16 * 1024,
                                          search_dir=store_path.parent / "index"))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
