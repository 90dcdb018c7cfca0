"""``eventlens watch``: poll feeds, fetch their new articles, analyse them into the store, and again.

Each round is one ingest run (``ingest_runs.kind = 'watch'``) fed by a :class:`~eventlens.fetch.Crawl`:
fetching runs in threads while the runner analyses what has arrived, and every chunk commits its
articles with the fetch state that describes them, so a monitor killed at any moment (``kill -9``)
resumes with nothing lost or doubled. The workers and their models stay loaded between rounds. A
stop (SIGTERM, Ctrl-C) ends fetching at once, lets the chunks in hand commit, and returns.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..fetch import Crawl, CrawlStats, Fetcher, FetchSettings, Source
from ..fetch.urls import is_url
from ..store import Store
from ..store.fetchstate import FetchState
from .api import _check_stages, _executor, check_engine
from .runner import Summary, run
from .work import PipelineSpec

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``15m``, ``30s``, ``1h``, ``2d`` or a plain number of seconds."""
    m = _DURATION.match(str(text))
    if not m or float(m.group(1)) <= 0:
        raise ConfigError(f"not a duration: {text!r}; write e.g. 15m, 30s, 1h or 900 (seconds)")
    return float(m.group(1)) * _UNITS[(m.group(2) or "").lower() or None]


