"""Search results with counts and facets, Datasette-style.

Articles and events found by the full-text index (:mod:`.search`) arrive as keys with
a relevance score; these functions page through them under the other filters,
count them, and count them by facet (outlet, month, country, event type), so an
analyst sees how the results split before narrowing them. Without a search
(``ids`` None) every article or event that passes the filters is a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .filters import EventFilters, Where, add_dates

FACET_SIZE = 10
ARTICLE_FACETS = ("outlet", "month", "country", "type")
EVENT_FACETS = ("outlet", "month", "country", "type")


def _con(store: Any) -> Any:
    return getattr(store, "con", store)


def _fetch(store: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = _con(store).execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


# ---------------------------------------------------------------- articles
def _article_base(ids: Sequence[str] | None, scores: Sequence[float] | None, *, outlet: str | None = None,
                  since: str | None = None, until: str | None = None, actor: str | None = None,
                  place: str | None = None, type: str | None = None) -> tuple[str, list[Any]]:
    """``FROM ...`` of the matching articles (aliased ``a``, relevance ``m.score``) with its parameters."""
    w = Where()
    if outlet:
        w.add("lower(a.source) = lower(?)", outlet)
    add_dates(w, "a.date", since, until)
    if actor:
        w.add("a.id IN (SELECT article_id FROM actor_mentions WHERE starts_with(code, ?))", actor.upper())
    if place:
        w.add("a.id IN (SELECT article_id FROM places WHERE contains(lower(name), lower(?)) OR country = ?)", place, place.upper())
    if type:
        w.add("a.id IN (SELECT article_id FROM events WHERE plover = ?)", type.upper())
    if ids is None:
        return f" FROM articles a{w.sql()}", w.params
    join = " FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::DOUBLE[]) AS score) m JOIN articles a ON a.id = m.id"
    return join + w.sql(), [list(ids), list(scores or [0.0] * len(ids)), *w.params]


def search_articles(store: Any, /, *, ids: Sequence[str] | None = None, scores: Sequence[float] | None = None,
                    limit: int = 25, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """A page of matching articles: most relevant first when searched, else newest first."""
    base, params = _article_base(ids, scores, **filters)
    score = "round(m.score, 4)" if ids is not None else "NULL"
    order = "m.score DESC, a.date DESC NULLS LAST, a.id" if ids is not None else "a.date DESC NULLS LAST, a.id"
    # the page first, then its counts: a correlated count per row made DuckDB join every article (70 ms a page)
    sql = (
        f"WITH page AS (SELECT a.id, a.title, a.date, a.source, a.url, a.n_chars, {score} AS score{base} "
        f"ORDER BY {order} LIMIT ? OFFSET ?), "
        "ev AS (SELECT article_id, count(*) AS n FROM events WHERE article_id IN (SELECT id FROM page) GROUP BY 1), "
        "tn AS (SELECT article_id, any_value(tone) AS tone FROM article_tone WHERE article_id IN (SELECT id FROM page) GROUP BY 1) "
        "SELECT page.*, coalesce(ev.n, 0) AS events, tn.tone FROM page LEFT JOIN ev ON ev.article_id = page.id "
        "LEFT JOIN tn ON tn.article_id = page.id"
    )
    rows = _fetch(store, sql, [*params, int(limit), int(offset)])
    if ids is None:
        rows.sort(key=lambda r: (_desc(r["date"]), r["id"]))
    if ids is not None:  # in the order given (the index's: by relevance, or newest first)
        at = {aid: i for i, aid in enumerate(ids)}
        rows.sort(key=lambda r: at.get(r["id"], len(at)))
    return rows


def article_snippets(store: Any, /, *, ids: Sequence[str]) -> dict[str, str]:
    """The texts of ``ids`` (for snippets around the words searched for)."""
    if not ids:
        return {}
    return dict(_con(store).execute("SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]).fetchall())


def count_articles(store: Any, /, *, ids: Sequence[str] | None = None, scores: Sequence[float] | None = None, **filters: Any) -> int:
    base, params = _article_base(ids, scores, **filters)
    return _con(store).execute(f"SELECT count(*){base}", params).fetchone()[0]


def article_facets(store: Any, /, *, ids: Sequence[str] | None = None, scores: Sequence[float] | None = None,
                   size: int = FACET_SIZE, **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Matching articles counted by outlet, month, actor country mentioned and event type (the top ``size`` of each)."""
    base, params = _article_base(ids, scores, **filters)
    sel = f"WITH hits AS (SELECT a.id, a.source, a.date{base}) "
    queries = {
        "outlet": "SELECT source AS value, count(*) AS count FROM hits GROUP BY 1",
        "month": "SELECT substr(date, 1, 7) AS value, count(*) AS count FROM hits WHERE date IS NOT NULL GROUP BY 1",
        "country": ("SELECT m.country AS value, count(DISTINCT m.article_id) AS count FROM actor_mentions m "
                    "JOIN hits ON hits.id = m.article_id WHERE m.country IS NOT NULL GROUP BY 1"),
        "type": ("SELECT e.plover AS value, count(DISTINCT e.article_id) AS count FROM events e "
                 "JOIN hits ON hits.id = e.article_id WHERE e.plover IS NOT NULL GROUP BY 1"),
    }
    return {name: _fetch(store, f"{sel}{q} ORDER BY count DESC, value NULLS LAST LIMIT {int(size)}", params)
            for name, q in queries.items()}


