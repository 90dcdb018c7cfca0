"""Entry points: :func:`ingest` a corpus into a store, :func:`recode` a stored corpus."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..fetch import Crawl, Fetcher, FetchSettings, Source
from ..fetch.urls import is_url
from ..ingest.records import FieldMap, Record, options_key, read_corpus
from ..errors import ConfigError
from ..store.fetchstate import FetchState
from ..ingest.document import MAX_BYTES
from ..ingest.urls import fill_from_url
from ..model import Article
from ..store import Store
from .pool import Budget
from .runner import Progress, Summary, run
from .work import PipelineSpec

ENGINES = ("local", "dask")


def check_engine(engine: str, scheduler: Any) -> None:
    """Refuse engine settings that cannot work, before a run is recorded."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "dask" and (scheduler is None or (isinstance(scheduler, str) and not scheduler.strip())):
        raise ConfigError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")


def _executor(*, engine: str, spec: PipelineSpec, jobs: int, scheduler: Any, shard_dir: str | None, run_id: str, replace: bool,
              budget: Budget | None = None, isolate: bool = True) -> Any:
    """Start the engine (workers load the pipeline here: a bad --actors file fails now, inside the tracked run).

    ``engine`` and ``scheduler`` were checked by :func:`check_engine` before the run was recorded."""
    if engine == "local":
        from .local import LocalExecutor

        ex: Any = LocalExecutor(spec=spec, jobs=jobs, run_id=run_id, budget=budget, isolate=isolate)
    else:
        from .dask import DaskExecutor

        ex = DaskExecutor(spec=spec, scheduler=scheduler, shard_dir=shard_dir, run_id=run_id)
    ex.replace = replace
    return ex


def ingest(
    paths: Sequence[str | Path],
    *,
    store: Store,
    spec: PipelineSpec = PipelineSpec(),
    engine: str = "local",
    jobs: int = 1,
    scheduler: Any = None,
    shard_dir: str | None = None,
    fields: FieldMap = FieldMap(),
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    chunk_size: int = 32,
    progress: Progress | None = None,
    stdin_format: str = "auto",
    fetch: FetchSettings | None = None,
    budget: Budget | None = None,
    isolate: bool = True,
) -> Summary:
    """Read ``paths`` and store the analysis of every article not stored yet; resumable and idempotent.

    A path ``-`` reads standard input as ``stdin_format`` (see :data:`eventlens.ingest.records.STDIN_FORMATS`).
    An http(s) URL is fetched (``fetch``: :class:`~eventlens.fetch.FetchSettings`): a page is one article,
    a feed's entries are followed to their pages; fetching runs while the files are read and analysed.
    Articles are analysed in worker processes with ``budget`` (time and memory per article; an article over it,
    or whose worker dies, is quarantined and the run goes on), or in this process when ``isolate`` is False.
    """
    options = options_key(fields=fields, encoding=encoding, max_bytes=max_bytes)
    _check_stages(spec)
    check_engine(engine, scheduler)
    urls = [str(p) for p in paths if is_url(str(p))]
    files = [p for p in paths if not is_url(str(p))]
    run_id = store.start_run(kind="ingest", engine=engine, jobs=jobs, stages=spec.stages,
                             options={"paths": [str(p) for p in paths], "reading": options, "pipeline": spec.settings()})

    def work() -> Summary:
        executor = _executor(engine=engine, spec=spec, jobs=jobs, scheduler=scheduler, shard_dir=shard_dir, run_id=run_id,
                             replace=False, budget=budget, isolate=isolate)
        fetcher = Fetcher(settings=fetch or FetchSettings()) if urls else None
        crawl = Crawl([Source(u) for u in urls], fetcher=fetcher, state=FetchState(store.con)).start() if fetcher else None
        items: Iterable[Any] = read_corpus(files, fields=fields, encoding=encoding, max_bytes=max_bytes,
                                           skip_files=store.done_files(options=options), stdin_format=stdin_format) if files else ()
        try:
            return run(itertools.chain(items, crawl.items() if crawl else ()), store=store, executor=executor,
                       options=options, run_id=run_id, chunk_size=chunk_size, max_in_flight=max(2, 2 * jobs), progress=progress)
        finally:
            if fetcher:
                fetcher.stop.set()
                fetcher.close()

    return _tracked(store, run_id, work)


def _check_stages(spec: PipelineSpec) -> None:
    if not spec.stages:
        raise ConfigError("the stage list is empty: name one or more stages (--stages segment,actors,...), "
                          "or leave it out for all; an empty pipeline would store articles with no analysis")


def _tracked(store: Store, run_id: str, work: Callable[[], Summary]) -> Summary:
    """Run ``work`` and record in the store's runs table whether it finished, failed or was interrupted."""
    status = "failed"
    summary: Summary | None = None
    try:
        summary = work()
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, status=status, skipped=summary.skipped if summary else 0)
    return summary


def _stored(store: Store, *, page: int = 256) -> Iterator[Record]:
    last = ""
    while True:
        rows = store.con.execute(
            "SELECT id, text, title, date, source, url, path FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, page]
        ).fetchall()
        if not rows:
            return
        for aid, text, title, date, source, url, path in rows:
            article = Article(text=text, title=title, date=date, source=source, url=url, path=path, id=aid)
            fill_from_url(article)  # outlets and dates a store written before eventlens read them from URLs lacks
            yield Record(article, path or aid, "")
        last = rows[-1][0]


def recode(
    *,
    store: Store,
    spec: PipelineSpec = PipelineSpec(),
    engine: str = "local",
    jobs: int = 1,
    scheduler: Any = None,
    shard_dir: str | None = None,
    chunk_size: int = 32,
    progress: Progress | None = None,
    budget: Budget | None = None,
    isolate: bool = True,
) -> Summary:
    """Re-run the pipeline on every stored article's text and replace its derived rows (no source is re-read),
    then cluster every report into events again (the events of a store follow its current coding); ``budget``
    and ``isolate`` as for :func:`ingest`."""
    _check_stages(spec)  # an empty list would replace every article's rows with nothing
    check_engine(engine, scheduler)
    run_id = store.start_run(kind="recode", engine=engine, jobs=jobs, stages=spec.stages, options={"pipeline": spec.settings()})

    def work() -> Summary:
        executor = _executor(engine=engine, spec=spec, jobs=jobs, scheduler=scheduler, shard_dir=shard_dir, run_id=run_id,
                             replace=True, budget=budget, isolate=isolate)
        dedup, store.dedup = store.dedup, False  # rewritten reports wait unclustered; all are clustered at the end
        try:
            summary = run(_stored(store), store=store, executor=executor, options="recode", run_id=run_id,
                          chunk_size=chunk_size, max_in_flight=max(2, 2 * jobs), progress=progress, skip_known=False)
        finally:
            store.dedup = dedup
        if dedup:
            store.rebuild_events()
        return summary

    return _tracked(store, run_id, work)
