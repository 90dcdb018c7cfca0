"""``eventlens demo``: the whole pipeline on the example article that ships with eventlens."""

from __future__ import annotations

from pathlib import Path

import click

from ..render import FORMATS, render
from ._output import emit


@click.command("demo")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--show-text", is_flag=True, help="Print the example article first.")
def command(fmt: str, out: Path | None, show_text: bool) -> None:
    """Analyse the bundled example article (an illustrative text written for eventlens)."""
    from ..api import analyze_article
    from ..examples import example_article

    article = example_article()
    if show_text:
        click.echo(article.text)
    emit(render(analyze_article(article), fmt=fmt), out=out)
