"""Fetch options shared by ``eventlens ingest URL...`` and ``eventlens watch`` (one decorator, one builder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

_OPTIONS = (
    click.option("--contact", default=None, help="A URL or e-mail for site owners, added to the User-Agent (eventlens/VERSION (+CONTACT))."),
    click.option("--delay", type=click.FloatRange(0, 3600), default=1.0, show_default=True,
                 help="Seconds between two requests to one site (a robots.txt Crawl-delay can raise it, up to 60)."),
    click.option("--per-host", type=click.IntRange(1, 16), default=1, show_default=True, help="Requests in flight to one site."),
    click.option("--connections", type=click.IntRange(1, 256), default=8, show_default=True, help="Requests in flight in all."),
    click.option("--timeout", type=click.FloatRange(1, 3600), default=60.0, show_default=True,
                 help="Seconds for a whole response (connect and silence timeouts are shorter: 10 and 20 s, or this if less)."),
    click.option("--max-mb", type=click.FloatRange(0.01, 1024), default=10.0, show_default=True,
                 help="Largest page or feed, in MB, before and after decompression."),
    click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
                 help="More tries after a timeout, a connection error, 429 or 5xx (with backoff)."),
)


def fetch_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the fetch options to a click command."""
    for option in reversed(_OPTIONS):
        fn = option(fn)
    return fn


def fetch_settings(*, contact: str | None, delay: float, per_host: int, connections: int, timeout: float, max_mb: float,
                   retries: int) -> Any:
    from ..fetch import FetchSettings

    return FetchSettings(contact=contact, delay=delay, per_host=per_host, connections=connections, total_timeout=timeout,
                         connect_timeout=min(10.0, timeout), read_timeout=min(20.0, timeout), max_bytes=int(max_mb * 1024 * 1024),
                         retries=retries)


def pop_fetch_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The fetch options out of a command's keyword arguments."""
    return {k: kwargs.pop(k) for k in ("contact", "delay", "per_host", "connections", "timeout", "max_mb", "retries")}


__all__ = ["fetch_options", "fetch_settings", "pop_fetch_kwargs"]
