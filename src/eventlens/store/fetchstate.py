"""What fetching remembers, in the store: ``fetch_urls`` (every page URL seen) and ``fetch_feeds`` (every feed
polled), written by the batch that holds the articles they describe (:meth:`Store.write_batch` ``marks``), and
read back by fetching through :class:`FetchState` (the :class:`eventlens.fetch.state.State` it asks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..fetch.state import DUPLICATE, FAILED, GAVE_UP, STORED, FeedPolled, UrlRecord, UrlSeen

FETCH = "fetch"  # quarantine.stage of a URL that could not be fetched


def write_marks(con: Any, marks: Iterable[Any]) -> None:
    """Write fetching's marks (inside the batch's transaction)."""
    now = dt.datetime.now()
    for mark in marks:
        if isinstance(mark, UrlSeen):
            _url(con, mark, now)
        elif isinstance(mark, FeedPolled):
            _feed(con, mark, now)
        else:
            raise TypeError(f"not a fetch mark: {mark!r}")


def _url(con: Any, m: UrlSeen, now: dt.datetime) -> None:
    failed = 1 if m.status in (FAILED, GAVE_UP) else 0
    con.execute(
        "INSERT INTO fetch_urls (url, feed, status, article_id, canonical, text_key, http_status, reason, attempts, first_seen, "
        "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET status = excluded.status, "
        "feed = coalesce(excluded.feed, fetch_urls.feed), article_id = coalesce(excluded.article_id, fetch_urls.article_id), "
        "canonical = coalesce(excluded.canonical, fetch_urls.canonical), text_key = coalesce(excluded.text_key, fetch_urls.text_key), "
        "http_status = excluded.http_status, reason = excluded.reason, attempts = fetch_urls.attempts + excluded.attempts, "
        "fetched_at = excluded.fetched_at",
        [m.url, m.feed, m.status, m.article_id, m.canonical, m.text_key, m.http_status, m.reason, failed, now, now],
    )
    if m.status in (STORED, DUPLICATE):  # fetched at last: its earlier failure is no longer an error
        con.execute("DELETE FROM quarantine WHERE file = ? AND stage = ?", [m.url, FETCH])


def _feed(con: Any, m: FeedPolled, now: dt.datetime) -> None:
    failed = 1 if m.status == "failed" else 0
    con.execute(
        "INSERT INTO fetch_feeds (url, name, etag, last_modified, status, http_status, reason, entries, new_entries, failures, "
        "polled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
        "name = coalesce(excluded.name, fetch_feeds.name), "
        "etag = CASE WHEN excluded.status = 'failed' THEN fetch_feeds.etag ELSE excluded.etag END, "
        "last_modified = CASE WHEN excluded.status = 'failed' THEN fetch_feeds.last_modified ELSE excluded.last_modified END, "
        "status = excluded.status, http_status = excluded.http_status, reason = excluded.reason, "
        "entries = CASE WHEN excluded.status = 'changed' THEN excluded.entries ELSE fetch_feeds.entries END, "
        "new_entries = excluded.new_entries, "
        "failures = CASE WHEN excluded.status = 'failed' THEN fetch_feeds.failures + 1 ELSE 0 END, polled_at = excluded.polled_at",
        [m.url, m.name, m.etag, m.last_modified, m.status, m.http_status, m.reason, m.entries, m.new_entries, failed, now],
    )
    if not failed:
        con.execute("DELETE FROM quarantine WHERE file = ? AND stage = ?", [m.url, FETCH])


class FetchState:
    """Answers fetching's questions from the store; each call opens its own cursor, so fetch threads may ask
    while the ingest thread writes (they see what is committed)."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def urls(self, urls: list[str]) -> dict[str, UrlRecord]:
        if not urls:
            return {}
        cur = self._con.cursor()
        try:
            rows = cur.execute("SELECT url, status, attempts FROM fetch_urls WHERE url IN (SELECT unnest(?::VARCHAR[]))",
                               [list(urls)]).fetchall()
        finally:
            cur.close()
        return {u: UrlRecord(s, int(a or 0)) for u, s, a in rows}

    def stored_keys(self, *, canonicals: list[str], text_keys: list[str]) -> tuple[set[str], set[str]]:
        cur = self._con.cursor()
        try:
            c = cur.execute("SELECT DISTINCT canonical FROM fetch_urls WHERE status = ? AND canonical IN (SELECT unnest(?::VARCHAR[]))",
                            [STORED, list(canonicals)]).fetchall()
            t = cur.execute("SELECT DISTINCT text_key FROM fetch_urls WHERE status = ? AND text_key IN (SELECT unnest(?::VARCHAR[]))",
                            [STORED, list(text_keys)]).fetchall()
        finally:
            cur.close()
        return {r[0] for r in c}, {r[0] for r in t}

    def feed(self, url: str) -> tuple[str | None, str | None]:
        cur = self._con.cursor()
        try:
            row = cur.execute("SELECT etag, last_modified FROM fetch_feeds WHERE url = ?", [url]).fetchone()
        finally:
            cur.close()
        return (row[0], row[1]) if row else (None, None)
