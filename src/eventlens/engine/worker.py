"""The ingest worker process: ``python -m eventlens.engine.worker READ_FD WRITE_FD``.

It talks to its parent (:mod:`.pool`) over two pipes with pickled messages:

* ``("warm", spec)`` -> ``("ready", pid)`` once the pipeline is built and warmed up, or ``("error", exc)``;
* ``("chunk", spec, articles, run_id)`` -> ``("done", ChunkResult)``;
* ``("stop",)`` or the end of the pipe -> the worker exits.

It dies with its parent: on Linux the kernel sends it SIGKILL when the parent exits (``PR_SET_PDEATHSIG``),
and on any system it exits when the parent's end of the pipe closes. Ctrl-C in the terminal reaches the
whole process group: the worker ignores SIGINT and SIGTERM's default is kept, so the parent decides how
a run stops (it finishes or abandons the chunk in flight; nothing half-written reaches the store).
"""

from __future__ import annotations

import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the closed pipe still ends the worker
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def serve(inbox: Connection, outbox: Connection) -> None:
    """Answer the parent's messages until it says stop or goes away."""
    from .work import analyze_chunk, warm

    while True:
        try:
            message: tuple[Any, ...] = inbox.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        if kind == "stop":
            return
        try:
            if kind == "warm":
                warm(message[1])
                reply: tuple[Any, ...] = ("ready", os.getpid())
            else:
                _, spec, articles, run_id = message
                reply = ("done", analyze_chunk(spec, articles, run_id=run_id))
        except Exception as exc:  # noqa: BLE001 - the parent re-raises (warm) or quarantines (chunk)
            reply = ("error", _picklable(exc))
        try:
            outbox.send(reply)
        except (BrokenPipeError, OSError):
            return


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.dumps(exc)
        return exc
    except Exception:  # noqa: BLE001 - an exception that does not pickle travels as its words
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def main(argv: list[str]) -> None:
    read_fd, write_fd, parent = int(argv[0]), int(argv[1]), int(argv[2])
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C for the run
    serve(Connection(read_fd, writable=False), Connection(write_fd, readable=False))


if __name__ == "__main__":
    main(sys.argv[1:])
