"""What one GET gives: a response (:class:`Fetched`) or a reason it could not (:class:`FetchError`)."""

from __future__ import annotations

from dataclasses import dataclass, field


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` says why in a user's words, ``status`` is the HTTP status if any."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, retry: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry = retry
        self.retry_after = retry_after


@dataclass(slots=True)
class Fetched:
    """A response: the URL asked for, where it ended after redirects, and the decoded body."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304
