"""Throughput, cold start and memory of ``eventlens analyze`` against spaCy alone.

Same run, same model, same texts (GeoWebNews + TR-News from the reference data folder, ``--shared DIR``):

* baseline: ``nlp.pipe`` of the spaCy model eventlens uses (same components);
* eventlens: the full default pipeline (``Pipeline.pipe``).

Each side runs in its own fresh process (so peak RSS is its own), alternating,
``--rounds`` times; the median words/s of each side and their ratio are
reported. Target (issue "analyze"): ratio >= 0.75, cold analyze of the seed
<= 4 s, peak RSS of eventlens over the corpus <= 700 MB.

    python bench/analyze.py [--shared DIR] [--limit N] [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, seed_path, shared_folder  # noqa: E402


def _worker(side: str, shared: Path, limit: int | None) -> dict:
    texts = corpus_texts(shared, limit)
    words = sum(len(t.split()) for t in texts)
    if side == "spacy":
        from eventlens.nlp import EXCLUDE, find_model, import_spacy

        nlp = import_spacy().load(find_model()[1], exclude=list(EXCLUDE))  # imported as eventlens imports it
        nlp.max_length = 5_000_000
        list(nlp.pipe(texts[:5]))  # warm up
        began = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    else:
        from eventlens.api import default_pipeline
        from eventlens.model import Article

        pipeline = default_pipeline()
        list(pipeline.pipe([Article(text=t) for t in texts[:5]]))  # warm up (loads every resource)
        began = time.perf_counter()
        for _ in pipeline.pipe((Article(text=t) for t in texts), batch_size=16):
            pass
    seconds = time.perf_counter() - began
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"side": side, "articles": len(texts), "words": words, "seconds": seconds, "words_per_s": words / seconds, "peak_rss_mb": rss_mb}


def _run_worker(side: str, shared: Path, limit: int | None) -> dict:
    cmd = [sys.executable, __file__, "--worker", side, "--shared", str(shared)] + (["--limit", str(limit)] if limit else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _cold_seed(shared: Path, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "eventlens", "analyze", str(seed_path(shared)), "--format", "json"],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", choices=["spacy", "eventlens"], help=argparse.SUPPRESS)
    add_shared_argument(parser)
    args = parser.parse_args()
    shared = shared_folder(parser, args.shared)
    if args.worker:
        print(json.dumps(_worker(args.worker, shared, args.limit)))
        return
    runs: dict[str, list[dict]] = {"spacy": [], "eventlens": []}
    for _ in range(args.rounds):
        for side in ("spacy", "eventlens"):
            runs[side].append(_run_worker(side, shared, args.limit))
    cold = _cold_seed(shared, 3)
    med = {side: statistics.median(r["words_per_s"] for r in rs) for side, rs in runs.items()}
    result = {
        "articles": runs["spacy"][0]["articles"],
        "words": runs["spacy"][0]["words"],
        "spacy_words_per_s": round(med["spacy"], 1),
        "eventlens_words_per_s": round(med["eventlens"], 1),
        "ratio": round(med["eventlens"] / med["spacy"], 3),
        "ratio_target": 0.75,
        "cold_seed_s_median": round(statistics.median(cold), 2),
        "cold_seed_target_s": 4.0,
        "eventlens_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["eventlens"]), 1),
        "spacy_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["spacy"]), 1),
        "rss_target_mb": 700,
        "rounds": args.rounds,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:26} {value}")


if __name__ == "__main__":
    main()
