"""The ingest loop shared by every engine: read, skip what is stored, analyse in chunks, write in order.

The parent process reads records, drops articles already in the store (or
already in flight), hands chunks to an executor (in-process, a process pool
or a Dask cluster) with a bounded number in flight, and commits results in
input order. A file is marked done only when everything before its end is
committed, so a killed run resumes exactly where its last commit left off.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..fetch.state import FeedPolled, UrlSeen
from ..ingest.items import Pause
from ..ingest.records import FileEnd, Quarantined, Record
from ..store import WARNING, FileDone, QuarantineRow, Store


@dataclass(slots=True)
class Chunk:
    records: list[Record] = field(default_factory=list)
    quarantined: list[QuarantineRow] = field(default_factory=list)
    files_done: list[FileDone] = field(default_factory=list)
    marks: list[UrlSeen | FeedPolled] = field(default_factory=list)  # fetch state, committed with the chunk
    skipped: int = 0
    seen: int = 0  # records read (for progress)


@dataclass(slots=True)
class Summary:
    read: int = 0
    added: int = 0
    skipped: int = 0
    quarantined: int = 0
    warnings: int = 0  # records stored with a warning (listed by 'eventlens errors', stage 'warning')
    seconds: float = 0.0
    run_id: str | None = None
    startup_s: float = 0.0  # starting workers and loading models, before ``seconds`` began
    jobs: int = 1
    worker_busy_s: float = 0.0  # summed over workers: wall time spent analysing chunks
    worker_cpu_s: float = 0.0  # CPU time the workers got while analysing

    @property
    def busy_share(self) -> float | None:
        """Share of the run's worker-seconds spent analysing (near 1: the engine kept every worker fed)."""
        return self.worker_busy_s / (self.jobs * self.seconds) if self.seconds and self.worker_busy_s else None

    @property
    def cpu_share(self) -> float | None:
        """CPU time per wall second while analysing (below 1: the workers waited for a core, not for work)."""
        return self.worker_cpu_s / self.worker_busy_s if self.worker_busy_s else None

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "read": self.read, "added": self.added, "skipped": self.skipped,
                "quarantined": self.quarantined, "warnings": self.warnings, "seconds": round(self.seconds, 3), "articles_per_s": round(self.rate, 2),
                "startup_s": round(self.startup_s, 3), "jobs": self.jobs,
                "worker_busy_share": None if self.busy_share is None else round(self.busy_share, 3),
                "worker_cpu_share": None if self.cpu_share is None else round(self.cpu_share, 3),
                "worker_cpu_s_per_article": round(self.worker_cpu_s / self.added, 4) if self.added and self.worker_cpu_s else None}


class Pending(Protocol):
    def result(self) -> Any: ...


class Executor(Protocol):
    """Runs chunks; ``submit`` returns something with ``result()``; ``commit`` writes a finished chunk."""

    def submit(self, chunk: Chunk) -> Pending: ...

    def commit(self, chunk: Chunk, result: Any, store: Store) -> tuple[int, int]: ...

    def close(self) -> None: ...


Progress = Callable[[Summary], None]


