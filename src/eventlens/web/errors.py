"""One error shape for every API answer: ``{"error": {"status", "code", "message"}}``.

Pages show the same information as an HTML page; the JSON API always answers
with the object, so clients can rely on it.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import EventlensError, InputError, StoreError
from ..store.params import QueryError

_CODES = {
    400: "bad_request",
    406: "not_acceptable",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    431: "headers_too_large",
    422: "invalid_input",
    429: "busy",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """Raised by handlers; becomes an error object (JSON) or error page (HTML)."""

    def __init__(self, status: int, message: str, *, code: str | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.fields = fields or {}


def error_body(status: int, message: str, code: str | None = None, fields: dict[str, str] | None = None) -> dict[str, Any]:
    """The error object; ``fields`` (parameter -> what is wrong with it) when the request named bad values."""
    error: dict[str, Any] = {"status": status, "code": code or _CODES.get(status, "error"), "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def json_error(status: int, message: str, code: str | None = None, fields: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, code, fields), status_code=status)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def _render(request: Request, status: int, message: str, code: str | None = None,
            fields: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return json_error(status, message, code, fields)
    pages = request.app.state.pages
    return pages.error_page(request, status=status, message=message)


async def api_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _render(request, exc.status, exc.message, exc.code, exc.fields)


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such page or endpoint: {request.url.path}"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        methods = (exc.headers or {}).get("Allow", "").split(",")
        allowed = ", ".join(sorted(m.strip() for m in methods if m.strip()))
        message = f"method {request.method} is not allowed on {request.url.path}" + (f"; use {allowed}" if allowed else "")
    return _render(request, exc.status_code, message)


async def library_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EventlensError)
    status = (400 if isinstance(exc, QueryError) else 422 if isinstance(exc, InputError)
              else 503 if isinstance(exc, StoreError) else 500)
    return _render(request, status, str(exc))


async def unexpected_error_handler(request: Request, exc: Exception) -> Response:
    # Never leak a traceback to the client; the server log has it.
    from ..store.store import fault_message, is_store_fault

    if is_store_fault(exc):  # DuckDB failed on a damaged store outside the query layer: unavailable, not a bug
        return _render(request, 503, fault_message(str(request.app.state.service.source.path), exc))
    return _render(request, 500, "internal error (see the server log)")


async def disconnect_handler(request: Request, exc: Exception) -> Response:
    """The client left while its body was being read: nobody is there to answer and nothing went wrong
    here, so nothing is logged (a handler for this class stops Starlette re-raising it to the server's log)."""
    return Response(status_code=400)
