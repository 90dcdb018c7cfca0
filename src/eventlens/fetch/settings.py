"""What fetching may do: every bound in one object, set in its constructor."""

from __future__ import annotations

import functools
from dataclasses import dataclass

MB = 1024 * 1024


@functools.lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventlens")
    except PackageNotFoundError:
        return "dev"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and manners of fetching (docs/fetch.md). The defaults suit a monitor of news sites."""

    contact: str | None = None  # a URL or e-mail for site owners, added to the User-Agent
    connect_timeout: float = 10.0  # seconds to connect
    read_timeout: float = 20.0  # seconds of silence while reading
    total_timeout: float = 60.0  # seconds for a whole response (a slow-drip server is cut off)
    max_bytes: int = 10 * MB  # a page or feed larger than this (before or after decompression) is refused
    max_redirects: int = 5
    retries: int = 2  # more tries after a timeout, a connection error, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_backoff: float = 30.0  # the longest wait before a retry (also caps Retry-After)
    delay: float = 1.0  # seconds between two requests to one origin (robots.txt Crawl-delay can raise it)
    max_delay: float = 60.0  # the most a Crawl-delay may ask for
    per_host: int = 1  # requests in flight to one origin
    connections: int = 8  # requests in flight in all
    robots: bool = True  # obey robots.txt
    robots_ttl: float = 24 * 3600.0  # seconds a robots.txt is kept
    max_entries: int = 200  # entries followed per feed and poll
    max_attempts: int = 3  # polls that retry a failed article before it is given up

    @property
    def user_agent(self) -> str:
        """``eventlens/VERSION (+contact)``: a clear name site owners can match in robots.txt (``eventlens``)."""
        about = f"+{self.contact}" if self.contact else "news event monitor; obeys robots.txt"
        return f"eventlens/{_version()} ({about})"

    @property
    def robot_name(self) -> str:
        return "eventlens"
