"""``eventlens ingest PATH... --db FILE``: analyse a corpus into a DuckDB store (resumable, idempotent)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..ingest.records import STDIN, STDIN_FORMATS, display_name
from ..errors import ConfigError
from ..stages import DEFAULT_STAGES, REGISTRY
from ._budget import budget_options, terminated_as_interrupt
from .analyze import coder_options, ml_option, note_ml
from .fetching import fetch_options, fetch_settings, pop_fetch_kwargs


def _progress(total: int, enabled: bool, *, label: str = "ingest"):
    """A rich progress bar on stderr showing articles/s and ETA, and its update callback."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"), TextColumn("added {task.fields[added]}, quarantined {task.fields[bad]}, warnings {task.fields[warned]}"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), disable=not enabled, transient=False,
    )
    task = bar.add_task(label, total=total or None, rate=0.0, added=0, bad=0, warned=0)

    def update(summary) -> None:
        bar.update(task, completed=summary.read, rate=summary.rate, added=summary.added, bad=summary.quarantined,
                   warned=summary.warnings)

    return bar, update


def summary_line(summary) -> str:
    d = summary.as_dict()
    warned = d.get("warnings") or 0
    return (f"read {d['read']} records: {d['added']} articles added, {d['skipped']} already stored, "
            f"{d['quarantined']} quarantined, "
            + ("each listed with its file and reason by 'eventlens errors', " if d['quarantined'] else "")
            + (f"{warned} with a warning (see 'eventlens errors --stage warning'), " if warned else "")
            + f"in {d['seconds']:.1f} s ({d['articles_per_s']:.1f} articles/s) "
            f"after {d['startup_s']:.1f} s start-up; run {d['run_id']}"
            + (f"\nworkers ({d['jobs']}) busy {d['worker_busy_share']:.0%} of the run, on a core {d['worker_cpu_share']:.0%} of that"
               + (f", {d['worker_cpu_s_per_article']} CPU s per article" if d.get("worker_cpu_s_per_article") is not None else "")
               if d.get("worker_busy_share") is not None else ""))


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db", required=True, type=click.Path(path_type=Path), help="DuckDB store to create or extend.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 256), help="Worker processes (local engine).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the analysis in local worker processes (--jobs) or on a Dask cluster (--scheduler; docs/scale-out.md).")
@click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask).")
@click.option("--shards", "shard_dir", default=None, help="Folder for Parquet shards, shared with the dask workers.")
@click.option("--text-field", default="text", show_default=True, help="JSONL key / CSV column holding the text.")
@click.option("--title-field", default="title", show_default=True, help="JSONL key / CSV column holding the title.")
@click.option("--date-field", default="date", show_default=True,
              help="Read as ISO, RFC 822 or written ('5 March 2024') dates, or 13/03/2024 when the day/month order "
                   "is certain (05/03/2024 is not guessed); any other value is stored as no date, with a warning "
                   "listed by 'eventlens errors'.")
@click.option("--source-field", default="source", show_default=True,
              help="JSONL key / CSV column holding the outlet; without one the outlet is the domain of the record's URL.")
@click.option("--url-field", default="url", show_default=True,
              help="JSONL key / CSV column holding the article's URL (also read for an outlet and a date when those are missing).")
@click.option("--encoding", default=None, help="Input encoding when not UTF-8/UTF-16.")
@click.option("--stdin-format", type=click.Choice(list(STDIN_FORMATS)), default="auto", show_default=True,
              help="How to read PATH '-' (standard input): 'auto' reads JSON Lines, JSON and RSS/Atom as records and "
                   "anything else as one article (text or HTML), like 'eventlens analyze -'.")
@click.option("--stages", default=",".join(DEFAULT_STAGES), show_default=True, help="Comma-separated pipeline stages.")
@click.option("--actors", "actors_file", default=None, type=click.Path(exists=True, dir_okay=False), help="Extra actor dictionary entries (see docs/actors.md).")
@click.option("--chunk-size", default=16, show_default=True, type=click.IntRange(1, 4096), help="Articles per work unit.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr.")
@click.option("--dedup/--no-dedup", default=True, show_default=True,
              help="Cluster new reports into events as they are stored (--no-dedup leaves them for a later run or recode).")
