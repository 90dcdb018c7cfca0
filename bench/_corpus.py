"""Article texts from the shared geoparsing corpora, for benchmarks (needs ../shared)."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    env = os.environ.get("EVENTLENS_SHARED")
    path = Path(env) if env else REPO.parent / "shared"
    if not (path / "data").is_dir():
        sys.exit(f"benchmark needs the shared data folder ({path}); set EVENTLENS_SHARED")
    return path


def corpus_texts(limit: int | None = None) -> list[str]:
    """Texts of GeoWebNews and TR-News articles, in file order."""
    base = shared_dir() / "data" / "geoparsing"
    texts: list[str] = []
    for name in ("GWN.xml", "TR-News.xml"):
        root = ET.parse(base / name).getroot()
        for article in root.iter("article"):
            node = article.find("text")
            if node is not None and node.text and node.text.strip():
                texts.append(node.text.strip())
    return texts[:limit] if limit else texts


def seed_path() -> Path:
    return shared_dir() / "data" / "seed" / "qom-gaza.txt"
