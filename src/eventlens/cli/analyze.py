"""``eventlens analyze PATH|-``: one article in, its analysis out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click

from ..render import FORMATS, render
from ._output import emit

_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: ``--ml`` for analyze, ingest and recode: accepted for one release and ignored (the encoder models are the default).
ml_option = click.option("--ml", is_flag=True, default=False, hidden=True,
                         help="Ignored: the encoder models --ml used to switch on are the default now.")


def coder_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--min-confidence`` and ``--coder`` for analyze, ingest and recode."""
    command = click.option("--coder", type=click.Choice(["learned", "rules"]), default="learned", show_default=True,
                           help="Event coder: the learned coder (deciding over the rule coder's candidates) or the rules alone.")(command)
    return click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                        help="Keep only events whose calibrated confidence (probability that type, source and target are all right) "
                             "is at least this; default: the model's development-set choice (docs/events.md).")(command)


def note_ml(ml: bool) -> None:
    if ml:
        click.echo("note: --ml is ignored: the encoder models it switched on are the default now (it goes in the next release)", err=True)


@click.command("analyze")
@click.argument("path", type=str)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format: a terminal report, the analysis JSON (docs/schema.md) or one self-contained HTML page.")
@click.option("--title", default=None, help="Article title (overrides metadata found in HTML).")
@click.option("--date", default=None, help="Publication date, YYYY-MM-DD.")
@click.option("--source", default=None, help="The outlet that published the article.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here instead of stdout.")
@click.option("--actors", "actors_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Extra actor dictionary entries (see docs/actors.md).")
@click.option("--encoding", default=None, help="Text encoding of the input when it is not UTF-8.")
@coder_options
@ml_option
def command(path: str, fmt: str, title: str | None, date: str | None, source: str | None, out: Path | None,
            actors_file: str | None, encoding: str | None, min_confidence: float | None, coder: str, ml: bool) -> None:
    """Analyse one article (.txt, .md, .html, or - for stdin)."""
    from ..api import analyze_path

    note_ml(ml)
    analysis = analyze_path(path, title=title, date=date, source=source, actors_file=actors_file, encoding=encoding,
                            min_confidence=min_confidence, coder=coder)
    for note in analysis.meta.get("warnings", ()):
        click.echo(f"warning: {_TERMINAL_CONTROL.sub(lambda m: repr(m.group())[1:-1], note)}", err=True)
    emit(render(analysis, fmt=fmt), out=out)
