"""A small, thread-safe LRU of serialised answers.

The store is opened read-only and cannot change under a running server, so an
answer computed once stays right for the life of the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable


class ResponseCache:
    """Maps a request key to its JSON bytes; evicts the least recently used."""

    def __init__(self, *, entries: int) -> None:
        self._entries = entries
        self._data: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        if self._entries <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._entries:
                self._data.popitem(last=False)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._data), "hits": self.hits, "misses": self.misses}
