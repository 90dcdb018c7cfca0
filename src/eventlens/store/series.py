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


_EMPTY = {"events": 0, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0, "g_sum": 0.0, "g_n": 0, "articles": 0, "t_sum": 0.0, "t_n": 0}


def _by_date(store: Any, f: EventFilters, way: str = "") -> list[tuple]:
    """Per date (and ``way`` when given): events, events by quad class, Goldstein sum and count, articles, and the
    sum and count of their tones (each article once). Grouping by the date string is cheap; every figure adds up
    across dates (an article has one date), so any period is a sum of dates."""
    w = f.where()
    w.add("e.date IS NOT NULL")
    extra = f", {way} AS way" if way else ", '' AS way"
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q})" for q in (1, 2, 3, 4))
    sql = (
        f"WITH m AS MATERIALIZED (SELECT e.date, e.article_id, e.tone, e.quad_class, e.goldstein{extra} FROM events e{w.sql()}), "
        f"g AS (SELECT date, way, count(*) AS n, {quads}, sum(goldstein) AS gs, count(goldstein) AS gn, "
        "count(DISTINCT article_id) AS arts FROM m GROUP BY 1, 2), "
        "t AS (SELECT date, way, sum(tone) AS ts, count(tone) AS tn FROM (SELECT DISTINCT date, way, article_id, tone FROM m) GROUP BY 1, 2) "
        "SELECT g.*, coalesce(t.ts, 0), coalesce(t.tn, 0) FROM g LEFT JOIN t USING (date, way)"
    )
    return _con(store).execute(sql, w.params).fetchall()


def _periods_of(interval: str, rows: list[tuple]) -> dict[tuple[str, str], dict[str, Any]]:
    """The per-date rows of :func:`_by_date` summed into (period, way)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for date, way, n, q1, q2, q3, q4, gs, gn, arts, ts, tn in rows:
        try:
            key = (label(interval, _as_date(date[:10], end=False)), way)
        except ValueError:  # a malformed stored date: left out, as undated events are
            continue
        acc = out.setdefault(key, dict(_EMPTY))
        for name, value in (("events", n), ("quad1", q1), ("quad2", q2), ("quad3", q3), ("quad4", q4), ("g_sum", gs or 0.0),
                            ("g_n", gn), ("articles", arts), ("t_sum", ts or 0.0), ("t_n", tn)):
            acc[name] += value
    return out


def _row(acc: dict[str, Any] | None, all_events: int) -> dict[str, Any]:
    a = acc or _EMPTY
    return {"events": a["events"], "quad1": a["quad1"], "quad2": a["quad2"], "quad3": a["quad3"], "quad4": a["quad4"],
            "goldstein_mean": round(a["g_sum"] / a["g_n"], _DIGITS) if a["g_n"] else None, "articles": a["articles"],
            "tone_mean": round(a["t_sum"] / a["t_n"], _DIGITS) if a["t_n"] else None, "all_events": all_events,
            "share": round(a["events"] / all_events, 4) if all_events else None}


def _totals(store: Any, interval: str) -> dict[str, int]:
    """All the store's events per period (the denominator of a share)."""
    out: dict[str, int] = {}
    for date, n in _con(store).execute("SELECT date, count(*) FROM events WHERE date IS NOT NULL GROUP BY 1").fetchall():
        try:
            period = label(interval, _as_date(date[:10], end=False))
        except ValueError:
            continue
        out[period] = out.get(period, 0) + n
    return out


def _span(rows: list[tuple], f: EventFilters) -> tuple[str | None, str | None]:
    dates = [r[0] for r in rows]
    return f.since or (min(dates) if dates else None), f.until or (max(dates) if dates else None)


def series(store: Any, /, *, interval: str = "month", **filters: Any) -> list[dict[str, Any]]:
    """One row per period from the first to the last (see the module docstring), oldest first."""
    f = EventFilters(**filters)
    period_sql(interval)  # checks the interval
    rows = _by_date(store, f)
    first, last = _span(rows, f)
    if first is None or last is None:
        return []
    grouped, totals = _periods_of(interval, rows), _totals(store, interval)
    return [{"period": p, **_row(grouped.get((p, "")), int(totals.get(p, 0)))} for p in periods(interval, first, last)]


def pair_series(store: Any, /, *, interval: str = "month", **filters: Any) -> list[dict[str, Any]]:
    """The two-way view of a pair (``source`` and ``target``): per period the events each way, their mean
    Goldstein, both ways together and their share of all events, on one continuous axis (one query for both ways)."""
    f = EventFilters(**filters)
    if not f.source or not f.target:
        raise QueryError("a pair needs both 'source' and 'target' (codes or names), e.g. source=IRN&target=ISR")
    period_sql(interval)
    both = EventFilters(**(filters | {"direction": "either"}))
    way = ("(CASE WHEN starts_with(e.source_code, '{s}') AND starts_with(e.target_code, '{t}') THEN 'ab' ELSE 'ba' END)"
           .format(s=_literal(f.source), t=_literal(f.target)))
    rows = _by_date(store, both, way)
    first, last = _span(rows, f)
    if first is None or last is None:
        return []
    grouped, totals = _periods_of(interval, rows), _totals(store, interval)
    out = []
    for p in periods(interval, first, last):
        ab, ba, n_all = grouped.get((p, "ab")), grouped.get((p, "ba")), int(totals.get(p, 0))
        a, b = _row(ab, n_all), _row(ba, n_all)
        n = a["events"] + b["events"]
        out.append({"period": p, "source_to_target": a["events"], "target_to_source": b["events"], "events": n,
                    "goldstein_source_to_target": a["goldstein_mean"], "goldstein_target_to_source": b["goldstein_mean"],
                    "all_events": n_all, "share": round(n / n_all, 4) if n_all else None})
    return out


def _literal(code: str) -> str:
    """An actor code as an SQL string literal's body: codes are letters and digits only (checked here)."""
    value = code.upper()
    if not value.isalnum() or not value.isascii():
        raise QueryError(f"an actor code is letters and digits, got {code[:40]!r}")
    return value
