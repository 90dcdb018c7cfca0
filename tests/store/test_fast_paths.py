"""The query layer's faster forms answer exactly what the plain SQL they replaced answered.

Each reference below is the SQL a query ran before it was made faster (a window
numbering every report; distinct counts per group), kept here to prove that the
rows, their order and the totals are unchanged: on a store with events of one
and of several reports, reports in no event yet (written without deduplication),
undated reports and ties.
"""

from __future__ import annotations

import random

import pytest

from eventlens.store import Store
from eventlens.store import queries as Q
from eventlens.store.filters import EventFilters, order_by, rolled_codes
from eventlens.store.synthetic import replicate, sample_analysis

_CODES = ("IRN", "ISR", "USA", "EGY", "IRNGOV", "USAMIL")
_OUTLETS = ("Wire A", "Wire B", "Wire C")


def _analyses(n: int, *, seed: int, start: str) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i, data in enumerate(replicate(sample_analysis(0).to_dict(), n, start=start, days=40)):
        a, b = rng.sample(_CODES, 2)
        ev_a, ev_b = data["events"]
        data["article"]["source"] = rng.choice(_OUTLETS)
        data["article"]["id"] = f"s{seed}{data['article']['id'][2:]}"  # each batch its own articles
        if i % 9 == 4:
            data["article"]["date"] = None
        ev_a["source"]["code"], ev_a["target"]["code"] = a, b
        ev_b["source"]["code"], ev_b["target"]["code"] = b, a
        ev_a["confidence"], ev_b["confidence"] = rng.choice([0.4, 0.6, 0.9, None]), rng.choice([0.4, 0.6, 0.9])
        ev_a["location"] = dict(ev_a["location"], name=rng.choice(["Gaza", "Tehran", None]), country=b, lat=rng.choice([1.0, 2.0]),
                                lon=rng.choice([3.0, 4.0]))
        out.append(data)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fast") / "f.duckdb"
    with Store.open(path) as s:
        s.write_analyses(_analyses(60, seed=1, start="2024-01-01"))
    with Store.open(path, dedup=False) as s:  # reports in no event yet: each counts as an event of its own
        s.write_analyses(_analyses(12, seed=2, start="2024-01-10"))
    s = Store.open(path, read_only=True)
    assert s.con.execute("SELECT count(*) FILTER (WHERE cluster IS NULL), count(DISTINCT cluster), count(*) "
                         "FROM events").fetchone()[0] > 0
    assert s.con.execute("SELECT max(num_mentions) FROM clusters").fetchone()[0] > 1
    yield s
    s.close()


FILTERS = [
    {}, {"actor": "IRN"}, {"source": "IRN", "target": "ISR", "direction": "either"}, {"source": "USA"}, {"since": "2024-02"},
    {"until": "2024-01-20"}, {"type": "AID"}, {"quad": 3}, {"outlet": "wire b"}, {"min_confidence": 0.5}, {"place": "gaza"},
    {"actor": "IRN", "since": "2024-01-15", "min_confidence": 0.5}, {"rollup": True}, {"actor": "USA", "rollup": True},
    {"actor": "NOBODY"},
]
_KEY = "coalesce(e.cluster::VARCHAR, e.article_id || ':' || e.idx)"
_QUADS = ", ".join(
    f"(count(DISTINCT e.cluster) FILTER (WHERE TRUE AND (e.quad_class = {q})) + count(*) FILTER (WHERE e.cluster IS NULL AND "
    f"(e.quad_class = {q}))) AS quad{q}" for q in (1, 2, 3, 4))
_EVENTS = "(count(DISTINCT e.cluster) FILTER (WHERE TRUE) + count(*) FILTER (WHERE e.cluster IS NULL))"


def _rows(store, sql, params):
    cur = store.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _events_before(store, *, sort=None, limit=None, offset=0, **filters):
    w = EventFilters(**filters).where()
    cols = ", ".join(f'e."{c}"' for c in Q._EVENT_COLUMNS)
    order = order_by(sort, allowed=Q._EVENT_SORTS, default="e.date DESC NULLS LAST, e.article_id, e.idx", tie="e.article_id, e.idx")
    sql = (f"SELECT {cols}, e.cluster AS event_id, count(*) OVER (PARTITION BY {_KEY}) AS reports FROM events e{w.sql()} "
           f"QUALIFY row_number() OVER (PARTITION BY {_KEY} ORDER BY e.date NULLS LAST, e.article_id, e.idx) = 1{order}")
    page = _rows(store, *Q._page(sql, w.params, limit, offset))
    return Q._with_articles(store, page, totals=True)


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("sort", [None, "goldstein", "-confidence", "date", "-outlet", "source_code"])
def test_events_page_as_the_window_gave_it(store, filters, sort):
    filters = {k: v for k, v in filters.items() if k != "rollup"}
    for limit, offset in ((None, 0), (7, 0), (7, 7), (5, 40)):
        assert Q.events(store, sort=sort, limit=limit, offset=offset, **filters) == \
            _events_before(store, sort=sort, limit=limit, offset=offset, **filters)


def _timeline_before(store, interval, **filters):
    from eventlens.store.series import period_sql

    w = EventFilters(**filters).where()
    w.add("e.date IS NOT NULL")
    sql = (f"SELECT {period_sql(interval, 'first')} AS period, quad_class, count(*) AS events, sum(n)::BIGINT AS reports, "
           f"round(avg(g), 3) AS goldstein_mean FROM (SELECT {_KEY} AS k, min(e.date) AS first, "
           f"arg_min(e.quad_class, e.date) AS quad_class, avg(e.goldstein) AS g, count(*) AS n FROM events e{w.sql()} "
           "GROUP BY 1) GROUP BY 1, 2 ORDER BY 1, 2")
    return _rows(store, sql, w.params)


