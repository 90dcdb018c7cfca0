"""The JSON API: list endpoints from :mod:`.endpoints`, search with facets, the actor lookup, the
network, summaries, one article, Analyze, and the OpenAPI description.

Every endpoint reads the one filter model (:mod:`.filters`): unknown parameters are
ignored (named in ``X-Ignored-Parameters``), a bad value is a 400 error object naming
each bad field. Lists answer JSON or, with ``format=csv`` or ``Accept: text/csv``, the
same rows as CSV (:mod:`.export`). Handlers are async and answer cached requests on
the event loop; a miss runs in a worker thread.
"""

from __future__ import annotations

import json
from typing import Any, Callable
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .. import __version__
from .analyze import AnalyzeForm, run_analysis, unique_fields
from .endpoints import ARTICLE_PARAMS, BY_PATH, LIST_ENDPOINTS, ListEndpoint, query_kwargs
from .errors import ApiError
from .export import csv_bytes, file_response, filename, rows_response, wanted_format
from .filters import EVENT_VIEW, api_filters, read_page
from .graph import GRAPH_PARAMS, network_formats, network_view
from .openapi import columns_for
from .service import DataService, dumps
from .vendor import vendor_status

_NO_PARAMS: tuple[str, ...] = ()


def _service(request: Request) -> DataService:
    return request.app.state.service


def _key(request: Request, fmt: str) -> tuple:
    return ("api", request.url.path, fmt, tuple(sorted(request.query_params.multi_items())))


async def _cached(request: Request, fmt: str, compute: Callable[[], Response]) -> Response:
    """The cached answer to this request, else ``compute()`` in a worker thread (and cache it)."""
    service = _service(request)
    key = _key(request, fmt)
    hit = service.cache.get(key)
    if hit is None:
        response = await run_in_threadpool(compute)
        hit = (response.body, response.media_type, dict(response.headers))
        service.cache.put(key, hit)
    body, media, headers = hit
    headers.pop("content-length", None)
    return Response(body, media_type=media, headers=headers)


def _ignored(request: Request, known: tuple[str, ...], response: Response) -> Response:
    extra = sorted({k for k in request.query_params if k not in known and k not in ("limit", "offset", "format")})
    if extra:
        response.headers["x-ignored-parameters"] = ", ".join(extra)[:500]
    return response


def _next_url(request: Request, limit: int, offset: int, known: tuple[str, ...]) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k in known or k == "format"]
    return f"{request.url.path}?{urlencode([*kept, ('limit', limit), ('offset', offset)])}"


def _list_answer(request: Request, endpoint: ListEndpoint, fmt: str) -> Response:
    service = _service(request)
    s = service.settings
    filters = query_kwargs(endpoint, api_filters(service.filters(request.query_params, endpoint.params)))
    if not endpoint.paged:
        items = service.rows(endpoint.query, **filters)
        body = dumps({"items": items, "limit": len(items), "offset": 0, "next": None, "total": len(items)})
        return rows_response(request, view=endpoint.path.rsplit("/", 1)[-1], rows=items, fmt=fmt, json_body=body,
                             columns=columns_for(endpoint.item), total=len(items))
    page = read_page(request.query_params, default_limit=endpoint.default_limit,
                     max_limit=s.max_export_rows if fmt == "csv" else s.max_page_size, max_offset=s.max_offset)
    if endpoint.with_total:
        found = service.rows(endpoint.query, **filters, limit=page.limit, offset=page.offset, with_total=True)
        items, total = found["items"], found["total"]
        more = page.offset + len(items) < total
    else:
        rows = service.rows(endpoint.query, **filters, limit=page.limit + 1, offset=page.offset)
        items, more = rows[: page.limit], len(rows) > page.limit
        total = None if more else page.offset + len(items)
    body = dumps({"items": items, "limit": page.limit, "offset": page.offset, "total": total,
                  "next": _next_url(request, page.limit, page.offset + page.limit, endpoint.params) if more else None})
    return rows_response(request, view=endpoint.path.rsplit("/", 1)[-1], rows=items, fmt=fmt, json_body=body,
                         columns=columns_for(endpoint.item), total=total)


async def list_endpoint(request: Request) -> Response:
    endpoint = BY_PATH[request.url.path]
    fmt = wanted_format(request)
    response = await _cached(request, fmt, lambda: _list_answer(request, endpoint, fmt))
    return _ignored(request, endpoint.params, response)


