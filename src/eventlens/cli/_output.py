"""Writing a command's result to stdout or a file."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError


def emit(text: str, *, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # like export and ingest --db, make the folder
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(out), f"cannot write the output: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}", err=True)
