"""Does analysis time grow linearly with article length? Long articles against spaCy alone.

One long article is built by joining GeoWebNews + TR-News texts (the reference data folder, ``--shared DIR``) as
paragraphs, cut at each ``--sizes`` length. For each size, in the same process
and after a warm-up, the bench times spaCy's parse of the text (the model and
components eventlens uses: the baseline) and eventlens's full default pipeline,
each ``--repeats`` times (median; sizes up to 100k characters at least 3 times). The figure is the ratio of eventlens's time
to spaCy's at each size, and how much that ratio grows from the smallest to the
largest size: a stage that is quadratic in the number of paragraphs or mentions
shows up as a growing ratio even where spaCy itself is linear.

Target: the ratio at the largest size is at most 1.5 times the ratio at the
smallest. Before session 5's fixes (44227fb) the ratio went from 1.23 at 25k
characters to 3.14 at 1M (growth 2.55: 112 s against spaCy's 36 s, of which
the event locator took 43 s and event coding 13 s, from linear scans for the
paragraph of each offset); after them, 1.18 to 1.38 (growth 1.18, 52 s).

    python bench/long_article.py [--shared DIR] [--sizes 25000,250000,1000000] [--repeats 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, shared_folder  # noqa: E402


def long_text(texts: list[str], size: int) -> str:
    """At least ``size`` characters of corpus paragraphs (the corpus repeated as needed), cut at a paragraph end."""
    parts: list[str] = []
    total = 0
    while total < size:
        for t in texts:
            parts.append(t)
            total += len(t) + 2
            if total >= size:
                break
    return "\n\n".join(parts)


def _timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="25000,250000,1000000", help="article lengths in characters, comma-separated")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    add_shared_argument(parser)
    args = parser.parse_args()
    texts = corpus_texts(shared_folder(parser, args.shared))
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from eventlens.api import default_pipeline
    from eventlens.model import Article
    from eventlens.nlp import load_spacy

    nlp = load_spacy()
    pipeline = default_pipeline()
    warm = long_text(texts, 5000)
    nlp(warm)
    pipeline(Article(text=warm))
    rows = []
    for size in sizes:
        text = long_text(texts, size)
        repeats = max(args.repeats, 3) if size <= 100_000 else args.repeats  # a short run is noisy, and cheap to repeat
        spacy_s = _timed(lambda: nlp(text), repeats)
        timings: dict[str, float] = {}

        def run_pipeline() -> None:
            timings.update(pipeline(Article(text=text)).meta.get("timings_s", {}))

        eventlens_s = _timed(run_pipeline, repeats)
        rows.append({"chars": len(text), "paragraphs": text.count("\n\n") + 1, "spacy_s": round(spacy_s, 2),
                     "eventlens_s": round(eventlens_s, 2), "ratio": round(eventlens_s / spacy_s, 3),
                     "slowest_stage": max(timings, key=timings.get) if timings else None,
                     "stages_s": {k: round(v, 2) for k, v in timings.items()}})
    growth = rows[-1]["ratio"] / rows[0]["ratio"]
    result = {"sizes": rows, "ratio_growth": round(growth, 3), "ratio_growth_target": 1.5}
    if args.json:
        print(json.dumps(result))
        return
    for r in rows:
        print(f"{r['chars']:>9} chars {r['paragraphs']:>5} paragraphs  spaCy {r['spacy_s']:>7.2f} s  eventlens {r['eventlens_s']:>7.2f} s"
              f"  ratio {r['ratio']:.2f}  stages {r['stages_s']}")
    print(f"ratio growth, smallest to largest: {growth:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
