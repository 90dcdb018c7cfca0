"""Per-origin politeness: at most ``per_host`` requests in flight to one origin, started ``delay`` apart."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator


class Stopped(Exception):
    """Fetching was asked to stop (SIGTERM, Ctrl-C) while waiting."""


class HostGate:
    """Spaces and bounds the requests to each origin; every wait ends early when ``stop`` is set."""

    def __init__(self, *, per_host: int, stop: threading.Event) -> None:
        self._per_host = max(1, per_host)
        self._stop = stop
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}

    def _slot(self, origin: str) -> threading.Semaphore:
        with self._lock:
            if origin not in self._slots:
                self._slots[origin] = threading.Semaphore(self._per_host)
            return self._slots[origin]

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds``, or raise :class:`Stopped` as soon as a stop is asked for."""
        if self._stop.wait(max(0.0, seconds)):
            raise Stopped()

    @contextlib.contextmanager
    def slot(self, origin: str, delay: float) -> Iterator[None]:
        """Hold one of ``origin``'s slots, starting no sooner than ``delay`` after its previous request."""
        sem = self._slot(origin)
        while not sem.acquire(timeout=0.2):
            if self._stop.is_set():
                raise Stopped()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(origin, now))
                self._next[origin] = start + delay
            self.wait(start - time.monotonic())
            yield
        finally:
            sem.release()
