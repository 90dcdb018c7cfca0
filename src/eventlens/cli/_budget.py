"""Options shared by ``ingest`` and ``recode``: the per-article budgets of the workers, and SIGTERM handling."""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from typing import Any

import click

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.I)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


class MemorySize(click.ParamType):
    """'4GiB', '4G', '3500MB', '512M' (binary units) or a number of bytes."""

    name = "SIZE"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a memory size; write e.g. 4GiB, 3500MiB or 512M", param, ctx)
        size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
        if size < 256 << 20:
            self.fail(f"{value!r} is under 256 MiB, less than a worker needs to load its models", param, ctx)
        return size


def budget_options(fn):
    """``--max-article-seconds``, ``--max-worker-memory`` and ``--in-process``."""
    fn = click.option("--in-process", is_flag=True, help="Analyse in this process, without worker processes (with --jobs 1; "
                      "no time or memory budget, and an article that crashes the process ends the run).")(fn)
    fn = click.option("--max-worker-memory", default="4GiB", show_default=True, type=MemorySize(),
                      help="Memory a worker may hold while analysing; a worker over it is stopped, its article "
                           "quarantined and a fresh worker started.")(fn)
    fn = click.option("--max-article-seconds", default=300.0, show_default=True, type=click.FloatRange(1, 86_400),
                      help="Time one article may take; an article over it is stopped and quarantined, and the run "
                           "goes on with a fresh worker.")(fn)
    return fn


class Terminated(KeyboardInterrupt):
    """SIGTERM received: the run stops as it would on Ctrl-C (recorded as interrupted, workers stopped)."""


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """Inside the block, SIGTERM raises :class:`Terminated` in the main thread, so the run is cleaned up (workers
    stopped, the store closed, the run recorded as interrupted) before the command exits with status 143."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
