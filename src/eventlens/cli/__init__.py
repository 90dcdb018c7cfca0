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
        args = [*(ctx._protected_args if hasattr(ctx, "_protected_args") else ctx.protected_args), *ctx.args]
        try:
            return super().invoke(ctx)
        except EventlensError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            terminated = type(exc).__name__ == "Terminated"  # SIGTERM (cli._budget): cleaned up as after Ctrl-C
            click.echo("terminated" if terminated else "interrupted", err=True)
            ctx.exit(143 if terminated else 130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a bug, not bad input: say so briefly, full trace on request
            if os.environ.get("EVENTLENS_DEBUG"):
                raise
            from ..store.store import fault_message, is_store_fault

            if is_store_fault(exc):  # DuckDB failed under a command (a damaged block, a full disk): the store's fault
                click.echo(f"error: {fault_message(_db_of(args), exc)}", err=True)
                ctx.exit(5)
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} "
                "(this is a bug in eventlens; set EVENTLENS_DEBUG=1 to see the traceback and report it)",
                err=True,
            )
            ctx.exit(70)


def _db_of(args: list[str]) -> str:
    """The ``--db`` value among a command's ``args`` (for a store fault's message), else 'the store'."""
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--db="):
            return arg[5:]
    return "the store"


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