# ---------------------------------------------------------------- search
def _snippet(text: str, words: list[str], width: int = 220) -> str:
    low = text.lower()
    hits = [i for i in (low.find(w) for w in words) if i >= 0]
    at = min(hits) if hits else 0
    start = max(0, at - width // 3)
    out = text[start:start + width].replace("\n", " ")
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def article_results(service: DataService, params: Any, *, limit: int, offset: int) -> dict[str, Any]:
    """Articles matching ``q`` (ranked) and the article filters: a page, the total, the order and the facets."""
    from ..store.search import terms

    filters = api_filters(service.filters(params, ARTICLE_PARAMS))
    q = filters.pop("q", None)
    call = service.source.call
    if q:
        found = service.search("articles", q, filters, limit=limit, offset=offset)
        ids = [k[0] for k in found["keys"]]
        items = call("facets.search_articles", ids=ids, scores=found["scores"], limit=max(1, len(ids)), offset=0)
        result = {"total": found["total"], "order": found["order"], "facets": found["facets"],
                  "facets_timed_out": found["facets_timed_out"]}
    else:
        items = call("facets.search_articles", limit=limit, offset=offset, **filters)
        result = {"total": call("facets.count_articles", **filters), "order": "newest",
                  "facets": call("facets.article_facets", **filters), "facets_timed_out": []}
    texts = call("facets.article_snippets", ids=[r["id"] for r in items])
    words = terms(q) if q else []
    for r in items:
        r["snippet"] = _snippet(texts.get(r["id"], ""), words)
    return {"items": items, **result}


def event_results(service: DataService, params: Any, *, limit: int, offset: int) -> dict[str, Any]:
    """Events whose evidence matches ``q`` (ranked) under the event filters: a page, the total, the order, the facets."""
    filters = api_filters(service.filters(params, (*EVENT_VIEW, "q")))
    q = filters.pop("q", None)
    filters.pop("rollup", None)
    call = service.source.call
    if q:
        found = service.search("events", q, filters, limit=limit, offset=offset)
        keys = ([k[0] for k in found["keys"]], [int(k[1]) for k in found["keys"]], found["scores"])
        items = call("facets.search_events", keys=keys, limit=max(1, len(keys[0])), offset=0)
        return {"items": items, "total": found["total"], "order": found["order"], "facets": found["facets"],
                "facets_timed_out": found["facets_timed_out"]}
    items = call("facets.search_events", limit=limit, offset=offset, **filters)
    return {"items": items, "total": call("facets.count_events", **filters), "order": "newest",
            "facets": call("facets.event_facets", **filters), "facets_timed_out": []}


def _search_answer(request: Request, fmt: str, which: str) -> Response:
    service = _service(request)
    s = service.settings
    page = read_page(request.query_params, default_limit=25, max_limit=s.max_export_rows if fmt == "csv" else s.max_page_size,
                     max_offset=s.max_offset)
    found = (article_results if which == "articles" else event_results)(service, request.query_params, limit=page.limit,
                                                                       offset=page.offset)
    known = ARTICLE_PARAMS if which == "articles" else (*EVENT_VIEW, "q")
    more = page.offset + len(found["items"]) < found["total"]
    body = dumps({**found, "limit": page.limit, "offset": page.offset,
                  "next": _next_url(request, page.limit, page.offset + page.limit, known) if more else None})
    return rows_response(request, view=f"search-{which}", rows=found["items"], fmt=fmt, json_body=body, total=found["total"])


async def articles(request: Request) -> Response:
    fmt = wanted_format(request)
    response = await _cached(request, fmt, lambda: _search_answer(request, fmt, "articles"))
    return _ignored(request, ARTICLE_PARAMS, response)


async def search_events(request: Request) -> Response:
    fmt = wanted_format(request)
    response = await _cached(request, fmt, lambda: _search_answer(request, fmt, "events"))
    return _ignored(request, (*EVENT_VIEW, "q"), response)


async def lookup(request: Request) -> Response:
    """Actor suggestions for what is typed so far: ``?q=ira`` -> IRN (Iran), ..."""
    q = request.query_params.get("q", "")
    if len(q) > 100:
        raise ApiError(400, "parameter 'q' is longer than 100 characters", fields={"q": "at most 100 characters"})

    def compute() -> Response:
        items = _service(request).rows("lookup.suggest_actors", text=q, limit=10)
        return Response(dumps({"items": items, "total": len(items)}), media_type="application/json")

    return await _cached(request, "json", compute)


# ---------------------------------------------------------------- network, summary, overview
def _network_answer(request: Request, fmt: str) -> Response:
    service = _service(request)
    state = service.filters(request.query_params, (*EVENT_VIEW, *GRAPH_PARAMS))
    view = network_view(service, api_filters(state))
    if fmt == "json":
        return Response(dumps(view), media_type="application/json")
    name = filename("network", dict(request.query_params), fmt)
    if fmt == "csv":
        return file_response(csv_bytes(view["edges"], columns=("source", "target", "events", "goldstein_mean")),
                             fmt="csv", name=name, total=view["totals"]["edges_drawn"])
    return file_response(network_formats(view, fmt), fmt=fmt, name=name)


async def network(request: Request) -> Response:
    fmt = wanted_format(request, allowed=("json", "csv", "gexf", "graphml"))
    response = await _cached(request, fmt, lambda: _network_answer(request, fmt))
    return _ignored(request, (*EVENT_VIEW, *GRAPH_PARAMS), response)


async def summary(request: Request) -> Response:
    service = _service(request)

    def compute() -> Response:
        filters = api_filters(service.filters(request.query_params, EVENT_VIEW))
        return Response(dumps(service.rows("summary", **filters)), media_type="application/json")

    return _ignored(request, EVENT_VIEW, await _cached(request, "json", compute))


async def overview(request: Request) -> Response:
    service = _service(request)
    body = await run_in_threadpool(service.cached_json, ("api", "overview"), lambda: service.rows("overview"))
    return _ignored(request, _NO_PARAMS, Response(body, media_type="application/json"))


async def article(request: Request) -> Response:
    service = _service(request)
    article_id = request.path_params["article_id"]
    body = await run_in_threadpool(service.cached_json, ("api", "article", article_id), lambda: service.article(article_id))
    return Response(body, media_type="application/json")


async def analyze(request: Request) -> Response:
    settings = _service(request).settings
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, "send the article as JSON: {\"text\": \"...\", \"title\": ..., \"date\": ..., \"source\": ...}")
    try:
        raw = await request.body()
    except ClientDisconnect:
        return Response(status_code=400)
    try:
        data = json.loads(raw, object_pairs_hook=unique_fields)
    except ValueError:
        raise ApiError(400, "the request body is not valid JSON") from None
    except RecursionError:  # '[[[[...' within the size limit
        raise ApiError(400, "the request body is JSON nested too deeply; send one flat object") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the request body must be a JSON object")
    form = AnalyzeForm.from_mapping(data, max_chars=settings.max_analyze_chars)
    result = await run_analysis(request.app.state.analyze_limiter, form)
    return Response(dumps(result.to_dict()), media_type="application/json")


async def status(request: Request) -> Response:
    service = _service(request)
    vendor = vendor_status()
    return Response(dumps({
        "version": __version__,
        "store": service.source.path.name,
        "read_only": True,
        "vendor_built": vendor.built,
        "vendor_missing": list(vendor.missing),
        "search_index": service.index_status(),
        "cache": service.cache.stats(),
    }), media_type="application/json")


async def openapi(request: Request) -> Response:
    return Response(request.app.state.openapi_json, media_type="application/json")


def routes() -> list[Route]:
    out = [Route(e.path, list_endpoint, methods=["GET"]) for e in LIST_ENDPOINTS]
    out += [
        Route("/api/articles", articles, methods=["GET"]),
        Route("/api/search/events", search_events, methods=["GET"]),
        Route("/api/articles/{article_id}", article, methods=["GET"]),
        Route("/api/lookup", lookup, methods=["GET"]),
        Route("/api/network", network, methods=["GET"]),
        Route("/api/summary", summary, methods=["GET"]),
        Route("/api/overview", overview, methods=["GET"]),
        Route("/api/analyze", analyze, methods=["POST"]),
        Route("/api/status", status, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
    ]
    return out


__all__ = ["article_results", "event_results", "routes"]
