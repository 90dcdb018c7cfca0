"""The OpenAPI 3.1 description of the JSON API, built from the same tables
that validate requests (:mod:`.endpoints`, :mod:`.params`)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from .endpoints import LIST_ENDPOINTS
from .params import PARAMS
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
        "properties": {"error": _obj(status=_INT, code={"type": "string"}, message={"type": "string"})},
    },
    "Event": _obj(
        article_id={"type": "string"}, idx=_INT, date=_STR, outlet=_STR, source_text=_STR, source_code=_STR,
        target_text=_STR, target_code=_STR, cameo=_STR, plover=_STR, quad_class=_INT, goldstein=_NUM,
        negated={"type": "boolean"}, modality=_STR, paragraph=_INT, sentence=_INT, start=_INT, end=_INT,
        evidence=_STR, trigger=_STR, loc_name=_STR, loc_country=_STR, lat=_NUM, lon=_NUM, rule=_STR,
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
    "PlaceRow": _obj(name=_STR, country=_STR, lat=_NUM, lon=_NUM, events=_INT, reports=_INT, articles=_INT, goldstein_mean=_NUM),
    "ActorRow": _obj(code={"type": "string"}, name=_STR, mentions=_INT, articles=_INT, as_source=_INT, as_target=_INT),
    "ArticleRow": _obj(
        id={"type": "string"}, title=_STR, date=_STR, source=_STR, url=_STR, n_chars=_INT, snippet=_STR, tone=_NUM,
        events=_INT, actors=_INT, flagged_paragraphs=_INT,
    ),
    "FrameRow": _obj(outlet=_STR, month=_STR, frame=_STR, paragraphs=_INT, score_mean=_NUM, share=_NUM),
    "ToneRow": _obj(outlet=_STR, month=_STR, code=_STR, articles=_INT, mentions=_INT, score_mean=_NUM,
                    negative=_INT, neutral=_INT, positive=_INT),
    "Network": _obj(
        nodes={"type": "array", "items": _obj(id={"type": "string"}, events=_INT)},
        edges={"type": "array", "items": _obj(source={"type": "string"}, target={"type": "string"}, events=_INT, goldstein_mean=_NUM)},
    ),
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


def _page_of(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "limit", "offset", "next"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "limit": _INT, "offset": _INT,
            "next": {"type": ["string", "null"], "description": "URL of the next page, null on the last"},
        },
    }


def build_openapi(settings: WebSettings) -> dict[str, Any]:
    """The OpenAPI document for an app with ``settings``."""
    paths: dict[str, Any] = {}
    for e in LIST_ENDPOINTS:
        params = [_param(n, settings, e.default_limit) for n in (*e.params, "limit", "offset")]
        paths[e.path] = {"get": {"summary": e.summary, "operationId": e.query, "parameters": params,
                                 "responses": {**_ok(_page_of(e.item)), **_errors(400, 414)}}}
    event_params = [_param(n, settings, 150) for n in (*LIST_ENDPOINTS[0].params, "limit")]
    paths["/api/network"] = {"get": {"summary": "Actor network from the strongest dyads (limit = edges)", "operationId": "network",
                                     "parameters": event_params,
                                     "responses": {**_ok({"$ref": "#/components/schemas/Network"}), **_errors(400)}}}
    paths["/api/overview"] = {"get": {"summary": "Counts, date range, top dyads, events by quad class and month", "operationId": "overview",
                                      "responses": _ok({"type": "object"})}}
    paths["/api/articles/{article_id}"] = {"get": {
        "summary": "One article's full analysis", "operationId": "article",
        "parameters": [{"name": "article_id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"}}],
        "responses": {**_ok({"$ref": "#/components/schemas/Analysis"}), **_errors(404)}}}
    paths["/api/analyze"] = {"post": {
        "summary": f"Analyse pasted text in memory (not stored); at most {settings.max_analyze_chars} characters, body at most {settings.max_body_bytes} bytes",
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
                           "{\"error\": {\"status\", \"code\", \"message\"}}. Lists are paginated with limit/offset and give the next page's URL.",
        },
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
