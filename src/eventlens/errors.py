"""Typed exceptions. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class EventlensError(Exception):
    """Base class of every error eventlens raises on purpose."""

    exit_code = 1


class InputError(EventlensError):
    """An input could not be read or is not usable text.

    ``path`` names the file (or ``<stdin>``), ``reason`` says what is wrong in
    words a user can act on.
    """

    exit_code = 2

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path or "<input>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ConfigError(EventlensError):
    """A setting, dictionary or pipeline definition is invalid."""

    exit_code = 3


class ResourceError(EventlensError):
    """A model, gazetteer or data file that eventlens needs is missing or broken."""

    exit_code = 4


class StoreError(EventlensError):
    """A problem with a DuckDB store (missing, wrong schema, locked)."""

    exit_code = 5
