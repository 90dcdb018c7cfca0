"""The on-disk cache of the compiled shipped actor dictionary.

Parsing the shipped dictionary files (tens of thousands of entries, the curated file through spaCy's
tokenizer) and indexing their last names takes a cold process about two seconds; reading the compiled
dictionary back takes about a third of that. The compiled form is pickled into the user cache folder
(:mod:`eventlens.cachefiles`, as the gazetteer is) under a name keyed by everything it depends on (this
format's version, the source of the dictionary module, the versions of Python and spaCy, and the bytes of
every shipped file), so a stale file is never read; it is built under a file lock and appears atomically.
A cache that cannot be read or written is skipped: the dictionary is then built in memory, as before.
Only the shipped dictionary is cached; a user's ``--actors`` files are read afresh in each process.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from ..cachefiles import cache_dir, cached_pickle
from .vocabulary import DATA_PACKAGE, SHIPPED_FILES

FORMAT_VERSION = 1
_PREFIX = "actors-"
T = TypeVar("T")


def digest(builder: Path) -> str:
    """The cache key: the format version, the builder's source (the dictionary module), Python's and spaCy's
    versions (the tokenizer splits the curated phrases) and every shipped data file."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "none"
    h = hashlib.sha1(f"{FORMAT_VERSION}|{sys.version_info[:2]}|{spacy_version}".encode())
    h.update(builder.read_bytes())
    package = resources.files(DATA_PACKAGE)
    for name in SHIPPED_FILES:
        h.update(name.encode())
        h.update(package.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def path(builder: Path) -> Path:
    """Where the compiled shipped dictionary lives (the file may not exist yet)."""
    return cache_dir() / f"{_PREFIX}{digest(builder)}.pkl"


def cached(build: Callable[[], T], *, kind: type[T], builder: Path) -> T:
    """The compiled dictionary from the cache, else ``build()`` written there (when the folder is writable);
    ``builder`` is the source file of the code that builds it (part of the key)."""
    value, _ = cached_pickle(path(builder), build, accept=lambda found: isinstance(found, kind), stale=f"{_PREFIX}*")
    return value