# ---------------------------------------------------------------- events
def _event_base(keys: tuple[Sequence[str], Sequence[int], Sequence[float]] | None, f: EventFilters) -> tuple[str, list[Any]]:
    w = f.where()
    if keys is None:
        return f" FROM events e{w.sql()}", w.params
    join = (" FROM (SELECT unnest(?::VARCHAR[]) AS aid, unnest(?::INTEGER[]) AS i, unnest(?::DOUBLE[]) AS score) m "
            "JOIN events e ON e.article_id = m.aid AND e.idx = m.i")
    return join + w.sql(), [list(keys[0]), list(keys[1]), list(keys[2]), *w.params]


def search_events(store: Any, /, *, keys: tuple[Sequence[str], Sequence[int], Sequence[float]] | None = None,
                  limit: int = 25, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """A page of events (the columns of :func:`eventlens.store.queries.events`, and ``score``): with ``keys`` (the
    page the index found, best first) those events in that order; else the filters' events, newest first. A search
    lists reports (each evidence sentence that matched), so the page without words lists reports too."""
    from .queries import _EVENT_COLUMNS, events

    if keys is None:
        return [row | {"score": None} for row in events(store, limit=limit, offset=offset, count="reports", **filters)]
    ids = sorted(set(keys[0]))
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    cols = ", ".join(f'"{c}"' for c in _EVENT_COLUMNS)
    found = {(r["article_id"], r["idx"]): r for r in _fetch(store, f"SELECT {cols} FROM events WHERE article_id IN ({marks})", ids)}
    titles = {aid: (t, u) for aid, t, u in _con(store).execute(f"SELECT id, title, url FROM articles WHERE id IN ({marks})", ids).fetchall()}
    out = []
    for aid, idx, score in zip(keys[0], keys[1], keys[2]):
        row = found.get((aid, int(idx)))
        if row is not None and aid in titles:
            title, url = titles[aid]
            out.append(row | {"score": round(float(score), 4), "title": title, "url": url})
    return out


def _desc(date: str | None) -> tuple:
    """Sort key putting later dates first and undated last."""
    return (date is None, tuple(-ord(c) for c in (date or "")))


def count_events(store: Any, /, *, keys: tuple[Sequence[str], Sequence[int], Sequence[float]] | None = None,
                 **filters: Any) -> int:
    base, params = _event_base(keys, EventFilters(**filters))
    return _con(store).execute(f"SELECT count(*){base}", params).fetchone()[0]


def event_facets(store: Any, /, *, keys: tuple[Sequence[str], Sequence[int], Sequence[float]] | None = None,
                 size: int = FACET_SIZE, **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Matching events counted by outlet, month, location country and event type (the top ``size`` of each)."""
    base, params = _event_base(keys, EventFilters(**filters))
    sel = f"WITH hits AS (SELECT e.outlet, e.date, e.loc_country, e.plover{base}) "
    queries = {
        "outlet": "SELECT outlet AS value, count(*) AS count FROM hits GROUP BY 1",
        "month": "SELECT substr(date, 1, 7) AS value, count(*) AS count FROM hits WHERE date IS NOT NULL GROUP BY 1",
        "country": "SELECT loc_country AS value, count(*) AS count FROM hits WHERE loc_country IS NOT NULL GROUP BY 1",
        "type": "SELECT plover AS value, count(*) AS count FROM hits WHERE plover IS NOT NULL GROUP BY 1",
    }
    return {name: _fetch(store, f"{sel}{q} ORDER BY count DESC, value NULLS LAST LIMIT {int(size)}", params)
            for name, q in queries.items()}
