"""Shared test fixtures.

``shared_dir`` points at the reference data folder, found as every eventlens command finds it
(:mod:`eventlens.shared_data`: ``$EVENTLENS_SHARED``, else a ``shared`` folder beside the checkout),
and skips the test with a clear message when it is absent, as it is for users who install eventlens
from PyPI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.shared_data import shared_dir as find_shared_dir

REPO = Path(__file__).resolve().parents[1]


def find_shared() -> Path | None:
    path = find_shared_dir(near=REPO)
    return path if path is not None and (path / "data").is_dir() else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = find_shared()
    if path is None:
        pytest.skip("reference data not found: put the shared/ folder beside the checkout or set EVENTLENS_SHARED")
    return path


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    return (shared_dir / "data" / "seed" / "qom-gaza.txt").read_text(encoding="utf-8")
