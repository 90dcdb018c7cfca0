"""Turn an analysis (its ``to_dict()`` form) into rows of the store's tables and back.

Rows travel column-wise (``{column: [values]}``) so that worker processes can
hand them to the writer cheaply and the writer can insert them in bulk as
Arrow tables. :func:`analysis_from_rows` is the inverse used by
``queries.article``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import pyarrow as pa

from ..model import SCHEMA_VERSION

_S, _I, _D, _B, _J, _L = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.string(), pa.int64()

# Column name -> Arrow type, in schema order (schema.sql, then the columns
# migrations append). JSON columns travel as strings; inserts go BY NAME.
TABLES: Mapping[str, Mapping[str, pa.DataType]] = MappingProxyType(
    {
        "articles": {
            "id": _S, "title": _S, "date": _S, "source": _S, "url": _S, "path": _S, "text": _S,
            "n_chars": _I, "meta": _J, "analysis_schema": _S, "run_id": _S,
        },
        "article_tone": {
            "article_id": _S, "tone": _D, "positive": _D, "negative": _D, "polarity": _D,
            "activity": _D, "self_group": _D, "word_count": _I,
        },
        "paragraphs": {
            "article_id": _S, "idx": _I, "start": _I, "end": _I, "tone": _J, "tone_value": _D,
            "focus": _J, "frames": _J, "actor_tone": _J, "departure": _J,
            "departure_score": _D, "departure_flagged": _B,
        },
        "sentences": {"article_id": _S, "idx": _I, "paragraph": _I, "start": _I, "end": _I},
        "actor_mentions": {
            "article_id": _S, "idx": _I, "text": _S, "start": _I, "end": _I, "code": _S,
            "country": _S, "sector": _S, "name": _S, "kind": _S, "sentence": _I, "rule": _S,
            "confidence": _D, "extra": _J,
        },
        "places": {
            "article_id": _S, "idx": _I, "text": _S, "start": _I, "end": _I, "name": _S,
            "country": _S, "lat": _D, "lon": _D, "geonameid": _L, "admin1": _S,
            "feature_class": _S, "feature_code": _S, "population": _L, "kind": _S,
            "sentence": _I, "rule": _S, "confidence": _D, "extra": _J,
        },
        "events": {
            "article_id": _S, "idx": _I, "date": _S, "outlet": _S,
            "source_text": _S, "source_code": _S, "source_start": _I, "source_end": _I,
            "target_text": _S, "target_code": _S, "target_start": _I, "target_end": _I,
            "has_source": _B, "has_target": _B, "cameo": _S, "cameo_root": _S, "plover": _S,
            "quad_class": _I, "goldstein": _D, "paragraph": _I, "sentence": _I,
            "start": _I, "end": _I, "evidence": _S, "trigger": _S, "trigger_start": _I,
            "trigger_end": _I, "negated": _B, "modality": _S, "speaker": _J,
            "plover_mode": _S, "location": _J, "loc_name": _S, "loc_country": _S,
            "lat": _D, "lon": _D, "rule": _S, "confidence": _D, "extra": _J,
            "tone": _D,  # schema v2: the article's tone, denormalised (migrations.py)
        },
        "actor_tone": {
            "article_id": _S, "paragraph": _I, "idx": _I, "code": _S, "sentiment": _S,
            "score": _D, "n": _I, "item": _J,
        },
        "frames": {"article_id": _S, "paragraph": _I, "frame": _S, "score": _D},
        "passages": {
            "article_id": _S, "idx": _I, "paragraphs": _J, "start": _I, "end": _I,
            "score": _D, "reasons": _J,
        },
    }
)

# Tables holding rows derived from an article (replaced as a whole by recode).
DERIVED_TABLES: tuple[str, ...] = tuple(t for t in TABLES if t != "articles")

_MENTION_KEYS = ("text", "start", "end", "code", "country", "sector", "name", "kind", "sentence", "rule", "confidence")
_PLACE_KEYS = (
    "text", "start", "end", "name", "country", "lat", "lon", "geonameid", "admin1", "feature_class",
    "feature_code", "population", "kind", "sentence", "rule", "confidence",
)
_EVENT_KEYS = (
    "source", "target", "cameo", "plover", "quad_class", "goldstein", "paragraph", "sentence", "start", "end",
    "trigger", "trigger_start", "trigger_end", "negated", "modality", "speaker", "plover_mode", "location",
    "rule", "confidence",
)
# Per-run noise that would make two codings of the same text differ.
_VOLATILE_META = ("timings_s",)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unjson(value: Any) -> Any:
    return None if value is None else json.loads(value)


def _extra(item: Mapping[str, Any], known: Iterable[str]) -> str | None:
    rest = {k: v for k, v in item.items() if k not in set(known)}
    return _json(rest) if rest else None


def _num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def empty_columns() -> dict[str, dict[str, list[Any]]]:
    """An empty column-wise buffer for every table."""
    return {table: {col: [] for col in cols} for table, cols in TABLES.items()}


def _add(buf: dict[str, list[Any]], row: Mapping[str, Any]) -> None:
    for col, values in buf.items():
        values.append(row.get(col))


def add_analysis(buf: dict[str, dict[str, list[Any]]], data: Mapping[str, Any], *, run_id: str | None = None) -> None:
    """Append the rows of one analysis dict (``Analysis.to_dict()``) to ``buf``."""
    art = data["article"]
    aid = art["id"]
    text = art["text"]
    meta = {k: v for k, v in (data.get("meta") or {}).items() if k not in _VOLATILE_META}
    _add(buf["articles"], {
        "id": aid, "title": art.get("title"), "date": art.get("date"), "source": art.get("source"),
        "url": art.get("url"), "path": art.get("path"), "text": text, "n_chars": len(text),
        "meta": _json(meta), "analysis_schema": data.get("schema_version", SCHEMA_VERSION), "run_id": run_id,
    })
    if data.get("tone"):
        _add(buf["article_tone"], {"article_id": aid, **data["tone"]})
    for p in data.get("paragraphs") or []:
        dep = p.get("departure")
        _add(buf["paragraphs"], {
            "article_id": aid, "idx": p["index"], "start": p["start"], "end": p["end"],
            "tone": _json(p.get("tone")), "tone_value": _num((p.get("tone") or {}).get("tone")),
            "focus": _json(p.get("focus") or []), "frames": _json(p.get("frames") or []),
            "actor_tone": _json(p.get("actor_tone") or []), "departure": _json(dep),
            "departure_score": _num(dep.get("score")) if dep else None,
            "departure_flagged": bool(dep.get("flagged")) if dep else None,
        })
        for f in p.get("frames") or []:
            _add(buf["frames"], {"article_id": aid, "paragraph": p["index"], "frame": f.get("frame"), "score": _num(f.get("score"))})
        for i, t in enumerate(p.get("actor_tone") or []):
            _add_tone(buf, aid, p["index"], i, t)
    for i, t in enumerate(data.get("actor_tone") or []):
        _add_tone(buf, aid, None, i, t)
    for s in data.get("sentences") or []:
        _add(buf["sentences"], {"article_id": aid, "idx": s["index"], "paragraph": s["paragraph"], "start": s["start"], "end": s["end"]})
    for i, m in enumerate(data.get("actors") or []):
        _add(buf["actor_mentions"], {"article_id": aid, "idx": i, **m, "extra": _extra(m, _MENTION_KEYS)})
    for i, pl in enumerate(data.get("places") or []):
        _add(buf["places"], {"article_id": aid, "idx": i, **pl, "extra": _extra(pl, _PLACE_KEYS)})
    article_tone = _num((data.get("tone") or {}).get("tone"))
    for i, e in enumerate(data.get("events") or []):
        _add(buf["events"], _event_row(aid, i, e, art, text) | {"tone": article_tone})
    for i, ps in enumerate(data.get("passages") or []):
        _add(buf["passages"], {
            "article_id": aid, "idx": i, "paragraphs": _json(ps.get("paragraphs")), "start": ps.get("start"),
            "end": ps.get("end"), "score": _num(ps.get("score")), "reasons": _json(ps.get("reasons") or []),
        })


def _add_tone(buf: dict[str, dict[str, list[Any]]], aid: str, paragraph: int | None, idx: int, item: Mapping[str, Any]) -> None:
    sentiment = item.get("sentiment")
    n = item.get("n")
    _add(buf["actor_tone"], {
        "article_id": aid, "paragraph": paragraph, "idx": idx, "code": item.get("code"),
        "sentiment": None if sentiment is None else str(sentiment), "score": _num(item.get("score")),
        "n": int(n) if isinstance(n, (int, float)) else None, "item": _json(dict(item)),
    })


def _event_row(aid: str, idx: int, e: Mapping[str, Any], art: Mapping[str, Any], text: str) -> dict[str, Any]:
    src, tgt, loc = e.get("source") or {}, e.get("target") or {}, e.get("location") or {}
    return {
        "article_id": aid, "idx": idx, "date": art.get("date"), "outlet": art.get("source"),
        "source_text": src.get("text"), "source_code": src.get("code"), "source_start": src.get("start"), "source_end": src.get("end"),
        "target_text": tgt.get("text"), "target_code": tgt.get("code"), "target_start": tgt.get("start"), "target_end": tgt.get("end"),
        "has_source": e.get("source") is not None, "has_target": e.get("target") is not None,
        "cameo": e.get("cameo"), "cameo_root": (e.get("cameo") or "")[:2] or None, "plover": e.get("plover"),
        "quad_class": e.get("quad_class"), "goldstein": _num(e.get("goldstein")), "paragraph": e.get("paragraph"),
        "sentence": e.get("sentence"), "start": e.get("start"), "end": e.get("end"),
        "evidence": text[e["start"]:e["end"]] if e.get("start") is not None and e.get("end") is not None else None,
        "trigger": e.get("trigger"), "trigger_start": e.get("trigger_start"), "trigger_end": e.get("trigger_end"),
        "negated": bool(e.get("negated")), "modality": e.get("modality"), "speaker": _json(e.get("speaker")),
        "plover_mode": e.get("plover_mode"), "location": _json(e.get("location")),
        "loc_name": loc.get("name"), "loc_country": loc.get("country"), "lat": _num(loc.get("lat")), "lon": _num(loc.get("lon")),
        "rule": e.get("rule"), "confidence": _num(e.get("confidence")), "extra": _extra(e, _EVENT_KEYS),
    }


def to_arrow(table: str, columns: Mapping[str, list[Any]]) -> pa.Table:
    """An Arrow table for ``table`` from column-wise values."""
    types = TABLES[table]
    return pa.table({col: pa.array(columns[col], type=types[col]) for col in types})


def merge_columns(into: dict[str, dict[str, list[Any]]], other: Mapping[str, Mapping[str, list[Any]]]) -> None:
    for table, cols in other.items():
        for col, values in cols.items():
            into[table][col].extend(values)


def row_count(buf: Mapping[str, Mapping[str, list[Any]]], table: str) -> int:
    first = next(iter(TABLES[table]))
    return len(buf[table][first])


# ---------------------------------------------------------------- inverse

def _with_extra(row: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    out = {k: row[k] for k in keys}
    out.update(_unjson(row.get("extra")) or {})
    return out


def _event_actor(row: Mapping[str, Any], side: str) -> dict[str, Any] | None:
    if not row[f"has_{side}"]:
        return None
    return {"text": row[f"{side}_text"], "code": row[f"{side}_code"], "start": row[f"{side}_start"], "end": row[f"{side}_end"]}


def analysis_from_rows(rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The ``Analysis.to_dict()`` form of one article from its rows (each table's rows sorted by idx)."""
    art = rows["articles"][0]
    by_paragraph: dict[int | None, list[dict[str, Any]]] = {}
    for t in rows["actor_tone"]:
        by_paragraph.setdefault(t["paragraph"], []).append(_unjson(t["item"]))
    paragraphs = []
    for p in rows["paragraphs"]:
        paragraphs.append({
            "index": p["idx"], "start": p["start"], "end": p["end"], "tone": _unjson(p["tone"]),
            "focus": _unjson(p["focus"]) or [], "frames": _unjson(p["frames"]) or [],
            "actor_tone": _unjson(p["actor_tone"]) or [], "departure": _unjson(p["departure"]),
        })
    events = []
    for e in rows["events"]:
        event = {k: e[k] for k in _EVENT_KEYS if k not in ("source", "target", "speaker", "location")}
        event.update(source=_event_actor(e, "source"), target=_event_actor(e, "target"),
                     speaker=_unjson(e["speaker"]), location=_unjson(e["location"]))
        event.update(_unjson(e.get("extra")) or {})
        events.append({k: event[k] for k in _EVENT_KEYS} | {k: v for k, v in event.items() if k not in _EVENT_KEYS})
    tone = rows["article_tone"][0] if rows["article_tone"] else None
    return {
        "schema_version": art["analysis_schema"] or SCHEMA_VERSION,
        "article": {k: art[k] for k in ("id", "title", "date", "source", "url", "path", "text")},
        "paragraphs": paragraphs,
        "sentences": [{"index": s["idx"], "paragraph": s["paragraph"], "start": s["start"], "end": s["end"]} for s in rows["sentences"]],
        "actors": [_with_extra(m, _MENTION_KEYS) for m in rows["actor_mentions"]],
        "places": [_with_extra(p, _PLACE_KEYS) for p in rows["places"]],
        "events": events,
        "passages": [
            {"paragraphs": _unjson(p["paragraphs"]), "start": p["start"], "end": p["end"], "score": p["score"], "reasons": _unjson(p["reasons"]) or []}
            for p in rows["passages"]
        ],
        "tone": {k: tone[k] for k in ("tone", "positive", "negative", "polarity", "activity", "self_group", "word_count")} if tone else None,
        "actor_tone": by_paragraph.get(None, []),
        "meta": _unjson(art["meta"]) or {},
    }
