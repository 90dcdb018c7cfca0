"""Outlets: who covers what, in what tone, and when.

An article's outlet is its source field, or, when a record has none, the domain
of its URL (filled when it is read: :mod:`eventlens.ingest.urls`). Every function
takes the event filters of :class:`~eventlens.store.filters.EventFilters`: an
outlet counts the articles and events that match them.
"""

from __future__ import annotations

from typing import Any

from .filters import EventFilters, Where, add_dates, order_by, rolled_codes, rollup_map
from .paging import paged_total
from .series import period_sql, periods

_DIGITS = 3
_SORTS = ("outlet", "events", "articles", "all_articles", "share", "tone_mean", "goldstein_mean", "first_date", "last_date")


def _con(store: Any) -> Any:
    return getattr(store, "con", store)


def _fetch(store: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = _con(store).execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _outlets_sql(f: EventFilters) -> tuple[str, list[Any]]:
    w = f.where()
    every = Where()
    add_dates(every, "a.date", f.since, f.until)
    sql = (
        "WITH m AS (SELECT e.outlet, count(*) AS events, count(DISTINCT e.article_id) AS articles, "
        f"round(avg(e.goldstein), {_DIGITS}) AS goldstein_mean, min(e.date) AS first_date, max(e.date) AS last_date "
        f"FROM events e{w.sql()} GROUP BY 1), "
        "t AS (SELECT outlet, round(avg(tone), 3) AS tone_mean FROM (SELECT DISTINCT e.outlet, e.article_id, e.tone "
        f"FROM events e{w.sql()}) GROUP BY 1), "
        f"n AS (SELECT a.source AS outlet, count(*) AS all_articles FROM articles a{every.sql()} GROUP BY 1) "
        "SELECT m.outlet, m.events, m.articles, coalesce(n.all_articles, 0) AS all_articles, "
        "round(m.articles / nullif(n.all_articles, 0), 4) AS share, t.tone_mean, m.goldstein_mean, m.first_date, m.last_date "
        "FROM m LEFT JOIN t ON t.outlet IS NOT DISTINCT FROM m.outlet LEFT JOIN n ON n.outlet IS NOT DISTINCT FROM m.outlet"
    )
    return sql, [*w.params, *w.params, *every.params]


def outlets(store: Any, /, *, limit: int | None = 100, offset: int = 0, sort: str | None = None, with_total: bool = False,
            **filters: Any) -> Any:
    """Per outlet: matching events and articles, all its articles in the date range, the share that match,
    mean article tone and Goldstein, first and last date. Most events first (or by ``sort``)."""
    sql, params = _outlets_sql(EventFilters(**filters))
    order = order_by(sort, allowed=_SORTS, default="events DESC, outlet NULLS LAST", tie="outlet NULLS LAST")
    found = paged_total(store, sql, params, order=order, limit=limit, offset=offset)
    return found if with_total else found["items"]


def count_outlets(store: Any, /, **filters: Any) -> dict[str, Any]:
    filters.pop("sort", None)
    sql, params = _outlets_sql(EventFilters(**filters))
    rows, events = _con(store).execute(f"SELECT count(*), coalesce(sum(events), 0) FROM ({sql})", params).fetchone()
    return {"rows": rows, "events": int(events)}


def _coverage_sql(store: Any, f: EventFilters) -> tuple[str, str, list[Any]]:
    """(CTE, the SELECT counting events per outlet and actor, parameters)."""
    w = f.where()
    mapping = rollup_map(store) if f.rollup else None
    rs = rolled_codes(store, {"code": "e.source_code"}, rollup=f.rollup, mapping=mapping)
    rt = rolled_codes(store, {"code": "e.target_code"}, rollup=f.rollup, mapping=mapping)
    sql = (
        f"SELECT outlet, code, count(*) AS events, count(DISTINCT article_id) AS articles, round(avg(goldstein), {_DIGITS}) "
        f"AS goldstein_mean FROM (SELECT e.outlet, {rs.exprs['code']} AS code, e.article_id, e.goldstein FROM events e{rs.joins}{w.sql()} "
        f"UNION ALL SELECT e.outlet, {rt.exprs['code']} AS code, e.article_id, e.goldstein FROM events e{rt.joins}{w.sql()}) "
        "WHERE code IS NOT NULL GROUP BY 1, 2"
    )
    params = [*rs.params, *w.params, *w.params]
    if f.actor:  # only the actor asked about, not its partners
        sql = f"SELECT * FROM ({sql}) WHERE starts_with(code, ?)"
        params.append(f.actor.upper()[:3] if f.rollup else f.actor.upper())
    return rs.cte, sql, params


def coverage(store: Any, /, *, limit: int | None = 100, offset: int = 0, sort: str | None = None, with_total: bool = False,
             **filters: Any) -> Any:
    """Who covers whom: per (outlet, actor code) the matching events naming the actor on either side, and their
    articles (``rollup`` counts sub-codes under their country). With ``actor`` set: the outlets covering it most."""
    cte, sql, params = _coverage_sql(store, EventFilters(**filters))
    order = order_by(sort, allowed=("outlet", "code", "events", "articles", "goldstein_mean"),
                     default="events DESC, outlet NULLS LAST, code", tie="outlet NULLS LAST, code")
    found = paged_total(store, sql, params, order=order, limit=limit, offset=offset, cte=cte)
    return found if with_total else found["items"]


def attention(store: Any, /, *, interval: str = "month", top: int = 8, **filters: Any) -> list[dict[str, Any]]:
    """Attention over time: per period and outlet (the ``top`` outlets by matching articles), the matching
    articles and events, on a continuous axis (empty periods are zero)."""
    f = EventFilters(**filters)
    w = f.where()
    w.add("e.date IS NOT NULL")
    leaders = [r[0] for r in _con(store).execute(
        f"SELECT e.outlet FROM events e{w.sql()} GROUP BY 1 ORDER BY count(DISTINCT e.article_id) DESC, 1 NULLS LAST LIMIT ?",
        [*w.params, int(top)]).fetchall()]
    if not leaders:
        return []
    per = period_sql(interval)
    rows = _con(store).execute(
        f"SELECT {per} AS period, e.outlet, count(DISTINCT e.article_id), count(*), min(e.date), max(e.date) "
        f"FROM events e{w.sql()} AND list_contains(?, e.outlet) GROUP BY 1, 2", [*w.params, [o for o in leaders if o is not None]]
    ).fetchall()
    found = {(p, o): (a, n) for p, o, a, n, _, _ in rows}
    lo, hi = _con(store).execute(f"SELECT min(e.date), max(e.date) FROM events e{w.sql()}", w.params).fetchone()
    first, last = f.since or lo, f.until or hi  # the axis of every matching event, as the other charts have
    if first is None or last is None:
        return []
    out = []
    for period in periods(interval, first, last):
        for outlet in leaders:
            if outlet is None:
                continue
            articles, events = found.get((period, outlet), (0, 0))
            out.append({"period": period, "outlet": outlet, "articles": articles, "events": events})
    return out
