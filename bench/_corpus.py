"""What the benchmarks share: the reference data folder, the article texts they time, and the extra check.

The folder is found as everywhere in eventlens (:mod:`eventlens.shared_data`): ``--shared DIR``, else
``$EVENTLENS_SHARED``, else a ``shared`` folder beside the checkout or the working directory.
"""

from __future__ import annotations

import argparse
import importlib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from eventlens.shared_data import add_shared_argument, shared_from_args

REPO = Path(__file__).resolve().parents[1]
GEOPARSING = "data/geoparsing"

__all__ = ["REPO", "add_shared_argument", "corpus_texts", "require_extra", "seed_path", "shared_folder", "time_stages", "loadavg"]


def shared_folder(parser: argparse.ArgumentParser, explicit: Path | None, *, needs: str = GEOPARSING) -> Path:
    """The reference data folder for this run (one line and exit 4 when it is not there)."""
    return shared_from_args(parser, explicit, near=REPO, needs=needs)


def require_extra(parser: argparse.ArgumentParser, *modules: str, extra: str = "bench") -> None:
    """Stop with one line naming the install command when a module of an optional extra is missing."""
    missing = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        parser.exit(2, f"{parser.prog}: needs {', '.join(missing)} from the [{extra}] extra: pip install -e '.[{extra}]'\n")


def corpus_texts(shared: Path, limit: int | None = None) -> list[str]:
    """Texts of GeoWebNews and TR-News articles, in file order."""
    base = shared / GEOPARSING
    texts: list[str] = []
    for name in ("GWN.xml", "TR-News.xml"):
        root = ET.parse(base / name).getroot()
        for article in root.iter("article"):
            node = article.find("text")
            if node is not None and node.text and node.text.strip():
                texts.append(node.text.strip())
    return texts[:limit] if limit else texts


def seed_path(shared: Path) -> Path:
    return shared / "data" / "seed" / "qom-gaza.txt"


def time_stages(segment: Any, texts: list[str], stages: list[tuple[str, Any]], *, repeat: int) -> tuple[float, dict[str, float], list]:
    """Median seconds of spaCy's ``nlp.pipe`` over ``texts`` and of each named stage over the parsed analyses
    (stages run in order, as the default pipeline runs them), and the last round's analyses."""
    import statistics
    import time

    from eventlens.model import Analysis, Article

    nlp = segment.nlp
    parse_s: list[float] = []
    stage_s: dict[str, list[float]] = {name: [] for name, _ in stages}
    analyses: list = []
    for _ in range(repeat):
        began = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse_s.append(time.perf_counter() - began)
        analyses = [segment.fill(Analysis(article=Article(text=t)), d) for t, d in zip(texts, docs)]
        for name, stage in stages:
            began = time.perf_counter()
            for an in analyses:
                stage(an)
            stage_s[name].append(time.perf_counter() - began)
    return statistics.median(parse_s), {k: statistics.median(v) for k, v in stage_s.items()}, analyses


def loadavg() -> str:
    """The machine's 1/5/15-minute load averages, printed beside timings taken on a shared machine."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"
