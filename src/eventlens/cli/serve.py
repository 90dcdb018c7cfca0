"""``eventlens serve``: the web dashboard and JSON API over a store, read-only."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path), help="DuckDB store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep the loopback default unless you mean to expose it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16), help="Server processes (each opens the store read-only).")
def command(db: Path, host: str, port: int, workers: int) -> None:
    """Serve the dashboard (overview, network, map, dyads, articles, search, Analyze) and /api."""
    from ..web.server import serve

    serve(db=db, host=host, port=port, workers=workers)
