"""Where the reference data folder is: one rule for ``eventlens eval``, scripts/, bench/, training/ and the tests.

The reference data (gold sets, corpora, the seed article) is not shipped with eventlens; it sits in a folder
called ``shared`` holding ``data/``. Every command that reads it takes ``--shared DIR`` and resolves it the same way:

1. the explicit path (``--shared DIR``), as given;
2. else ``$EVENTLENS_SHARED``, as given;
3. else the first ``shared`` folder holding ``data/`` found beside the starting point (``near``: a script's own
   file, a data file) or any folder above it, then beside the working directory or any folder above it; so a
   checkout with ``shared/`` next to it needs no setting.

An explicit path or the environment variable is never second-guessed: when it lacks what is needed,
:func:`require_shared` says so instead of looking elsewhere.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .errors import ResourceError

SHARED_ENV = "EVENTLENS_SHARED"
SHARED_HELP = (f"the reference data folder (default: ${SHARED_ENV}, else a 'shared' folder holding data/ "
               "beside this checkout or the working directory, or beside a folder above them)")


def shared_dir(explicit: str | Path | None = None, *, near: str | Path | None = None) -> Path | None:
    """The reference data folder: ``explicit``, else ``$EVENTLENS_SHARED``, else a ``shared`` folder holding
    ``data/`` beside ``near`` or any of its parents, then beside the working directory or any of its parents.
    None when there is none."""
    if explicit:
        return Path(explicit)
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    for start in [Path(p) for p in (near, Path.cwd()) if p is not None]:
        start = start.resolve()
        for parent in [start, *start.parents]:
            candidate = parent / "shared"
            if (candidate / "data").is_dir():
                return candidate
    return None


def require_shared(explicit: str | Path | None = None, *, near: str | Path | None = None, needs: str = "data") -> Path:
    """:func:`shared_dir`, checked to hold the folder or file ``needs`` (relative to it); ResourceError saying
    where the path came from and what to do otherwise."""
    path = shared_dir(explicit, near=near)
    if path is None:
        searched = " and ".join(str(Path(p).resolve()) for p in (near, Path.cwd()) if p is not None)
        raise ResourceError(f"the reference data folder was not found (no shared/data beside {searched} or a folder above); "
                            f"pass --shared DIR or set {SHARED_ENV}")
    if not (path / needs).exists():
        source = f"--shared {path}" if explicit else f"{SHARED_ENV}={path}" if os.environ.get(SHARED_ENV) else str(path)
        raise ResourceError(f"{source}: {path / needs} is missing (is this the reference data folder?)")
    return path


def add_shared_argument(parser: argparse.ArgumentParser) -> None:
    """``--shared DIR`` with the one help text (for argparse scripts; resolve it with :func:`shared_from_args`)."""
    parser.add_argument("--shared", type=Path, default=None, metavar="DIR", help=SHARED_HELP)


def shared_from_args(parser: argparse.ArgumentParser, explicit: str | Path | None, *, near: str | Path | None,
                     needs: str = "data") -> Path:
    """:func:`require_shared` for a script: on failure, one line on stderr and exit status 4 (as the CLI's)."""
    try:
        return require_shared(explicit, near=near, needs=needs)
    except ResourceError as exc:
        parser.exit(4, f"{parser.prog}: {exc}\n")
