"""Running a query for one page of its rows, and the total, shared by the query modules."""

from __future__ import annotations

from typing import Any

MAX_LIMIT = 10_000


def con(store: Any) -> Any:
    return getattr(store, "con", store)


def fetch(store: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con(store).execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def page_sql(sql: str, params: list[Any], limit: int | None, offset: int) -> tuple[str, list[Any]]:
    """``sql`` with ``LIMIT``/``OFFSET`` bound; QueryError for a limit or offset out of range."""
    from .params import QueryError

    if limit is not None and (limit < 0 or limit > MAX_LIMIT):
        raise QueryError(f"limit must be between 0 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise QueryError(f"offset must be >= 0, got {offset}")
    params = list(params)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    if offset:
        sql += " OFFSET ?"
        params.append(offset)
    return sql, params


def paged_total(store: Any, sql: str, params: list[Any], *, order: str, limit: int | None, offset: int,
                cte: str = "") -> dict[str, Any]:
    """One page of a grouped query and how many groups there are in all, in one pass: the count is a window over
    the groups (a second query would group every matching event again)."""
    page, page_params = page_sql(f"{cte}SELECT *, count(*) OVER () AS _total FROM ({sql}){order}", params, limit, offset)
    rows = fetch(store, page, page_params)
    if rows:
        total = rows[0]["_total"]
    else:  # a page past the end holds no row to carry the count
        total = con(store).execute(f"{cte}SELECT count(*) FROM ({sql})", params).fetchone()[0]
    for row in rows:
        del row["_total"]
    return {"items": rows, "total": int(total)}