@fetch_options
@budget_options
@coder_options
@ml_option
def command(paths, db, jobs, engine, scheduler, shard_dir, text_field, title_field, date_field, source_field, url_field,
            encoding, stdin_format, stages, actors_file, chunk_size, progress, dedup, max_article_seconds, max_worker_memory,
            in_process, min_confidence, coder, ml, **kwargs) -> None:
    """Analyse files, folders, globs, JSONL/JSON/CSV, RSS/Atom feeds (or gzip of them), - for stdin, or
    http(s) URLs (a page is fetched as one article; a feed's entries are followed to their pages), into a store.

    Articles are keyed by a hash of their text (and fetched pages by their canonical URL too): running
    the same command again adds nothing, and after an interruption it finishes the job. Unreadable
    records, URLs that could not be fetched, and records stored with a warning (such as a date that
    cannot be read), are listed by 'eventlens errors'. Articles already stored keep their analysis:
    to redo them with other settings, run 'eventlens recode'. Fetching is polite: see 'eventlens watch --help'.
    """
    from ..fetch.urls import is_url
    from ..api import check_pipeline
    from ..ingest import FieldMap, check_options, estimate_records
    from ..engine import Budget, PipelineSpec, check_engine, ingest
    from ..store import Store

    fields = FieldMap(text=text_field, title=title_field, date=date_field, source=source_field, url=url_field)
    note_ml(ml)
    spec = PipelineSpec(stages=stage_list(stages), actors_file=actors_file, min_confidence=min_confidence, coder=coder)
    # options that would fail every record (or the run) are refused before a store is made
    check_options(fields=fields, encoding=encoding, stdin_format=stdin_format)
    check_engine(engine, scheduler)
    missing = missing_inputs(paths)
    if len(missing) == len(paths):  # nothing to read: say so before a store is made and the models are loaded
        _not_found(missing)
    check_pipeline(spec.stages, actors_file=actors_file, min_confidence=min_confidence, coder=coder)  # here, once: not a traceback from each --jobs worker
    fetch = fetch_settings(**pop_fetch_kwargs(kwargs))
    total = estimate_records([p for p in paths if not is_url(p)]) + sum(map(is_url, paths)) if progress else 0
    if STDIN in paths and sys.stdin.isatty():  # nothing is piped in: say what we wait for
        click.echo("reading standard input (articles, or JSON Lines); end it with Ctrl-D", err=True)
    with Store.open(db, dedup=dedup) as store:
        bar, update = _progress(total, progress)
        with bar:
            with terminated_as_interrupt():
                summary = ingest(list(paths), store=store, spec=spec, engine=engine, jobs=jobs, scheduler=scheduler,
                                 shard_dir=shard_dir, fields=fields, encoding=encoding, chunk_size=chunk_size,
                                 progress=update, stdin_format=stdin_format, fetch=fetch,
                                 budget=Budget(max_article_seconds=max_article_seconds, max_worker_memory=max_worker_memory),
                                 isolate=not in_process)
        empty = store.count("articles") == 0  # a resumed run whose one new record is bad still has a usable store
    click.echo(summary_line(summary), err=True)
    if missing:  # everything else was ingested; a mistyped path must still not look like success
        _not_found(missing)
    if summary.quarantined and not summary.added and not summary.skipped and empty:  # nothing usable at all: not a success
        click.echo(f"error: no article could be read from the input; 'eventlens errors --db {db}' says why", err=True)
        raise click.exceptions.Exit(2)


def _not_found(missing: list[str]) -> None:
    click.echo(f"error: {len(missing)} input path(s) not found: {', '.join(map(display_name, missing))}", err=True)
    raise click.exceptions.Exit(2)


def stage_list(text: str) -> tuple[str, ...]:
    """The ``--stages`` value as stage names, checked before any store is opened (``ingest`` and ``recode``).

    An empty list would store articles with no analysis at all, which is a
    mistake, not a choice: it is a :class:`ConfigError`, as an unknown name is.
    """
    stages = tuple(s.strip() for s in text.split(",") if s.strip())
    if not stages:
        raise ConfigError(f"the stage list is empty: --stages {text!r} names no stage; give one or more of "
                          f"{', '.join(REGISTRY)} (comma-separated; leave --stages out for all)")
    unknown = [s for s in stages if s not in REGISTRY]
    if unknown:
        raise ConfigError(f"unknown stage {unknown[0]!r} in --stages; known stages: {', '.join(REGISTRY)}")
    return stages


def missing_inputs(paths) -> list[str]:
    """Arguments that name no file or folder, and glob patterns that match nothing."""
    import glob
    from pathlib import Path

    from ..fetch.urls import is_url

    missing = []
    for name in map(str, paths):
        if name == STDIN or is_url(name):
            continue
        if any(ch in name for ch in "*?["):
            if not glob.glob(name, recursive=True):
                missing.append(name)
        elif not Path(name).exists():
            missing.append(name)
    return missing
