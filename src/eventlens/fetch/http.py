"""One polite, bounded GET (urllib3, the HTTP library trafilatura already brings).

Redirects are followed by hand (at most ``max_redirects``; a loop is refused and named), each hop
checked against robots.txt and spaced by the per-origin gate. The body is read raw, a block at a
time, under a total deadline (so a server that drips one byte a second is cut off) and a size cap
(checked on ``Content-Length`` first, then on the bytes read); gzip and deflate are decoded here
with a bounded output, so a decompression bomb stops at the cap instead of filling memory.
Timeouts, connection errors, 429 and 5xx are retried with exponential backoff (``Retry-After``
honoured up to ``max_backoff``); anything else that fails raises :class:`FetchError` with the URL
and a reason a user can act on.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import urllib3

from .fetched import FetchError, Fetched
from .polite import HostGate, Stopped
from .robots import RobotsCache
from .settings import MB, FetchSettings
from .urls import normalise, origin

_BLOCK = 64 * 1024
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_NETWORK = (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError, urllib3.exceptions.NewConnectionError,
            urllib3.exceptions.SSLError, urllib3.exceptions.ProxyError, ConnectionError, OSError)


def _content_type(value: str) -> tuple[str, str | None]:
    kind, _, params = value.partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    return kind.strip().lower(), charset


class _Decoder:
    """Decodes a Content-Encoding with a bounded output: ``feed`` raises once more than ``limit`` bytes come out."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self.limit, self.url, self.size = limit, url, 0
        self.encoding = encoding
        self.parts: list[bytes] = []
        if encoding in ("", "identity"):
            self._d: Any = None
        elif encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = "deflate?"  # zlib-wrapped or raw: decided by the first bytes
        else:
            raise FetchError(url, f"unsupported Content-Encoding {encoding!r} (eventlens asks for gzip or deflate only)")

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            what = "decompresses to" if self._d is not None else "is"
            hint = " (a decompression bomb?)" if self._d is not None else ""
            raise FetchError(self.url, f"too large: the body {what} over the {self.limit / MB:.0f} MB limit{hint}")
        self.parts.append(data)

    def feed(self, raw: bytes) -> None:
        if self._d is None:
            self._add(raw)
            return
        if self._d == "deflate?":
            self._d = zlib.decompressobj(zlib.MAX_WBITS if raw[:1] and (raw[0] & 0x0F) == 8 else -zlib.MAX_WBITS)
        try:
            data = raw
            while data:
                self._add(self._d.decompress(data, self.limit - self.size + 1))
                data = self._d.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(self.url, f"corrupt {self.encoding} data: {exc}") from None

    def body(self) -> bytes:
        if self._d is not None and not isinstance(self._d, str):
            try:
                self._add(self._d.flush())
            except zlib.error as exc:
                raise FetchError(self.url, f"corrupt {self.encoding} data: {exc}") from None
        return b"".join(self.parts)


