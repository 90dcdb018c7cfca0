"""One GET against a misbehaving loopback site: every case ends in a body or a FetchError with a reason, in bounded time."""

from __future__ import annotations

import threading
import time

import pytest
from loopback_site import Site

from eventlens.fetch import FetchError, Fetcher, FetchSettings
from eventlens.fetch.content import kind_of
from eventlens.fetch.urls import normalise, origin

FAST = FetchSettings(delay=0, connect_timeout=1, read_timeout=1, total_timeout=2, backoff=0.05, retries=2)


@pytest.fixture(scope="module")
def site():
    s = Site(articles=3).start()
    yield s
    s.stop()


@pytest.fixture()
def fetcher():
    f = Fetcher(settings=FAST)
    yield f
    f.close()


def _error(fetcher, url) -> tuple[FetchError, float]:
    began = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetcher.get(url)
    return info.value, time.monotonic() - began


def test_a_page_is_fetched_with_a_clear_user_agent(site, fetcher):
    got = fetcher.get(site.base + "/a/1.html")
    assert got.status == 200 and got.content_type == "text/html" and b"Story 1" in got.body
    assert kind_of(got) == "page"
    assert site.agents[-1].startswith("eventlens/") and "robots.txt" in site.agents[-1]


def test_gzip_is_decoded(site, fetcher):
    got = fetcher.get(site.base + "/gzip/2.html")
    assert got.body.startswith(b"<!doctype html>") and b"Story 2" in got.body


def test_conditional_get_answers_not_modified(site, fetcher):
    first = fetcher.get(site.base + "/feed.xml")
    assert first.etag and first.last_modified and kind_of(first) == "feed"
    again = fetcher.get(site.base + "/feed.xml", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""


def test_redirect_is_followed_and_a_loop_is_named(site, fetcher):
    assert fetcher.get(site.base + "/moved").final_url == normalise(site.base + "/a/1.html")
    error, _ = _error(fetcher, site.base + "/loop/a")
    assert error.reason.startswith("redirect loop: ") and error.reason.count("/loop/") == 3


def test_client_errors_are_not_retried_server_errors_are(site, fetcher):
    error, _ = _error(fetcher, site.base + "/missing")
    assert error.status == 404 and site.hits["/missing"] == 1
    error, _ = _error(fetcher, site.base + "/broken")
    assert error.status == 500 and "HTTP 500" in error.reason and site.hits["/broken"] == 1 + FAST.retries
    assert b"Story 77" in fetcher.get(site.base + "/flaky").body  # 500, 500, then the page


def test_a_silent_server_times_out(site, fetcher):
    error, took = _error(fetcher, site.base + "/slow")
    assert "timed out" in error.reason and took < (1 + FAST.retries) * (FAST.read_timeout + 1) + 1


def test_a_slow_drip_is_cut_off_at_the_total_timeout(site, fetcher):
    error, took = _error(fetcher, site.base + "/drip")
    assert error.reason.startswith("too slow") and took < FAST.total_timeout + 1.5


def test_a_50_mb_body_is_refused_at_the_cap(site, fetcher):
    error, took = _error(fetcher, site.base + "/big")
    assert error.reason.startswith("too large: over the 10 MB limit") and took < 5
    error, _ = _error(fetcher, site.base + "/big-declared")
    assert "Content-Length 50.0 MB" in error.reason


def test_a_gzip_bomb_is_refused_without_inflating_it(site, fetcher):
    error, took = _error(fetcher, site.base + "/bomb")
    assert "decompression bomb" in error.reason and took < 5


def test_a_non_html_body_is_refused_with_its_type(site, fetcher):
    got = fetcher.get(site.base + "/image.png")
    with pytest.raises(FetchError, match="not a web page or feed: Content-Type image/png"):
        kind_of(got)


def test_robots_txt_disallow_is_obeyed(site, fetcher):
    error, _ = _error(fetcher, site.base + "/private/1.html")
    assert error.reason == f"disallowed by {site.base}/robots.txt for eventlens" and "/private/1.html" not in site.hits


def test_an_unreadable_robots_txt_disallows_and_a_missing_one_allows():
    broken, missing = Site(), Site(robots=None)
    broken.robots_status = 503
    broken.start(), missing.start()
    f = Fetcher(settings=FAST)
    try:
        with pytest.raises(FetchError, match="robots.txt cannot be read"):
            f.get(broken.base + "/a/1.html")
        assert "/a/1.html" not in broken.hits
        assert f.get(missing.base + "/a/1.html").status == 200
    finally:
        f.close(), broken.stop(), missing.stop()


def test_requests_to_one_site_are_spaced_and_sites_run_in_parallel():
    a, b = Site().start(), Site().start()
    f = Fetcher(settings=FetchSettings(delay=0.3, connect_timeout=1, read_timeout=1, total_timeout=2, connections=4))
    try:
        f.get(a.base + "/a/1.html"), f.get(b.base + "/a/1.html")  # robots.txt read, gates warmed
        began = time.monotonic()
        threads = [threading.Thread(target=f.get, args=(s.base + f"/a/{n}.html",)) for s in (a, b) for n in (2, 3)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        took = time.monotonic() - began
        assert 0.55 <= took < 1.2  # two requests per site, 0.3 s apart; the two sites at once
    finally:
        f.close(), a.stop(), b.stop()


def test_a_stop_ends_the_waits(site):
    stop = threading.Event()
    f = Fetcher(settings=FetchSettings(delay=30, connect_timeout=1, read_timeout=1, total_timeout=2), stop=stop)
    f.get(site.base + "/a/1.html")
    threading.Timer(0.3, stop.set).start()
    began = time.monotonic()
    with pytest.raises(FetchError, match="stopped"):
        f.get(site.base + "/a/2.html")
    assert time.monotonic() - began < 2


def test_urls_are_normalised_and_grouped_by_origin():
    assert normalise("HTTP://Example.COM:80/a/b?utm_source=x&id=3#top") == "http://example.com/a/b?id=3"
    assert normalise("../c", base="https://example.com/a/b/") == "https://example.com/a/c"
    assert origin("https://Example.com:443/x") == "https://example.com" != origin("https://example.com:8443/x")
