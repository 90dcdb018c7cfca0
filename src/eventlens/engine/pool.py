"""Worker processes with a time and memory budget per article, replaced when they die.

Each worker is a ``python -m eventlens.engine.worker`` process (:mod:`.worker`) that builds the pipeline once
and analyses chunks sent over a pipe. A thread in the parent drives each worker: it sends a chunk, then
watches the clock, the worker's resident memory (``/proc``) and whether it is alive. A chunk that runs past
``max_article_seconds`` per article, a worker over ``max_worker_memory``, or a worker that dies (the kernel's
OOM killer, a crash in native code, ``kill -9``) costs only that worker: it is killed and a fresh one started,
and the chunk is run again one article at a time, so the article at fault is found and quarantined with the
reason while the others are stored. Workers die with the parent (see :mod:`.worker`).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ..errors import ResourceError
from ..model import Article
from .work import ChunkResult, PipelineSpec

GIB = 1 << 30
# Thread-pool sizes read by numerical libraries when they load (in a worker, before any model): one core each.
WORKER_THREAD_ENV = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
)
_POLL_S = 0.1


@dataclass(frozen=True, slots=True)
class Budget:
    """What one article may cost in a worker: wall seconds (``--max-article-seconds``) and the worker's resident
    memory in bytes (``--max-worker-memory``). A chunk of n articles may take n times the time budget."""

    max_article_seconds: float = 300.0
    max_worker_memory: int = 4 * GIB
    start_seconds: float = 300.0  # starting a worker and loading its models


def rss_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` (0 when it is gone or unknown)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class WorkerFailed(Exception):
    """The worker was stopped (or died) while analysing: ``reason`` says why, in words for the quarantine."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Worker:
    """One worker process and its two pipes."""

    def __init__(self, spec: PipelineSpec, budget: Budget, env: dict[str, str]) -> None:
        self.budget = budget
        down_r, down_w = os.pipe()  # parent -> worker
        up_r, up_w = os.pipe()  # worker -> parent
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "eventlens.engine.worker", str(down_r), str(up_w), str(os.getpid())],
            pass_fds=(down_r, up_w), env=env, stdin=subprocess.DEVNULL, close_fds=True)
        os.close(down_r)
        os.close(up_w)
        self.send = Connection(down_w, readable=False)
        self.recv = Connection(up_r, writable=False)
        self.call(("warm", spec), seconds=budget.start_seconds, what="starting")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def call(self, message: tuple[Any, ...], *, seconds: float, what: str = "analysing") -> Any:
        """Send ``message`` and wait for the answer within ``seconds`` and the memory budget, else :class:`WorkerFailed`."""
        try:
            self.send.send(message)
        except (BrokenPipeError, OSError):
            raise WorkerFailed(self._death(what)) from None
        deadline = time.monotonic() + seconds
        limit = self.budget.max_worker_memory
        while not self.recv.poll(_POLL_S):
            if self.proc.poll() is not None:
                raise WorkerFailed(self._death(what))
            if time.monotonic() > deadline:
                self.kill()
                raise WorkerFailed(f"stopped after {seconds:.0f} s ({what}), over the time budget "
                                   f"(--max-article-seconds {self.budget.max_article_seconds:g})")
            used = rss_bytes(self.pid)
            if used > limit:
                self.kill()
                raise WorkerFailed(f"stopped at {used / GIB:.1f} GiB of memory ({what}), over the worker memory budget "
                                   f"(--max-worker-memory {limit / GIB:g} GiB)")
        try:
            kind, value = self.recv.recv()
        except (EOFError, OSError):
            raise WorkerFailed(self._death(what)) from None
        if kind == "error":
            raise value
        return value

    def _death(self, what: str) -> str:
        code = self.proc.wait()
        how = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
        hint = " (SIGKILL: the system's out-of-memory killer, or another process)" if code == -signal.SIGKILL else ""
        return f"the worker process died while {what} ({how}{hint})"

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def release(self) -> None:
        """Close the pipes (after :meth:`kill`, by the thread that used them)."""
        for conn in (self.send, self.recv):
            conn.close()

    def stop(self) -> None:
        if not self.send.closed:
            try:
                self.send.send(("stop",))
            except (BrokenPipeError, OSError):
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        if not self.send.closed:
            self.release()


def merge(results: Sequence[ChunkResult]) -> ChunkResult:
    """One result for a chunk re-run article by article (``results[i]`` is article ``i``'s)."""
    from ..store import rows as R

    columns = R.empty_columns()
    failed: list[tuple[int, str]] = []
    merged = ChunkResult(columns=columns)
    for i, result in enumerate(results):
        for table, cols in result.columns.items():
            for name, values in cols.items():
                columns[table][name].extend(values)
        failed += [(i, reason) for _, reason in result.failed]
        merged.articles += result.articles
        merged.wall_s += result.wall_s
        merged.cpu_s += result.cpu_s
    merged.failed = failed
    return merged


