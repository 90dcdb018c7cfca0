"""The demo store: the illustrative articles that ship with eventlens, analysed into a small store.

``eventlens demo --serve`` opens the dashboard on it, so a newcomer sees every
view at once. The articles (``data/examples/newsroom.jsonl``) were written for
eventlens and report no real events; some records carry no outlet or date, which
are then read from their URLs, as any record's would be. The store is built once
under the cache folder, keyed by the articles, the eventlens version and the
store schema, and reused after.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

from .. import __version__
from ..cachefiles import build_lock, cache_dir
from ..store import CURRENT_VERSION, Store
from .api import ingest

DEMO_FILE = "newsroom.jsonl"


def demo_records() -> bytes:
    return resources.files("eventlens.data.examples").joinpath(DEMO_FILE).read_bytes()


def demo_store_path(folder: Path | None = None) -> Path:
    key = hashlib.sha256(demo_records() + f"|{__version__}|{CURRENT_VERSION}".encode()).hexdigest()[:12]
    return (folder or cache_dir() / "demo") / f"demo-{key}.duckdb"


def build_demo_store(target: Path | None = None) -> Path:
    """The demo store's path, built first when absent (about ten seconds: the whole pipeline on ten articles)."""
    path = target or demo_store_path()
    if path.is_file():
        return path
    with build_lock(path):
        if path.is_file():
            return path
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        with resources.as_file(resources.files("eventlens.data.examples").joinpath(DEMO_FILE)) as source:
            with Store.open(tmp) as store:
                ingest([str(source)], store=store)
                store.checkpoint()
        os.replace(tmp, path)
    return path
