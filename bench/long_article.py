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
smallest.

``--growth`` (issue #20) measures three kinds of text at 10k, 100k and 1M
characters, each size in a fresh process: ``news`` (the corpus joined, as
above), ``paragraphs`` (one-word paragraphs) and ``names`` (one sentence full
of actor names). For each it reports time and peak memory above the warmed-up
process, and their growth per 10x beyond linear ((t2/t1)/(n2/n1)); target at
most 1.5. A text over a documented limit (docs/limits.md) is refused up front
with an InputError naming it: the bench reports the refusal and its time. Before session 5's fixes (44227fb) the ratio went from 1.23 at 25k
characters to 3.14 at 1M (growth 2.55: 112 s against spaCy's 36 s, of which
the event locator took 43 s and event coding 13 s, from linear scans for the
paragraph of each offset); after them, 1.18 to 1.38 (growth 1.18, 52 s).

    python bench/long_article.py [--shared DIR] [--sizes 25000,250000,1000000] [--repeats 1] [--json]
    python bench/long_article.py --growth [--shared DIR] [--sizes 10000,100000,1000000] [--kinds news,paragraphs,names] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, shared_folder  # noqa: E402

from eventlens.shared_data import SHARED_ENV  # noqa: E402


def long_text(size: int, texts: list[str] | None = None) -> str:
    """Up to ``size`` characters of corpus paragraphs (the corpus repeated as needed), cut at the last line or sentence
    end before ``size`` (an article is at most 1,000,000 characters: docs/limits.md)."""
    if texts is None:
        texts = corpus_texts(shared_folder(argparse.ArgumentParser(prog="long_article.py"), None))
    parts: list[str] = []
    total = 0
    while total < size:
        for t in texts:
            parts.append(t)
            total += len(t) + 2
            if total >= size:
                break
    text = "\n\n".join(parts)
    if len(text) <= size:
        return text
    cut = max(text.rfind("\n", 0, size), text.rfind(". ", 0, size) + 1)
    return text[:cut].rstrip()


_NAMES = ("Iran", "Iraq", "Israel", "Egypt", "Jordan", "Syria", "Qatar", "Russia", "Ukraine", "China", "the United Nations")
_WORDS = ("Iran.", "Talks.", "Gaza.", "Yes.", "Officials.", "Protests.")


def kind_text(kind: str, size: int) -> str:
    """``size`` characters of ``news`` (the corpus), ``paragraphs`` (one word each) or ``names`` (one sentence)."""
    if kind == "news":
        return long_text(size)
    if kind == "paragraphs":
        parts, total, i = [], 0, 0
        while total < size - 10:
            parts.append(_WORDS[i % len(_WORDS)])
            total += len(parts[-1]) + 2
            i += 1
        return "\n\n".join(parts)
    parts, total, i = [], 0, 0
    while total < size - 20:
        parts.append(_NAMES[i % len(_NAMES)])
        total += len(parts[-1]) + 2
        i += 1
    return ", ".join(parts) + " met in Baghdad."


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def one(kind: str, size: int) -> dict:
    """Time and peak memory of the default pipeline on one text, in this (fresh) process."""
    from eventlens.api import analyze_article, default_pipeline
    from eventlens.errors import InputError
    from eventlens.model import Article

    import gc
    import threading

    default_pipeline()
    analyze_article(Article(text=long_text(5000)))
    text = kind_text(kind, size)
    gc.collect()
    base = _rss_mb()  # resident memory before the article; the peak is sampled every 5 ms while it runs
    peak = [base]
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            peak[0] = max(peak[0], _rss_mb())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    began, cpu = time.perf_counter(), time.process_time()
    try:
        analysis = analyze_article(Article(text=text))
        outcome, warnings, stages = "analysed", analysis.meta.get("warnings", []), analysis.meta.get("timings_s", {})
    except InputError as exc:
        outcome, warnings, stages = f"refused: {exc.reason}", [], {}
    seconds, cpu_s = time.perf_counter() - began, time.process_time() - cpu
    running.clear()
    sampler.join()
    return {"kind": kind, "chars": len(text), "seconds": round(seconds, 3), "cpu_s": round(cpu_s, 3),
            "base_mb": round(base), "peak_mb": round(peak[0]),
            "process_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "added_mb": round(max(peak[0] - base, 1.0), 1), "outcome": outcome, "warnings": warnings,
            "stages_s": {k: round(v, 2) for k, v in stages.items()}}


def growth_report(kinds: list[str], sizes: list[int]) -> dict:
    """Each (kind, size) in a fresh process; growth per 10x beyond linear of time and added memory."""
    out: dict = {"kinds": {}, "target": 1.5}
    for kind in kinds:
        rows = []
        for size in sizes:
            done = subprocess.run([sys.executable, __file__, "--one", kind, str(size)], capture_output=True, text=True, check=True)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        steps = []
        for a, b in zip(rows, rows[1:]):
            scale = b["chars"] / a["chars"]
            # CPU time: the wall clock also counts what other processes took from the cores meanwhile
            steps.append({"from": a["chars"], "to": b["chars"], "time_growth": round(b["cpu_s"] / a["cpu_s"] / scale, 3),
                          "wall_growth": round(b["seconds"] / a["seconds"] / scale, 3),
                          "memory_growth": round(b["added_mb"] / a["added_mb"] / scale, 3)})
        out["kinds"][kind] = {"sizes": rows, "steps": steps,
                              "worst_time_growth": max(s["time_growth"] for s in steps) if steps else None,
                              "worst_memory_growth": max(s["memory_growth"] for s in steps) if steps else None}
    return out


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
    parser.add_argument("--growth", action="store_true", help="time and memory growth of three kinds of text (issue #20)")
    parser.add_argument("--kinds", default="news,paragraphs,names")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.shared:  # the --one subprocesses find the folder the same way
        os.environ[SHARED_ENV] = str(args.shared)
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]))))
        return
    if args.growth:
        sizes = sorted(int(s) for s in (args.sizes if args.sizes != parser.get_default("sizes") else "10000,100000,1000000").split(","))
        result = growth_report(args.kinds.split(","), sizes)
        if args.json:
            print(json.dumps(result))
            return
        for kind, r in result["kinds"].items():
            for row in r["sizes"]:
                print(f"{kind:>10} {row['chars']:>9} chars  {row['cpu_s']:>8.2f} CPU s ({row['seconds']:.2f} s wall)  +{row['added_mb']:>7.1f} MB "
                      f"(peak {row['peak_mb']} MB)  {row['outcome']}")
            print(f"{kind:>10} worst growth per 10x beyond linear: time {r['worst_time_growth']}, memory {r['worst_memory_growth']} (target <= 1.5)")
        return
    texts = corpus_texts(shared_folder(parser, args.shared))
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from eventlens.api import default_pipeline
    from eventlens.model import Article
    from eventlens.nlp import load_spacy

    nlp = load_spacy()
    pipeline = default_pipeline()
    warm = long_text(5000, texts)
    nlp(warm)
    pipeline(Article(text=warm))
    rows = []
    for size in sizes:
        text = long_text(size, texts)
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
