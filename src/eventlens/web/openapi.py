"""The OpenAPI 3.1 description of the JSON API, built from the same tables
that validate requests (:mod:`.endpoints`, :mod:`.params`)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..store.params import PARAMS
from .endpoints import ARTICLE_PARAMS, LIST_ENDPOINTS
from .filters import EVENT_VIEW
from .settings import WebSettings

_NUM = {"type": ["number", "null"]}
_INT = {"type": "integer"}
_STR = {"type": ["string", "null"]}


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": _obj(status=_INT, code={"type": "string"}, message={"type": "string"},
                                     fields={"type": "object", "additionalProperties": {"type": "string"},
                                             "description": "parameter -> what is wrong with its value"})},
    },
    "Event": _obj(
        article_id={"type": "string"}, idx=_INT, date=_STR, outlet=_STR, source_text=_STR, source_code=_STR,
        target_text=_STR, target_code=_STR, cameo=_STR, plover=_STR, quad_class=_INT, goldstein=_NUM,
        negated={"type": "boolean"}, modality=_STR, plover_mode=_STR, paragraph=_INT, sentence=_INT, start=_INT, end=_INT,
        evidence=_STR, trigger=_STR, loc_name=_STR, loc_country=_STR, lat=_NUM, lon=_NUM, rule=_STR, confidence=_NUM,
        title=_STR, url=_STR, event_id={"type": ["integer", "null"]}, reports=_INT, mentions=_INT, articles=_INT, sources=_INT,
    ),
    "Report": _obj(
        event_id=_INT, article_id={"type": "string"}, idx=_INT, date=_STR, outlet=_STR, title=_STR, url=_STR,
        source_code=_STR, source_text=_STR, target_code=_STR, target_text=_STR, cameo=_STR, plover=_STR, modality=_STR,
        negated={"type": "boolean"}, paragraph=_INT, sentence=_INT, start=_INT, end=_INT, trigger=_STR,
        trigger_start=_INT, trigger_end=_INT, evidence=_STR, score=_NUM,
    ),
    "Dyad": _obj(
        source={"type": "string"}, target={"type": "string"}, events=_INT, reports=_INT, articles=_INT, goldstein_mean=_NUM,
        tone_mean=_NUM, quad1=_INT, quad2=_INT, quad3=_INT, quad4=_INT, first_date=_STR, last_date=_STR,
    ),
    "TimelineRow": _obj(period={"type": "string"}, quad_class=_INT, events=_INT, reports=_INT, goldstein_mean=_NUM),
    "SeriesRow": _obj(period={"type": "string"}, events=_INT, quad1=_INT, quad2=_INT, quad3=_INT, quad4=_INT,
                      goldstein_mean=_NUM, articles=_INT, tone_mean=_NUM, all_events=_INT, share=_NUM),
    "PairRow": _obj(period={"type": "string"}, source_to_target=_INT, target_to_source=_INT, events=_INT,
                    goldstein_source_to_target=_NUM, goldstein_target_to_source=_NUM, all_events=_INT, share=_NUM),
    "PlaceRow": _obj(name=_STR, country=_STR, lat=_NUM, lon=_NUM, events=_INT, reports=_INT, articles=_INT, goldstein_mean=_NUM,
                     quad1=_INT, quad2=_INT, quad3=_INT, quad4=_INT,
                     precision={"type": "string", "enum": ["city", "admin2", "admin1", "region", "country", "unknown"]}),
    "OutletRow": _obj(outlet=_STR, events=_INT, articles=_INT, all_articles=_INT, share=_NUM, tone_mean=_NUM,
                      goldstein_mean=_NUM, first_date=_STR, last_date=_STR),
    "CoverageRow": _obj(outlet=_STR, code={"type": "string"}, events=_INT, articles=_INT, goldstein_mean=_NUM),
    "AttentionRow": _obj(period={"type": "string"}, outlet=_STR, articles=_INT, events=_INT),
    "ActorRow": _obj(code={"type": "string"}, name=_STR, mentions=_INT, articles=_INT, as_source=_INT, as_target=_INT),
    "ArticleRow": _obj(
        id={"type": "string"}, title=_STR, date=_STR, source=_STR, url=_STR, n_chars=_INT, score=_NUM, events=_INT,
        tone=_NUM, snippet=_STR,
    ),
    "FrameRow": _obj(outlet=_STR, month=_STR, frame=_STR, paragraphs=_INT, score_mean=_NUM, share=_NUM),
    "ToneRow": _obj(outlet=_STR, month=_STR, code=_STR, articles=_INT, mentions=_INT, score_mean=_NUM,
                    negative=_INT, neutral=_INT, positive=_INT),
    "Network": _obj(
        nodes={"type": "array", "items": _obj(id={"type": "string"}, name=_STR, events=_INT, degree=_INT, betweenness=_NUM,
                                               community=_INT, x=_NUM, y=_NUM)},
        edges={"type": "array", "items": _obj(source={"type": "string"}, target={"type": "string"}, events=_INT, goldstein_mean=_NUM)},
        communities={"type": "array", "items": _obj(id=_INT, size=_INT, members={"type": "array", "items": {"type": "string"}})},
        totals=_obj(edges_drawn=_INT, edges_total=_INT, events_drawn=_INT, events_total=_INT, nodes_drawn=_INT, nodes_total=_INT,
                    hidden=_obj(by_weight=_INT, by_limit=_INT, by_degree=_INT), truncated={"type": "boolean"}),
        seed=_INT,
    ),
    "Facets": {"type": "object", "additionalProperties": {"type": "array", "items": _obj(value=_STR, count=_INT)}},
    "Summary": _obj(events=_INT, articles=_INT, dyads=_INT, outlets=_INT, first_date=_STR, last_date=_STR,
                    goldstein_mean=_NUM, tone_mean=_NUM),
    "Suggestion": _obj(code={"type": "string"}, name=_STR, kind={"type": "string"}, mentions=_INT),
    "Analysis": {
        "type": "object",
        "description": "The analysis JSON contract (docs/schema.md): schema_version, article, paragraphs, sentences, actors, places, events, tone, actor_tone, passages, meta",
        "required": ["schema_version", "article"],
    },
    "AnalyzeRequest": {
        "type": "object",
        "required": ["text"],
        "additionalProperties": False,
        "properties": {"text": {"type": "string"}, "title": _STR, "date": _STR, "source": _STR},
    },
}


def _param(name: str, settings: WebSettings, default_limit: int) -> dict[str, Any]:
    p = PARAMS[name]
    schema = p.schema()
    if name == "limit":
        schema = {**schema, "maximum": settings.max_page_size, "default": default_limit}
    if name == "offset":
        schema = {**schema, "maximum": settings.max_offset, "default": 0}
    out = {"name": name, "in": "query", "required": False, "description": p.description, "schema": schema}
    if p.example:
        out["example"] = p.example
    return out


def _errors(*codes: int) -> dict[str, Any]:
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    words = {400: "invalid parameter", 404: "not found", 413: "too large", 414: "query too long", 415: "not JSON", 422: "unusable input"}
    return {str(c): {"description": words[c], "content": ref} for c in codes}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


def columns_for(item: str) -> tuple[str, ...]:
    """The fields of a list item schema, in order (the CSV header when a list is empty)."""
    return tuple(SCHEMAS.get(item, {}).get("properties", {}))


_FORMAT = {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]},
           "description": "json (default) or csv (the same rows; also chosen by Accept: text/csv)"}


def _page_of(item: str, *, facets: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        "limit": _INT, "offset": _INT, "total": {"type": ["integer", "null"], "description": "rows matching in all"},
        "next": {"type": ["string", "null"], "description": "URL of the next page, null on the last"},
    }
    if facets:
        props["facets"] = {"$ref": "#/components/schemas/Facets"}
    return {"type": "object", "required": ["items", "limit", "offset", "next", "total"], "properties": props}


def _list_paths(settings: WebSettings) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for e in LIST_ENDPOINTS:
        names = (*e.params, "limit", "offset") if e.paged else e.params
        params = [_param(n, settings, e.default_limit) for n in names] + [_FORMAT]
        paths[e.path] = {"get": {"summary": e.summary, "operationId": e.query.replace(".", "_"), "parameters": params,
                                 "responses": {**_ok(_page_of(e.item)), **_errors(400, 414)}}}
    search = [_param(n, settings, 25) for n in (*ARTICLE_PARAMS, "limit", "offset")] + [_FORMAT]
    paths["/api/articles"] = {"get": {"summary": "Articles matching q (ranked) and the filters, with facets (outlet, month, "
                                      "country, type)", "operationId": "search_articles", "parameters": search,
                                      "responses": {**_ok(_page_of("ArticleRow", facets=True)), **_errors(400, 414)}}}
    ev = [_param(n, settings, 25) for n in (*EVENT_VIEW, "q", "limit", "offset")] + [_FORMAT]
    paths["/api/search/events"] = {"get": {"summary": "Events whose evidence matches q (ranked) under the filters, with facets",
                                           "operationId": "search_events", "parameters": ev,
                                           "responses": {**_ok(_page_of("Event", facets=True)), **_errors(400, 414)}}}
    graph = [_param(n, settings, 150) for n in (*EVENT_VIEW, "edges", "min_weight", "min_degree")]
    graph.append({**_FORMAT, "schema": {"type": "string", "enum": ["json", "csv", "gexf", "graphml"]}})
    paths["/api/network"] = {"get": {"summary": "Actor network: the strongest dyads, seeded layout, communities, centrality, "
                                     "drawn and hidden totals; also GEXF or GraphML", "operationId": "network",
                                     "parameters": graph, "responses": {**_ok({"$ref": "#/components/schemas/Network"}), **_errors(400)}}}
    paths["/api/summary"] = {"get": {"summary": "The matching events in figures", "operationId": "summary",
                                     "parameters": [_param(n, settings, 1) for n in EVENT_VIEW],
                                     "responses": {**_ok({"$ref": "#/components/schemas/Summary"}), **_errors(400)}}}
    paths["/api/lookup"] = {"get": {"summary": "Actor suggestions for a code, country or name being typed", "operationId": "lookup",
                                    "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 100}}],
                                    "responses": _ok({"type": "object", "properties": {
                                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Suggestion"}}}})}}
    return paths


def build_openapi(settings: WebSettings) -> dict[str, Any]:
    """The OpenAPI document for an app with ``settings``."""
    paths = _list_paths(settings)
    paths["/api/overview"] = {"get": {"summary": "Counts, date range, top dyads, events by quad class and month", "operationId": "overview",
                                      "responses": _ok({"type": "object"})}}
    paths["/api/articles/{article_id}"] = {"get": {
        "summary": "One article's full analysis", "operationId": "article",
        "parameters": [{"name": "article_id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"}}],
        "responses": {**_ok({"$ref": "#/components/schemas/Analysis"}), **_errors(404)}}}
    paths["/api/analyze"] = {"post": {
        "summary": f"Analyse pasted text in memory (not stored); at most {settings.max_analyze_chars} characters, body at most {settings.body_limit} bytes",
        "operationId": "analyze",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeRequest"}}}},
        "responses": {**_ok({"$ref": "#/components/schemas/Analysis"}), **_errors(400, 413, 415, 422)}}}
    paths["/api/status"] = {"get": {"summary": "Server status: store, cache, whether front-end assets are built", "operationId": "status",
                                    "responses": _ok({"type": "object"})}}
    paths["/api/openapi.json"] = {"get": {"summary": "This document", "operationId": "openapi", "responses": _ok({"type": "object"})}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eventlens API",
            "version": __version__,
            "description": "Read-only JSON API over an eventlens store. Every error answers "
                           "{\"error\": {\"status\", \"code\", \"message\", \"fields\"}}. Lists are paginated with limit/offset, "
                           "give the next page's URL and the total, and answer CSV with format=csv. Unknown parameters are ignored.",
        },
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
