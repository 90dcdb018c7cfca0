"""Damaged stores, one per kind of fault a store meets in months of unattended use (for the corrupt-store matrix).

:func:`make` copies a good store and damages the copy; :data:`KINDS` names every kind.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from eventlens.store import CURRENT_VERSION, Store
from eventlens.store.synthetic import sample_analysis

_BLOCK = 262_144
_HEADER = 3 * 4096


def good_store(path: Path, *, articles: int = 300) -> Path:
    """An eventlens store of ``articles`` synthetic analyses, checkpointed (everything in the main file)."""
    with Store.open(path) as store:
        store.write_analyses([sample_analysis(i) for i in range(articles)])
        store.checkpoint()
    return path


def _truncate(size: Callable[[int], int]) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        with open(p, "r+b") as fh:
            fh.truncate(size(p.stat().st_size))
    return damage


def _overwrite(where: Callable[[int], list[int]], length: int) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        rng = random.Random(20)
        with open(p, "r+b") as fh:
            for offset in where(p.stat().st_size):
                fh.seek(offset)
                fh.write(bytes(rng.randrange(256) for _ in range(length)))
    return damage


def _sqlite(p: Path) -> None:
    p.unlink()
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE articles (id TEXT, text TEXT)")
    con.execute("INSERT INTO articles VALUES ('a', 'Iran sent aid.')")
    con.commit()
    con.close()


def _foreign(p: Path) -> None:
    import duckdb

    p.unlink()
    con = duckdb.connect(str(p))
    con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
    con.close()


def _newer(p: Path) -> None:
    import duckdb

    con = duckdb.connect(str(p))
    con.execute("INSERT INTO schema_version (version, note) VALUES (?, 'from a newer eventlens')", [CURRENT_VERSION + 1])
    con.close()


def _missing_table(p: Path) -> None:
    import duckdb

    con = duckdb.connect(str(p))
    con.execute("DROP TABLE events")
    con.close()


def _folder(p: Path) -> None:
    p.unlink()
    p.mkdir()


def _garbage_wal(p: Path) -> None:
    Path(str(p) + ".wal").write_bytes(bytes(random.Random(7).randrange(256) for _ in range(50_000)))


#: kind -> how the copy is damaged
KINDS: dict[str, Callable[[Path], None]] = {
    "empty": _truncate(lambda n: 0),
    "header-only": _truncate(lambda n: 4096),
    "half": _truncate(lambda n: n // 2),
    "last-block-missing": _truncate(lambda n: n - _BLOCK),
    "random-bytes": lambda p: p.write_bytes(random.Random(3).randbytes(p.stat().st_size)),
    "damaged-header": _overwrite(lambda n: [0], 4096),
    "bit-rot": _overwrite(lambda n: [_HEADER + k * _BLOCK + 5000 for k in range(max(1, (n - _HEADER) // _BLOCK))], 512),
    "sqlite": _sqlite,
    "text-file": lambda p: p.write_text("id,text\n1,Iran sent aid.\n"),
    "other-duckdb": _foreign,
    "newer-schema": _newer,
    "missing-table": _missing_table,
    "folder": _folder,
    "garbage-wal": _garbage_wal,
}


def make(good: Path, folder: Path, kind: str) -> Path:
    """A copy of ``good`` under ``folder`` damaged as ``kind`` says."""
    target = folder / f"{kind}.duckdb"
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    Path(str(target) + ".wal").unlink(missing_ok=True)
    shutil.copy(good, target)
    KINDS[kind](target)
    os.sync() if hasattr(os, "sync") else None
    return target
