"""Sources (feeds and pages) -> a stream of records, fetch failures and state marks, fetched in threads.

:meth:`Crawl.items` yields, in an order the ingest runner can commit safely:

* a :class:`~eventlens.ingest.items.Record` for every new article, each followed by its
  :class:`~.state.UrlSeen` mark (canonical URL, text key);
* a :class:`~eventlens.ingest.items.Quarantined` (stage ``fetch``) with the URL and the reason for every
  page or feed that could not be fetched, with a ``failed`` mark;
* a :class:`~.state.FeedPolled` mark for each feed *after* the items of all its new entries, so its
  ETag/Last-Modified are committed only once everything they cover is.

A URL already stored (or given up on) is not fetched again; a page whose canonical URL or text key is
already stored (a re-fetch, a syndicated copy) is recorded as a duplicate and adds no article.
Fetching runs in a thread pool while the caller analyses, bounded per origin by the fetcher's gate;
pages are read (trafilatura) by the thread that iterates, as files are, so fetching threads only wait
on the network. While nothing is ready, :data:`~eventlens.ingest.items.PAUSE` is yielded so the runner
analyses what it holds. :attr:`stop` ends it early (what was not yet committed is fetched again next time).
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any

from ..ingest.items import PAUSE, Quarantined, Record
from ..ingest.language import english_warning
from .content import Entry, entry_article, feed_entries, kind_of, page_article, text_key, today
from .fetched import FetchError, Fetched
from .http import Fetcher
from .settings import FetchSettings
from .state import DONE, DUPLICATE, FAILED, GAVE_UP, STORED, FeedPolled, NoState, State, UrlSeen
from .urls import normalise, origin

_END = object()


@dataclass(slots=True)
class _Page:
    """A page fetched by a thread, to be read (extracted, checked for copies) by the thread that iterates."""

    url: str
    fetched: Fetched
    src: "Source"
    entry: Entry | None
    feed_title: str | None
    attempts: int


@dataclass(frozen=True, slots=True)
class Source:
    """A URL to poll: a feed (its entries are followed) or a page; ``name`` is the outlet to record."""

    url: str
    name: str | None = None


@dataclass(slots=True)
class CrawlStats:
    """What one crawl did (for the one log line per poll)."""

    sources: int = 0
    feeds: int = 0
    unchanged: int = 0
    failed_sources: int = 0
    entries: int = 0
    new_entries: int = 0
    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    errors: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: int) -> None:
        with self._lock:
            for k, v in counts.items():
                setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


class Crawl:
    """One poll of ``sources``; iterate :meth:`items` once."""

    def __init__(self, sources: list[Source], *, fetcher: Fetcher, state: State | None = None,
                 settings: FetchSettings | None = None, queue_size: int = 256) -> None:
        self.sources = sources
        self.fetcher = fetcher
        self.settings = settings or fetcher.settings
        self.state = state or NoState()
        self.stop = fetcher.stop
        self.stats = CrawlStats(sources=len(sources))
        self._out: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._pool = ThreadPoolExecutor(max_workers=max(1, self.settings.connections), thread_name_prefix="eventlens-fetch")
        self._lock = threading.Lock()
        self._pending = 0
        self._feed_left: dict[str, int] = {}
        self._claimed_canonical: set[str] = set()
        self._claimed_text: set[str] = set()
        self._started = False
        self._lanes: dict[str, deque[tuple[Any, tuple[Any, ...]]]] = {}
        self._running: dict[str, int] = {}

    # ------------------------------------------------------------------ driving
    def start(self) -> "Crawl":
        """Start fetching now (in the background); :meth:`items` starts it if this was not called."""
        if not self._started:
            self._started = True
            import feedparser  # noqa: F401 - imported here, once, before the threads that use them
            import trafilatura  # noqa: F401
            for src in self.sources:
                self._submit(src.url, self._source, src)
        return self

    def items(self) -> Iterator[Any]:
        """Records, failures and marks, as they are ready; ends when every source is done (or on stop)."""
        self.start()
        if not self.sources:
            return
        waiting = False  # a pause was yielded and nothing has come since
        try:
            while not self.stop.is_set():
                try:
                    item = self._out.get(timeout=0.25)
                except queue.Empty:
                    if not waiting:
                        waiting = True
                        yield PAUSE
                    continue
                waiting = False
                if item is _END:
                    return
                if isinstance(item, _Page):
                    yield from self._read(item)
                else:
                    yield item
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _read(self, page: _Page) -> list[Any]:
        try:
            return self._page(page.url, page.fetched, src=page.src, entry=page.entry, feed_title=page.feed_title,
                              attempts=page.attempts)
        except Exception as exc:  # noqa: BLE001 - one page that breaks the reader is that page's error, not the crawl's
            self.stats.add(errors=1)
            return [Quarantined(page.url, "", f"fetch failed: {type(exc).__name__}: {exc}", "fetch")]

    def _submit(self, url: str, fn: Any, *args: Any) -> None:
        """Queue a job in its origin's lane. A lane is worked by at most ``per_host`` pool threads, and a thread
        goes back to the end of the pool's queue after each job, so a site's spacing never holds the others up."""
        key = origin(url)
        with self._lock:
            self._pending += 1
            self._lanes.setdefault(key, deque()).append((fn, args))
            start = self._running.get(key, 0) < max(1, self.settings.per_host)
            if start:
                self._running[key] = self._running.get(key, 0) + 1
        if start:
            self._spawn(key)

    def _spawn(self, key: str) -> None:
        try:
            self._pool.submit(self._lane, key)
        except RuntimeError:  # the pool was shut down (a stop): the lane's jobs are dropped, fetched next time
            pass

    def _lane(self, key: str) -> None:
        with self._lock:
            lane = self._lanes[key]
            job = lane.popleft() if lane else None
            if job is None:
                self._running[key] -= 1
                return
        fn, args = job
        try:
            fn(*args)
        except Exception as exc:  # noqa: BLE001 - a bug in one job must not hang the crawl: report it as that URL's error
            url = getattr(args[0], "url", None) or getattr(args[0], "link", "?")
            self._put(Quarantined(str(url), "", f"fetch failed: {type(exc).__name__}: {exc}", "fetch"))
        finally:
            with self._lock:
                self._pending -= 1
                done = self._pending == 0
                again = bool(self._lanes[key])
                if not again:
                    self._running[key] -= 1
            if done:
                self._put(_END)
            elif again:
                self._spawn(key)

    def _put(self, item: Any) -> None:
        while not self.stop.is_set():
            try:
                self._out.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _fail(self, url: str, reason: str, *, feed: str | None, status: int | None, attempts: int = 0) -> list[Any]:
        self.stats.add(errors=1)
        given_up = attempts + 1 >= self.settings.max_attempts
        return [Quarantined(url, "", reason, "fetch"),
                UrlSeen(url, GAVE_UP if given_up else FAILED, feed=feed, http_status=status, reason=reason)]

    def _put_all(self, items: list[Any]) -> None:
        for item in items:
            self._put(item)

    # ------------------------------------------------------------------ sources
    def _source(self, src: Source) -> None:
        page = self.state.urls([normalise(src.url)]).get(normalise(src.url))
        if page is not None and page.status in DONE:  # a page stored before (a feed is never in fetch_urls)
            self.stats.add(duplicates=1)
            return
        etag, last_modified = self.state.feed(src.url)
        try:
            fetched = self.fetcher.get(src.url, etag=etag, last_modified=last_modified)
            kind = "unchanged" if fetched.not_modified else kind_of(fetched)
        except FetchError as exc:
            if self.stop.is_set():  # stopped, not failed: nothing is recorded, the source is polled next time
                return
            self.stats.add(failed_sources=1, errors=1)
            self._put(Quarantined(src.url, "", exc.reason, "fetch"))
            self._put(FeedPolled(src.url, "failed", name=src.name, http_status=exc.status, reason=exc.reason))
            return
        if kind == "unchanged":
            self.stats.add(feeds=1, unchanged=1)
            self._put(FeedPolled(src.url, "unchanged", name=src.name, etag=etag, last_modified=last_modified, http_status=304))
            return
        if kind != "feed":
            self._put(_Page(normalise(src.url), fetched, src, None, None, page.attempts if page else 0))
            return
        self._feed(src, fetched)

    def _feed(self, src: Source, fetched: Fetched) -> None:
        try:
            title, entries = feed_entries(fetched, limit=self.settings.max_entries)
        except FetchError as exc:
            self.stats.add(failed_sources=1, errors=1)
            self._put(Quarantined(src.url, "", exc.reason, "fetch"))
            self._put(FeedPolled(src.url, "failed", name=src.name, http_status=fetched.status, reason=exc.reason))
            return
        known = self.state.urls([e.link for e in entries])
        new = [e for e in dict((e.link, e) for e in entries).values()
               if e.link not in known or known[e.link].status not in DONE]
        self.stats.add(feeds=1, entries=len(entries), new_entries=len(new))
        mark = FeedPolled(src.url, "changed", name=src.name or title, etag=fetched.etag, last_modified=fetched.last_modified,
                          http_status=fetched.status, entries=len(entries), new_entries=len(new))
        if not new:
            self._put(mark)
            return
        with self._lock:
            self._feed_left[src.url] = len(new)
        for e in new:
            attempts = known[e.link].attempts if e.link in known else 0
            self._submit(e.link, self._entry, e, src, title, mark, attempts)

    def _entry(self, entry: Entry, src: Source, feed_title: str | None, mark: FeedPolled, attempts: int) -> None:
        try:
            try:
                fetched = self.fetcher.get(entry.link)
            except FetchError as exc:
                if self.stop.is_set():  # stopped, not failed: the entry is fetched next time
                    return
                article = entry_article(entry, url=entry.link)
                if article is None:
                    self._put_all(self._fail(entry.link, exc.reason, feed=src.url, status=exc.status, attempts=attempts))
                    return
                article.source = src.name or feed_title
                note = f"the page could not be fetched ({exc.reason}); the feed's own text was stored"
                self._put_all(self._emit(entry.link, article, article.url or entry.link, feed=src.url, notes=[note]))
                return
            self._put(_Page(entry.link, fetched, src, entry, feed_title, attempts))
        finally:
            with self._lock:
                self._feed_left[src.url] -= 1
                last = self._feed_left[src.url] == 0
            if last:
                self._put(mark)

    # ------------------------------------------------------------------ pages
    def _page(self, url: str, fetched: Fetched, *, src: Source, entry: Entry | None, feed_title: str | None,
              attempts: int = 0) -> list[Any]:
        """A fetched page read into its record and mark (or a duplicate mark, or a failure)."""
        feed = src.url if entry else None
        notes: list[str] = []
        try:
            if kind_of(fetched) == "feed":
                raise FetchError(url, "a feed, not an article page (list it as a feed to follow its entries)")
            article, canonical = page_article(fetched, notes=notes)
        except FetchError as exc:
            return self._fail(url, exc.reason, feed=feed, status=fetched.status, attempts=attempts)
        self.stats.add(pages=1)
        if language := english_warning(article.text):  # as for files: stored, with the warning listed
            notes.append(language)
        if entry is not None:
            article.title = article.title or entry.title
            article.date = article.date or entry.date or today()
        article.source = src.name or article.source or feed_title
        return self._emit(url, article, canonical, feed=feed, notes=notes, status=fetched.status)

    def _emit(self, url: str, article: Any, canonical: str, *, feed: str | None, notes: list[str],
              status: int | None = None) -> list[Any]:
        """A record and its mark, or a duplicate mark when the canonical URL or the text is already stored."""
        key = text_key(article.text)
        with self._lock:
            run_canonical, run_text = canonical in self._claimed_canonical, key in self._claimed_text
            if not (run_canonical or run_text):
                self._claimed_canonical.add(canonical)
                self._claimed_text.add(key)
        canonicals, texts = self.state.stored_keys(canonicals=[canonical], text_keys=[key])
        if run_canonical or run_text or canonicals or texts:
            self.stats.add(duplicates=1)
            why = "canonical URL" if run_canonical or canonicals else "text"
            return [UrlSeen(url, DUPLICATE, feed=feed, canonical=canonical, text_key=key, http_status=status,
                            reason=f"the same {why} as an article already stored")]
        self.stats.add(articles=1)
        return [Record(article, url, "", "; ".join(notes)),
                UrlSeen(url, STORED, feed=feed, article_id=article.id, canonical=canonical, text_key=key, http_status=status)]
