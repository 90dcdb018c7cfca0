"""What fetching remembers between polls, as data: marks the ingest runner commits with the articles they
describe (so a killed run redoes exactly what was not committed), and the questions fetching asks of it.

The store answers the questions and writes the marks (:mod:`eventlens.store.fetchstate`); fetching
only describes them, so it does not depend on the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# fetch_urls.status: stored (an article was stored from it), duplicate (its canonical URL or text was already
# stored), failed (to be retried on later polls), gave-up (failed max_attempts times)
STORED, DUPLICATE, FAILED, GAVE_UP = "stored", "duplicate", "failed", "gave-up"
DONE = frozenset({STORED, DUPLICATE, GAVE_UP})


@dataclass(slots=True)
class UrlSeen:
    """A page URL was fetched (or failed): recorded in ``fetch_urls`` with the batch that holds its article."""

    url: str
    status: str
    feed: str | None = None
    article_id: str | None = None
    canonical: str | None = None
    text_key: str | None = None
    http_status: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class FeedPolled:
    """A feed was polled and every new entry of it handled: its validators (ETag, Last-Modified) are kept for the
    next conditional GET. Written only after all the entries' articles, so a killed poll is redone in full."""

    url: str
    status: str  # changed | unchanged | failed
    name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    http_status: int | None = None
    reason: str | None = None
    entries: int = 0
    new_entries: int = 0


Mark = UrlSeen | FeedPolled


@dataclass(frozen=True, slots=True)
class UrlRecord:
    status: str
    attempts: int


class State(Protocol):
    """What fetching asks of the store (thread-safe)."""

    def urls(self, urls: list[str]) -> dict[str, UrlRecord]: ...

    def stored_keys(self, *, canonicals: list[str], text_keys: list[str]) -> tuple[set[str], set[str]]: ...

    def feed(self, url: str) -> tuple[str | None, str | None]: ...


class NoState:
    """A State for fetching without a store (tests, benchmarks): nothing is known."""

    def urls(self, urls: list[str]) -> dict[str, UrlRecord]:
        return {}

    def stored_keys(self, *, canonicals: list[str], text_keys: list[str]) -> tuple[set[str], set[str]]:
        return set(), set()

    def feed(self, url: str) -> tuple[str | None, str | None]:
        return None, None
