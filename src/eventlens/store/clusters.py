"""Events, not reports, in the store: the ``clusters`` (events) and ``mentions`` tables, kept by the rule in
:mod:`eventlens.dedup`.

Every row of ``events`` is a *report*: one coded event in one article. Reports of one real-world event
share ``events.cluster``, the id of their event in ``clusters`` (GDELT's Events table); ``mentions``
(GDELT's Mentions table) holds one row per report with its article, sentence and offsets.

* :func:`assign_new` clusters every report that has no event yet (the rows a batch just inserted, or
  a backlog): it runs inside the batch's transaction, so a killed ingest loses or doubles nothing, and
  it never moves a report already clustered (a new article joins existing events).
* :func:`rebuild` forgets every event and clusters all reports again, in date order (``recode``, or a
  change of the rule).
* :func:`forget` removes the mentions of articles about to be replaced and refreshes their events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..dedup import RULE_VERSION, Candidate, Report, Settings, assign
from ..dedup.cluster import MAX_CANDIDATES, order

_REPORT_COLS = ("article_id", "idx", "date", "outlet", "source_code", "target_code", "source_text", "target_text", "cameo",
                "negated", "modality", "lat", "lon", "location", "evidence", "trigger", "start", "trigger_start", "cluster")
_SELECT = ", ".join(f'e."{c}"' for c in _REPORT_COLS)
_KEY = "coalesce(substr(e.source_code, 1, 3), ''), coalesce(substr(e.target_code, 1, 3), ''), coalesce(e.cameo_root, '')"
_ORDER = "e.date NULLS LAST, e.article_id, e.idx"  # as dedup.cluster.order
BATCH = 5000  # reports clustered per step of a backlog or a rebuild


def _rows(con: Any, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _candidates(con: Any, new: list[Report], settings: Settings) -> list[Candidate]:
    """Clustered reports in the blocks of ``new`` that may match them: in the same article or dated within the
    window of a new report's date, and the most recent of each block (at most :data:`MAX_CANDIDATES`) that
    are undated, or of any date when a new report is undated (the rule compares those too)."""
    keys = sorted({r.key for r in new})
    days = sorted(d for r in new if (d := r.day) is not None)
    window = dt.timedelta(days=settings.window_days)
    clauses, params = ["e.article_id IN (SELECT unnest(?::VARCHAR[]))"], [sorted({r.article_id for r in new})]
    if days:
        clauses.append("e.date BETWEEN ? AND ?")
        params += [(days[0] - window).isoformat(), (days[-1] + window).isoformat() + "~"]
    _table(con, "_keys", {"s": [k[0] for k in keys], "t": [k[1] for k in keys], "r": [k[2] for k in keys]})
    join = f"SELECT {_SELECT} FROM events e JOIN _keys k ON ({_KEY}) = (k.s, k.t, k.r) WHERE e.cluster IS NOT NULL"
    rows = _rows(con, f"{join} AND ({' OR '.join(clauses)})", params)
    recent = "TRUE" if any(r.day is None for r in new) else "e.date IS NULL"
    rows += _rows(con, f"{join} AND {recent} QUALIFY row_number() OVER (PARTITION BY k.s, k.t, k.r "
                       "ORDER BY e.date DESC NULLS FIRST, e.article_id DESC, e.idx DESC) <= ?", [MAX_CANDIDATES])
    con.execute("DROP TABLE _keys")
    unique = {(r["article_id"], r["idx"]): r for r in rows}
    found = [Candidate(int(r["cluster"]), Report.from_row(r)) for r in unique.values()]
    return sorted(found, key=lambda c: order(c.report))


def _table(con: Any, name: str, columns: dict[str, list[Any]]) -> None:
    """A temporary table ``name`` holding ``columns`` (bulk, through Arrow)."""
    import pyarrow as pa

    con.register("_arrow", pa.table(columns))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _arrow")
    finally:
        con.unregister("_arrow")


def assign_new(con: Any, *, settings: Settings = Settings(), limit: int = BATCH) -> int:
    """Cluster the reports that have no event yet (up to ``limit`` per step, all of them in the end);
    returns how many. Call inside the transaction that wrote them."""
    done = 0
    while True:
        rows = _rows(con, f"SELECT {_SELECT} FROM events e WHERE e.cluster IS NULL ORDER BY {_ORDER} LIMIT ?", [limit])
        if not rows:
            return done
        new = [Report.from_row(r) for r in rows]
        placed = assign(new, _candidates(con, new, settings), settings)
        _write(con, [(a.report.article_id, a.report.idx, a.event_id, a.score) for a in placed])
        done += len(placed)
        if len(rows) < limit:
            return done


def _write(con: Any, placed: list[tuple[str, int, int, float | None]]) -> None:
    """Set ``events.cluster``, add the mentions, refresh the touched events."""
    import pyarrow as pa

    _table(con, "_placed", {"article_id": pa.array([p[0] for p in placed], pa.string()),
                            "idx": pa.array([p[1] for p in placed], pa.int32()),
                            "cluster": pa.array([p[2] for p in placed], pa.int64()),
                            "score": pa.array([p[3] for p in placed], pa.float64())})
    con.execute("UPDATE events SET cluster = p.cluster FROM _placed p WHERE events.article_id = p.article_id AND events.idx = p.idx")
    con.execute(
        'INSERT INTO mentions SELECT p.cluster, e.article_id, e.idx, e.date, e.outlet, e.paragraph, e.sentence, e."start", '
        'e."end", e.trigger_start, e.trigger_end, e.source_start, e.source_end, e.target_start, e.target_end, e.confidence, '
        "p.score, current_timestamp FROM _placed p JOIN events e ON e.article_id = p.article_id AND e.idx = p.idx"
    )
    refresh(con, sorted({p[2] for p in placed}))
    con.execute("DROP TABLE _placed")


def refresh(con: Any, ids: Sequence[int]) -> None:
    """Recompute the ``clusters`` rows of ``ids`` from their reports (an event with none left is removed)."""
    if not ids:
        return
    con.execute("DELETE FROM clusters WHERE id IN (SELECT unnest(?::BIGINT[]))", [list(ids)])
    first = "arg_min({col}, coalesce(e.date, '9999') || e.article_id || lpad(e.idx::VARCHAR, 8, '0'))"
    picked = ", ".join(f"{first.format(col='e.' + c)} AS {c}" for c in (
        "source_code", "target_code", "cameo", "cameo_root", "plover", "quad_class", "goldstein", "negated",
        "loc_name", "loc_country", "lat", "lon", "article_id", "idx"))
    con.execute(
        f"INSERT INTO clusters SELECT e.cluster AS id, {picked}, min(e.date), max(e.date), count(*), "
        "count(DISTINCT e.article_id), count(DISTINCT coalesce(e.outlet, 'article ' || e.article_id)), ?, current_timestamp "
        "FROM events e WHERE e.cluster IN (SELECT unnest(?::BIGINT[])) GROUP BY e.cluster",
        [RULE_VERSION, list(ids)],
    )


def forget(con: Any, article_ids: Sequence[str]) -> None:
    """Before the reports of ``article_ids`` are deleted: drop their mentions and refresh their events."""
    if not article_ids:
        return
    ids = [r[0] for r in con.execute(
        "SELECT DISTINCT cluster FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND cluster IS NOT NULL",
        [list(article_ids)]).fetchall()]
    con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [list(article_ids)])
    con.execute("UPDATE events SET cluster = NULL WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [list(article_ids)])
    refresh(con, ids)


def rebuild(con: Any, *, settings: Settings = Settings()) -> int:
    """Forget every event and cluster all reports again, oldest first; returns the number of reports."""
    con.execute("DELETE FROM mentions")
    con.execute("DELETE FROM clusters")
    con.execute("UPDATE events SET cluster = NULL WHERE cluster IS NOT NULL")
    return assign_new(con, settings=settings)
