"""``eventlens recode --db FILE``: re-run the pipeline on stored texts after a dictionary change."""

from __future__ import annotations

from pathlib import Path

import click

from ..stages import DEFAULT_STAGES
from ._budget import budget_options, terminated_as_interrupt
from .analyze import coder_options, ml_option, note_ml


@click.command("recode")
@click.option("--db", "db", required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="The store to recode (its articles' derived rows are replaced).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 256), help="Worker processes (local engine).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the analysis in local worker processes (--jobs) or on a Dask cluster (--scheduler; docs/scale-out.md).")
@click.option("--scheduler", default=None, help="Dask scheduler address (with --engine dask).")
@click.option("--shards", "shard_dir", default=None, help="Folder for Parquet shards, shared with the dask workers.")
@click.option("--stages", default=",".join(DEFAULT_STAGES), show_default=True, help="Comma-separated pipeline stages.")
@click.option("--actors", "actors_file", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor dictionary entries (see docs/actors.md); recoding without it drops an earlier one's codes.")
@click.option("--chunk-size", default=16, show_default=True, type=click.IntRange(1, 4096), help="Articles per work unit.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr.")
@budget_options
@coder_options
@ml_option
def command(db, jobs, engine, scheduler, shard_dir, stages, actors_file, chunk_size, progress, max_article_seconds,
            max_worker_memory, in_process, min_confidence, coder, ml) -> None:
    """Recode every stored article from its stored text, replacing its derived rows (sources are not re-read):
    after an upgrade, a dictionary change (--actors) or to use another --coder or --min-confidence."""
    from ..api import check_pipeline
    from ..engine import Budget, PipelineSpec, check_engine, recode
    from ..store import Store
    from .ingest import _progress, stage_list, summary_line

    note_ml(ml)
    spec = PipelineSpec(stages=stage_list(stages), actors_file=actors_file, min_confidence=min_confidence, coder=coder)
    check_pipeline(spec.stages, actors_file=actors_file, min_confidence=min_confidence, coder=coder)  # here, once: not a traceback from each --jobs worker
    check_engine(engine, scheduler)
    with Store.open(db) as store:
        bar, update = _progress(store.count("articles"), progress, label="recode")
        with bar:
            with terminated_as_interrupt():
                summary = recode(store=store, spec=spec, engine=engine, jobs=jobs, scheduler=scheduler, shard_dir=shard_dir,
                                 chunk_size=chunk_size, progress=update, isolate=not in_process,
                                 budget=Budget(max_article_seconds=max_article_seconds, max_worker_memory=max_worker_memory))
    click.echo(summary_line(summary).replace("added", "recoded").replace(", 0 already stored", ""), err=True)
