"""``eventlens query --db FILE KIND``: dyads, actors, events, timeline, places ... as a table, JSON or CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import click

KINDS = ("dyads", "actors", "events", "reports", "timeline", "series", "pair", "places", "outlets", "coverage", "attention",
         "mentioned-places", "articles", "frames", "actor-tone", "runs", "overview")
UNPAGED = ("series", "pair", "attention")  # a time series comes whole


def accepts(kind: str) -> frozenset[str]:
    """The filter options ``kind`` takes: those of its query function (``queries.QUERIES[kind]``) in
    :data:`eventlens.store.params.FILTERS`, which the web API reads too; the rest are refused."""
    from ..store import queries as Q
    from ..store.params import FILTERS

    return frozenset() if kind == "overview" else frozenset(FILTERS[Q.QUERIES[kind].__name__])


# control characters in stored text (an article title carrying a terminal escape sequence) are shown, not obeyed
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(m: re.Match[str]) -> str:
    return repr(m.group())[1:-1]


_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")  # CRLF (CSV rows) is kept


def for_terminal(text: str, *, stream: Any = None) -> str:
    """``text`` with control characters (an escape sequence hidden in a stored title) written as visible escapes
    when it goes to a terminal; unchanged in a pipe or file, where it is data."""
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return _TERMINAL_CONTROL.sub(_visible, text) if isatty is not None and isatty() else text


def echo(text: str) -> None:
    """``click.echo`` of command output, escaped for a terminal (:func:`for_terminal`); in a pipe or file the data
    are written as stored (``color=True``: click would otherwise drop what looks like an ANSI sequence)."""
    click.echo(for_terminal(text), color=True)


@contextlib.contextmanager
def piped() -> Iterator[None]:
    """Stop quietly, as ``yes | head`` does, when standard output is a pipe whose reader has gone (``| head``)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes at exit
        raise click.exceptions.Exit(141) from None  # 128 + SIGPIPE, the status of a tool the pipe closed on


