"""Build the dashboard's ASGI app: ``create_app(settings=WebSettings(db=...))``."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import AsyncIterator

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..errors import EventlensError
from . import api, pages
from .errors import (
    ApiError,
    api_error_handler,
    disconnect_handler,
    http_error_handler,
    library_error_handler,
    unexpected_error_handler,
)
from .openapi import build_openapi
from .security import RequestLimitsMiddleware, SecurityHeadersMiddleware
from .service import DataService, dumps
from .settings import WebSettings
from .source import StoreSource
from .vendor import STATIC_DIR


def _prepare_index(service: DataService) -> None:
    try:
        service.search_index()
    except Exception as exc:  # noqa: BLE001 - a search then says why; the server goes on
        logging.getLogger("eventlens.web").warning("search index not built: %s", exc)


def create_app(*, settings: WebSettings) -> Starlette:
    """The app serving ``settings.db`` read-only. Raises StoreError if the store cannot be opened."""
    source = StoreSource(db=settings.db, threads=settings.duckdb_threads)
    service = DataService(source=source, settings=settings)
    page_set = pages.Pages(service=service)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.analyze_limiter = anyio.CapacityLimiter(settings.analyze_concurrency)
        builder = None
        if settings.build_index_on_start:  # searches need it: build it now, in the background, not on the first search
            builder = threading.Thread(target=_prepare_index, args=(service,), name="eventlens-search-index", daemon=True)
            builder.start()
        try:
            yield
        finally:
            if builder is not None:  # the build reads the store: let it finish before the store closes
                builder.join(timeout=120)
            source.close()

    app = Starlette(
        routes=[
            *api.routes(),
            *pages.routes(page_set),
            Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(
                RequestLimitsMiddleware, max_body_bytes=settings.body_limit, max_query_bytes=settings.max_query_bytes,
                max_header_bytes=settings.max_header_bytes, max_headers=settings.max_headers,
            ),
        ],
        exception_handlers={
            ApiError: api_error_handler,
            ClientDisconnect: disconnect_handler,
            HTTPException: http_error_handler,
            EventlensError: library_error_handler,
            Exception: unexpected_error_handler,
        },
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.pages = page_set
    app.state.openapi_json = dumps(build_openapi(settings))
    return app
