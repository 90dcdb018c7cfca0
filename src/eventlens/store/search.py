"""Full-text search over a store: an SQLite FTS5 index of article titles and texts and of event evidence.

DuckDB's own full-text extension is downloaded at run time, which eventlens never
does; SQLite (in Python's standard library) carries FTS5. The index is a
separate file derived from the store, built once per store version under the
cache folder (:func:`eventlens.cachefiles.cache_dir`, ``search/``) and keyed by
the store's path, size and modification time, so a changed store is indexed
again and a stale index is never read. Words are matched by their Porter stem
with diacritics removed (``talks`` finds ``talk``, ``Côte`` finds ``cote``).

The query language (:func:`compile_query`): words are all required (AND),
``OR`` between words or phrases gives alternatives, ``"a phrase"`` matches the
words in order, ``-word`` or ``NOT word`` excludes, ``word*`` matches a prefix.
Nothing the user types reaches FTS5 unquoted, so no input is a syntax error.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

from .params import QueryError

_TOKEN = re.compile(r'-?"[^"]*"?\*?|\S+')
_WORD = re.compile(r"\w", re.UNICODE)
INDEX_VERSION = "1"
_TOKENIZER = "porter unicode61 remove_diacritics 2"
_BATCH = 2000


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


def compile_query(text: str) -> str | None:
    """The FTS5 expression for a search as typed (see the module docstring); None when it holds no word (nothing
    matches); QueryError when it only excludes."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    joined, negate = False, False
    for raw in _TOKEN.findall(text):
        if raw in ("OR", "|"):
            joined = bool(groups)
            continue
        if raw == "AND":
            continue
        if raw == "NOT":
            negate = True
            continue
        neg = negate or (raw.startswith("-") and len(raw) > 1)
        term = raw[1:] if raw.startswith("-") and len(raw) > 1 else raw
        prefix = term.endswith("*")
        term = term.rstrip("*").strip('"')
        if not _WORD.search(term):
            negate = joined = False
            continue
        item = _quote(term) + ("*" if prefix else "")
        if neg:
            excluded.append(item)
        elif joined:
            groups[-1].append(item)
        else:
            groups.append([item])
        negate = joined = False
    if not groups:
        if not excluded:  # only symbols (an emoji, '!!!'): nothing the index holds can match
            return None
        raise QueryError("parameter 'q' has only exclusions (-word); say what to find: words, \"a phrase\", "
                         "or alternatives with OR")
    expr = " AND ".join("(" + " OR ".join(g) + ")" for g in groups)
    if excluded:
        expr = f"({expr}) NOT ({' OR '.join(excluded)})"
    return expr


def terms(text: str) -> list[str]:
    """The words and phrases a search looks for (not the excluded ones), lower-cased, for highlighting."""
    out = []
    for raw in _TOKEN.findall(text):
        if raw in ("OR", "AND", "NOT", "|") or raw.startswith("-"):
            continue
        term = raw.rstrip("*").strip('"').strip().lower()
        if _WORD.search(term):
            out.append(term)
    return out


def index_path(store_path: str | Path, folder: Path) -> Path:
    """Where the index of the store at ``store_path`` lives: keyed by path, size and modification time."""
    p = Path(store_path).resolve()
    st = p.stat()
    key = f"{INDEX_VERSION}|{p}|{st.st_size}|{st.st_mtime_ns}"
    return folder / f"{p.stem[:40]}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite"


def _create(db: sqlite3.Connection) -> None:
    db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(title, text, content='', tokenize='{_TOKENIZER}')")
    db.execute("CREATE TABLE doc_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL)")
    db.execute(f"CREATE VIRTUAL TABLE evs USING fts5(evidence, content='', tokenize='{_TOKENIZER}')")
    db.execute("CREATE TABLE ev_keys (n INTEGER PRIMARY KEY, article_id TEXT NOT NULL, idx INTEGER NOT NULL)")


def build_index(con: Any, target: Path) -> Path:
    """Write the index of the DuckDB store on ``con`` to ``target`` (atomically: a reader never sees half of it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        _create(db)
        cur = con.execute("SELECT id, coalesce(title, ''), text FROM articles ORDER BY id")
        n = 0
        while rows := cur.fetchmany(_BATCH):
            db.executemany("INSERT INTO docs (rowid, title, text) VALUES (?, ?, ?)", [(n + i, t, x) for i, (_, t, x) in enumerate(rows)])
            db.executemany("INSERT INTO doc_ids (n, id) VALUES (?, ?)", [(n + i, aid) for i, (aid, _, _) in enumerate(rows)])
            n += len(rows)
        cur = con.execute("SELECT article_id, idx, evidence FROM events WHERE evidence IS NOT NULL ORDER BY article_id, idx")
        n = 0
        while rows := cur.fetchmany(_BATCH * 5):
            db.executemany("INSERT INTO evs (rowid, evidence) VALUES (?, ?)", [(n + i, r[2]) for i, r in enumerate(rows)])
            db.executemany("INSERT INTO ev_keys (n, article_id, idx) VALUES (?, ?, ?)", [(n + i, r[0], r[1]) for i, r in enumerate(rows)])
            n += len(rows)
        db.execute("INSERT INTO docs (docs) VALUES ('optimize')")
        db.execute("INSERT INTO evs (evs) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()
    os.replace(tmp, target)
    return target


class SearchIndex:
    """Read access to one index file; each thread gets its own read-only SQLite connection."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def articles(self, query: str, *, limit: int = 100_000) -> tuple[list[str], list[float]]:
        """Ids of the articles matching ``query`` and their relevance (higher is better; titles count 5 times)."""
        expr = compile_query(query)
        if expr is None:
            return [], []
        rows = self._db().execute(
            "SELECT d.id, -bm25(docs, 5.0, 1.0) AS score FROM docs JOIN doc_ids d ON d.n = docs.rowid "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 5.0, 1.0) LIMIT ?", [expr, limit]).fetchall()
        return [r[0] for r in rows], [float(r[1]) for r in rows]

    def events(self, query: str, *, limit: int = 100_000) -> tuple[list[str], list[int], list[float]]:
        """Keys (article id, index) of the events whose evidence matches ``query``, and their relevance."""
        expr = compile_query(query)
        if expr is None:
            return [], [], []
        rows = self._db().execute(
            "SELECT k.article_id, k.idx, -bm25(evs) FROM evs JOIN ev_keys k ON k.n = evs.rowid "
            "WHERE evs MATCH ? ORDER BY bm25(evs) LIMIT ?", [expr, limit]).fetchall()
        return [r[0] for r in rows], [int(r[1]) for r in rows], [float(r[2]) for r in rows]
