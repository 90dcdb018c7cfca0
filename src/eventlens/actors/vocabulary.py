"""The code vocabulary of the shipped actor data: which three-letter parts are countries, which sectors.

Read straight from the data files' code and kind columns (no dictionary is built), so
:mod:`.codes` can tell a country from a sector without importing :mod:`.dictionary`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources

from ..errors import ResourceError

DATA_PACKAGE = "eventlens.data.actors"
SHIPPED_FILES = ("curated.tsv", "countries.tsv", "named.tsv", "agents.tsv")


def _rows(name: str) -> Iterator[tuple[str, str]]:
    """``(code, kind)`` of every entry row of a shipped file."""
    try:
        text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ResourceError(f"actor dictionary data file {name} is missing from the installation ({exc})") from exc
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 3:
            yield cols[1].strip().upper(), cols[2].strip()


@functools.lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every country code in the shipped country file (ISO3 plus CAMEO specials)."""
    return frozenset(code[:3] for code, _ in _rows("countries.tsv") if code)


@functools.lru_cache(maxsize=1)
def sector_codes() -> frozenset[str]:
    """Every sector code the shipped agent entries use (declared in ``sectors.txt``; a test checks it
    against the agent entries of :data:`SHIPPED_FILES`)."""
    try:
        text = resources.files(DATA_PACKAGE).joinpath("sectors.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ResourceError(f"actor sector list sectors.txt is missing from the installation ({exc})") from exc
    return frozenset(line.strip().upper() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def agent_sectors() -> frozenset[str]:
    """The sector codes the agent entries of the shipped files actually use (what ``sectors.txt`` declares)."""
    countries = country_codes()
    return frozenset(code[:3] for name in SHIPPED_FILES for code, kind in _rows(name)
                     if kind == "agent" and code and code[:3] not in countries)
