"""Clustering cost: ingest of 10k articles with deduplication on against off.

The pipeline's work does not change with deduplication: what does is the store's write of each batch
(clustering its new reports, in the batch's transaction). So the benchmark (1) analyses a sample of
the shared GeoWebNews/TR-News articles once (real reports: actors, CAMEO codes, evidence sentences,
dates), (2) replicates them into ``--articles`` analyses with distinct ids and dates spread over four
years (``store.synthetic.replicate``), (3) writes them into a fresh store in batches of ``--chunk``
(as ``eventlens ingest`` commits), with deduplication off and on, alternately ``--repeats`` times,
and (4) times the full pipeline per article on the sample. The ingest ratio is

    (pipeline s/article x N + write with dedup) / (pipeline s/article x N + write without)

and the write-only ratio is printed beside it. Needs the reference data folder (``--shared DIR``).

    python bench/dedup.py                       # 10k articles, 2 repeats
    python bench/dedup.py --articles 2000 --repeats 1 --sample 60   # quick
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, loadavg, shared_folder  # noqa: E402


def analyse_sample(shared: Path, n: int) -> tuple[list[dict], float]:
    """Analyses of the first ``n`` corpus articles (dated, with outlets) and the pipeline's seconds per article."""
    from eventlens.api import default_pipeline
    from eventlens.model import Article

    pipeline = default_pipeline()
    pipeline(Article(text="Warm up."))
    texts = corpus_texts(shared, n)
    began = time.perf_counter()
    out = [pipeline(Article(text=t, date="2024-01-01", source=f"Outlet {i % 7}")).to_dict() for i, t in enumerate(texts)]
    return out, (time.perf_counter() - began) / len(texts)


def write_all(analyses: list[dict], *, count: int, dedup: bool, chunk: int) -> tuple[float, dict]:
    from eventlens.store import Store
    from eventlens.store import rows as R
    from eventlens.store.synthetic import replicate

    copies = []
    per = max(1, count // len(analyses))
    for i, a in enumerate(analyses):
        copies += list(replicate(a, per if i else count - per * (len(analyses) - 1)))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "b.duckdb", dedup=dedup) as store:
        began = time.perf_counter()
        for start in range(0, len(copies), chunk):
            buf = R.empty_columns()
            for data in copies[start:start + chunk]:
                R.add_analysis(buf, data)
            store.write_batch(buf)
        seconds = time.perf_counter() - began
        counts = {t: store.count(t) for t in ("articles", "events", "clusters", "mentions")}
    return seconds, counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--sample", type=int, default=150, help="real articles analysed (replicated to --articles)")
    p.add_argument("--chunk", type=int, default=16, help="articles per committed batch, as ingest's --chunk-size")
    p.add_argument("--repeats", type=int, default=2)
    add_shared_argument(p)
    args = p.parse_args(argv)
    shared = shared_folder(p, args.shared)
    print(f"load average {loadavg()}; analysing {args.sample} articles ...", flush=True)
    analyses, per_article = analyse_sample(shared, args.sample)
    print(f"pipeline: {per_article:.3f} s per article (full default pipeline, in-process)", flush=True)
    runs: dict[bool, list[float]] = {False: [], True: []}
    counts = {}
    for r in range(args.repeats):
        for dedup in (False, True):
            seconds, counts[dedup] = write_all(analyses, count=args.articles, dedup=dedup, chunk=args.chunk)
            runs[dedup].append(seconds)
            print(f"  repeat {r + 1}: write {args.articles} articles, dedup {'on ' if dedup else 'off'}: {seconds:.1f} s "
                  f"{counts[dedup]} (load {loadavg()})", flush=True)
    off, on = statistics.median(runs[False]), statistics.median(runs[True])
    pipeline = per_article * args.articles
    result = {
        "articles": args.articles, "reports": counts[True]["events"], "events": counts[True]["clusters"],
        "pipeline_s_per_article": round(per_article, 4), "write_off_s": round(off, 1), "write_on_s": round(on, 1),
        "clustering_ms_per_article": round(1000 * (on - off) / args.articles, 2),
        "write_ratio": round(on / off, 2), "ingest_ratio": round((pipeline + on) / (pipeline + off), 3),
    }
    print(json.dumps(result, indent=2))
    print(f"ingest of {args.articles} articles with deduplication: {result['ingest_ratio']}x the time without "
          f"(target <= 1.1); clustering {result['clustering_ms_per_article']} ms per article against "
          f"{1000 * per_article:.0f} ms of pipeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
