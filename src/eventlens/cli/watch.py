"""``eventlens watch --feeds FILE --db STORE``: poll feeds, fetch their new articles and analyse them, every 15 minutes."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from ..stages import DEFAULT_STAGES
from .analyze import coder_options, ml_option, note_ml
from .fetching import fetch_options, fetch_settings, pop_fetch_kwargs


def _on_signals(stop: threading.Event) -> None:
    """SIGTERM and Ctrl-C: the first stops fetching and lets the work in hand commit; a second stops at once."""

    def handler(signum, frame) -> None:  # noqa: ARG001 - the signal handler's signature
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo(f"{signal.Signals(signum).name}: stopping after the work in hand (again to stop at once)", err=True)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


@click.command("watch")
@click.option("--feeds", "feeds_file", required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Feeds to poll: one URL a line, optionally followed by the outlet's name; or an OPML export.")
@click.option("--db", "db", required=True, type=click.Path(path_type=Path), help="DuckDB store to create or extend.")
@click.option("--every", default="15m", show_default=True, help="Time between polls: 15m, 30s, 1h, or seconds.")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron and tests).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 256), help="Worker processes that analyse the fetched pages.")
@click.option("--stages", default=",".join(DEFAULT_STAGES), show_default=True, help="Comma-separated pipeline stages.")
@click.option("--actors", "actors_file", default=None, type=click.Path(exists=True, dir_okay=False), help="Extra actor dictionary entries (see docs/actors.md).")
@click.option("--chunk-size", default=16, show_default=True, type=click.IntRange(1, 4096), help="Articles per work unit.")
@click.option("--dedup/--no-dedup", default=True, show_default=True,
              help="Cluster new reports into events as they are stored (--no-dedup leaves them for a later run or recode).")
@fetch_options
@coder_options
@ml_option
def command(feeds_file, db, every, once, jobs, stages, actors_file, chunk_size, dedup, min_confidence, coder, ml,
            **kwargs) -> None:
    """Poll the feeds in FILE, fetch every new entry's page, and analyse it into the store; then wait and poll again.

    Polite and bounded: robots.txt is obeyed, each site gets one request at a time, spaced by --delay;
    feeds are fetched with conditional GET (ETag, Last-Modified); pages over --max-mb, slow servers,
    redirect loops and decompression bombs are refused. A page already stored, or with the canonical URL
    or text of one, is not stored again. One log line per poll on stderr; failures are listed by
    'eventlens errors --stage fetch'. SIGTERM or Ctrl-C stops after the work in hand; killed at any
    moment, the next run continues with nothing lost or doubled.
    """
    from ..api import check_pipeline
    from ..engine import PipelineSpec
    from ..engine.watch import parse_duration, read_feeds, watch
    from ..store import Store
    from .ingest import stage_list

    settings = fetch_settings(**pop_fetch_kwargs(kwargs))
    interval = parse_duration(every)
    sources = read_feeds(feeds_file)
    note_ml(ml)
    spec = PipelineSpec(stages=stage_list(stages), actors_file=actors_file, min_confidence=min_confidence, coder=coder)
    check_pipeline(spec.stages, actors_file=actors_file, min_confidence=min_confidence, coder=coder)
    stop = threading.Event()
    _on_signals(stop)
    with Store.open(db, dedup=dedup) as store:
        click.echo(f"watching {len(sources)} feeds into {db}, {'once' if once else f'every {every}'}, "
                   f"as {settings.user_agent}", err=True)
        watch(sources, store=store, spec=spec, jobs=jobs, every=interval, once=once, settings=settings,
              chunk_size=chunk_size, stop=stop, log=lambda line: click.echo(line, err=True))
