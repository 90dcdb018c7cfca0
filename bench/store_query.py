"""Store query benchmark: dyad timeline latency (p50/p95) on a store of >= 100k events.

The store is filled fast, without re-analysis: a few shared articles are
analysed once, then their analyses are replicated with distinct ids and dates
spread over four years and bulk-inserted. Timed: ``queries.timeline`` for the
most frequent dyads (monthly, by quad class), with ``queries.dyads`` and a
page of ``queries.events`` for comparison. Needs the reference data (``--shared DIR``,
``$EVENTLENS_SHARED`` or ``shared/`` beside the checkout).

    python bench/store_query.py [--shared DIR]  # 100k events
    python bench/store_query.py --events 20000 --reps 50   # quick
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, shared_folder  # noqa: E402

from eventlens.api import default_pipeline  # noqa: E402
from eventlens.model import Article, content_hash  # noqa: E402
from eventlens.store import Store  # noqa: E402
from eventlens.store import queries as Q  # noqa: E402
from eventlens.store import rows as R  # noqa: E402
from eventlens.store.synthetic import replicate  # noqa: E402


def build(store: Store, texts: list[str], *, target_events: int, stages: tuple[str, ...]) -> dict:
    pipeline = default_pipeline(stages=stages)
    analyses = [a.to_dict() for a in pipeline.pipe(Article(text=t, source=f"Outlet {i % 5}") for i, t in enumerate(texts))]
    per_round = sum(len(a["events"]) for a in analyses)
    if not per_round:
        raise SystemExit("the analysed articles have no events; is the events stage in --stages?")
    copies = -(-target_events // per_round)
    began = time.perf_counter()
    for start in range(0, copies, 200):
        buf = R.empty_columns()
        for k, data in enumerate(analyses):
            for copy in replicate(data, min(200, copies - start), start=f"20{20 + k % 4}-01-01"):
                copy["article"]["id"] = content_hash(f"{copy['article']['id']}:{start}:{k}")
                R.add_analysis(buf, copy)
        store.write_batch(buf)
    return {"articles": store.count("articles"), "events": store.count("events"), "clusters": store.count("clusters"),
            "load_s": round(time.perf_counter() - began, 1)}


def timed(fn, reps: int) -> dict:
    times = []
    for i in range(reps):
        began = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2), "n": reps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000, help="events in the store (at least)")
    ap.add_argument("--sources", type=int, default=40, help="distinct shared articles analysed")
    ap.add_argument("--reps", type=int, default=200, help="timed queries per kind")
    ap.add_argument("--stages", default="segment,actors,places,events,locate,tone")
    add_shared_argument(ap)
    args = ap.parse_args()
    texts = corpus_texts(shared_folder(ap, args.shared), args.sources)
    with tempfile.TemporaryDirectory(prefix="eventlens-qbench-") as tmp:
        path = Path(tmp) / "q.duckdb"
        with Store.open(path) as store:
            built = build(store, texts, target_events=args.events, stages=tuple(args.stages.split(",")))
            store.checkpoint()
        size_mb = path.stat().st_size / 2**20
        with Store.open(path, read_only=True) as store:
            top = Q.dyads(store, limit=20)
            pairs = [(d["source"], d["target"]) for d in top]
            Q.timeline(store, source=pairs[0][0], target=pairs[0][1])  # warm the cache once
            res = {
                "dyad_timeline": timed(lambda i: Q.timeline(store, source=pairs[i % len(pairs)][0], target=pairs[i % len(pairs)][1], interval="month"), args.reps),
                "dyad_timeline_day": timed(lambda i: Q.timeline(store, source=pairs[i % len(pairs)][0], target=pairs[i % len(pairs)][1], interval="day"), args.reps),
                "dyads_top50": timed(lambda i: Q.dyads(store, limit=50), max(10, args.reps // 4)),
                "dyad_events_page": timed(lambda i: Q.events(store, source=pairs[i % len(pairs)][0], target=pairs[i % len(pairs)][1], limit=50), args.reps),
                # the same counting every report (count="reports"), as before deduplication
                "dyad_timeline_rep": timed(lambda i: Q.timeline(store, source=pairs[i % len(pairs)][0], target=pairs[i % len(pairs)][1], interval="month", count="reports"), args.reps),
                "dyads_top50_rep": timed(lambda i: Q.dyads(store, limit=50, count="reports"), max(10, args.reps // 4)),
                "dyad_reports_page": timed(lambda i: Q.events(store, source=pairs[i % len(pairs)][0], target=pairs[i % len(pairs)][1], limit=50, count="reports"), args.reps),
            }
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "n/a"
    print(f"store: {built['articles']} articles, {built['events']} reports, {built.get('clusters')} events, {size_mb:.1f} MB, bulk load {built['load_s']} s; "
          f"load average {load}")
    for name, r in res.items():
        print(f"  {name:<18} p50 {r['p50_ms']:7.2f} ms   p95 {r['p95_ms']:7.2f} ms   (n={r['n']})")


if __name__ == "__main__":
    main()
