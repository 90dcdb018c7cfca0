"""Time series on a continuous axis: every period between the first and the last, empty ones as zero.

A period is a day (``2024-03-05``), an ISO week (``2024-W10``), a month
(``2024-03``), a quarter (``2024-Q1``) or a year (``2024``). The axis runs from
``since`` (or the first dated event that matches) to ``until`` (or the last),
so a gap in the news shows as zeros, never as two bars side by side.

Each row gives the matching events, their split by quad class, mean Goldstein,
the matching articles and their mean tone, and the share of all the store's
events of that period (GDELT's normalisation: coverage grows and shrinks, a
share does not follow it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .filters import EventFilters
from .params import QueryError

INTERVALS = ("day", "week", "month", "quarter", "year")
MAX_PERIODS = 5000
_DIGITS = 3


def period_sql(interval: str, col: str = "e.date") -> str:
    """SQL labelling the ISO date string ``col`` with its period."""
    if interval == "day":
        return f"substr({col}, 1, 10)"
    if interval == "month":
        return f"substr({col}, 1, 7)"
    if interval == "year":
        return f"substr({col}, 1, 4)"
    if interval == "week":
        return f"strftime(try_cast({col} AS DATE), '%G-W%V')"
    if interval == "quarter":
        return f"(substr({col}, 1, 4) || '-Q' || CAST((CAST(substr({col}, 6, 2) AS INTEGER) + 2) // 3 AS VARCHAR))"
    raise QueryError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")


def _start(interval: str, d: dt.date) -> dt.date:
    if interval == "week":
        return d - dt.timedelta(days=d.weekday())
    if interval == "month":
        return d.replace(day=1)
    if interval == "quarter":
        return d.replace(month=(d.month - 1) // 3 * 3 + 1, day=1)
    if interval == "year":
        return d.replace(month=1, day=1)
    return d


def _next(interval: str, d: dt.date) -> dt.date:
    if interval == "day":
        return d + dt.timedelta(days=1)
    if interval == "week":
        return d + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[interval]
    m = d.month - 1 + months
    return d.replace(year=d.year + m // 12, month=m % 12 + 1, day=1)


def label(interval: str, d: dt.date) -> str:
    if interval == "day":
        return d.isoformat()
    if interval == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return d.isoformat()[:7]
    if interval == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def _as_date(value: str, *, end: bool) -> dt.date:
    """A date from YYYY, YYYY-MM or YYYY-MM-DD (its first day, or its last when ``end``)."""
    parts = value.split("-")
    if len(parts) == 3:
        return dt.date.fromisoformat(value)
    if len(parts) == 2:
        first = dt.date(int(parts[0]), int(parts[1]), 1)
        return _next("month", first) - dt.timedelta(days=1) if end else first
    return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)


def periods(interval: str, first: str, last: str) -> Iterator[str]:
    """Every period label from the one holding ``first`` to the one holding ``last``."""
    d, stop = _start(interval, _as_date(first, end=False)), _as_date(last, end=True)
    n = 0
    while d <= stop:
        n += 1
        if n > MAX_PERIODS:
            raise QueryError(f"the range {first} to {last} holds more than {MAX_PERIODS} {interval}s; "
                             "choose a longer interval or a shorter range")
        yield label(interval, d)
        d = _next(interval, d)


def _con(store: Any) -> Any:
    return getattr(store, "con", store)


def _grouped(store: Any, interval: str, f: EventFilters) -> tuple[dict[str, dict[str, Any]], str | None, str | None]:
    w = f.where()
    w.add("e.date IS NOT NULL")
    per = period_sql(interval)
    quads = ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q})" for q in (1, 2, 3, 4))
    sql = (
        f"SELECT {per} AS period, count(*), {quads}, round(avg(e.goldstein), {_DIGITS}), "
        f"count(DISTINCT e.article_id), min(e.date), max(e.date) FROM events e{w.sql()} GROUP BY 1"
    )
    rows: dict[str, dict[str, Any]] = {}
    first = last = None
    for period, n, q1, q2, q3, q4, gold, arts, lo, hi in _con(store).execute(sql, w.params).fetchall():
        rows[period] = {"events": n, "quad1": q1, "quad2": q2, "quad3": q3, "quad4": q4, "goldstein_mean": gold, "articles": arts}
        first = lo if first is None or lo < first else first
        last = hi if last is None or hi > last else last
    return rows, first, last


def _tones(store: Any, interval: str, f: EventFilters) -> dict[str, float]:
    """Mean tone of the articles behind the matching events, per period (each article once)."""
    w = f.where()
    w.add("e.date IS NOT NULL AND e.tone IS NOT NULL")
    sql = (f"SELECT period, round(avg(tone), {_DIGITS}) FROM (SELECT DISTINCT {period_sql(interval)} AS period, "
           f"e.article_id, e.tone FROM events e{w.sql()}) GROUP BY 1")
    return dict(_con(store).execute(sql, w.params).fetchall())


def _totals(store: Any, interval: str) -> dict[str, int]:
    sql = f"SELECT {period_sql(interval)} AS period, count(*) FROM events e WHERE e.date IS NOT NULL GROUP BY 1"
    return dict(_con(store).execute(sql).fetchall())


def series(store: Any, /, *, interval: str = "month", **filters: Any) -> list[dict[str, Any]]:
    """One row per period from the first to the last (see the module docstring), oldest first."""
    f = EventFilters(**filters)
    period_sql(interval)  # checks the interval
    rows, first, last = _grouped(store, interval, f)
    first = f.since or first
    last = f.until or last
    if first is None or last is None:
        return []
    tones, totals = _tones(store, interval, f), _totals(store, interval)
    out = []
    for period in periods(interval, first, last):
        row = rows.get(period) or {"events": 0, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0, "goldstein_mean": None, "articles": 0}
        all_events = int(totals.get(period, 0))
        out.append({"period": period, **row, "tone_mean": tones.get(period), "all_events": all_events,
                    "share": round(row["events"] / all_events, 4) if all_events else None})
    return out


def pair_series(store: Any, /, *, interval: str = "month", **filters: Any) -> list[dict[str, Any]]:
    """The two-way view of a pair (``source`` and ``target``): per period the events each way, their mean
    Goldstein, both ways together and their share of all events, on one continuous axis."""
    f = EventFilters(**filters)
    if not f.source or not f.target:
        raise QueryError("a pair needs both 'source' and 'target' (codes or names), e.g. source=IRN&target=ISR")
    both = EventFilters(**(filters | {"direction": "either"})).where()
    lo, hi = _con(store).execute(f"SELECT min(e.date), max(e.date) FROM events e{both.sql()}", both.params).fetchone()
    first, last = f.since or lo, f.until or hi
    if first is None or last is None:
        return []
    kept = filters | {"direction": "one", "since": first, "until": last}
    ab = series(store, interval=interval, **kept)
    ba = series(store, interval=interval, **(kept | {"source": f.target, "target": f.source}))
    out = []
    for a, b in zip(ab, ba):
        n_ab, n_ba = a["events"], b["events"]
        out.append({
            "period": a["period"], "source_to_target": n_ab, "target_to_source": n_ba, "events": n_ab + n_ba,
            "goldstein_source_to_target": a["goldstein_mean"], "goldstein_target_to_source": b["goldstein_mean"],
            "all_events": a["all_events"], "share": round((n_ab + n_ba) / a["all_events"], 4) if a["all_events"] else None,
        })
    return out
