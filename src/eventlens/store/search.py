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

Beside each document the index keeps what the dashboard filters on (dates,
outlet, codes, type, place, confidence), so a search, its filters, its count
and its facets run in SQLite alone, and only the page shown is read from the
store. Documents are numbered newest first. A search with up to
:data:`RANK_LIMIT` matches is ordered by relevance (BM25, titles weighing five
times the text); one with more is listed newest first (ranking every match of
a word found in half the corpus costs more than the answer is worth), and
says so. Facets are counted within :data:`FACET_BUDGET_MS`; a facet that does
not finish in time is reported as such (as Datasette does) rather than
holding up the answer.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .params import QueryError, parse_date, until_bound

_TOKEN = re.compile(r'-?"[^"]*"?\*?|\S+')
_WORD = re.compile(r"\w", re.UNICODE)
INDEX_VERSION = "2"
RANK_LIMIT = 10_000
FACET_BUDGET_MS = 50
FACET_SIZE = 10
_TOKENIZER = "porter unicode61 remove_diacritics 2"
_BATCH = 5000


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


def compile_query(text: str) -> str | None:
    """The FTS5 expression for a search as typed (see the module docstring); None when it holds no word (nothing
    matches); QueryError when it only excludes."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    joined = negate = False
    for raw in _TOKEN.findall(text):
        if raw in ("OR", "|"):
            joined = bool(groups)
            continue
        if raw in ("AND", "NOT"):
            negate = raw == "NOT"
            continue
        neg = negate or (raw.startswith("-") and len(raw) > 1)
        term = raw[1:] if raw.startswith("-") and len(raw) > 1 else raw
        prefix = term.endswith("*")
        term = term.rstrip("*").strip('"')
        if _WORD.search(term):
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
    return f"({expr}) NOT ({' OR '.join(excluded)})" if excluded else expr


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


_SCHEMA = (
    f"CREATE VIRTUAL TABLE docs USING fts5(title, text, content='', tokenize='{_TOKENIZER}')",
    "CREATE TABLE doc_meta (n INTEGER PRIMARY KEY, id TEXT NOT NULL, date TEXT, outlet TEXT, actors TEXT, "
    "countries TEXT, places TEXT, types TEXT)",
    f"CREATE VIRTUAL TABLE evs USING fts5(evidence, content='', tokenize='{_TOKENIZER}')",
    "CREATE TABLE ev_meta (n INTEGER PRIMARY KEY, article_id TEXT NOT NULL, idx INTEGER NOT NULL, date TEXT, outlet TEXT, "
    "source_code TEXT, target_code TEXT, plover TEXT, cameo TEXT, quad_class INTEGER, loc_name TEXT, loc_country TEXT, "
    "confidence REAL)",
    "CREATE TABLE doc_types (n INTEGER NOT NULL, value TEXT NOT NULL)",
    "CREATE TABLE doc_countries (n INTEGER NOT NULL, value TEXT NOT NULL)",
)
_AFTER = ("CREATE INDEX doc_types_n ON doc_types (n)", "CREATE INDEX doc_countries_n ON doc_countries (n)")
# Articles with what their filters need: codes and countries mentioned, places named, event types (space-delimited).
_ARTICLES_SQL = (
    "SELECT a.id, coalesce(a.title, ''), a.text, a.date, a.source, "
    "(SELECT ' ' || string_agg(DISTINCT m.code, ' ') || ' ' FROM actor_mentions m WHERE m.article_id = a.id), "
    "(SELECT ' ' || string_agg(DISTINCT m.country, ' ') || ' ' FROM actor_mentions m WHERE m.article_id = a.id), "
    "(SELECT ' ' || string_agg(DISTINCT lower(p.name) || '|' || coalesce(p.country, ''), ' ') || ' ' FROM places p "
    "WHERE p.article_id = a.id), "
    "(SELECT ' ' || string_agg(DISTINCT e.plover, ' ') || ' ' FROM events e WHERE e.article_id = a.id) "
    "FROM articles a ORDER BY a.date DESC NULLS LAST, a.id"
)
_EVENTS_SQL = (
    "SELECT evidence, article_id, idx, date, outlet, source_code, target_code, plover, cameo, quad_class, loc_name, "
    "loc_country, confidence FROM events WHERE evidence IS NOT NULL ORDER BY date DESC NULLS LAST, article_id, idx"
)


def build_index(con: Any, target: Path) -> Path:
    """Write the index of the DuckDB store on ``con`` to ``target`` (atomically: a reader never sees half of it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        for statement in _SCHEMA:
            db.execute(statement)
        cur, n, number = con.execute(_ARTICLES_SQL), 0, {}
        while rows := cur.fetchmany(_BATCH):
            db.executemany("INSERT INTO docs (rowid, title, text) VALUES (?, ?, ?)", [(n + i, r[1], r[2]) for i, r in enumerate(rows)])
            db.executemany("INSERT INTO doc_meta VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(n + i, r[0], *r[3:]) for i, r in enumerate(rows)])
            number.update((r[0], n + i) for i, r in enumerate(rows))
            n += len(rows)
        for table, sql in (("doc_types", "SELECT DISTINCT article_id, plover FROM events WHERE plover IS NOT NULL"),
                           ("doc_countries", "SELECT DISTINCT article_id, country FROM actor_mentions WHERE country IS NOT NULL")):
            cur = con.execute(sql)
            while rows := cur.fetchmany(_BATCH * 4):
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(number[a], v) for a, v in rows if a in number])
        cur, n = con.execute(_EVENTS_SQL), 0
        while rows := cur.fetchmany(_BATCH):
            db.executemany("INSERT INTO evs (rowid, evidence) VALUES (?, ?)", [(n + i, r[0]) for i, r in enumerate(rows)])
            db.executemany("INSERT INTO ev_meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(n + i, *r[1:]) for i, r in enumerate(rows)])
            n += len(rows)
        for statement in _AFTER:
            db.execute(statement)
        for table in ("docs", "evs"):
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()
    os.replace(tmp, target)
    return target


def _like_prefix(value: str) -> str:
    return value.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _dates(clauses: list[str], params: list[Any], filters: Mapping[str, Any]) -> None:
    if filters.get("since"):
        clauses.append("k.date >= ?")
        params.append(parse_date(filters["since"], what="since"))
    if filters.get("until"):
        clauses.append("k.date <= ?")
        params.append(until_bound(parse_date(filters["until"], what="until")))


def event_where(filters: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    """The event filters of :class:`~eventlens.store.filters.EventFilters` on the index's ``ev_meta k``
    (the same selection; a test holds the two to it)."""
    c: list[str] = []
    p: list[Any] = []
    pre = "LIKE ? ESCAPE '\\'"
    if filters.get("actor"):
        c.append(f"(k.source_code {pre} OR k.target_code {pre})")
        p += [_like_prefix(filters["actor"])] * 2
    src, tgt = filters.get("source"), filters.get("target")
    if filters.get("direction") == "either" and (src or tgt):
        if src and tgt:
            c.append(f"((k.source_code {pre} AND k.target_code {pre}) OR (k.source_code {pre} AND k.target_code {pre}))")
            p += [_like_prefix(src), _like_prefix(tgt), _like_prefix(tgt), _like_prefix(src)]
        else:
            c.append(f"(k.source_code {pre} OR k.target_code {pre})")
            p += [_like_prefix(src or tgt)] * 2
    else:
        for col, value in (("source_code", src), ("target_code", tgt)):
            if value:
                c.append(f"k.{col} {pre}")
                p.append(_like_prefix(value))
    for col, name in (("plover", "type"), ("quad_class", "quad")):
        if filters.get(name) is not None:
            c.append(f"k.{col} = ?")
            p.append(filters[name].upper() if name == "type" else int(filters[name]))
    if filters.get("cameo"):
        c.append(f"k.cameo {pre}")
        p.append(_like_prefix(filters["cameo"]))
    _dates(c, p, filters)
    if filters.get("place"):
        c.append("(instr(lower(k.loc_name), lower(?)) > 0 OR k.loc_country = ?)")
        p += [filters["place"], filters["place"].upper()]
    if filters.get("outlet"):
        c.append("lower(k.outlet) = lower(?)")
        p.append(filters["outlet"])
    if filters.get("min_confidence") is not None:
        c.append("k.confidence >= ?")
        p.append(float(filters["min_confidence"]))
    return c, p


def article_where(filters: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    """The article filters (outlet, dates, actor mentioned, place named, event type) on ``doc_meta k``."""
    c: list[str] = []
    p: list[Any] = []
    if filters.get("outlet"):
        c.append("lower(k.outlet) = lower(?)")
        p.append(filters["outlet"])
    _dates(c, p, filters)
    if filters.get("actor"):
        c.append("instr(k.actors, ' ' || ?) > 0")
        p.append(filters["actor"].upper())
    if filters.get("place"):
        c.append("(instr(k.places, lower(?)) > 0 OR instr(k.places, '|' || ? || ' ') > 0)")
        p += [filters["place"], filters["place"].upper()]
    if filters.get("type"):
        c.append("instr(k.types, ' ' || ? || ' ') > 0")
        p.append(filters["type"].upper())
    return c, p


# kind -> (FTS table, meta table, score, key columns, filters, facets: name -> (join, value over the hits table h))
_KINDS = {
    "articles": ("docs", "doc_meta", "bm25(docs, 5.0, 1.0)", "k.id", article_where,
                 {"outlet": ("", "h.outlet"), "month": ("", "h.month"),
                  "country": (" JOIN doc_countries f ON f.n = h.n", "f.value"), "type": (" JOIN doc_types f ON f.n = h.n", "f.value")}),
    "events": ("evs", "ev_meta", "bm25(evs)", "k.article_id, k.idx", event_where,
               {"outlet": ("", "h.outlet"), "month": ("", "h.month"), "country": ("", "h.country"), "type": ("", "h.type")}),
}
_HIT_COLUMNS = {"articles": "k.outlet, substr(k.date, 1, 7) AS month",
                "events": "k.outlet, substr(k.date, 1, 7) AS month, k.loc_country AS country, k.plover AS type"}


class SearchIndex:
    """Searches one index file; each thread gets its own read-only SQLite connection."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            db.execute("PRAGMA temp_store = MEMORY")
            self._local.db = db
        return db

    def search(self, kind: str, query: str, filters: Mapping[str, Any], *, limit: int, offset: int) -> dict[str, Any]:
        """Matches of ``query`` under ``filters``: the page's keys, the total, the order used, and the facets.

        The matches are gathered once (a temporary table of this thread's connection); the count, the
        newest-first page and the facets read it; a ranked page asks FTS5 for its best rows."""
        expr = compile_query(query)
        if expr is None:
            return {"keys": [], "scores": [], "total": 0, "order": "relevance", "facets": {}, "facets_timed_out": []}
        fts, meta, score, key, where, _ = _KINDS[kind]
        clauses, params = where(filters)
        base = f"FROM {fts} JOIN {meta} k ON k.n = {fts}.rowid WHERE {fts} MATCH ?" + "".join(f" AND {c}" for c in clauses)
        db = self._db()
        db.execute("DROP TABLE IF EXISTS temp.h")
        try:
            db.execute(f"CREATE TEMP TABLE h AS SELECT k.n AS n, {_HIT_COLUMNS[kind]} {base}", [expr, *params])
            total = db.execute("SELECT count(*) FROM h").fetchone()[0]
            ranked = total <= RANK_LIMIT
            if ranked:
                rows = db.execute(f"SELECT {key}, -{score} {base} ORDER BY {score}, {fts}.rowid LIMIT ? OFFSET ?",
                                  [expr, *params, int(limit), int(offset)]).fetchall()
            else:  # numbered newest first
                rows = db.execute(f"SELECT {key}, 0.0 FROM h JOIN {meta} k ON k.n = h.n ORDER BY h.n LIMIT ? OFFSET ?",
                                  [int(limit), int(offset)]).fetchall()
            facets, late = self._facets(kind)
        finally:
            db.execute("DROP TABLE IF EXISTS temp.h")
        return {"keys": [r[:-1] for r in rows], "scores": [round(float(r[-1]), 4) for r in rows], "total": total,
                "order": "relevance" if ranked else "newest", "facets": facets, "facets_timed_out": late}

    def _facets(self, kind: str) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
        """Counts of the hits by facet within the time budget; the facets that ran out of time are named, not counted."""
        db = self._db()
        deadline = time.perf_counter() + FACET_BUDGET_MS / 1000
        db.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 2000)
        facets: dict[str, list[dict[str, Any]]] = {}
        late: list[str] = []
        try:
            for name, (join, expr) in _KINDS[kind][5].items():
                try:
                    rows = db.execute(f"SELECT {expr} AS value, count(*) AS n FROM h{join} GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
                                      [FACET_SIZE]).fetchall()
                except sqlite3.OperationalError:  # interrupted: out of time
                    late.append(name)
                    continue
                facets[name] = [{"value": v, "count": n} for v, n in rows]
        finally:
            db.set_progress_handler(None, 0)
        return facets, late
