"""URLs as fetching compares them: normalised, and grouped by origin."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_URL = re.compile(r"^https?://", re.IGNORECASE)
# query parameters that only track a click; a URL with and without them is one page
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|ref_src|cmpid|ocid)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL (what ``eventlens ingest`` fetches rather than opens)."""
    return bool(_URL.match(str(text)))


def normalise(url: str, base: str | None = None) -> str:
    """``url`` (resolved against ``base``) with a lower-case scheme and host, no default port, no fragment and no
    tracking parameters: two spellings of one page compare equal."""
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(scheme) else None
    netloc = host + (f":{port}" if port else "")
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit(SplitResult(scheme, netloc, parts.path or "/", query, ""))


def origin(url: str) -> str:
    """``scheme://host[:port]``: the unit of politeness and of robots.txt (RFC 9309)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(scheme) else None
    return f"{scheme}://{(parts.hostname or '').lower()}" + (f":{port}" if port else "")


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
