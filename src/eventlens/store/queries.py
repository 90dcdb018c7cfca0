"""The one query layer over a store, shared by ``eventlens query`` and the web API.

Every function takes the store (a :class:`~eventlens.store.Store` or a DuckDB
connection) and keyword-only filters, and returns plain lists of dicts (or a
dict) ready for JSON. Every value reaches SQL as a bound parameter; only
fixed identifiers chosen from the constants below are ever formatted in.

The event functions take the filters of :class:`~eventlens.store.filters.EventFilters`
(actor, source, target, direction, type, cameo, quad, since, until, place, text,
outlet, article, min_confidence, rollup); see :mod:`.filters` for what each means.

Counting: ``count="events"`` (the default) counts real-world events, each once
however many reports it has (``events.cluster``, see :mod:`.clusters`);
``count="reports"`` counts every coded report, as before deduplication. Rows say
both: ``events`` is what ``count`` chose, ``reports`` the reports behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from . import rows as R
from .filters import EventFilters, Where, add_dates, order_by, rolled_codes, rollup_map
from .paging import MAX_LIMIT as MAX_LIMIT  # the largest page, for the CLI and the API (Q.MAX_LIMIT)
from .paging import con, fetch, page_sql, paged_total
from .params import QueryError

MEAN_DIGITS = 3  # aggregate figures (means, shares) are rounded as the tone stage rounds its values


def _mean(expr: str) -> str:
    """SQL for the mean of ``expr``, rounded to :data:`MEAN_DIGITS` (no 7.3999999999999995 in answers)."""
    return f"round(avg({expr}), {MEAN_DIGITS})"


COUNTS = ("events", "reports")


def _event_key(row: str = "e.rowid") -> str:
    """What to group an event's reports by: its cluster, or the report itself (``row``: its row id) while it has
    none (a store written without deduplication). Two numbers, not a string built per row, nor the article id,
    whose decoding cost more than the grouping."""
    return f"e.cluster, CASE WHEN e.cluster IS NULL THEN {row} END"


# a report's place among its event's reports: oldest first (undated last), then article and index (unique)
_FIRST = "struct_pack(undated := e.date IS NULL, d := coalesce(e.date, ''), a := e.article_id, i := e.idx, s := {sort})"


def _counting(count: str) -> str:
    if count not in COUNTS:
        raise QueryError(f"count must be one of {', '.join(COUNTS)}, got {count!r}")
    return count


def _n(count: str, where: str = "") -> str:
    """SQL counting events (distinct clusters, and each unclustered report) or reports, optionally ``FILTER``ed."""
    cond = f" AND ({where})" if where else ""
    if _counting(count) == "reports":
        return f"count(*) FILTER (WHERE TRUE{cond})"
    return f"(count(DISTINCT e.cluster) FILTER (WHERE TRUE{cond}) + count(*) FILTER (WHERE e.cluster IS NULL{cond}))"


def _quad_counts(count: str) -> str:
    """Events (or reports) per quad class, as columns quad1..quad4 (events table aliased "e")."""
    return ", ".join(f"{_n(count, f'e.quad_class = {q}')} AS quad{q}" for q in (1, 2, 3, 4))


def _by_group(keys: Mapping[str, str], rows: str, *, columns: tuple[str, ...], report_aggs: str, count: str) -> str:
    """SQL grouping the reports ``rows`` selects (``FROM events e ... WHERE ...``) by ``keys`` (name -> expression):
    per group the ``keys``, ``report_aggs`` (aggregates over its reports, reading ``columns`` of the events
    aliased ``e``), ``events`` (or reports, ``count``) and ``quad1``..``quad4``.

    Counting events, each event's reports in a group are grouped first (is any of them of quad class 1, 2 ...),
    then the events: five distinct counts per group made DuckDB join seven copies of the rows (twice as
    slow on 100k events; tests/store/test_fast_paths.py proves both equal).
    """
    names = ", ".join(keys)
    picked = ", ".join([*(f"{expr} AS {name}" for name, expr in keys.items()), "e.rowid AS _row",
                        *(f"e.{c}" for c in dict.fromkeys(("cluster", "quad_class", *columns)))])
    if _counting(count) == "reports":
        return (f"SELECT {names}, {report_aggs}, {_n(count)} AS events, {_quad_counts(count)} "
                f"FROM (SELECT {picked} {rows}) e GROUP BY {names}")
    flags = ", ".join(f"bool_or(e.quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
    quads = ", ".join(f"count(*) FILTER (WHERE q{q}) AS quad{q}" for q in (1, 2, 3, 4))
    same = " AND ".join(f"_r.{name} IS NOT DISTINCT FROM _v.{name}" for name in keys)
    return (f"WITH _m AS MATERIALIZED (SELECT {picked} {rows}), "
            f"_r AS (SELECT {names}, {report_aggs} FROM _m e GROUP BY {names}), "
            f"_v AS (SELECT {names}, count(*) AS events, {quads} FROM (SELECT {names}, {flags} FROM _m e "
            f"GROUP BY {names}, {_event_key('e._row')}) GROUP BY {names}) "
            f"SELECT _r.*, _v.events, _v.quad1, _v.quad2, _v.quad3, _v.quad4 FROM _r JOIN _v ON {same}")


# one home for running a page of rows (paging.py); the short names keep this module's many call sites readable
_con, _fetch, _page = con, fetch, page_sql


def _scalar(store: Any, sql: str, params: list[Any]) -> Any:
    return _con(store).execute(sql, params).fetchone()[0]


_EVENT_COLUMNS = (
    "article_id", "idx", "date", "outlet", "source_text", "source_code", "target_text", "target_code", "cameo",
    "plover", "quad_class", "goldstein", "negated", "modality", "plover_mode", "paragraph", "sentence", "start",
    "end", "evidence", "trigger", "loc_name", "loc_country", "lat", "lon", "rule", "confidence",
)
_EVENT_SORTS = ("date", "goldstein", "confidence", "source_code", "target_code", "plover", "quad_class", "outlet")


def events(store: Any, /, *, limit: int | None = 100, offset: int = 0, sort: str | None = None, count: str = "events",
           with_total: bool = False, **filters: Any) -> Any:
    """Events with their evidence sentence, newest first (or by ``sort``); filters as :class:`EventFilters`.

    ``count="events"``: one row per event, shown by its first matching report, with ``event_id``,
    ``reports`` (its reports that match the filters) and, for the whole event, ``mentions``,
    ``articles`` and ``sources`` (``reports(event=...)`` lists them all). ``count="reports"``:
    one row per report, with the ``event_id`` it belongs to. ``with_total``: ``{"items": rows,
    "total": n}``, n as :func:`count_events` counts (counting events, from the same query).
    """
    w = EventFilters(**filters).where()
    cols = ", ".join(f'e."{c}"' for c in _EVENT_COLUMNS)
    order = order_by(sort, allowed=_EVENT_SORTS, default="e.date DESC NULLS LAST, e.article_id, e.idx",
                     tie="e.article_id, e.idx")
    total = None
    if _counting(count) == "reports":
        page = _fetch(store, *_page(f"SELECT {cols}, e.cluster AS event_id FROM events e{w.sql()}{order}", w.params, limit, offset))
    else:
        page = _first_reports(store, w, cols=cols, sort=sort, order=order, limit=limit, offset=offset, with_total=with_total)
        total = page[0]["_total"] if page and with_total else None
        for row in page if with_total else ():
            del row["_total"]
    rows = _with_articles(store, page, totals=count == "events")
    if not with_total:
        return rows
    if total is None:  # counting reports, or a page past the end (no row to carry the count)
        total = count_events(store, count=count, **filters)
    return {"items": rows, "total": int(total)}


def _first_reports(store: Any, w: Where, *, cols: str, sort: str | None, order: str, limit: int | None,
                   offset: int, with_total: bool) -> list[dict[str, Any]]:
    """One page of events, each shown by its first matching report, with ``reports``: its matching reports
    (and, ``with_total``, ``_total``: how many events match, a window over the groups).

    The events are grouped (a hash aggregate keeping each one's first report and the value it sorts by), the
    page is chosen among the groups, and only the page's reports are read again; numbering every matching
    report in a window over the events cost two to three times as much on 100k events (tests/store prove both
    equal).
    """
    col = (sort or "date").lstrip("-")  # checked by the caller's order_by
    groups = (f"SELECT min({_FIRST.format(sort=f'e.{col}')}) AS k, count(*) AS reports FROM events e{w.sql()} "
              f"GROUP BY {_event_key()}")
    total = ", count(*) OVER () AS _total" if with_total else ""
    firsts = f'SELECT k.a AS article_id, k.i AS idx, k.s AS "{col}", reports{total} FROM ({groups})'
    page_order = order_by(sort, allowed=_EVENT_SORTS, default='"date" DESC NULLS LAST, article_id, idx', tie="article_id, idx")
    inner, params = _page(firsts + page_order, w.params, limit, offset)
    # the filters again: the page's reports match them, and the scan reads the other columns of matching rows only
    sql = (f"WITH p AS ({inner}) SELECT {cols}, e.cluster AS event_id, p.reports{', p._total' if with_total else ''} FROM p "
           f"JOIN events e ON e.article_id = p.article_id AND e.idx = p.idx{w.sql()}{order}")
    return _fetch(store, sql, [*params, *w.params])


def _with_articles(store: Any, page: list[dict[str, Any]], *, totals: bool) -> list[dict[str, Any]]:
    """The page's rows with their article's title and URL (and, with ``totals``, their event's counts)."""
    # Title and URL come from a second, small lookup: joining the articles
    # first made every matching event (not just the page) pay for the join.
    ids = sorted({row["article_id"] for row in page})
    found: dict[str, tuple[Any, Any]] = {}
    if ids:
        marks = ", ".join("?" * len(ids))
        cur = _con(store).execute(f"SELECT id, title, url FROM articles WHERE id IN ({marks})", ids)
        found = {aid: (title, url) for aid, title, url in cur.fetchall()}
    sizes: dict[int, tuple[Any, Any, Any]] = {}
    events = sorted({row["event_id"] for row in page if row["event_id"] is not None})
    if totals and events:
        cur = _con(store).execute("SELECT id, num_mentions, num_articles, num_sources FROM clusters "
                                  "WHERE id IN (SELECT unnest(?::BIGINT[]))", [events])
        sizes = {i: (m, a, s) for i, m, a, s in cur.fetchall()}
    out = []
    for row in page:
        if row["article_id"] in found:  # an inner join: an event without its article is not listed
            title, url = found[row["article_id"]]
            extra = {"title": title, "url": url}
            if totals:
                m, a, s = sizes.get(row["event_id"], (1, 1, 1))
                extra |= {"mentions": m, "articles": a, "sources": s}
            out.append(row | extra)
    return out


def count_events(store: Any, /, *, count: str = "events", **filters: Any) -> int:
    """How many events (or reports, ``count="reports"``) match the filters of :func:`events` (for pagination)."""
    filters.pop("sort", None)
    w = EventFilters(**filters).where()
    return _scalar(store, f"SELECT {_n(count)} FROM events e{w.sql()}", w.params)


_DYAD_SORTS = ("source", "target", "events", "reports", "articles", "goldstein_mean", "tone_mean", "quad1", "quad2", "quad3",
               "quad4", "first_date", "last_date")


def _dyad_sql(store: Any, f: EventFilters, count: str) -> tuple[str, str, list[Any]]:
    """(CTE, the SELECT grouping the matching events by pair, parameters)."""
    w = f.where()
    w.add("e.source_code IS NOT NULL AND e.target_code IS NOT NULL")
    r = rolled_codes(store, {"source": "e.source_code", "target": "e.target_code"}, rollup=f.rollup)
    groups = _by_group(
        {"source": r.exprs["source"], "target": r.exprs["target"]}, f"FROM events e{r.joins}{w.sql()}",
        columns=("article_id", "goldstein", "tone", "date"), count=count,
        report_aggs=(f"count(*) AS reports, count(DISTINCT e.article_id) AS articles, {_mean('e.goldstein')} AS goldstein_mean, "
                     f"{_mean('e.tone')} AS tone_mean, min(e.date) AS first_date, max(e.date) AS last_date"))
    sql = ("SELECT source, target, events, reports, articles, goldstein_mean, tone_mean, quad1, quad2, quad3, quad4, "
           f"first_date, last_date FROM ({groups})")
    return r.cte, sql, [*r.params, *w.params]


def dyads(store: Any, /, *, limit: int | None = 100, offset: int = 0, sort: str | None = None, with_total: bool = False,
          count: str = "events", **filters: Any) -> Any:
    """Directed (source, target) pairs: events (or reports, ``count``), reports, articles, mean Goldstein,
    mean article tone, counts by quad class.

    The tone is each event's article tone (``events.tone``, schema v2), so the
    aggregate reads the events table alone; means are over reports. With ``rollup`` sub-codes count
    under their country (``USAGOV`` as ``USA``). ``with_total``: ``{"items": rows, "total": pairs in all}``.
    """
    cte, sql, params = _dyad_sql(store, EventFilters(**filters), count)
    order = order_by(sort, allowed=_DYAD_SORTS, default="events DESC, source, target", tie="source, target")
    if with_total:
        return paged_total(store, sql, params, order=order, limit=limit, offset=offset, cte=cte)
    return _fetch(store, *_page(cte + sql + order, params, limit, offset))


def count_dyads(store: Any, /, *, count: str = "events", **filters: Any) -> dict[str, Any]:
    """How many dyads match, and their events (the totals behind a page of :func:`dyads`)."""
    filters.pop("sort", None)
    cte, sql, params = _dyad_sql(store, EventFilters(**filters), count)
    row = _con(store).execute(f"{cte}SELECT count(*), coalesce(sum(events), 0) FROM ({sql})", params).fetchone()
    return {"rows": row[0], "events": int(row[1])}


def timeline(store: Any, /, *, interval: str = "month", count: str = "events", limit: int | None = None, offset: int = 0,
             **filters: Any) -> list[dict[str, Any]]:
    """Events (or reports) per period (``day``, ``week``, ``month``, ``quarter`` or ``year``) and quad class, with
    mean Goldstein; undated events are left out. Counting events, an event is counted once, in the period of its
    first matching report (a story followed for a week is one event, not seven). Periods without events are
    absent here; :func:`eventlens.store.series.series` gives a continuous axis."""
    from .series import period_sql

    w = EventFilters(**filters).where()
    w.add("e.date IS NOT NULL")
    if _counting(count) == "reports":
        sql = (
            f"SELECT {period_sql(interval)} AS period, e.quad_class, count(*) AS events, count(*) AS reports, "
            f"{_mean('e.goldstein')} AS goldstein_mean FROM events e{w.sql()} GROUP BY 1, 2 ORDER BY 1, 2"
        )
    else:
        sql = (
            f"SELECT {period_sql(interval, 'first')} AS period, quad_class, count(*) AS events, sum(n)::BIGINT AS reports, "
            f"{_mean('g')} AS goldstein_mean FROM (SELECT min(e.date) AS first, "
            f"arg_min(e.quad_class, e.date) AS quad_class, avg(e.goldstein) AS g, count(*) AS n FROM events e{w.sql()} "
            f"GROUP BY {_event_key()}) GROUP BY 1, 2 ORDER BY 1, 2"
        )
    return _fetch(store, *_page(sql, w.params, limit, offset))


def summary(store: Any, /, *, count: str = "events", **filters: Any) -> dict[str, Any]:
    """The events matching the filters in figures: events (or reports, ``count``), reports, articles, dyads,
    outlets, dates, mean Goldstein and tone."""
    f = EventFilters(**filters)
    w = f.where()
    r = rolled_codes(store, {"source": "e.source_code", "target": "e.target_code"}, rollup=f.rollup)
    # the matching reports are read once (the roll-up map holds each code once: its joins add no row)
    m = (f"_m AS MATERIALIZED (SELECT e.cluster, e.article_id, e.outlet, e.date, e.goldstein, e.tone, "
         f"CASE WHEN e.source_code IS NOT NULL AND e.target_code IS NOT NULL THEN {r.exprs['source']} || '>' || "
         f"{r.exprs['target']} END AS pair FROM events e{r.joins}{w.sql()})")
    row = _con(store).execute(
        f"{r.cte.rstrip() + ',' if r.cte else 'WITH'} {m} "
        f"SELECT {_n(count)}, count(DISTINCT e.article_id), count(DISTINCT e.pair), count(DISTINCT e.outlet), min(e.date), "
        f"max(e.date), {_mean('e.goldstein')}, count(*), (SELECT {_mean('tone')} FROM (SELECT DISTINCT article_id, tone FROM _m)) "
        "FROM _m e", [*r.params, *w.params]).fetchone()
    keys = ("events", "articles", "dyads", "outlets", "first_date", "last_date", "goldstein_mean", "reports", "tone_mean")
    return dict(zip(keys, row))


_ACTOR_SORTS = ("code", "name", "mentions", "articles", "as_source", "as_target")


def actors(
    store: Any, /, *, actor: str | None = None, text: str | None = None, outlet: str | None = None,
    since: str | None = None, until: str | None = None, rollup: bool = False, sort: str | None = None,
    limit: int | None = 100, offset: int = 0,
) -> list[dict[str, Any]]:
    """Actor codes by mentions: name, mentions, articles, events as source and as target (``rollup``: by country)."""
    w = Where()
    if actor:
        w.add("starts_with(m.code, ?)", actor.upper())
    if text:
        w.add("(contains(lower(m.name), lower(?)) OR contains(lower(m.text), lower(?)))", text, text)
    if outlet:
        w.add("lower(a.source) = lower(?)", outlet)
    add_dates(w, "a.date", since, until)
    mapping = rollup_map(store) if rollup else None
    r = rolled_codes(store, {"code": "m.code"}, rollup=rollup, mapping=mapping)
    rs = rolled_codes(store, {"code": "source_code"}, rollup=rollup, mapping=mapping)
    rt = rolled_codes(store, {"code": "target_code"}, rollup=rollup, mapping=mapping)
    roll = "_roll AS (SELECT unnest(?::VARCHAR[]) AS code, unnest(?::VARCHAR[]) AS rolled), " if rollup else ""
    sql = (
        f"WITH {roll}m AS (SELECT {r.exprs['code']} AS code, m.name, m.text, m.article_id FROM actor_mentions m{r.joins} "
        f"JOIN articles a ON a.id = m.article_id{w.sql()}), "
        "agg AS (SELECT code, mode(coalesce(name, text)) AS name, count(*) AS mentions, count(DISTINCT article_id) AS articles "
        "FROM m WHERE code IS NOT NULL GROUP BY code) "
        "SELECT agg.*, coalesce(s.n, 0) AS as_source, coalesce(t.n, 0) AS as_target FROM agg "
        f"LEFT JOIN (SELECT {rs.exprs['code']} AS code, count(*) AS n FROM events{rs.joins} GROUP BY 1) s USING (code) "
        f"LEFT JOIN (SELECT {rt.exprs['code']} AS code, count(*) AS n FROM events{rt.joins} GROUP BY 1) t USING (code)"
        + order_by(sort, allowed=_ACTOR_SORTS, default="mentions DESC, code", tie="code")
    )
    return _fetch(store, *_page(sql, [*r.params, *w.params], limit, offset))


_PLACE_SORTS = ("name", "country", "events", "reports", "articles", "goldstein_mean", "quad1", "quad2", "quad3", "quad4")


def _places_sql(f: EventFilters, count: str) -> tuple[str, list[Any]]:
    w = f.where()
    w.add("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    groups = _by_group(
        {"name": "e.loc_name", "country": "e.loc_country", "lat": "e.lat", "lon": "e.lon"}, f"FROM events e{w.sql()}",
        columns=("article_id", "goldstein"), count=count,
        report_aggs=f"count(*) AS reports, count(DISTINCT e.article_id) AS articles, {_mean('e.goldstein')} AS goldstein_mean")
    sql = f"SELECT name, country, lat, lon, events, reports, articles, goldstein_mean, quad1, quad2, quad3, quad4 FROM ({groups})"
    return sql, w.params


def places(store: Any, /, *, limit: int | None = 500, offset: int = 0, sort: str | None = None, with_total: bool = False,
           count: str = "events", **filters: Any) -> Any:
    """Event locations (for the map): name, country, lat/lon, events, mean Goldstein, counts by quad class,
    and ``precision``: what the point stands for (``city``, ``admin1``, ``admin2``, ``region``, ``country``
    centroid, or ``unknown``), from the gazetteer entry the place was resolved to."""
    sql, params = _places_sql(EventFilters(**filters), count)
    order = order_by(sort, allowed=_PLACE_SORTS, default="events DESC, name", tie="name, country")
    if with_total:
        found = paged_total(store, sql, params, order=order, limit=limit, offset=offset)
        return found | {"items": _with_precision(store, found["items"])}
    return _with_precision(store, _fetch(store, *_page(sql + order, params, limit, offset)))


def count_places(store: Any, /, *, count: str = "events", **filters: Any) -> dict[str, Any]:
    """How many located places match, and their events."""
    filters.pop("sort", None)
    sql, params = _places_sql(EventFilters(**filters), count)
    row = _con(store).execute(f"SELECT count(*), coalesce(sum(events), 0) FROM ({sql})", params).fetchone()
    return {"rows": row[0], "events": int(row[1])}


def _with_precision(store: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with ``precision``: the kind of gazetteer entry its place was resolved to (looked up for these rows only)."""
    from ..geo.resolve import feature_kind

    names = sorted({r["name"] for r in rows if r.get("name")})
    kinds: dict[tuple[Any, Any], str] = {}
    if names:
        found = _con(store).execute(
            "SELECT name, country, any_value(feature_class), any_value(feature_code) FROM places "
            "WHERE name IN (SELECT unnest(?::VARCHAR[])) AND (feature_class IS NOT NULL OR feature_code IS NOT NULL) "
            "GROUP BY 1, 2", [names]).fetchall()
        kinds = {(name, country): feature_kind(fc, fcode) for name, country, fc, fcode in found}
    for r in rows:
        r["precision"] = kinds.get((r.get("name"), r.get("country")), "unknown")
    return rows


def mentioned_places(
    store: Any, /, *, place: str | None = None, outlet: str | None = None, since: str | None = None,
    until: str | None = None, limit: int | None = 500, offset: int = 0,
) -> list[dict[str, Any]]:
    """Toponyms mentioned in articles (whether or not an event happened there), by mentions."""
    w = Where()
    if place:
        w.add("(contains(lower(p.name), lower(?)) OR p.country = ?)", place, place.upper())
    if outlet:
        w.add("lower(a.source) = lower(?)", outlet)
    add_dates(w, "a.date", since, until)
    sql = (
        "SELECT p.name, p.country, p.lat, p.lon, p.geonameid, count(*) AS mentions, count(DISTINCT p.article_id) AS articles "
        f"FROM places p JOIN articles a ON a.id = p.article_id{w.sql()} GROUP BY 1, 2, 3, 4, 5 ORDER BY mentions DESC, p.name"
    )
    return _fetch(store, *_page(sql, w.params, limit, offset))


def _article_where(*, text: str | None, outlet: str | None, since: str | None, until: str | None,
                   actor: str | None, place: str | None) -> Where:
    w = Where()
    if text:
        w.add("(contains(lower(a.title), lower(?)) OR contains(lower(a.text), lower(?)))", text, text)
    if outlet:
        w.add("lower(a.source) = lower(?)", outlet)
    add_dates(w, "a.date", since, until)
    if actor:
        w.add("a.id IN (SELECT article_id FROM actor_mentions WHERE starts_with(code, ?))", actor.upper())
    if place:
        w.add("a.id IN (SELECT article_id FROM places WHERE contains(lower(name), lower(?)) OR country = ?)", place, place.upper())
    return w


def articles(
    store: Any, /, *, text: str | None = None, outlet: str | None = None, since: str | None = None,
    until: str | None = None, actor: str | None = None, place: str | None = None,
    limit: int | None = 50, offset: int = 0,
) -> list[dict[str, Any]]:
    """Articles (newest first) with counts, tone and a snippet; ``text`` searches title and body."""
    w = _article_where(text=text, outlet=outlet, since=since, until=until, actor=actor, place=place)
    sql = (
        "SELECT a.id, a.title, a.date, a.source, a.url, a.n_chars, left(a.text, 240) AS snippet, t.tone, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
        "(SELECT count(*) FROM actor_mentions m WHERE m.article_id = a.id) AS actors, "
        "(SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id AND p.departure_flagged) AS flagged_paragraphs "
        f"FROM articles a LEFT JOIN article_tone t ON t.article_id = a.id{w.sql()} "
        "ORDER BY a.date DESC NULLS LAST, a.id"
    )
    return _fetch(store, *_page(sql, w.params, limit, offset))


def count_articles(store: Any, /, *, text: str | None = None, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, actor: str | None = None, place: str | None = None) -> int:
    """How many articles match the filters of :func:`articles`."""
    w = _article_where(text=text, outlet=outlet, since=since, until=until, actor=actor, place=place)
    return _con(store).execute(f"SELECT count(*) FROM articles a{w.sql()}", w.params).fetchone()[0]


def article(store: Any, /, id: str) -> dict[str, Any] | None:
    """The full analysis of one article, in the ``Analysis.to_dict()`` shape, or None when absent."""
    con = _con(store)
    found: dict[str, list[dict[str, Any]]] = {}
    for table in R.TABLES:
        key = "id" if table == "articles" else "article_id"
        order = " ORDER BY paragraph NULLS FIRST, idx" if table == "actor_tone" else (
            " ORDER BY paragraph" if table == "frames" else (" ORDER BY idx" if table != "articles" and table != "article_tone" else ""))
        found[table] = _fetch(con, f'SELECT * FROM "{table}" WHERE {key} = ?{order}', [id])
        if table == "articles" and not found[table]:
            return None
    return R.analysis_from_rows(found)


def frames_by_outlet_month(
    store: Any, /, *, outlet: str | None = None, frame: str | None = None, since: str | None = None,
    until: str | None = None, limit: int | None = None, offset: int = 0,
) -> list[dict[str, Any]]:
    """Per outlet and month: paragraphs carrying each frame, their mean score and share of the month's paragraphs."""
    scope = Where()  # the articles asked about: the totals need only theirs
    if outlet:
        scope.add("lower(a.source) = lower(?)", outlet)
    add_dates(scope, "a.date", since, until)
    w = Where(list(scope.clauses), list(scope.params))
    if frame:
        w.add("f.frame = ?", frame)
    sql = (
        "WITH totals AS (SELECT a.source AS outlet, substr(a.date, 1, 7) AS month, count(*) AS n "
        f"FROM paragraphs p JOIN articles a ON a.id = p.article_id{scope.sql()} GROUP BY 1, 2) "
        "SELECT a.source AS outlet, substr(a.date, 1, 7) AS month, f.frame, count(*) AS paragraphs, "
        f"{_mean('f.score')} AS score_mean, round(count(*) / any_value(totals.n), {MEAN_DIGITS}) AS share "
        "FROM frames f JOIN articles a ON a.id = f.article_id "
        "JOIN totals ON totals.outlet IS NOT DISTINCT FROM a.source AND totals.month IS NOT DISTINCT FROM substr(a.date, 1, 7)"
        f"{w.sql()} GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2 NULLS LAST, paragraphs DESC, f.frame"
    )
    return _fetch(store, *_page(sql, [*scope.params, *w.params], limit, offset))


def actor_tone_by_outlet_month(
    store: Any, /, *, actor: str | None = None, outlet: str | None = None, since: str | None = None,
    until: str | None = None, limit: int | None = None, offset: int = 0,
) -> list[dict[str, Any]]:
    """Per outlet, month and actor: article-level sentiment toward the actor (mean score, counts by label)."""
    w = Where()
    w.add("t.paragraph IS NULL")
    if actor:
        w.add("starts_with(t.code, ?)", actor.upper())
    if outlet:
        w.add("lower(a.source) = lower(?)", outlet)
    add_dates(w, "a.date", since, until)
    sql = (
        "SELECT a.source AS outlet, substr(a.date, 1, 7) AS month, t.code, count(*) AS articles, "
        f"sum(coalesce(t.n, 1)) AS mentions, {_mean('t.score')} AS score_mean, "
        "count(*) FILTER (WHERE t.sentiment IN ('negative', '-1')) AS negative, "
        "count(*) FILTER (WHERE t.sentiment IN ('neutral', '0')) AS neutral, "
        "count(*) FILTER (WHERE t.sentiment IN ('positive', '1')) AS positive "
        f"FROM actor_tone t JOIN articles a ON a.id = t.article_id{w.sql()} "
        "GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2 NULLS LAST, articles DESC, t.code"
    )
    return _fetch(store, *_page(sql, w.params, limit, offset))


def errors(
    store: Any, /, *, file: str | None = None, stage: str | None = None, limit: int | None = 100, offset: int = 0,
) -> list[dict[str, Any]]:
    """Quarantined records and warnings: file, position, reason, stage (read, analyse, warning), run, when."""
    w = Where()
    if file:
        w.add("contains(file, ?)", file)
    if stage:
        w.add("stage = ?", stage)
    # 'line 2' before 'line 10': positions sort by their kind, then their number
    order = "file, regexp_replace(position, '[0-9]+', ''), TRY_CAST(regexp_extract(position, '[0-9]+') AS BIGINT), position"
    sql = f"SELECT file, position, reason, stage, run_id, created_at FROM quarantine{w.sql()} ORDER BY {order}"
    return _fetch(store, *_page(sql, w.params, limit, offset))


def runs(store: Any, /, *, limit: int | None = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Ingest and recode runs, newest first (status, counts, the pipeline settings in ``options``)."""
    return _fetch(store, *_page("SELECT * FROM ingest_runs ORDER BY started_at DESC", [], limit, offset))


def overview(store: Any, /, *, top: int = 10) -> dict[str, Any]:
    """Counts (``events``: real-world events, ``reports``: coded reports), date range, top dyads, events by quad
    class and by month."""
    con = _con(store)
    counts = {
        table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in ("articles", "actor_mentions", "places", "paragraphs")
    }
    counts["events"], counts["reports"] = con.execute(f"SELECT {_n('events')}, count(*) FROM events e").fetchone()
    counts["quarantine"], counts["warnings"] = con.execute(
        "SELECT count(*) FILTER (WHERE stage IS DISTINCT FROM 'warning'), count(*) FILTER (WHERE stage = 'warning') FROM quarantine"
    ).fetchone()
    first, last, outlets = con.execute("SELECT min(date), max(date), count(DISTINCT source) FROM articles").fetchone()
    counts["actors"] = con.execute("SELECT count(DISTINCT code) FROM actor_mentions").fetchone()[0]
    counts["outlets"] = outlets
    by_quad = _fetch(con, f"SELECT e.quad_class, {_n('events')} AS events, count(*) AS reports, {_mean('e.goldstein')} AS goldstein_mean "
                          "FROM events e GROUP BY 1 ORDER BY 1", [])
    return {
        "counts": counts,
        "first_date": first,
        "last_date": last,
        "top_dyads": dyads(con, limit=top),
        "by_quad": by_quad,
        "timeline": timeline(con, interval="month"),
        "flagged_paragraphs": con.execute("SELECT count(*) FROM paragraphs WHERE departure_flagged").fetchone()[0],
    }


def _more() -> dict[str, Any]:
    from . import outlets as O
    from . import series as S

    return {"series": S.series, "pair": S.pair_series, "outlets": O.outlets, "coverage": O.coverage, "attention": O.attention}
def reports(store: Any, /, *, event: int | None = None, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Every report of one event (``event``: the ``event_id`` of :func:`events`), oldest first: article, outlet,
    date, the evidence sentence, its offsets, and the score with which it joined the event (None for the
    report that began it). Without ``event``, the reports of every event, event by event (GDELT's mentions)."""
    sql = (
        'SELECT e.cluster AS event_id, e.article_id, e.idx, e.date, e.outlet, a.title, a.url, e.source_code, e.source_text, '
        'e.target_code, e.target_text, e.cameo, e.plover, e.modality, e.negated, e.paragraph, e.sentence, e."start", e."end", '
        f"e.trigger, e.trigger_start, e.trigger_end, e.evidence, round(m.score, {MEAN_DIGITS}) AS score "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN mentions m ON m.article_id = e.article_id AND m.idx = e.idx "
        + ("WHERE e.cluster = ? " if event is not None else "")
        + "ORDER BY e.cluster NULLS LAST, e.date NULLS LAST, e.article_id, e.idx"
    )
    return _fetch(store, *_page(sql, [event] if event is not None else [], limit, offset))


def event(store: Any, /, id: int) -> dict[str, Any] | None:
    """One event (its ``clusters`` row) with all its reports, or None."""
    found = _fetch(store, "SELECT * FROM clusters WHERE id = ?", [id])
    if not found:
        return None
    return found[0] | {"reports": reports(store, event=id, limit=None)}


QUERIES: Mapping[str, Any] = MappingProxyType({
    **_more(),
    "events": events, "dyads": dyads, "actors": actors, "timeline": timeline, "places": places,
    "mentioned-places": mentioned_places, "articles": articles, "frames": frames_by_outlet_month,
    "actor-tone": actor_tone_by_outlet_month, "errors": errors, "runs": runs, "reports": reports,
})
