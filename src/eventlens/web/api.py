"""The JSON API: list endpoints from :mod:`.endpoints`, one article, the
network, the overview, Analyze, and the OpenAPI description.

Handlers are async and answer cached requests on the event loop; a miss runs
the query layer in a worker thread.
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import __version__
from .analyze import AnalyzeForm, run_analysis, unique_fields
from .endpoints import BY_PATH, LIST_ENDPOINTS
from .errors import ApiError
from .params import parse_query
from .service import DataService, dumps
from .vendor import vendor_status

_EVENT_FILTERS = BY_PATH["/api/events"].params


def _json(body: bytes, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="application/json")


def _service(request: Request) -> DataService:
    return request.app.state.service


async def list_endpoint(request: Request) -> Response:
    service = _service(request)
    endpoint = BY_PATH[request.url.path]
    key = ("api", endpoint.path, request.url.query)
    body = service.cache.get(key)
    if body is None:
        s = service.settings
        filters, page = parse_query(
            request.query_params, allowed=endpoint.params, default_limit=endpoint.default_limit,
            max_limit=s.max_page_size, max_offset=s.max_offset,
        )
        body = await run_in_threadpool(service.list_json, endpoint, filters, page)
        service.cache.put(key, body)
    return _json(body)


async def network(request: Request) -> Response:
    service = _service(request)
    key = ("api", "/api/network", request.url.query)
    body = service.cache.get(key)
    if body is None:
        filters, page = parse_query(
            request.query_params, allowed=_EVENT_FILTERS, default_limit=150, max_limit=service.settings.max_page_size,
            max_offset=0,
        )
        body = await run_in_threadpool(lambda: dumps(service.network(filters, edges=page.limit)))
        service.cache.put(key, body)
    return _json(body)


async def overview(request: Request) -> Response:
    service = _service(request)
    _no_parameters(request)
    body = await run_in_threadpool(service.cached_json, ("api", "overview"), lambda: service.rows("overview"))
    return _json(body)


async def article(request: Request) -> Response:
    service = _service(request)
    _no_parameters(request)
    article_id = request.path_params["article_id"]
    body = await run_in_threadpool(service.cached_json, ("api", "article", article_id), lambda: service.article(article_id))
    return _json(body)


async def analyze(request: Request) -> Response:
    settings = _service(request).settings
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, "send the article as JSON: {\"text\": \"...\", \"title\": ..., \"date\": ..., \"source\": ...}")
    try:
        data = json.loads(await request.body(), object_pairs_hook=unique_fields)
    except ValueError:
        raise ApiError(400, "the request body is not valid JSON") from None
    except RecursionError:  # '[[[[...' within the size limit
        raise ApiError(400, "the request body is JSON nested too deeply; send one flat object") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the request body must be a JSON object")
    form = AnalyzeForm.from_mapping(data, max_chars=settings.max_analyze_chars)
    result = await run_analysis(request.app.state.analyze_limiter, form)
    return _json(dumps(result.to_dict()))


def _no_parameters(request: Request) -> None:
    parse_query(request.query_params, allowed=(), default_limit=1, max_limit=1, max_offset=0, paged=False)


async def status(request: Request) -> Response:
    _no_parameters(request)
    service = _service(request)
    vendor = vendor_status()
    return _json(dumps({
        "version": __version__,
        "store": service.source.path.name,
        "read_only": True,
        "vendor_built": vendor.built,
        "vendor_missing": list(vendor.missing),
        "cache": service.cache.stats(),
    }))


async def openapi(request: Request) -> Response:
    _no_parameters(request)
    return _json(request.app.state.openapi_json)


def routes() -> list[Route]:
    out = [Route(e.path, list_endpoint, methods=["GET"]) for e in LIST_ENDPOINTS]
    out += [
        Route("/api/articles/{article_id}", article, methods=["GET"]),
        Route("/api/network", network, methods=["GET"]),
        Route("/api/overview", overview, methods=["GET"]),
        Route("/api/analyze", analyze, methods=["POST"]),
        Route("/api/status", status, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
    ]
    return out


__all__ = ["routes"]
