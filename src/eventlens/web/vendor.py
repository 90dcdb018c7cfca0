"""Whether the third-party browser libraries were built into ``static/vendor``.

They are copied there by ``npm run build`` in ``web/`` (see docs/web.md) and are
not part of the repository. Without them the pages still render their tables;
charts, the network and the map show a message instead.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
REQUIRED = (
    "cytoscape.min.js",
    "d3-array.min.js",
    "d3-geo.min.js",
    "topojson-client.min.js",
    "countries-110m.json",
)
BUILD_HINT = "cd web && npm ci && npm run build (or reinstall eventlens where npm is on the PATH)"


@dataclass(frozen=True, slots=True)
class VendorStatus:
    built: bool
    missing: tuple[str, ...]
    packages: dict

    @property
    def message(self) -> str:
        if self.built:
            return ""
        return (
            "The actor network and the map need front-end libraries, which were not built "
            f"(missing: {', '.join(self.missing)}). Run: {BUILD_HINT}. Charts and tables still show the data."
        )


def vendor_status(*, directory: Path = VENDOR_DIR) -> VendorStatus:
    """Whether the front-end libraries are built. Checked on every page (a build after the server
    started shows up at once), but the manifest is parsed only when it changes."""
    missing = tuple(name for name in REQUIRED if not (directory / name).is_file())
    manifest = directory / "manifest.json"
    try:
        stamp = manifest.stat().st_mtime_ns
    except OSError:
        return VendorStatus(built=not missing, missing=missing, packages={})
    return VendorStatus(built=not missing, missing=missing, packages=dict(_manifest_packages(str(manifest), stamp)))


@functools.lru_cache(maxsize=8)
def _manifest_packages(path: str, stamp: int) -> Mapping[str, Any]:
    """The manifest's package versions; ``stamp`` (its mtime) keys the cache."""
    try:
        return MappingProxyType(json.loads(Path(path).read_text(encoding="utf-8")).get("packages", {}))
    except (OSError, ValueError, AttributeError):
        return MappingProxyType({})
