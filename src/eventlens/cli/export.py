"""``eventlens export --db FILE --format FMT --out PATH``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..export import FORMATS


@click.command("export")
@click.option("--db", "db", required=True, type=click.Path(path_type=Path), help="The store to export (opened read-only).")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="gdelt (GDELT 2.0 events, its mentions table beside them), gdelt-mentions, plover (PLOVER records, a JSON "
                   "array), jsonl (one analysis per line), parquet (a folder, one file per table), graphml or gexf (the "
                   "actor network); docs/store.md.")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="Output file (a folder for parquet), or - for standard output.")
@click.option("--include-negated", is_flag=True, help="gdelt: keep negated events too (GDELT has no negation column).")
@click.option("--count", type=click.Choice(["events", "reports"]), default="events", show_default=True,
              help="gdelt, plover: one row per real-world event (its reports counted in NumMentions/NumSources/NumArticles, "
                   "listed in mentions) or one per report.")
@click.option("--mentions", type=click.Path(path_type=Path), default=None,
              help="gdelt: where the mentions table goes [default: beside --out, events.tsv -> events.mentions.tsv; "
                   "not written for --out - unless given].")
@click.option("--raw-cells", is_flag=True, help="gdelt: keep text cells that start with = + - @ as stored (by default they "
              "get a leading apostrophe, so a spreadsheet never runs them as formulas).")
def command(db, fmt, out, include_negated, count, mentions, raw_cells) -> None:
    """Export a store: GDELT 2.0 event and mentions tables, PLOVER JSON, analysis JSONL, Parquet tables, or the actor network."""
    from ..export import export
    from ..store import Store
    from .query import piped

    with Store.open(db, read_only=True) as store, piped():
        written = export(store, fmt=fmt, out=out, include_negated=include_negated, count=count, mentions=mentions,
                         raw_cells=raw_cells)
    click.echo(f"wrote {'standard output' if str(out) == '-' else out}: {json.dumps(written)}", err=True)
