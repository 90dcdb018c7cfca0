"""``eventlens demo``: the whole pipeline on the example article that ships with eventlens;
``eventlens demo --serve``: the dashboard on a small store of the bundled illustrative articles."""

from __future__ import annotations

from pathlib import Path

import click

from ..render import FORMATS, render
from ._output import emit


@click.command("demo")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: a terminal report, the analysis JSON (docs/schema.md) or one self-contained HTML page.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here instead of stdout.")
@click.option("--show-text", is_flag=True, help="Print the example article first.")
@click.option("--serve", is_flag=True, help="Open the dashboard on a store of the bundled illustrative articles (built once, cached).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port for --serve (127.0.0.1).")
def command(fmt: str, out: Path | None, show_text: bool, serve: bool, port: int) -> None:
    """Analyse the bundled example article (an illustrative text written for eventlens), or serve the demo dashboard."""
    if serve:
        _serve(port)
        return
    from ..api import analyze_article
    from ..examples import example_article

    article = example_article()
    if show_text:
        click.echo(article.text)
    emit(render(analyze_article(article), fmt=fmt), out=out)


def _serve(port: int) -> None:
    from ..engine.demo import build_demo_store, demo_store_path
    from ..web.server import check_port, serve

    check_port(host="127.0.0.1", port=port)
    path = demo_store_path()
    if not path.is_file():
        click.echo("eventlens: building the demo store from 10 illustrative articles written for eventlens "
                   "(they report no real events); this happens once")
    serve(db=build_demo_store(path), host="127.0.0.1", port=port)
