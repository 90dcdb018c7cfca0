"""The ``eventlens`` command line.

Commands are thin: parse options, build objects, call one library function.
Each command lives in its own module here and exposes ``command`` (a click
command or group); :data:`COMMAND_MODULES` lists them. Library errors
(:class:`~eventlens.errors.EventlensError`) become a one-line message on
stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from ..errors import EventlensError

COMMAND_MODULES: tuple[str, ...] = (
    "analyze",
    "demo",
    "evaluate",
    "ingest",
    "query",
    "export",
    "errors",
    "recode",
    "serve",
    "watch",
)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except EventlensError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a bug, not bad input: say so briefly, full trace on request
            if os.environ.get("EVENTLENS_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} "
                "(this is a bug in eventlens; set EVENTLENS_DEBUG=1 to see the traceback and report it)",
                err=True,
            )
            ctx.exit(70)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventlens")
def cli() -> None:
    """eventlens: who did what to whom, where and when, with the evidence, from news text."""


for _name in COMMAND_MODULES:
    cli.add_command(importlib.import_module(f"{__name__}.{_name}").command)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="eventlens", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
