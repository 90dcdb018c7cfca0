"""Exports other than GDELT: PLOVER/POLECAT-style JSON, analysis JSONL, Parquet, and the actor network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..store import queries as Q
from ..store import rows as R
from .gdelt import event_id

_PLOVER_SQL = (
    "SELECT e.*, a.title, a.source AS publication, a.url, t.tone AS story_tone FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN article_tone t ON t.article_id = e.article_id ORDER BY e.article_id, e.idx"
)
# one record per event: its first report, and the ids of all its reports (mentions)
_PLOVER_EVENTS_SQL = (
    "WITH m AS (SELECT cluster, list(struct_pack(a := article_id, i := idx) ORDER BY date NULLS LAST, article_id, idx) AS reports "
    "FROM events WHERE cluster IS NOT NULL GROUP BY cluster) "
    "SELECT e.*, a.title, a.source AS publication, a.url, t.tone AS story_tone, m.reports, c.num_mentions, c.num_articles, "
    "c.num_sources FROM clusters c JOIN m ON m.cluster = c.id JOIN events e ON e.article_id = c.first_article AND e.idx = c.first_idx "
    "JOIN articles a ON a.id = e.article_id LEFT JOIN article_tone t ON t.article_id = e.article_id "
    "UNION ALL SELECT e.*, a.title, a.source, a.url, t.tone, [struct_pack(a := e.article_id, i := e.idx)], 1, 1, 1 "
    "FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN article_tone t ON t.article_id = e.article_id "
    "WHERE e.cluster IS NULL ORDER BY article_id, idx"
)


def _side(r: dict[str, Any], side: str) -> dict[str, Any] | None:
    code = r[f"{side}_code"]
    if not r[f"has_{side}"]:
        return None
    return {"name": r[f"{side}_text"], "code": code, "country": (code or "")[:3] or None, "sector": (code or "")[3:6] or None}


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """One event (or report) in PLOVER/POLECAT-style JSON (keys documented in docs/store.md).

    A row of the events query (with ``reports``) is an event: ``event_id`` is the event's, ``mentions``
    lists every report (``mention_id``, ``story_id``). A plain report row keeps the report's own id as
    ``event_id`` and names its event in ``mention_of``."""
    own = str(event_id(r["article_id"], r["idx"]))
    if "reports" in r:
        ids = {"event_id": str(r["cluster"]) if r.get("cluster") is not None else own,
               "mentions": [{"mention_id": str(event_id(m["a"], m["i"])), "story_id": m["a"]} for m in r["reports"]],
               "num_mentions": r["num_mentions"], "num_stories": r["num_articles"], "num_sources": r["num_sources"]}
    else:
        ids = {"event_id": own, "mention_of": str(r["cluster"]) if r.get("cluster") is not None else own}
    return ids | {
        "event_date": r["date"],
        "event_type": r["plover"],
        "event_mode": r["plover_mode"],
        "event_intensity": r["goldstein"],
        "quad_code": r["quad_class"],
        "cameo": r["cameo"],
        "negated": r["negated"],
        "modality": r["modality"],
        "actor": _side(r, "source"),
        "recipient": _side(r, "target"),
        "location": json.loads(r["location"]) if r["location"] else None,
        "event_text": r["evidence"],
        "evidence": {"start": r["start"], "end": r["end"], "trigger": r["trigger"],
                     "trigger_start": r["trigger_start"], "trigger_end": r["trigger_end"]},
        "story_id": r["article_id"],
        "headline": r["title"],
        "publication": r["publication"],
        "url": r["url"],
        "story_tone": r["story_tone"],
        "rule": r["rule"],
        "confidence": r["confidence"],
    }


def _dict_rows(con: Any, sql: str, params: list[Any], batch: int = 2000) -> Iterator[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(batch):
        for values in chunk:
            yield dict(zip(names, values))


def write_plover(con: Any, out: IO[str], *, count: str = "events") -> int:
    """A JSON array of PLOVER-style records, one per event (``count="events"``) or report, streamed."""
    out.write("[")
    n = 0
    for r in _dict_rows(con, _PLOVER_EVENTS_SQL if count == "events" else _PLOVER_SQL, []):
        out.write(("\n" if n == 0 else ",\n") + json.dumps(plover_record(r), ensure_ascii=False, default=str))
        n += 1
    out.write("\n]\n")
    return n


def write_jsonl(con: Any, out: IO[str]) -> int:
    """One full analysis (``Analysis.to_dict()`` shape) per line."""
    n = 0
    last = ""
    while True:
        ids = [r[0] for r in con.execute("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 500", [last]).fetchall()]
        if not ids:
            return n
        for aid in ids:
            out.write(json.dumps(Q.article(con, aid), ensure_ascii=False, default=str) + "\n")
            n += 1
        last = ids[-1]


def write_parquet(con: Any, folder: Path) -> dict[str, int]:
    """One Parquet file per table under ``folder``; returns rows per table."""
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in (*R.TABLES, "quarantine"):
        # a cursor of its own: streaming on ``con`` fails while an earlier fetchone() result is pending
        reader = con.cursor().sql(f'SELECT * FROM "{table}"').to_arrow_reader(50_000)
        writer = None
        n = 0
        for batch in reader:
            if writer is None:
                writer = pq.ParquetWriter(folder / f"{table}.parquet", batch.schema)
            writer.write_batch(batch)
            n += batch.num_rows
        if writer is None:
            pq.write_table(reader.schema.empty_table(), folder / f"{table}.parquet")
        else:
            writer.close()
        counts[table] = n
    return counts


def actor_network(con: Any, **filters: Any) -> Any:
    """A networkx DiGraph: nodes are actor codes, edges dyads with events, mean Goldstein and tone."""
    import networkx as nx

    graph = nx.DiGraph()
    for d in Q.dyads(con, limit=None, **filters):
        for code in (d["source"], d["target"]):
            if code not in graph:
                graph.add_node(code, label=code, events_out=0, events_in=0)
        graph.nodes[d["source"]]["events_out"] += d["events"]
        graph.nodes[d["target"]]["events_in"] += d["events"]
        graph.add_edge(
            d["source"], d["target"], weight=d["events"], events=d["events"], articles=d["articles"],
            goldstein_mean=round(d["goldstein_mean"], 4) if d["goldstein_mean"] is not None else 0.0,
            tone_mean=round(d["tone_mean"], 4) if d["tone_mean"] is not None else 0.0,
            quad1=d["quad1"], quad2=d["quad2"], quad3=d["quad3"], quad4=d["quad4"],
            first_date=d["first_date"] or "", last_date=d["last_date"] or "",
        )
    names = dict(con.execute("SELECT code, mode(coalesce(name, text)) FROM actor_mentions WHERE code IS NOT NULL GROUP BY code").fetchall())
    for code in graph.nodes:
        graph.nodes[code]["name"] = names.get(code) or code
    return graph
