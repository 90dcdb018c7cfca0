"""Ingest benchmark: articles/s at --jobs 1 vs --jobs 2, peak RSS as the corpus grows, store size per 1k articles.

Corpora are RSS feed files (250 items each) built by repeating the shared
GeoWebNews/TR-News texts, each copy made distinct (so its content-hash id
differs) by a reference line. Every run is a real ``eventlens ingest``
subprocess; peak RSS is the largest sum of RSS over the process and its
workers, sampled every 0.1 s. Needs the reference data (``--shared DIR``, ``$EVENTLENS_SHARED``
or ``shared/`` beside the checkout) and psutil from the ``[bench]`` extra (``pip install -e '.[bench]'``).

Speed: a small warm-up ingest first (disk caches, model files), then
``--jobs 1`` and ``--jobs 2`` alternately ``--repeats`` times on the same
corpus; the ratio is of the medians. Per run: the steady rate (ingest's own
articles/s, measured after its workers are started and their models loaded),
the total rate (wall clock of the whole command, start-up included), the
start-up seconds, CPU seconds per article (process and workers; on a shared
machine this moves much less than the rates) and the load average.

    python bench/ingest.py [--shared DIR]       # speed at 300 articles, RSS at 1k and 10k
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import REPO, add_shared_argument, corpus_texts, loadavg, require_extra, shared_folder  # noqa: E402

PER_FEED = 250
_SUMMARY = re.compile(r"(\d+) articles added.*\(([\d.]+) articles/s\)(?: after ([\d.]+) s start-up)?")


_WORKERS = re.compile(r"busy (\d+)% of the run, on a core (\d+)% of that, ([\d.]+) CPU s per article")


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
    import psutil  # the [bench] extra, checked in main()

    cmd = [sys.executable, "-m", "eventlens", "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs),
           "--stages", stages, "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    began = time.perf_counter()
    load_before = loadavg()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, float] = {}  # pid -> last CPU seconds seen (workers may exit before the parent)
    while proc.poll() is None:
        if time.perf_counter() - began > timeout:
            proc.kill()
            proc.wait()
            raise SystemExit(f"ingest of {corpus} with --jobs {jobs} ran over {timeout:.0f} s; rerun with smaller sizes")
        try:
            procs = [parent, *parent.children(recursive=True)]
            rss = 0
            for p in procs:
                with p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - began
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    m = _SUMMARY.search(err)
    added, rate = (int(m.group(1)), float(m.group(2))) if m else (0, 0.0)
    startup = float(m.group(3)) if m and m.group(3) else None
    w = _WORKERS.search(err)
    busy, on_core, worker_cpu = (int(w.group(1)) / 100, int(w.group(2)) / 100, float(w.group(3))) if w else (None, None, None)
    # What this run would do with a core per worker to itself: each worker analyses 1 / worker_cpu
    # articles per CPU second, for the share of the run the engine kept it busy.
    projected = round(jobs * busy / worker_cpu, 2) if w and worker_cpu else None
    cpu_s = sum(cpu.values())
    parent_cpu = cpu.get(proc.pid, 0.0)
    return {"jobs": jobs, "articles": added, "articles_per_s": rate, "startup_s": startup, "wall_s": round(wall, 2),
            "wall_articles_per_s": round(added / wall, 2) if wall else 0.0, "peak_rss_mb": round(peak / 2**20, 1),
            "cpu_s_per_article": round(cpu_s / added, 4) if added else None,
            "parent_cpu_s_per_article": round(parent_cpu / added, 4) if added else None,
            "worker_busy_share": busy, "worker_cpu_share": on_core, "worker_cpu_s_per_article": worker_cpu,
            "projected_articles_per_s_cores_free": projected,
            "store_mb": round(db.stat().st_size / 2**20, 2), "loadavg_before": load_before, "loadavg_after": loadavg()}


def _median(values: list[float]) -> float:
    import statistics

    return round(statistics.median(values), 3) if values else 0.0


def speed(corpus: Path, root: Path, texts: list[str], *, stages: str, timeout: float, repeats: int) -> dict:
    """--jobs 1 and --jobs 2 alternately on the same corpus, after a warm-up; medians and their ratio."""
    warm = build_feeds(root / "warmup", 20, texts[:20])
    run_ingest(warm, root / "warmup.duckdb", jobs=1, stages=stages, timeout=timeout)
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for k in range(repeats):
        for jobs in ((1, 2) if k % 2 == 0 else (2, 1)):
            db = root / f"j{jobs}-{k}.duckdb"
            runs[jobs].append(run_ingest(corpus, db, jobs=jobs, stages=stages, timeout=timeout))
            db.unlink(missing_ok=True)
            Path(str(db) + ".wal").unlink(missing_ok=True)
    out: dict = {"runs": runs}
    for key in ("articles_per_s", "wall_articles_per_s", "cpu_s_per_article", "projected_articles_per_s_cores_free"):
        one = _median([r[key] for r in runs[1] if r[key] is not None])
        two = _median([r[key] for r in runs[2] if r[key] is not None])
        out[key] = {"jobs1": one, "jobs2": two, "ratio": round(two / one, 3) if one else None}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speed", type=int, default=300, help="articles for the jobs 1 vs 2 comparison (0 to skip)")
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes for the RSS/store-size runs ('' to skip)")
    ap.add_argument("--jobs", type=int, default=2, help="jobs for the RSS/store-size runs")
    ap.add_argument("--stages", default="segment,actors,places,events,locate,tone,narrative")
    ap.add_argument("--timeout", type=float, default=3000, help="seconds per ingest run before giving up")
    ap.add_argument("--repeats", type=int, default=2, help="runs per --jobs setting in the speed comparison (alternating)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    add_shared_argument(ap)
    args = ap.parse_args()
    require_extra(ap, "psutil")
    texts = corpus_texts(shared_folder(ap, args.shared))
    result: dict = {"stages": args.stages, "texts": len(texts), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="eventlens-bench-") as tmp:
        root = Path(tmp)
        if args.speed:
            corpus = build_feeds(root / "speed", args.speed, texts)
            result["speed"] = speed(corpus, root, texts, stages=args.stages, timeout=args.timeout, repeats=max(1, args.repeats))
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
        for jobs in (1, 2):
            for r in s["runs"][jobs]:
                print(f"  --jobs {jobs}: {r['articles']} articles, steady {r['articles_per_s']:.2f} articles/s, "
                      f"total {r['wall_articles_per_s']:.2f} articles/s (start-up {r['startup_s']} s, wall {r['wall_s']} s), "
                      f"{r['cpu_s_per_article']} CPU s/article ({r['parent_cpu_s_per_article']} in the parent), peak RSS {r['peak_rss_mb']:.0f} MB, "
                      f"load {r['loadavg_before']} -> {r['loadavg_after']}; workers busy {r['worker_busy_share']} of the run, "
                      f"on a core {r['worker_cpu_share']} of that, {r['worker_cpu_s_per_article']} worker CPU s/article "
                      f"-> {r['projected_articles_per_s_cores_free']} articles/s with a free core per worker")
        for key, label in (("articles_per_s", "steady articles/s"), ("wall_articles_per_s", "total articles/s"),
                           ("cpu_s_per_article", "CPU s per article"),
                           ("projected_articles_per_s_cores_free", "articles/s projected with a free core per worker")):
            m = s[key]
            print(f"  median {label}: jobs1 {m['jobs1']}, jobs2 {m['jobs2']}, ratio {m['ratio']}"
                  + (" (target >= 1.6)" if key == "articles_per_s" else ""))
    for r in result["sizes"]:
        print(f"  {r['articles']:>6} articles (--jobs {r['jobs']}): peak RSS {r['peak_rss_mb']:.0f} MB, "
              f"store {r['store_mb']:.1f} MB = {r['store_mb_per_1k']} MB per 1k articles, {r['articles_per_s']:.2f} articles/s, "
              f"load {r['loadavg_before']} -> {r['loadavg_after']}")


if __name__ == "__main__":
    main()
