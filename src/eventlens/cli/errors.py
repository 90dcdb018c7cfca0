"""``eventlens errors --db FILE``: records that were quarantined or stored with a warning, with file, position and reason."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("errors")
@click.option("--db", "db", required=True, type=click.Path(path_type=Path), help="The store to read (opened read-only).")
@click.option("--file", "file_", default=None, help="Only records from files whose path contains this.")
@click.option("--stage", type=click.Choice(["read", "fetch", "analyse", "warning"]), default=None,
              help="Only this kind: unreadable (read), a URL that could not be fetched (fetch), failed analysis (analyse), "
                   "or stored with a warning.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=1000, show_default=True,
              help="List at most this many records (newest first); the output says when there are more.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="A table for the terminal, a JSON list, or CSV with a header row.")
@click.option("--raw-cells", is_flag=True, help="csv: keep cells that start with = + - @ as stored (by default they get a "
              "leading apostrophe, so a spreadsheet never runs them as formulas).")
def command(db, file_, stage, limit, fmt, raw_cells) -> None:
    """List quarantined records (unreadable, empty, binary, malformed, too large, or failed analysis), URLs
    that could not be fetched (stage 'fetch': the URL and why) and records stored with a warning (stage
    'warning', e.g. a date that cannot be read: stored without a date)."""
    from ..store import Store
    from ..store import queries as Q
    from .query import echo, piped, render

    with Store.open(db, read_only=True) as store:
        rows = Q.errors(store, file=file_, stage=stage, limit=min(limit + 1, Q.MAX_LIMIT))
    more = len(rows) > limit
    rows = [{k: r[k] for k in ("file", "position", "reason", "stage")} for r in rows[:limit]]
    with piped():
        echo(render(rows, fmt, whole=("file", "reason"), raw_cells=raw_cells))  # the reason is the point: never cut
    if more:  # on stderr, so JSON/CSV on stdout stay clean
        click.echo(f"(the first {limit} rows; there are more: raise --limit, or narrow with --file/--stage)", err=True)
