"""The corrupt-store matrix: every kind of damaged store (faults/stores.py) x every command that opens a store.

No command exits 70 (a bug) on a damaged store, and the web server never answers 500: a store fault is exit 5
with one line naming the file, or HTTP 503 with a JSON error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.cli.query import KINDS as QUERY_KINDS
from eventlens.errors import StoreError
from eventlens.export import FORMATS

from .stores import KINDS, good_store, make

EXAMPLE = str(Path(__file__).resolve().parents[2] / "src" / "eventlens" / "data" / "examples" / "corridor.txt")


def commands(db: str, out: Path) -> list[list[str]]:
    cmds = [["ingest", EXAMPLE, "--db", db, "--stages", "segment", "--no-progress"],
            ["recode", "--db", db, "--stages", "segment", "--no-progress"],
            ["errors", "--db", db, "--format", "json"]]
    cmds += [["query", kind, "--db", db, "--format", "json"] for kind in QUERY_KINDS]
    cmds += [["export", "--db", db, "--format", fmt, "--out", str(out / f"x.{fmt}")] for fmt in FORMATS]
    return cmds


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return good_store(tmp_path_factory.mktemp("good") / "good.duckdb", articles=120)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_command_on_a_damaged_store(kind, good, tmp_path):
    db = make(good, tmp_path, kind)
    (tmp_path / "out").mkdir()
    codes = {}
    for args in commands(str(db), tmp_path / "out"):
        result = CliRunner().invoke(cli, args)
        codes[" ".join(args[:2])] = result.exit_code
        assert result.exit_code != 70, (args, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 5:
            lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
            assert len(lines) == 1 and str(db) in lines[0], result.output
    if kind not in ("garbage-wal",):  # DuckDB ignores a WAL it cannot read: that store is whole
        readers = [c for cmd, c in codes.items() if cmd.startswith(("query", "errors", "export"))]
        assert all(c in (2, 5) for c in readers), codes  # never exit 0 with partial data
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temporary export left


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_web_server_answers_503_not_500(kind, good, tmp_path):
    from starlette.testclient import TestClient

    from eventlens.web import WebSettings, create_app

    db = make(good, tmp_path, kind)
    try:
        app = create_app(settings=WebSettings(db=db))
    except StoreError as exc:  # 'eventlens serve' stops here with exit 5 and this line
        assert str(db) in str(exc)
        return
    paths = ["/", "/network", "/map", "/search?text=aid", "/api/overview", "/api/network", "/api/status",
             "/api/dyads", "/api/events", "/api/actors", "/api/timeline", "/api/places", "/api/articles"]
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in paths:
            response = client.get(path)
            assert response.status_code != 500, (path, response.text[:300])
            if response.status_code == 503 and path.startswith("/api"):
                assert response.json()["error"]["status"] == 503


def test_a_fault_after_the_store_opened_is_503(good, tmp_path):
    """A store damaged while the server runs (a block overwritten under it) answers 503, not 500."""
    import shutil

    from starlette.testclient import TestClient

    from eventlens.web import WebSettings, create_app

    db = tmp_path / "live.duckdb"
    shutil.copy(good, db)
    app = create_app(settings=WebSettings(db=db))
    KINDS["bit-rot"](db)
    with TestClient(app, raise_server_exceptions=False) as client:
        statuses = {p: client.get(p).status_code for p in ("/api/events", "/api/articles", "/api/dyads", "/")}
    assert 500 not in statuses.values(), statuses