def worker_env() -> dict[str, str]:
    """The workers' environment: this one, with one-thread numerical libraries (unless set) and this eventlens
    first on the import path."""
    env = dict(os.environ)
    for name in WORKER_THREAD_ENV:
        env.setdefault(name, "1")
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    return env


class WorkerPool:
    """``jobs`` workers, each driven by a thread of this process; :meth:`submit` returns a Future of a ChunkResult."""

    def __init__(self, *, spec: PipelineSpec, jobs: int, budget: Budget, run_id: str | None) -> None:
        self.spec, self.budget, self.run_id = spec, budget, run_id
        self.restarts = 0
        self._env = worker_env()
        self._tasks: queue.Queue[tuple[list[Article], Future] | None] = queue.Queue()
        self._workers: list[Worker | None] = [None] * jobs
        self._busy = [False] * jobs
        self._closing = False
        self._started = threading.Barrier(jobs + 1)
        self._errors: list[BaseException] = []
        # each worker is started by the thread that drives it, and lives while that thread does: the kernel's
        # parent-death signal follows the thread that started a process, not the process
        self._threads = [threading.Thread(target=self._drive, args=(i,), name=f"eventlens-worker-{i}", daemon=True)
                         for i in range(jobs)]
        for t in self._threads:
            t.start()
        self._started.wait()  # every worker has loaded its models, or failed to
        if self._errors:
            self.close()
            first = self._errors[0]
            if isinstance(first, WorkerFailed):
                raise ResourceError(f"an ingest worker could not start: {first.reason}") from None
            raise first

    def submit(self, articles: Sequence[Article]) -> Future:
        future: Future = Future()
        self._tasks.put((list(articles), future))
        return future

    def _start(self) -> Worker:
        """A fresh worker; one that dies while loading its models (killed from outside) is tried once more."""
        try:
            return Worker(self.spec, self.budget, self._env)
        except WorkerFailed:
            if self._closing:
                raise
            return Worker(self.spec, self.budget, self._env)

    def _drive(self, i: int) -> None:
        try:
            self._workers[i] = self._start()
        except BaseException as exc:  # noqa: BLE001 - raised by __init__, once
            self._errors.append(exc)
        self._started.wait()
        while (item := self._tasks.get()) is not None:
            articles, future = item
            if not future.set_running_or_notify_cancel():
                continue
            self._busy[i] = True
            try:
                future.set_result(self._run(i, articles))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the result
                future.set_exception(exc)
            finally:
                self._busy[i] = False

    def _run(self, i: int, articles: list[Article]) -> ChunkResult:
        """The chunk's result; when its worker fails, a fresh one redoes it article by article and the article
        that fails alone is quarantined with the reason."""
        try:
            return self._call(i, articles)
        except WorkerFailed as exc:
            if self._closing:
                raise
            if len(articles) == 1:
                from ..store import rows as R

                return ChunkResult(columns=R.empty_columns(), failed=[(0, exc.reason)])
            return merge([self._run(i, [article]) for article in articles])

    def _call(self, i: int, articles: list[Article]) -> ChunkResult:
        worker = self._workers[i]
        if worker is None:
            if self._closing:
                raise WorkerFailed("the run was stopped")
            try:  # started by this thread, which drives it (see __init__)
                worker = self._workers[i] = self._start()
            except WorkerFailed as exc:
                raise ResourceError(f"an ingest worker could not be restarted: {exc.reason}") from None
            self.restarts += 1
        try:
            return worker.call(("chunk", self.spec, articles, self.run_id),
                               seconds=self.budget.max_article_seconds * len(articles))
        except WorkerFailed:
            worker.kill()
            worker.release()
            self._workers[i] = None
            raise

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers: idle ones are asked to exit, busy ones (a run interrupted) are killed at once."""
        self._closing = True
        threads = getattr(self, "_threads", [])
        while True:  # chunks not started are cancelled
            try:
                item = self._tasks.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[1].cancel()
        for i, worker in enumerate(self._workers):
            if worker is not None and (self._busy[i] or not wait):
                worker.kill()
        for _ in threads:
            self._tasks.put(None)
        for t in threads:
            t.join(timeout=30)
        for i, worker in enumerate(self._workers):
            if worker is not None:
                worker.stop()
                self._workers[i] = None
