"""GDELT 2.0 event table export: 61 tab-separated columns in GDELT's order, no header.

The mapping of every column (and which stay empty) is documented in
``docs/store.md``; :data:`COLUMNS` is the column order. eventlens codes each
article separately, so NumMentions/NumSources/NumArticles are 1; actors are
not geolocated, so the Actor1Geo/Actor2Geo groups stay empty; ActionGeo comes
from the event's location. Negated events are left out unless asked for
(GDELT has no negation field).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterator
from typing import IO, Any

from .cells import tsv_cell

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

_SQL = (
    "SELECT e.article_id, e.idx, e.date, e.source_code, e.source_text, e.target_code, e.target_text, e.paragraph, "
    "e.cameo, e.quad_class, e.goldstein, t.tone, e.loc_name, e.loc_country, e.lat, e.lon, e.location, a.coded_at, "
    "coalesce(a.url, a.path) AS url FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN article_tone t ON t.article_id = e.article_id WHERE (? OR NOT e.negated) ORDER BY e.article_id, e.idx"
)


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def event_id(article_id: str, idx: int) -> int:
    """A stable integer id for an event (GDELT ids are integers)."""
    return int(hashlib.sha256(f"{article_id}:{idx}".encode()).hexdigest()[:15], 16)


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
    return [
        str(event_id(r["article_id"], r["idx"])),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", str(day.year) if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor(r["source_code"], r["source_text"]), *_actor(r["target_code"], r["target_text"]),
        "1" if r["paragraph"] == 0 else "0", cameo, cameo[:3], cameo[:2], str(r["quad_class"] or ""), _num(r["goldstein"], 1),
        "1", "1", "1", _num(r["tone"]),
        *([""] * len(_GEO)), *([""] * len(_GEO)), *geo,
        added, (r["url"] or "").replace("\t", " "),
    ]


def rows(con: Any, *, include_negated: bool = False, batch: int = 5000) -> Iterator[list[str]]:
    cur = con.execute(_SQL, [include_negated])
    names = [d[0] for d in cur.description]
    while True:
        chunk = cur.fetchmany(batch)
        if not chunk:
            return
        for values in chunk:
            yield row(dict(zip(names, values)))


def write(con: Any, out: IO[str], *, include_negated: bool = False, header: bool = False, raw_cells: bool = False) -> int:
    """Write the event table to ``out``; returns the number of rows. Every field is one line with no control
    character, and a text field a spreadsheet would run as a formula is defused unless ``raw_cells``
    (:mod:`.cells`)."""
    if header:
        out.write("\t".join(COLUMNS) + "\n")
    n = 0
    for fields in rows(con, include_negated=include_negated):
        out.write("\t".join(tsv_cell(f, raw=raw_cells) for f in fields) + "\n")
        n += 1
    return n
