"""``eventlens demo --serve``'s store: the bundled illustrative articles, analysed once and cached (issue 17)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner


def test_demo_offers_to_serve_the_dashboard():
    from eventlens.cli import cli

    result = CliRunner().invoke(cli, ["demo", "--help"])
    assert result.exit_code == 0 and "--serve" in result.output


@pytest.mark.slow
def test_the_demo_store_holds_every_view_and_is_built_once(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTLENS_CACHE_DIR", str(tmp_path))
    from eventlens.engine.demo import build_demo_store, demo_store_path
    from eventlens.store import Store, queries
    from eventlens.store.series import series

    path = build_demo_store()
    assert path == demo_store_path() and path.parent == tmp_path / "demo"
    stamp = path.stat().st_mtime_ns
    assert build_demo_store() == path and path.stat().st_mtime_ns == stamp  # reused, not rebuilt
    with Store.open(path, read_only=True) as store:
        counts = queries.overview(store)["counts"]
        # 28 events with the learned coder at its first floor (0.15), 21 at the recalibrated one (0.25)
        assert counts["articles"] == 10 and counts["events"] >= 20 and counts["outlets"] >= 5
        months = series(store, interval="month")
        assert [r["events"] for r in months if r["period"] in ("2026-04", "2026-05")] == [0, 0]  # the gap the articles leave
        assert queries.places(store, limit=None)
