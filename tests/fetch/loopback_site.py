"""A news site on 127.0.0.1 that misbehaves on request, for the fetch tests (started and stopped by them).

Pages: ``/a/N.html`` (an article with a canonical link and a date), ``/syndicated/N.html`` (article N's text,
canonical pointing at ``/a/N.html``), ``/copy/N.html`` (article N's text, its own canonical URL),
``/feed.xml`` (RSS of ``articles`` items, ETag and Last-Modified honoured), ``/feed-full.xml`` (RSS with the
full text of pages robots.txt disallows), ``/private/N.html`` (disallowed), and the failures: ``/loop/a`` <->
``/loop/b`` (redirect loop), ``/moved`` (301 to ``/a/1.html``), ``/missing`` (404), ``/broken`` (500),
``/flaky`` (500 twice, then an article), ``/slow`` (headers after 5 s), ``/drip`` (one byte every 0.2 s, for
ever), ``/big`` (a 50 MB body, no Content-Length), ``/big-declared`` (Content-Length of 50 MB),
``/bomb`` (gzip of 200 MB of zeros, about 200 KB sent), ``/gzip/N.html`` (article N gzip-encoded),
``/image.png`` (a PNG).
"""

from __future__ import annotations

import gzip
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ("minister", "border", "talks", "ceasefire", "aid", "convoy", "capital", "troops", "officials", "agreement",
         "protest", "election", "court", "ruling", "sanctions", "envoy", "summit", "parliament", "budget", "harbour")


def article_text(n: int) -> str:
    """Distinct text for article ``n`` (about 150 words; the number is spelled into the words)."""
    words = [WORDS[(n * 7 + i * (n % 5 + 1)) % len(WORDS)] for i in range(40)]
    body = " ".join(words)
    return (f"Story number {n}. Officials in the capital said on Monday that talks with the neighbouring "
            f"government over the border had resumed after a pause of {n} days. {body.capitalize()}. "
            f"The agreement, according to the envoy, covers {n + 3} crossings and an aid convoy. "
            "Protesters gathered outside parliament as the court prepared its ruling, and the minister "
            "promised a statement before the summit at the end of the month.")


def page(n: int, *, canonical: str, title: str | None = None) -> bytes:
    paras = "".join(f"<p>{p}.</p>" for p in article_text(n).split(". "))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title or f'Story {n}'}</title>"
            f"<link rel='canonical' href='{canonical}'><meta property='article:published_time' content='2024-05-0{1 + n % 9}'>"
            f"<meta property='og:site_name' content='Loopback News'></head><body><article><h1>{title or f'Story {n}'}</h1>"
            f"{paras}</article></body></html>").encode("utf-8")


class Site:
    """The site's state: how many feed items, hit counts per path, robots rules."""

    def __init__(self, *, articles: int = 5, robots: str | None = "User-agent: *\nDisallow: /private/\n", offset: int = 0,
                 latency: float = 0.0) -> None:
        self.articles = articles
        self.robots = robots
        self.offset = offset  # article N of this site has the text of article N + offset (distinct sites, distinct texts)
        self.latency = latency  # seconds before each article page is answered
        self.robots_status = 200
        self.hits: dict[str, int] = {}
        self.agents: list[str] = []
        self.conditional: list[str] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.etag = '"v1"'
        self.modified = format_datetime(datetime(2024, 5, 1, tzinfo=timezone.utc), usegmt=True)

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]

    def add(self, n: int) -> None:
        """Publish ``n`` more articles: the feed changes (new ETag and Last-Modified)."""
        with self.lock:
            self.articles += n
            self.etag = f'"v{self.articles}"'
            self.modified = format_datetime(datetime(2024, 5, 1, tzinfo=timezone.utc).replace(minute=self.articles % 60,
                                                                                             hour=self.articles // 60 % 24), usegmt=True)

    def feed(self, *, full: bool = False) -> bytes:
        items = []
        for n in range(1, self.articles + 1):
            link = f"{self.base}/private/{n}.html" if full else f"{self.base}/a/{n}.html?utm_source=rss"
            content = (f"<content:encoded><![CDATA[{''.join(f'<p>{article_text(n)}</p>' for _ in range(2))}]]></content:encoded>"
                       if full else "")
            items.append(f"<item><title>Story {n}</title><link>{link}</link><guid>{link}</guid>"
                         f"<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate><description>Summary {n}</description>{content}</item>")
        return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
                f"<channel><title>Loopback News</title><link>{self.base}/</link>{''.join(items)}</channel></rss>").encode("utf-8")

    def start(self) -> "Site":
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        _bomb()  # made before the first request, so the request is not slow
        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # a client that hangs up early is the point of some tests
        pass


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch per behaviour is the point
        site, path = self.site, self.path.split("?")[0]
        count = site.hit(path)
        base = site.base
        with site.lock:
            site.agents.append(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            if site.robots is None:
                return self._send(404)
            return self._send(site.robots_status, site.robots.encode(), "text/plain")
        if path in ("/feed.xml", "/feed-full.xml"):
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                with site.lock:
                    site.conditional.append(path)
            if self.headers.get("If-None-Match") == site.etag or self.headers.get("If-Modified-Since") == site.modified:
                return self._send(304)
            return self._send(200, site.feed(full=path == "/feed-full.xml"), "application/rss+xml",
                              {"ETag": site.etag, "Last-Modified": site.modified})
        for prefix, canonical in (("/a/", "/a/{n}.html"), ("/syndicated/", "/a/{n}.html"), ("/copy/", "/copy/{n}.html"),
                                  ("/private/", "/private/{n}.html")):
            if path.startswith(prefix) and path.endswith(".html"):
                n = int(path[len(prefix):-5])
                if site.latency:
                    time.sleep(site.latency)
                return self._send(200, page(n + site.offset, canonical=base + canonical.format(n=n)))
        if path.startswith("/gzip/"):
            n = int(path[6:-5])
            return self._send(200, gzip.compress(page(n, canonical=f"{base}/gzip/{n}.html")),
                              headers={"Content-Encoding": "gzip"})
        if path == "/loop/a":
            return self._send(302, headers={"Location": "/loop/b"})
        if path == "/loop/b":
            return self._send(302, headers={"Location": f"{base}/loop/a"})
        if path == "/moved":
            return self._send(301, headers={"Location": "/a/1.html"})
        if path == "/missing":
            return self._send(404, b"not here")
        if path == "/broken":
            return self._send(500, b"oops")
        if path == "/flaky":
            return self._send(500, b"oops") if count <= 2 else self._send(200, page(77, canonical=f"{base}/flaky"))
        if path == "/image.png":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048, "image/png")
        return self._special(path)

    def _special(self, path: str) -> None:
        if path == "/slow":
            time.sleep(5)
            return self._send(200, page(99, canonical="/slow"))
        if path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return None
        if path in ("/big", "/big-declared"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/big-declared":
                self.send_header("Content-Length", str(50 * 1024 * 1024))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            try:
                block = b"<p>" + b"x" * 65533
                for _ in range(50 * 16):
                    self.wfile.write(block)
            except OSError:
                pass
            self.close_connection = True
            return None
        if path == "/bomb":
            return self._send(200, _bomb(), headers={"Content-Encoding": "gzip"})
        return self._send(404, b"no such page")


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    if not _BOMB:
        _BOMB.append(gzip.compress(b"\x00" * (200 * 1024 * 1024), compresslevel=6))
    return _BOMB[0]
