"""robots.txt per origin (RFC 9309), parsed by the standard library's :mod:`urllib.robotparser`.

A robots.txt that answers 4xx (none there) allows everything; one that cannot be read (5xx, timeout,
connection refused) disallows the origin until the next try, as RFC 9309 asks. Each origin's file is
kept ``robots_ttl`` seconds (an unreadable one 10 minutes) and read at most 500 KiB.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from typing import Any

from .fetched import FetchError
from .settings import FetchSettings
from .urls import origin

_LIMIT = 500 * 1024
_RETRY_UNREADABLE = 600.0


class RobotsCache:
    """``allowed(url)`` and ``crawl_delay(url)`` for the fetcher's robot name, one robots.txt per origin."""

    def __init__(self, *, settings: FetchSettings, get: Callable[[str, int], Any]) -> None:
        self.settings = settings
        self._get = get
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None, str]] = {}

    def _origin_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(key, threading.Lock())

    def _load(self, key: str) -> tuple[urllib.robotparser.RobotFileParser | None, str]:
        """The origin's parsed rules (None: allow all) and, when it is unreadable, why."""
        with self._origin_lock(key):
            cached = self._rules.get(key)
            if cached and cached[0] > time.monotonic():
                return cached[1], cached[2]
            ttl, parser, problem = self.settings.robots_ttl, None, ""
            try:
                fetched = self._get(f"{key}/robots.txt", _LIMIT)
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    parser = None  # no robots.txt: everything is allowed
                else:
                    ttl, problem = _RETRY_UNREADABLE, f"robots.txt cannot be read ({exc.reason}); the site is not fetched until it can"
            self._rules[key] = (time.monotonic() + ttl, parser, problem)
            return parser, problem

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether ``url`` may be fetched, and if not, why (in words for ``eventlens errors``)."""
        parser, problem = self._load(origin(url))
        if problem:
            return False, problem
        if parser is None or parser.can_fetch(self.settings.robot_name, url):
            return True, ""
        return False, f"disallowed by {origin(url)}/robots.txt for {self.settings.robot_name}"

    def crawl_delay(self, url: str) -> float | None:
        with self._lock:
            cached = self._rules.get(origin(url))
        parser = cached[1] if cached else None
        if parser is None:
            return None
        delay = parser.crawl_delay(self.settings.robot_name)
        return float(delay) if delay is not None else None
