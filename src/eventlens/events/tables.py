"""CAMEO code table (names, Goldstein weights, quad class) and the CAMEO -> PLOVER map."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from ..errors import ConfigError, ResourceError


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str  # PLOVER 2.0 type, "" where PLOVER drops the code (CAMEO 01, 02)
    plover_mode: str | None


def quad_class(code: str) -> int:
    """1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20)."""
    try:
        root = int(code[:2])
    except ValueError:
        raise ConfigError(f"not a CAMEO code: {code!r}") from None
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def _rows(name: str) -> list[list[str]]:
    try:
        text = resources.files("eventlens.data.events").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"event table {name} is missing from eventlens/data/events; reinstall eventlens") from exc
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def load_cameo() -> Mapping[str, CameoCode]:
    """Every CAMEO code eventlens knows, loaded once per process."""
    plover: dict[str, tuple[str, str]] = {}
    for row in [*_rows("plover_overrides.tsv"), *_rows("cameo2plover.tsv")]:  # overrides first: the first row wins
        plover.setdefault(row[0], (row[1], row[2].strip() if len(row) > 2 else ""))
    table: dict[str, CameoCode] = {}
    for row in _rows("cameo_codes.tsv"):
        code, goldstein, name = row[0], float(row[1]), row[2] if len(row) > 2 else ""
        full = code if len(code) > 2 else code + "0"
        ptype, mode = plover.get(full) or plover.get(full[:3]) or ("", "")
        table[code] = CameoCode(code, name, goldstein, quad_class(code), ptype, mode or None)
    return MappingProxyType(table)


def cameo_info(code: str) -> CameoCode:
    """Table entry of ``code``, falling back to its 3-digit parent and root."""
    table = load_cameo()
    for key in (code, code[:3], code[:2] + "0", code[:2]):
        if key in table:
            found = table[key]
            if key != code:
                return CameoCode(code, found.name, found.goldstein, found.quad_class, found.plover, found.plover_mode)
            return found
    raise ConfigError(f"unknown CAMEO code {code!r}; codes run from 010 to 2042")


TABLE_FILES = ("cameo_codes.tsv", "plover_overrides.tsv", "cameo2plover.tsv", "plover_legacy.tsv")


@functools.lru_cache(maxsize=1)
def tables_version() -> str:
    """The versions the CAMEO and PLOVER tables declare in their first line, as one string for ``meta.rules.events``
    ("cameo_codes 1.0+plover_overrides 1.1+..."; '?' for a table that declares none)."""
    parts = []
    for name in TABLE_FILES:
        text = resources.files("eventlens.data.events").joinpath(name).read_text(encoding="utf-8")
        found = re.search(r"\bversion ([\w.]+)", text.split("\n", 1)[0])
        parts.append(f"{name.removesuffix('.tsv')} {found.group(1) if found else '?'}")
    return "+".join(parts)


@functools.lru_cache(maxsize=1)
def plover_legacy_map() -> Mapping[str, str]:
    """PLOVER 0.5b1 labels (used by the PLOVER GSR gold file) -> PLOVER 2.0 types."""
    rows = _rows("plover_legacy.tsv")
    return MappingProxyType({r[0]: r[1] for r in rows})


@functools.lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    """The PLOVER 2.0 event types the CAMEO table maps to, sorted (AGREE, AID, ..., THREATEN)."""
    return tuple(sorted({c.plover for c in load_cameo().values() if c.plover}))