def chunks(items: Iterable[Record | Quarantined | FileEnd | UrlSeen | FeedPolled], *, store: Store, size: int, options: str,
           in_flight: set[str], skip_known: bool = True) -> Iterable[Chunk]:
    """Group the record stream into chunks of up to ``size`` new articles (stored or in-flight ids skipped).

    Fetch marks ride in the chunk that is open when they arrive, so they commit with (or after) the
    records before them."""
    chunk = Chunk()
    candidates: list[Record] = []

    def settle() -> None:
        known = store.known_ids([r.article.id for r in candidates]) if candidates and skip_known else set()
        for r in candidates:
            aid = r.article.id
            if aid in known or aid in in_flight:
                chunk.skipped += 1
            else:
                in_flight.add(aid)
                chunk.records.append(r)
        candidates.clear()

    for item in items:
        if isinstance(item, Record):
            chunk.seen += 1
            candidates.append(item)
            if item.warning:  # the article is stored all the same; the warning is listed with the errors
                chunk.quarantined.append(QuarantineRow(item.file, item.position, item.warning, WARNING))
            if len(candidates) >= size:
                settle()
        elif isinstance(item, Quarantined):
            chunk.seen += 1
            settle()
            chunk.quarantined.append(QuarantineRow(item.file, item.position, item.reason, item.stage))
        elif isinstance(item, (UrlSeen, FeedPolled)):
            chunk.marks.append(item)
        elif isinstance(item, Pause):  # nothing more for now: analyse what is here rather than wait for a full chunk
            settle()
            if chunk.records or chunk.quarantined or chunk.files_done or chunk.marks:
                yield chunk
                chunk = Chunk()
            continue
        else:
            settle()
            chunk.files_done.append(FileDone(item.file, item.size, item.mtime, options, item.records))
        if len(chunk.records) >= size or len(chunk.files_done) + len(chunk.quarantined) + len(chunk.marks) >= 256:
            settle()
            yield chunk
            chunk = Chunk()
    settle()
    if chunk.records or chunk.quarantined or chunk.files_done or chunk.skipped or chunk.marks:
        yield chunk


def run(
    items: Iterable[Record | Quarantined | FileEnd | UrlSeen | FeedPolled],
    *,
    store: Store,
    executor: Executor,
    options: str,
    run_id: str | None,
    chunk_size: int = 32,
    max_in_flight: int = 4,
    progress: Progress | None = None,
    skip_known: bool = True,
) -> Summary:
    """Drive ``items`` through ``executor`` into ``store``; returns the run's summary."""
    summary = Summary(run_id=run_id, startup_s=getattr(executor, "startup_s", 0.0), jobs=getattr(executor, "jobs", 1))
    began = time.perf_counter()
    in_flight: set[str] = set()
    queue: deque[tuple[Chunk, Pending | None]] = deque()

    def finish_one() -> None:
        chunk, pending = queue.popleft()
        result = pending.result() if pending is not None else None
        added, failed = executor.commit(chunk, result, store)
        summary.worker_busy_s += getattr(result, "wall_s", 0.0)
        summary.worker_cpu_s += getattr(result, "cpu_s", 0.0)
        for r in chunk.records:
            in_flight.discard(r.article.id)
        summary.read += chunk.seen
        summary.added += added
        summary.skipped += chunk.skipped
        warned = sum(q.stage == WARNING for q in chunk.quarantined)
        summary.warnings += warned
        summary.quarantined += len(chunk.quarantined) - warned + failed
        summary.seconds = time.perf_counter() - began
        if progress:
            progress(summary)

    try:
        for chunk in chunks(items, store=store, size=chunk_size, options=options, in_flight=in_flight, skip_known=skip_known):
            queue.append((chunk, executor.submit(chunk) if chunk.records else None))
            while len(queue) > max_in_flight:
                finish_one()
        while queue:
            finish_one()
    finally:
        executor.close()
    summary.seconds = time.perf_counter() - began
    return summary


def failed_rows(chunk: Chunk, failed: list[tuple[int, str]]) -> list[QuarantineRow]:
    """Quarantine rows for articles whose analysis failed."""
    return [QuarantineRow(chunk.records[i].file, chunk.records[i].position, reason, "analyse") for i, reason in failed]


def commit_columns(chunk: Chunk, columns: dict[str, dict[str, list[Any]]] | None, failed: list[tuple[int, str]],
                   store: Store, run_id: str | None, *, replace: bool = False) -> tuple[int, int]:
    """Write a chunk's rows, quarantined records and finished files in one transaction."""
    bad = failed_rows(chunk, failed)
    added = store.write_batch(columns, quarantined=chunk.quarantined + bad, files_done=chunk.files_done, run_id=run_id,
                              replace=replace, marks=chunk.marks)
    return added, len(bad)

