"""``eventlens ingest URL...``: every loopback case ends in a stored article or an errors entry, never a crash or a hang;
a re-fetch, a syndicated copy or a copied text adds nothing twice."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from loopback_site import Site

from eventlens.engine import PipelineSpec, ingest
from eventlens.fetch import FetchSettings
from eventlens.store import Store
from eventlens.store import queries as Q

FAST = FetchSettings(delay=0, connect_timeout=1, read_timeout=1, total_timeout=2, backoff=0.05, retries=2)
SEGMENT = PipelineSpec(stages=("segment",))
FAILURES = {
    "/loop/a": "redirect loop", "/missing": "HTTP 404", "/broken": "HTTP 500", "/slow": "timed out", "/drip": "too slow",
    "/big": "too large", "/big-declared": "too large: Content-Length", "/bomb": "decompression bomb",
    "/image.png": "not a web page or feed: Content-Type image/png", "/private/1.html": "disallowed by",
}


@pytest.fixture(scope="module")
def site():
    s = Site(articles=3).start()
    yield s
    s.stop()


def _errors(store, base):
    return {r["file"].replace(base, ""): r["reason"] for r in Q.errors(store, stage="fetch", limit=100)}


def test_every_case_ends_in_an_article_or_an_error(site, tmp_path):
    urls = [site.base + p for p in ("/a/1.html", "/gzip/2.html", "/moved", "/flaky", *FAILURES)]
    began = time.monotonic()
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest(urls, store=store, spec=SEGMENT, fetch=FAST)
        errors = _errors(store, site.base)
        stored = {r[0].replace(site.base, "") for r in store.con.execute("SELECT url FROM articles").fetchall()}
        statuses = dict(store.con.execute("SELECT url, status FROM fetch_urls").fetchall())
    assert time.monotonic() - began < 60
    assert stored == {"/a/1.html", "/gzip/2.html", "/flaky"}  # /moved is /a/1.html: one article
    assert statuses[site.base + "/moved"] == "duplicate"
    assert set(errors) == set(FAILURES) and all(FAILURES[p] in errors[p] for p in FAILURES), errors
    assert summary.added == 3 and summary.quarantined == len(FAILURES)


def test_a_feed_is_followed_and_copies_add_nothing(site, tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        first = ingest([site.base + "/feed.xml"], store=store, spec=SEGMENT, fetch=FAST)
        copies = ingest([site.base + p for p in ("/syndicated/1.html", "/copy/2.html", "/a/3.html?utm_source=x")],
                        store=store, spec=SEGMENT, fetch=FAST)
        again = ingest([site.base + "/feed.xml"], store=store, spec=SEGMENT, fetch=FAST)
        articles = store.con.execute("SELECT title, date, source, url, path FROM articles ORDER BY title").fetchall()
        why = dict(store.con.execute("SELECT url, reason FROM fetch_urls WHERE status = 'duplicate'").fetchall())
        feed = store.con.execute("SELECT status, etag, entries, new_entries FROM fetch_feeds").fetchone()
    assert first.added == 3 and copies.added == 0 and again.added == 0 and len(articles) == 3
    title, date, source, url, path = articles[0]
    assert (title, date, source) == ("Story 1", "2024-05-02", "Loopback News")
    assert url == site.base + "/a/1.html" and path == site.base + "/a/1.html"  # the tracking parameter is gone
    assert "canonical URL" in why[site.base + "/syndicated/1.html"] and "text" in why[site.base + "/copy/2.html"]
    assert feed == ("unchanged", site.etag, 3, 0) and "/feed.xml" in site.conditional


def test_a_full_text_feed_stands_in_for_pages_robots_txt_disallows(site, tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest([site.base + "/feed-full.xml"], store=store, spec=SEGMENT, fetch=FAST)
        warnings = Q.errors(store, stage="warning")
    assert summary.added == 3 and summary.warnings == 3 and not any(p.startswith("/private/") for p in site.hits)
    assert all("robots.txt" in w["reason"] and "the feed's own text was stored" in w["reason"] for w in warnings)


def test_cli_ingest_of_urls_and_errors_listing(site, tmp_path):
    db = tmp_path / "c.duckdb"
    run = subprocess.run([sys.executable, "-m", "eventlens", "ingest", site.base + "/a/1.html", site.base + "/missing",
                          "--db", str(db), "--stages", "segment", "--delay", "0", "--no-progress"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "1 articles added" in run.stderr and "1 quarantined" in run.stderr
    listed = subprocess.run([sys.executable, "-m", "eventlens", "errors", "--db", str(db), "--stage", "fetch", "--format", "csv"],
                            capture_output=True, text=True, timeout=60)
    assert f"{site.base}/missing,,HTTP 404 Not Found,fetch" in listed.stdout
