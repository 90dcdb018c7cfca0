"""GDELT 2.0 event and mentions tables: 61 (events) and 16 (mentions) tab-separated columns in GDELT's order, no header.

The mapping of every column (and which stay empty) is documented in
``docs/store.md``; :data:`COLUMNS` and :data:`MENTION_COLUMNS` are the column
orders. One event row per real-world event (``clusters``, see
:mod:`eventlens.store.clusters`): its first report gives the codes, actors,
place, date and URL; NumMentions/NumSources/NumArticles count its reports,
their outlets and their articles, AvgTone is the mean tone of its reports'
articles. ``count="reports"`` writes one row per report instead (counts 1), as
before deduplication. The mentions table has one row per report of an exported
event. Actors are not geolocated, so the Actor1Geo/Actor2Geo groups stay
empty; ActionGeo comes from the event's location. Negated events are left out
unless asked for (GDELT has no negation field).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import IO, Any

from .cells import tsv_cell
from ..dedup.report import report_id

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR) + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in _GEO) + tuple(f"Actor2Geo_{c}" for c in _GEO) + tuple(f"ActionGeo_{c}" for c in _GEO)
    + ("DATEADDED", "SOURCEURL")
)
assert len(COLUMNS) == 61

_REPORT_COLS = (
    "e.article_id, e.idx, e.date, e.source_code, e.source_text, e.target_code, e.target_text, e.paragraph, "
    "e.cameo, e.quad_class, e.goldstein, e.loc_name, e.loc_country, e.lat, e.lon, e.location, a.coded_at, "
    "coalesce(a.url, a.path) AS url"
)
# one row per report (count="reports"), counts 1
_REPORTS_SQL = (
    f"SELECT {_REPORT_COLS}, t.tone, NULL::BIGINT AS gid, 1 AS num_mentions, 1 AS num_sources, 1 AS num_articles, "
    "e.paragraph = 0 AS is_root FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN article_tone t ON t.article_id = e.article_id WHERE (? OR NOT e.negated) ORDER BY e.article_id, e.idx"
)
# one row per event: its first report, its counts; reports not clustered yet (a store written without
# deduplication) are events of their own
_EVENTS_SQL = (
    f"WITH agg AS (SELECT cluster, avg(tone) AS tone, bool_or(paragraph = 0) AS is_root FROM events "
    "WHERE cluster IS NOT NULL GROUP BY cluster) "
    f"SELECT {_REPORT_COLS}, agg.tone, c.id AS gid, c.num_mentions, c.num_sources, c.num_articles, agg.is_root "
    "FROM clusters c JOIN agg ON agg.cluster = c.id JOIN events e ON e.article_id = c.first_article AND e.idx = c.first_idx "
    "JOIN articles a ON a.id = e.article_id WHERE (? OR NOT c.negated) "
    f"UNION ALL SELECT {_REPORT_COLS}, t.tone, NULL::BIGINT AS gid, 1, 1, 1, e.paragraph = 0 "
    "FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN article_tone t ON t.article_id = e.article_id "
    "WHERE e.cluster IS NULL AND (? OR NOT e.negated) ORDER BY 1, 2"
)
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
_MENTIONS_SQL = (
    "SELECT coalesce(e.cluster, -1) AS cluster, e.article_id, e.idx, e.sentence, e.source_start, e.target_start, "
    "e.trigger_start, e.confidence, e.tone, e.negated, a.coded_at, a.n_chars, a.source AS outlet, "
    "coalesce(a.url, a.path) AS url, f.coded_at AS first_coded "
    "FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN clusters c ON c.id = e.cluster LEFT JOIN articles f ON f.id = c.first_article "
    "WHERE (? OR NOT coalesce(c.negated, e.negated)) ORDER BY coalesce(e.cluster, -1), e.date NULLS LAST, e.article_id, e.idx"
)


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def event_id(article_id: str, idx: int) -> int:
    """A stable integer id for a report (GDELT ids are integers); an event has the id of its first report."""
    return report_id(article_id, idx)


def _actor(code: str | None, text: str | None) -> list[str]:
    if not code:
        return [""] * len(_ACTOR)
    country = code[:3] if code[:3] in _countries() else ""
    rest = code[3:] if country else code  # no country: the sectors start at once (REBMIL -> REB, MIL)
    types = [rest[i:i + 3] for i in range(0, 9, 3)]
    return [code, (text or "").upper(), country, "", "", "", "", *types]


def _num(value: Any, digits: int = 4) -> str:
    return "" if value is None else f"{float(value):.{digits}f}".rstrip("0").rstrip(".")


def row(r: dict[str, Any]) -> list[str]:
    """The 61 fields of one event row."""
    date = r["date"]
    day = dt.date.fromisoformat(date) if date else None
    import json

    loc = json.loads(r["location"]) if r["location"] else {}
    geo = [""] * len(_GEO)
    if r["lat"] is not None or r["loc_name"]:
        geo = ["4" if loc.get("geonameid") else "1", r["loc_name"] or "", r["loc_country"] or "", "", "",
               _num(r["lat"]), _num(r["lon"]), str(loc.get("geonameid") or "")]
    added = r["coded_at"].strftime("%Y%m%d%H%M%S") if r["coded_at"] else ""
    cameo = r["cameo"] or ""
    gid = r.get("gid")
    return [
        str(gid if gid is not None else event_id(r["article_id"], r["idx"])),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", str(day.year) if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor(r["source_code"], r["source_text"]), *_actor(r["target_code"], r["target_text"]),
        "1" if r.get("is_root", r["paragraph"] == 0) else "0", cameo, cameo[:3], cameo[:2], str(r["quad_class"] or ""),
        _num(r["goldstein"], 1), str(r.get("num_mentions") or 1), str(r.get("num_sources") or 1), str(r.get("num_articles") or 1),
        _num(r["tone"]),
        *([""] * len(_GEO)), *([""] * len(_GEO)), *geo,
        added, (r["url"] or "").replace("\t", " "),
    ]


def _dicts(con: Any, sql: str, params: list[Any], batch: int = 5000) -> Iterator[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(batch):
        for values in chunk:
            yield dict(zip(names, values))


def rows(con: Any, *, include_negated: bool = False, count: str = "events", batch: int = 5000) -> Iterator[list[str]]:
    """The 61 fields of every event (``count="events"``) or report (``count="reports"``)."""
    sql, params = (_EVENTS_SQL, [include_negated, include_negated]) if count == "events" else (_REPORTS_SQL, [include_negated])
    for r in _dicts(con, sql, params, batch):
        yield row(r)


def _stamp(value: Any) -> str:
    return value.strftime("%Y%m%d%H%M%S") if value else ""


def mention_row(r: dict[str, Any]) -> list[str]:
    """The 16 fields of one mention (one report of an event)."""
    gid = r["cluster"] if r["cluster"] != -1 else event_id(r["article_id"], r["idx"])

    def offset(value: Any) -> str:
        return "-1" if value is None else str(value)

    confidence = r["confidence"]
    return [
        str(gid), _stamp(r["first_coded"] or r["coded_at"]), _stamp(r["coded_at"]), "1", (r["outlet"] or "").replace("\t", " "),
        (r["url"] or "").replace("\t", " "), str((r["sentence"] or 0) + 1), offset(r["source_start"]), offset(r["target_start"]),
        offset(r["trigger_start"]), "1", str(round(100 * confidence)) if confidence is not None else "",
        str(r["n_chars"] or ""), _num(r["tone"]), "", "",
    ]


def _write_rows(out: IO[str], fields_iter: Iterator[list[str]], header: tuple[str, ...] | None, *, raw_cells: bool = False) -> int:
    """Write rows of fields; every field is one line with no control character, and a text field a spreadsheet
    would run as a formula is defused unless ``raw_cells`` (:mod:`.cells`)."""
    if header:
        out.write("\t".join(header) + "\n")
    n = 0
    for fields in fields_iter:
        out.write("\t".join(tsv_cell(f, raw=raw_cells) for f in fields) + "\n")
        n += 1
    return n


def write(con: Any, out: IO[str], *, include_negated: bool = False, header: bool = False, count: str = "events",
          raw_cells: bool = False) -> int:
    """Write the event table to ``out``; returns the number of rows (cells as in :func:`_write_rows`)."""
    return _write_rows(out, rows(con, include_negated=include_negated, count=count), COLUMNS if header else None,
                       raw_cells=raw_cells)


def write_mentions(con: Any, out: IO[str], *, include_negated: bool = False, header: bool = False,
                   raw_cells: bool = False) -> int:
    """Write the mentions table (GDELT 2.0's 16 columns, one row per report) to ``out``; returns the number of rows."""
    fields = (mention_row(r) for r in _dicts(con, _MENTIONS_SQL, [include_negated]))
    return _write_rows(out, fields, MENTION_COLUMNS if header else None, raw_cells=raw_cells)