@pytest.mark.parametrize("filters", FILTERS)
def test_timeline_as_before(store, filters):
    filters = {k: v for k, v in filters.items() if k != "rollup"}
    for interval in ("day", "week", "month"):
        assert Q.timeline(store, interval=interval, **filters) == _timeline_before(store, interval, **filters)


def _counted(count: str) -> tuple[str, str]:
    if count == "reports":
        return "count(*)", ", ".join(f"count(*) FILTER (WHERE TRUE AND (e.quad_class = {q})) AS quad{q}" for q in (1, 2, 3, 4))
    return _EVENTS, _QUADS


def _dyads_before(store, f: EventFilters, count: str):
    w = f.where()
    w.add("e.source_code IS NOT NULL AND e.target_code IS NOT NULL")
    r = rolled_codes(store, {"source": "e.source_code", "target": "e.target_code"}, rollup=f.rollup)
    events, quads = _counted(count)
    sql = (f"SELECT {r.exprs['source']} AS source, {r.exprs['target']} AS target, {events} AS events, count(*) AS reports, "
           "count(DISTINCT e.article_id) AS articles, round(avg(e.goldstein), 3) AS goldstein_mean, round(avg(e.tone), 3) AS "
           f"tone_mean, {quads}, min(e.date) AS first_date, max(e.date) AS last_date FROM events e{r.joins}{w.sql()} GROUP BY 1, 2")
    return r.cte, sql, [*r.params, *w.params]


def _places_before(store, f: EventFilters, count: str):
    w = f.where()
    w.add("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    events, quads = _counted(count)
    sql = (f"SELECT e.loc_name AS name, e.loc_country AS country, e.lat, e.lon, {events} AS events, count(*) AS reports, "
           f"count(DISTINCT e.article_id) AS articles, round(avg(e.goldstein), 3) AS goldstein_mean, {quads} "
           f"FROM events e{w.sql()} GROUP BY 1, 2, 3, 4")
    return "", sql, w.params


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("count", ["events", "reports"])
def test_dyads_and_places_as_before(store, filters, count):
    f = EventFilters(**filters)
    for fn, before, key in ((Q.dyads, _dyads_before, ("source", "target")), (Q.places, _places_before, ("name", "country", "lat", "lon"))):
        cte, sql, params = before(store, f, count)
        want = _rows(store, f"{cte}SELECT * FROM ({sql})", params)
        got = fn(store, limit=None, count=count, **filters)
        got = [{k: r[k] for k in r if k != "precision"} for r in got]
        assert sorted(map(_sortable, got)) == sorted(map(_sortable, want))
        assert all(list(g) == list(want[0]) for g in got[:1]), "the same columns in the same order"
        found = fn(store, limit=3, offset=1, with_total=True, count=count, **filters)
        assert found["total"] == len(want)
        counter = Q.count_dyads if fn is Q.dyads else Q.count_places
        assert counter(store, count=count, **filters) == {"rows": len(want), "events": sum(r["events"] for r in want)}


def _sortable(row: dict) -> tuple:
    return tuple((v is None, str(v)) for v in row.values())


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("count", ["events", "reports"])
def test_events_total_from_the_page_query_is_count_events(store, filters, count):
    filters = {k: v for k, v in filters.items() if k != "rollup"}
    for limit, offset in ((7, 0), (7, 14), (5, 1000)):
        found = Q.events(store, limit=limit, offset=offset, count=count, with_total=True, **filters)
        assert found == {"items": Q.events(store, limit=limit, offset=offset, count=count, **filters),
                         "total": Q.count_events(store, count=count, **filters)}


def _summary_before(store, count, **filters):
    f = EventFilters(**filters)
    w = f.where()
    r = rolled_codes(store, {"source": "e.source_code", "target": "e.target_code"}, rollup=f.rollup)
    events = "count(*)" if count == "reports" else _EVENTS
    row = store.con.execute(
        f"{r.cte}SELECT {events}, count(DISTINCT e.article_id), count(DISTINCT CASE WHEN e.source_code IS NOT NULL AND "
        f"e.target_code IS NOT NULL THEN {r.exprs['source']} || '>' || {r.exprs['target']} END), count(DISTINCT e.outlet), "
        f"min(e.date), max(e.date), round(avg(e.goldstein), 3) FROM events e{r.joins}{w.sql()}", [*r.params, *w.params]).fetchone()
    tone = store.con.execute(f"SELECT round(avg(tone), 3) FROM (SELECT DISTINCT e.article_id, e.tone FROM events e{w.sql()})",
                             w.params).fetchone()[0]
    reports = store.con.execute(f"SELECT count(*) FROM events e{w.sql()}", w.params).fetchone()[0]
    keys = ("events", "articles", "dyads", "outlets", "first_date", "last_date", "goldstein_mean")
    return dict(zip(keys, row)) | {"reports": reports, "tone_mean": tone}


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("count", ["events", "reports"])
def test_summary_in_one_query_as_in_three(store, filters, count):
    got = Q.summary(store, count=count, **filters)
    assert got == _summary_before(store, count, **filters) and list(got) == list(_summary_before(store, count, **filters))