class Fetcher:
    """GETs URLs within :class:`FetchSettings`; safe to share between threads."""

    def __init__(self, *, settings: FetchSettings = FetchSettings(), stop: threading.Event | None = None) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()
        self.gate = HostGate(per_host=settings.per_host, stop=self.stop)
        self.headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
                        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                                  "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"}
        self.pool = urllib3.PoolManager(
            num_pools=256, maxsize=max(1, settings.per_host), block=False, retries=False,
            timeout=urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout),
        )
        self.robots = RobotsCache(settings=settings, get=self._raw_get)

    def close(self) -> None:
        self.pool.clear()

    # ------------------------------------------------------------------ public
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> Fetched:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given), following redirects."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [normalise(url)]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            self._check_robots(current)
            fetched, location = self._retrying(lambda u=current: self._once(u, headers, max_bytes), current)
            if location is None:
                fetched.url = url
                return fetched
            nxt = normalise(location, base=current)
            if nxt in seen:
                raise FetchError(url, "redirect loop: " + " -> ".join(seen + [nxt]), status=fetched.status)
            seen.append(nxt)
            current = nxt
        raise FetchError(url, f"too many redirects (over {self.settings.max_redirects}): " + " -> ".join(seen))

    # ------------------------------------------------------------------ internals
    def _check_robots(self, url: str) -> None:
        if not self.settings.robots:
            return
        allowed, why = self.robots.allowed(url)
        if not allowed:
            raise FetchError(url, why)

    def _delay(self, url: str) -> float:
        crawl_delay = self.robots.crawl_delay(url) if self.settings.robots else None
        return min(self.settings.max_delay, max(self.settings.delay, crawl_delay or 0.0))

    def _retrying(self, call: Callable[[], tuple[Fetched, str | None]], url: str) -> tuple[Fetched, str | None]:
        s = self.settings
        for attempt in range(s.retries + 1):
            try:
                return call()
            except FetchError as exc:
                if not exc.retry or attempt == s.retries:
                    raise
                wait = min(s.max_backoff, max(s.backoff * 2 ** attempt, exc.retry_after or 0.0))
                try:
                    self.gate.wait(wait)
                except Stopped:
                    raise FetchError(url, "stopped before a retry") from None
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str], max_bytes: int | None) -> tuple[Fetched, str | None]:
        """One request (no redirects followed): the response, and the redirect target if it is one."""
        try:
            with self.gate.slot(origin(url), self._delay(url)):
                return self._request(url, headers, max_bytes or self.settings.max_bytes)
        except Stopped:
            raise FetchError(url, "stopped before the request was made") from None

    def _request(self, url: str, headers: dict[str, str], limit: int) -> tuple[Fetched, str | None]:
        try:
            resp = self.pool.request("GET", url, headers=self.headers | headers, redirect=False, preload_content=False,
                                     decode_content=False, retries=False)
        except urllib3.exceptions.LocationValueError as exc:
            raise FetchError(url, f"not a fetchable URL ({exc})") from None
        except _NETWORK as exc:
            raise FetchError(url, _network_reason(exc), retry=True) from None
        done = False
        try:
            fetched, location = self._response(url, resp, limit)
            done = location is None and fetched.status != 304
            return fetched, location
        finally:
            _finish(resp, read=done)

    def _response(self, url: str, resp: Any, limit: int) -> tuple[Fetched, str | None]:
        h = {k.lower(): v for k, v in resp.headers.items()}
        kind, charset = _content_type(h.get("content-type", ""))
        fetched = Fetched(url=url, final_url=url, status=resp.status, content_type=kind, charset=charset,
                          etag=h.get("etag"), last_modified=h.get("last-modified"), headers=h)
        if 300 <= resp.status < 400 and resp.status != 304:
            if not h.get("location"):
                raise FetchError(url, f"HTTP {resp.status} redirect without a Location header", status=resp.status)
            return fetched, h["location"]
        if resp.status == 304:
            return fetched, None
        if resp.status >= 400:
            raise FetchError(url, f"HTTP {resp.status} {resp.reason or ''}".strip(), status=resp.status,
                             retry=resp.status in _RETRY_STATUS, retry_after=_retry_after(h.get("retry-after")))
        length = h.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise FetchError(url, f"too large: Content-Length {int(length) / MB:.1f} MB, over the {limit / MB:.0f} MB limit",
                             status=resp.status)
        fetched.body = self._read(url, resp, h.get("content-encoding", "").strip().lower(), limit)
        return fetched, None

    def _read(self, url: str, resp: Any, encoding: str, limit: int) -> bytes:
        """The body, decoded, read under the deadline and the cap."""
        decoder = _Decoder(encoding, limit, url)
        deadline = time.monotonic() + self.settings.total_timeout
        raw = 0
        try:
            while True:
                if self.stop.is_set():
                    raise FetchError(url, "stopped while reading")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"too slow: {raw} bytes in {self.settings.total_timeout:.0f} s "
                                          "(the whole response must come within the total timeout)", retry=False)
                block = resp.read1(_BLOCK)
                if not block:
                    break
                raw += len(block)
                if raw > limit:
                    raise FetchError(url, f"too large: over the {limit / MB:.0f} MB limit")
                decoder.feed(block)
        except _NETWORK as exc:
            raise FetchError(url, _network_reason(exc), retry=True) from None
        return decoder.body()

    def _raw_get(self, url: str, limit: int) -> Fetched:
        """GET for robots.txt: redirects followed within the origin's rules, no robots check, spaced like the rest."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            fetched, location = self._retrying(lambda u=current: self._once(u, {}, limit), current)
            if location is None:
                return fetched
            current = normalise(location, base=current)
        raise FetchError(url, "too many redirects")


def _finish(resp: Any, *, read: bool) -> None:
    """Give the connection back to the pool only when the response was read to its end (a small unread body
    is drained first); otherwise close it, so no leftover bytes reach the next request on it."""
    try:
        if not read:
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) <= 64 * 1024:
                resp.drain_conn()
            else:
                resp.close()
                return
        resp.release_conn()
    except Exception:  # noqa: BLE001 - a connection that cannot be drained is closed instead
        resp.close()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _network_reason(exc: BaseException) -> str:
    if isinstance(exc, urllib3.exceptions.ConnectTimeoutError):
        return "timed out connecting"
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return "timed out waiting for the server"
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return f"cannot connect: {exc.__cause__ or exc}".split(": <")[0]
    if isinstance(exc, urllib3.exceptions.SSLError):
        return f"TLS error: {exc}"
    return f"connection failed: {type(exc).__name__}: {exc}"[:300]
