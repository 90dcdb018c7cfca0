"""Shared test fixtures.

``shared_dir`` points at the reference data folder (``../shared`` beside the
checkout, or ``$EVENTLENS_SHARED``) and skips the test with a clear message
when it is absent, as it is for users who install eventlens from PyPI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def find_shared() -> Path | None:
    env = os.environ.get("EVENTLENS_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for path in candidates:
        if (path / "data").is_dir():
            return path
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = find_shared()
    if path is None:
        pytest.skip("reference data not found: put the shared/ folder beside the checkout or set EVENTLENS_SHARED")
    return path


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    return (shared_dir / "data" / "seed" / "qom-gaza.txt").read_text(encoding="utf-8")