def read_feeds(path: Path) -> list[Source]:
    """The feeds of a feeds file: one URL a line, optionally followed by the outlet's name (``#`` starts a
    comment), or an OPML file (a feed reader's export, ``xmlUrl`` and ``title`` of each outline)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the feeds file ({exc})") from None
    if text.lstrip().startswith("<"):
        return _opml(text, path)
    sources, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("http") else line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, name = line.partition(" ")
        if not is_url(url):
            bad.append(f"line {number}: {url[:60]!r}")
            continue
        sources.append(Source(url=url, name=name.split(" #", 1)[0].strip() or None))
    if bad:
        raise InputError(str(path), "not an http(s) URL at " + "; ".join(bad[:5]) + (" ..." if len(bad) > 5 else ""))
    if not sources:
        raise InputError(str(path), "no feed URL in the feeds file (one URL a line, optionally followed by a name)")
    return list({s.url: s for s in sources}.values())


def _opml(text: str, path: Path) -> list[Source]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(str(path), f"not a feeds list nor valid OPML ({exc})") from None
    sources = [Source(url=o.get("xmlUrl", ""), name=o.get("title") or o.get("text") or None)
               for o in root.iter("outline") if is_url(o.get("xmlUrl", ""))]
    if not sources:
        raise InputError(str(path), "the OPML file lists no feed (no outline with an xmlUrl)")
    return sources


class _KeepOpen:
    """The executor, kept open across rounds (the runner closes what it is given when a round ends)."""

    def __init__(self, executor: Any) -> None:
        self.inner = executor
        self.startup_s = getattr(executor, "startup_s", 0.0)
        self.jobs = getattr(executor, "jobs", 1)

    def submit(self, chunk: Any) -> Any:
        return self.inner.submit(chunk)

    def commit(self, chunk: Any, result: Any, store: Store) -> tuple[int, int]:
        return self.inner.commit(chunk, result, store)

    def close(self) -> None:
        pass


@dataclass(slots=True)
class Round:
    """One poll: what fetching did and what the ingest stored."""

    number: int
    started: dt.datetime
    crawl: CrawlStats
    summary: Summary
    status: str = "done"
    next_at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        """The one log line of a poll."""
        c, s = self.crawl, self.summary
        when = self.started.strftime("%Y-%m-%d %H:%M:%S")
        text = (f"{when} poll {self.number}: {c.sources} feeds ({c.unchanged} unchanged, {c.failed_sources} failed), "
                f"{c.new_entries} new entries of {c.entries}, {c.pages} pages fetched, {s.added} articles added, "
                f"{c.duplicates} duplicates, {c.errors + s.quarantined} errors, in {s.seconds:.1f} s")
        if self.status != "done":
            text += f"; {self.status}"
        if self.next_at:
            text += f"; next poll at {self.next_at.strftime('%H:%M:%S')}"
        return text


def crawl_round(sources: Sequence[Source], *, store: Store, executor: Any, fetcher: Fetcher, run_id: str,
                chunk_size: int, jobs: int) -> tuple[CrawlStats, Summary]:
    """Fetch ``sources`` and ingest what is new through ``executor`` (left open); returns what was done."""
    crawl = Crawl(list(sources), fetcher=fetcher, state=FetchState(store.con))
    executor.run_id = run_id
    summary = run(crawl.items(), store=store, executor=_KeepOpen(executor), options="fetch", run_id=run_id,
                  chunk_size=chunk_size, max_in_flight=max(2, 2 * jobs))
    return crawl.stats, summary


def watch(
    sources: Sequence[Source], *, store: Store, spec: PipelineSpec = PipelineSpec(), jobs: int = 1,
    every: float = 900.0, once: bool = False, settings: FetchSettings = FetchSettings(), chunk_size: int = 16,
    stop: threading.Event | None = None, log: Callable[[str], None] = print,
) -> list[Round]:
    """Poll ``sources`` every ``every`` seconds (once with ``once``) until ``stop`` is set; returns the rounds."""
    _check_stages(spec)
    check_engine("local", None)
    stop = stop or threading.Event()
    fetcher = Fetcher(settings=settings, stop=stop)
    with _workers_ignore_stops(jobs):
        executor = _executor(engine="local", spec=spec, jobs=jobs, scheduler=None, shard_dir=None, run_id=None, replace=False)
    rounds: list[Round] = []
    try:
        while not stop.is_set():
            began, clock = dt.datetime.now(), time.monotonic()
            rounds.append(_round(len(rounds) + 1, sources, store=store, executor=executor, fetcher=fetcher, spec=spec,
                                 jobs=jobs, chunk_size=chunk_size, settings=settings, began=began, stop=stop))
            if once or stop.is_set():
                log(rounds[-1].line())
                break
            wait = max(0.0, every - (time.monotonic() - clock))
            rounds[-1].next_at = dt.datetime.now() + dt.timedelta(seconds=wait)
            log(rounds[-1].line())
            stop.wait(wait)
    finally:
        executor.close()
        fetcher.close()
    return rounds


@contextlib.contextmanager
def _workers_ignore_stops(jobs: int) -> Iterator[None]:
    """Worker processes started in this block ignore SIGINT and SIGTERM (a terminal's Ctrl-C and a service
    manager's stop reach the whole process group): the watcher decides when work stops, and the workers
    finish the chunks in hand. They still end with the watcher."""
    if jobs <= 1 or threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for sig in saved:
            signal.signal(sig, signal.SIG_IGN)
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _round(number: int, sources: Sequence[Source], *, store: Store, executor: Any, fetcher: Fetcher, spec: PipelineSpec,
           jobs: int, chunk_size: int, settings: FetchSettings, began: dt.datetime, stop: threading.Event) -> Round:
    run_id = store.start_run(kind="watch", engine="local", jobs=jobs, stages=spec.stages,
                             options={"feeds": len(sources), "round": number, "pipeline": spec.settings(),
                                      "fetch": {"user_agent": settings.user_agent, "delay": settings.delay,
                                                "per_host": settings.per_host, "max_bytes": settings.max_bytes}})
    status = "failed"
    stats, summary = CrawlStats(sources=len(sources)), Summary(run_id=run_id)
    try:
        stats, summary = crawl_round(sources, store=store, executor=executor, fetcher=fetcher, run_id=run_id,
                                     chunk_size=chunk_size, jobs=jobs)
        status = "interrupted" if stop.is_set() else "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, status=status, skipped=summary.skipped)
    return Round(number, began, stats, summary, status="stopped: the work in hand was committed" if status == "interrupted" else "done")