def render(rows: list[dict[str, Any]], fmt: str, *, whole: Collection[str] = (), raw_cells: bool = False) -> str:
    """Rows as an aligned table, JSON or CSV; table cells over 60 characters are cut, except in the ``whole`` columns.

    CSV is RFC 4180: rows end in CRLF and every field holding a CR, LF, comma or quote is quoted, so any reader
    gets the same rows back; a text cell a spreadsheet would run as a formula is defused unless ``raw_cells``
    (:func:`eventlens.export.cells.defuse`)."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False, default=str)
    if not rows:
        return "" if fmt == "csv" else "(no rows)"
    cols = list(rows[0])
    if fmt == "csv":
        from ..export.cells import csv_cell

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v, raw=raw_cells) for k, v in r.items()} for r in rows)
        return buf.getvalue().removesuffix("\r\n")

    def cell(v: Any, keep: bool) -> str:
        if isinstance(v, float):
            return f"{v:.3f}"
        text = "" if v is None else _CONTROL.sub(_visible, str(v).replace("\n", " ").replace("\t", " "))
        return text if keep or len(text) <= 60 else text[:57] + "..."

    table = [[cell(r.get(c), c in whole) for c in cols] for r in rows]
    widths = [max(len(c), *(len(t[i]) for t in table)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(t, widths)) for t in table]
    return "\n".join(lines)


@click.command("query")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--db", "db", required=True, type=click.Path(path_type=Path), help="The store to query (opened read-only).")
@click.option("--actor", default=None, help="Actor as source or target: a code prefix (IRN), a country or an actor name (Iran).")
@click.option("--source", default=None, help="Source actor: code prefix or name.")
@click.option("--target", default=None, help="Target actor: code prefix or name.")
@click.option("--direction", default=None, metavar="[one|either]", help="either: source and target in both directions.")
@click.option("--rollup", is_flag=True, default=None, help="Count sub-codes under their country (USAGOV as USA).")
@click.option("--min-confidence", "min_confidence", default=None, metavar="0-1", help="Events coded with at least this confidence.")
@click.option("--sort", default=None, metavar="COLUMN", help="Sort by a column, '-' in front for descending (e.g. -events).")
@click.option("--type", "type_", default=None, help="PLOVER event type (e.g. AID).")
@click.option("--cameo", default=None, help="CAMEO code prefix (e.g. 07).")
@click.option("--quad", default=None, metavar="1-4", help="Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.")
@click.option("--since", default=None, help="From this date (YYYY[-MM[-DD]]).")
@click.option("--until", default=None, help="Up to this date, inclusive.")
@click.option("--place", default=None, help="Place name (substring) or country code.")
@click.option("--text", default=None, help="Text to search for.")
@click.option("--outlet", default=None, help="Outlet: the article's source field, else its URL's domain (case-insensitive).")
@click.option("--frame", default=None, help="Frame name (frames), e.g. economic.")
@click.option("--interval", default=None, metavar="[day|week|month|quarter|year]", help="Period of the timeline  [default: month]")
@click.option("--count", "count", default=None, metavar="[events|reports]",
              help="Count real-world events, each once however many articles report it, or every report  [default: events]")
@click.option("--event", "event", default=None, metavar="ID", help="reports: the event whose reports to list (its event_id in 'query events'); without it, every event's reports.")
@click.option("--limit", default=None, metavar="N", help="Rows to show, 1-10000  [default: 100]")
@click.option("--offset", default=None, metavar="N", help="Rows to skip  [default: 0]")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="A table for the terminal, JSON (the API's rows) or CSV with a header row.")
@click.option("--raw-cells", is_flag=True, help="csv: keep cells that start with = + - @ as stored (by default they get a "
              "leading apostrophe, so a spreadsheet never runs them as formulas).")
def command(kind, db, actor, source, target, direction, rollup, min_confidence, sort, type_, cameo, quad, since, until, place,
            text, outlet, frame, interval, count, event, limit, offset, fmt, raw_cells) -> None:
    """Query a store: dyads, actors, events, reports, timeline, series, pair, places, outlets, coverage, attention,
    mentioned-places, articles, frames, actor-tone, runs, overview.

    Events, dyads, timeline and places count real-world events by default, each once however many
    articles report it (--count reports counts every report); 'reports --event ID' lists all the
    reports of one event. Options are checked as the web API checks its parameters (same rules, same messages).
    """
    from ..store import Store
    from ..store import queries as Q
    from ..store.params import option_label, parse_query

    given = {"actor": actor, "source": source, "target": target, "direction": direction, "rollup": "1" if rollup else None,
             "min_confidence": min_confidence, "sort": sort, "type": type_, "cameo": cameo, "quad": quad,
             "since": since, "until": until, "place": place, "text": text, "outlet": outlet, "frame": frame,
             "interval": interval, "count": count, "event": event}
    given = {k: v for k, v in given.items() if v is not None}
    paging = {k: v for k, v in (("limit", limit), ("offset", offset)) if v is not None}
    refused = sorted(set(given) - accepts(kind)) + (sorted(paging) if kind in ("overview", *UNPAGED) else [])
    if refused:
        raise click.UsageError(f"'{kind}' does not take --{', --'.join(refused)}")
    if kind == "overview" and fmt == "csv":
        raise click.UsageError("'overview' is nested, not a table; use --format table or json")
    # a bad value is a QueryError (exit 2) with the API's message, before the store is opened
    filters, page = parse_query(given | paging, allowed=tuple(accepts(kind)), default_limit=100,
                                max_limit=Q.MAX_LIMIT, max_offset=None, label=option_label)
    from ..store.lookup import resolve_filters

    with Store.open(db, read_only=True) as store:
        filters, _ = resolve_filters(store, filters, label=option_label)  # 'Iran' -> IRN, as the web API does
        if kind in UNPAGED:
            rows = Q.QUERIES[kind](store, **filters)
            with piped():
                click.echo(render(rows, fmt))
            return
        if kind == "overview":
            ov = Q.overview(store)
            with piped():
                echo(json.dumps(ov, indent=2, default=str) if fmt == "json" else _overview_table(ov))
            return
        probe = page.limit + 1 if page.limit < Q.MAX_LIMIT else page.limit  # one row more says whether rows were left out
        rows = Q.QUERIES[kind](store, **filters, limit=probe, offset=page.offset)
    more = len(rows) > page.limit
    with piped():
        echo(render(rows[: page.limit], fmt, raw_cells=raw_cells))
    if more:  # on stderr, so JSON/CSV on stdout stay clean
        click.echo(f"(the first {page.limit} rows from offset {page.offset}; there are more: raise --limit or use --offset)",
                   err=True)


def _overview_table(ov: dict[str, Any]) -> str:
    counts = render([ov["counts"]], "table")
    dates = f"{ov['first_date']} .. {ov['last_date']}" if ov["first_date"] else "no dated article"
    return f"{counts}\n\ndates: {dates}\n\ntop dyads:\n{render(ov['top_dyads'], 'table')}"
