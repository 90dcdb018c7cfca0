"""``watch --once`` over 20 loopback feeds of 50 items: is throughput limited by the pipeline, not the fetching?

Twenty news sites are started on 127.0.0.1 in a process of their own (one port each: an origin each,
as twenty outlets are), each with an RSS feed of 50 items whose pages carry the shared
GeoWebNews/TR-News texts (made distinct by a reference line). Three timings, in this process, models
loaded once beforehand:

* ``watch --once`` (the engine's watch, polite defaults: 1 s between two requests to a site,
  one at a time per site, 8 connections) into a fresh store: the seconds of the round;
* the same 1000 pages saved as HTML files and ingested into a fresh store (the same pipeline and
  extraction, no network): the pipeline's own time (the two alternate ``--repeats`` times; medians,
  with this process's CPU seconds, which move less than wall time on a shared machine);
* fetching alone (the crawl, nothing analysed): the network's time.

Fetching overlaps analysis when the watch round takes about as long as the file ingest (ratio near
1) while fetching alone takes less. Needs the reference data folder (``--shared DIR``).

    python bench/watch.py                     # full default pipeline, jobs 1
    python bench/watch.py --stages segment    # a fast pipeline: then fetching is the limit (1 s a page a site)
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, loadavg, shared_folder  # noqa: E402


def page(n: int, text: str) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Item {n}</title>"
            f"<meta property='article:published_time' content='2024-01-{1 + n % 28:02d}'>"
            f"<meta property='og:site_name' content='Bench {n // 50}'></head><body><article><h1>Item {n}</h1>{paras}"
            "</article></body></html>").encode("utf-8")


class Sites:
    """``feeds`` sites on 127.0.0.1, ``per_feed`` items each."""

    def __init__(self, texts: list[str], *, feeds: int, per_feed: int) -> None:
        self.texts = texts
        self.pages = self.pages_for(feeds * per_feed)
        self.servers = []
        for f in range(feeds):
            handler = self._handler(f, per_feed)
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)

    def pages_for(self, n: int) -> dict[int, bytes]:
        return {k: page(k, self.texts[k % len(self.texts)] + f"\nReference {k}.") for k in range(n)}

    def _handler(self, f: int, per_feed: int):
        sites = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path == "/feed.xml":
                    items = "".join(f"<item><title>Item {n}</title><link>{base}/a/{n}.html</link></item>"
                                    for n in range(f * per_feed, (f + 1) * per_feed))
                    body, ctype = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench {f}</title>{items}</channel></rss>".encode(), "application/rss+xml"
                elif self.path.startswith("/a/"):
                    body, ctype = sites.pages[int(self.path[3:-5])], "text/html; charset=utf-8"
                else:
                    body, ctype = b"", "text/plain"
                    self.send_response(404)
                if ctype != "text/plain":
                    self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    @property
    def feeds(self) -> list[str]:
        return [f"http://127.0.0.1:{s.server_address[1]}/feed.xml" for s in self.servers]

    def stop(self) -> None:
        for s in self.servers:
            s.shutdown()


def _serve(shared: Path, feeds: int, per_feed: int, ports: "multiprocessing.Queue[list[int]]") -> None:
    sites = Sites(corpus_texts(shared), feeds=feeds, per_feed=per_feed)
    ports.put([s.server_address[1] for s in sites.servers])
    threading.Event().wait()  # until terminated


def main(argv: list[str] | None = None) -> int:
    from eventlens.engine import PipelineSpec, ingest
    from eventlens.engine.watch import watch
    from eventlens.fetch import Crawl, Fetcher, FetchSettings, Source
    from eventlens.stages import DEFAULT_STAGES
    from eventlens.store import Store

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--feeds", type=int, default=20)
    p.add_argument("--per-feed", type=int, default=50)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--stages", default=",".join(DEFAULT_STAGES))
    p.add_argument("--delay", type=float, default=1.0, help="seconds between two requests to one site (the default)")
    p.add_argument("--repeats", type=int, default=2, help="watch and files runs, alternated (medians reported)")
    add_shared_argument(p)
    args = p.parse_args(argv)
    shared = shared_folder(p, args.shared)
    spec = PipelineSpec(stages=tuple(args.stages.split(",")))
    pages = Sites(corpus_texts(shared), feeds=0, per_feed=args.per_feed).pages_for(args.feeds * args.per_feed)
    ports: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(shared, args.feeds, args.per_feed, ports), daemon=True)
    server.start()
    feeds = [f"http://127.0.0.1:{port}/feed.xml" for port in ports.get(timeout=120)]
    settings = FetchSettings(delay=args.delay)
    n = args.feeds * args.per_feed
    result: dict[str, object] = {"articles": n, "feeds": args.feeds, "jobs": args.jobs, "stages": args.stages, "delay": args.delay}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pages"
            folder.mkdir()
            for k, body in pages.items():
                (folder / f"{k:05d}.html").write_bytes(body)
            with Store.open(Path(tmp) / "warm.duckdb") as store:  # models loaded, caches warm
                ingest([str(folder / "00000.html")], store=store, spec=spec)
            runs: dict[str, list[tuple[float, float, int]]] = {"watch": [], "files": []}
            for r in range(args.repeats):
                for kind in ("watch", "files") if r % 2 == 0 else ("files", "watch"):
                    print(f"load average {loadavg()}; {kind} ...", flush=True)
                    cpu = time.process_time()
                    with Store.open(Path(tmp) / f"{kind}{r}.duckdb") as store:
                        if kind == "watch":
                            (round_,) = watch([Source(u) for u in feeds], store=store, spec=spec, jobs=args.jobs, once=True,
                                              settings=settings, log=lambda line: print(line, flush=True))
                            seconds, added = round_.summary.seconds, round_.summary.added
                        else:
                            done = ingest([str(folder)], store=store, spec=spec, jobs=args.jobs)
                            seconds, added = done.seconds, done.added
                    runs[kind].append((seconds, time.process_time() - cpu, added))
            for kind, values in runs.items():
                result[f"{kind}_s"] = round(statistics.median(v[0] for v in values), 1)
                result[f"{kind}_cpu_s"] = round(statistics.median(v[1] for v in values), 1)
                result[f"{kind}_added"] = values[0][2]
                result[f"{kind}_runs_s"] = [round(v[0], 1) for v in values]
            fetcher = Fetcher(settings=settings)
            began, cpu = time.perf_counter(), time.process_time()
            fetched = sum(1 for item in Crawl([Source(u) for u in feeds], fetcher=fetcher).items()
                          if type(item).__name__ == "Record")
            result["fetch_only_s"] = round(time.perf_counter() - began, 1)
            result["fetch_only_articles"] = fetched
            result["fetch_only_cpu_s"] = round(time.process_time() - cpu, 1)
            fetcher.close()
    finally:
        server.terminate()
    result["watch_over_files"] = round(float(result["watch_s"]) / float(result["files_s"]), 3)
    result["watch_over_files_cpu"] = round(float(result["watch_cpu_s"]) / float(result["files_cpu_s"]), 3)
    result["load_average"] = loadavg()
    print(json.dumps(result, indent=2))
    print(f"watch --once: {result['watch_s']} s for {result['watch_added']} articles; the same pages from files: "
          f"{result['files_s']} s ({result['watch_over_files']}x; CPU {result['watch_cpu_s']} against {result['files_cpu_s']} s, "
          f"{result['watch_over_files_cpu']}x); fetching alone: {result['fetch_only_s']} s ({result['fetch_only_cpu_s']} CPU s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
