"""Ingest benchmark: articles/s at --jobs 1 vs --jobs 2, peak RSS as the corpus grows, store size per 1k articles.

Corpora are RSS feed files (250 items each) built by repeating the shared
GeoWebNews/TR-News texts, each copy made distinct (so its content-hash id
differs) by a reference line. Every run is a real ``eventlens ingest``
subprocess; peak RSS is the largest sum of RSS over the process and its
workers, sampled every 0.1 s. Needs ../shared (or EVENTLENS_SHARED).

    python bench/ingest.py                      # speed at 300 articles, RSS at 1k and 10k
    python bench/ingest.py --speed 100 --sizes 200,1000 --stages segment   # quick
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import REPO, corpus_texts  # noqa: E402

PER_FEED = 250
_SUMMARY = re.compile(r"(\d+) articles added.*\(([\d.]+) articles/s\)")


def build_feeds(folder: Path, n: int, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, PER_FEED):
        items = []
        for i in range(start, min(n, start + PER_FEED)):
            body = texts[i % len(texts)] + f"\n\nReference {i}."
            items.append(f"<item><title>Item {i}</title><link>https://bench.invalid/{i}</link>"
                         f"<pubDate>Mon, 0{1 + i % 9} Jan 2024 10:00:00 GMT</pubDate>"
                         f"<description>{html.escape(body)}</description></item>")
        (folder / f"feed{start // PER_FEED:05d}.rss").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>'
            + "".join(items) + "</channel></rss>", encoding="utf-8")
    return folder


def run_ingest(corpus: Path, db: Path, *, jobs: int, stages: str, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "eventlens", "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs),
           "--stages", stages, "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        if time.perf_counter() - began > timeout:
            proc.kill()
            proc.wait()
            raise SystemExit(f"ingest of {corpus} with --jobs {jobs} ran over {timeout:.0f} s; rerun with smaller sizes")
        try:
            procs = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - began
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    m = _SUMMARY.search(err)
    added, rate = (int(m.group(1)), float(m.group(2))) if m else (0, 0.0)
    return {"jobs": jobs, "articles": added, "articles_per_s": rate, "wall_s": round(wall, 2),
            "wall_articles_per_s": round(added / wall, 2) if wall else 0.0, "peak_rss_mb": round(peak / 2**20, 1),
            "store_mb": round(db.stat().st_size / 2**20, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speed", type=int, default=300, help="articles for the jobs 1 vs 2 comparison (0 to skip)")
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes for the RSS/store-size runs ('' to skip)")
    ap.add_argument("--jobs", type=int, default=2, help="jobs for the RSS/store-size runs")
    ap.add_argument("--stages", default="segment,actors,places,events,locate,tone,narrative")
    ap.add_argument("--timeout", type=float, default=3000, help="seconds per ingest run before giving up")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    texts = corpus_texts()
    result: dict = {"stages": args.stages, "texts": len(texts), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="eventlens-bench-") as tmp:
        root = Path(tmp)
        if args.speed:
            corpus = build_feeds(root / "speed", args.speed, texts)
            one = run_ingest(corpus, root / "j1.duckdb", jobs=1, stages=args.stages, timeout=args.timeout)
            two = run_ingest(corpus, root / "j2.duckdb", jobs=2, stages=args.stages, timeout=args.timeout)
            result["speed"] = {"jobs1": one, "jobs2": two,
                               "ratio": round(two["articles_per_s"] / one["articles_per_s"], 3) if one["articles_per_s"] else None,
                               "wall_ratio": round(two["wall_articles_per_s"] / one["wall_articles_per_s"], 3) if one["wall_articles_per_s"] else None}
        result["sizes"] = []
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            corpus = build_feeds(root / f"n{size}", size, texts)
            r = run_ingest(corpus, root / f"n{size}.duckdb", jobs=args.jobs, stages=args.stages, timeout=args.timeout)
            r["store_mb_per_1k"] = round(r["store_mb"] / r["articles"] * 1000, 2) if r["articles"] else None
            result["sizes"].append(r)
            if not args.json:  # report each size as it finishes, so a long run shows progress
                print(f"  [done] {r['articles']} articles: peak RSS {r['peak_rss_mb']:.0f} MB, store {r['store_mb_per_1k']} MB per 1k", flush=True)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"stages: {result['stages']}  ({result['texts']} distinct texts, {result['cpus']} CPUs)")
    if "speed" in result:
        s = result["speed"]
        for key in ("jobs1", "jobs2"):
            r = s[key]
            print(f"  --jobs {r['jobs']}: {r['articles']} articles, {r['articles_per_s']:.2f} articles/s in-run "
                  f"({r['wall_articles_per_s']:.2f} incl. start-up), peak RSS {r['peak_rss_mb']:.0f} MB")
        print(f"  ratio jobs2/jobs1: {s['ratio']} (target >= 1.6), incl. start-up {s['wall_ratio']}")
    for r in result["sizes"]:
        print(f"  {r['articles']:>6} articles (--jobs {r['jobs']}): peak RSS {r['peak_rss_mb']:.0f} MB, "
              f"store {r['store_mb']:.1f} MB = {r['store_mb_per_1k']} MB per 1k articles, {r['articles_per_s']:.2f} articles/s")


if __name__ == "__main__":
    main()
