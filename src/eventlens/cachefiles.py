"""The user cache folder, and writing files there safely across processes.

Heavy resources that eventlens derives from installed packages on first use (the
compiled gazetteer, the encoder's ONNX graphs) live in ``$EVENTLENS_CACHE_DIR``
(else ``$XDG_CACHE_HOME/eventlens``, else ``~/.cache/eventlens``) under names keyed
by everything they depend on, so a stale file is never read. A build runs under a
file lock and its file appears atomically, so concurrent processes build it once
and never read a partial file.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """The folder for derived files (created on first write, not here)."""
    env = os.environ.get("EVENTLENS_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventlens"


def write_atomic(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write`` on a temporary file in the target folder, flush it to disk, then rename it over ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is an ordinary shared file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """An exclusive advisory lock beside ``target``, so concurrent processes build it once.

    Where locking is unavailable (no fcntl, read-only folder) it yields without one:
    each process then builds its own copy and the atomic rename keeps the file whole.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fh = open(target.with_suffix(".lock"), "a+b")  # noqa: SIM115 - held for the block
    except OSError:
        yield
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        finally:
            fh.close()


def remove_stale(keep: Path, pattern: str) -> None:
    """Delete files matching ``pattern`` beside ``keep`` (older builds), and temporary files of killed builds.

    A ``.tmp`` file younger than an hour may be another process's build in progress and is left alone."""
    for old in keep.parent.glob(pattern):
        if old == keep or old.suffix == ".lock" and old.stem == keep.stem:
            continue
        if old.suffix == ".tmp" and time.time() - old.stat().st_mtime < 3600:
            continue
        old.unlink(missing_ok=True)


def write_pickle(target: Path, value: Any) -> None:
    """Pickle ``value`` into ``target`` atomically (:func:`write_atomic`)."""
    write_atomic(target, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))


def read_pickle(target: Path) -> Any | None:
    """What ``target`` holds, or None when it is missing, unreadable or not a pickle of importable objects.

    The cyclic garbage collector is paused while it reads: a compiled index is hundreds of thousands of small
    objects, which the collector would otherwise rescan again and again."""
    if not target.is_file():
        return None
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        with target.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    finally:
        if gc_was_on:
            gc.enable()


def cached_pickle(target: Path, build: Callable[[], T], *, accept: Callable[[Any], bool], stale: str) -> tuple[T, bool]:
    """The object pickled at ``target`` when ``accept`` takes it, else ``build()`` written there under
    :func:`build_lock`; and whether it was built here.

    ``target``'s name must carry a key of everything the object is built from, so a stale file is never
    read; after a build, files matching ``stale`` beside it (older keys) are removed. A file that cannot be
    read, or holds something ``accept`` refuses, is rebuilt; a folder that cannot be written keeps the object
    in memory."""
    found = read_pickle(target)
    if found is not None and accept(found):
        return found, False
    with build_lock(target):
        found = read_pickle(target)  # built by another process while we waited
        if found is not None and accept(found):
            return found, False
        value = build()
        try:
            write_pickle(target, value)
            remove_stale(target, stale)
        except OSError:
            pass  # a read-only cache: keep the one in memory
        return value, True
