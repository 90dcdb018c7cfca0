"""The on-disk cache of the compiled shipped actor dictionary: keyed by its sources, rebuilt when stale or corrupt."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.actors import compiled, dictionary
from eventlens.actors.dictionary import ActorDictionary, ActorEntry
from eventlens.cachefiles import write_pickle


BUILDER = Path(dictionary.__file__)


@pytest.fixture()
def private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("EVENTLENS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _tiny() -> ActorDictionary:
    d = ActorDictionary()
    d.add(("test", "ministry"), (ActorEntry("test ministry", "TSTGOV", "actor", source="test:1"),))
    return d


def test_built_once_then_read_back(private_cache: Path) -> None:
    builds: list[int] = []

    def build() -> ActorDictionary:
        builds.append(1)
        return _tiny()

    first = compiled.cached(build, kind=ActorDictionary, builder=BUILDER)
    second = compiled.cached(build, kind=ActorDictionary, builder=BUILDER)
    assert builds == [1]
    assert second.index == first.index and second is not first  # the second came from the file
    assert [p.name for p in private_cache.glob("*.pkl")] == [compiled.path(BUILDER).name]
    assert not list(private_cache.glob("*.tmp"))


def test_a_corrupt_or_foreign_file_is_rebuilt(private_cache: Path) -> None:
    target = compiled.path(BUILDER)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not a pickle")
    assert compiled.cached(_tiny, kind=ActorDictionary, builder=BUILDER).get(("test", "ministry")).code == "TSTGOV"
    write_pickle(target, {"something": "else"})
    assert compiled.cached(_tiny, kind=ActorDictionary, builder=BUILDER).get(("test", "ministry")).code == "TSTGOV"


def test_the_key_follows_the_data_files_and_the_builder(monkeypatch: pytest.MonkeyPatch, private_cache: Path) -> None:
    before = compiled.digest(BUILDER)
    monkeypatch.setattr(compiled, "FORMAT_VERSION", compiled.FORMAT_VERSION + 1)
    new_format = compiled.digest(BUILDER)
    assert new_format != before
    monkeypatch.setattr(compiled, "SHIPPED_FILES", compiled.SHIPPED_FILES[:-1])
    assert compiled.digest(BUILDER) not in (before, new_format)


def test_an_unwritable_cache_still_gives_the_dictionary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("EVENTLENS_CACHE_DIR", str(blocker / "cache"))
    assert compiled.cached(_tiny, kind=ActorDictionary, builder=BUILDER).get(("test", "ministry")).code == "TSTGOV"


def test_the_shipped_dictionary_reads_back_equal(private_cache: Path) -> None:
    from eventlens.actors.dictionary import _build_shipped

    built = compiled.cached(_build_shipped, kind=ActorDictionary, builder=BUILDER)
    read = compiled.cached(_build_shipped, kind=ActorDictionary, builder=BUILDER)
    assert read.index == built.index and read.surnames == built.surnames and read.headers == built.headers
