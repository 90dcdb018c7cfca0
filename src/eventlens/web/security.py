"""ASGI middleware: security headers on every answer, and request size limits.

Written as plain ASGI so it also covers static files and error answers.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import error_body

# No inline script anywhere: scripts come from /static only. Article text is
# escaped server-side and inserted as text nodes client-side, so even a missed
# escape could not run script under this policy.
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


_MAX_PATH_BYTES = 4096


class RequestLimitsMiddleware:
    """Refuses over-long query strings (414), too many or too large headers (431) and bodies (413)
    before any handler runs.

    The body limit is enforced on the declared ``content-length`` and again on
    the bytes actually received (chunked uploads). The server's protocol
    (:mod:`.protocol`) bounds the head before it is even parsed; this check holds
    under any server.
    """

    def __init__(self, app: Any, *, max_body_bytes: int, max_query_bytes: int, max_header_bytes: int = 16 * 1024,
                 max_headers: int = 64) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.max_query = max_query_bytes
        self.max_header_bytes = max_header_bytes
        self.max_headers = max_headers

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        if len(headers) > self.max_headers:
            await _refuse(send, 431, f"more than {self.max_headers} request headers")
            return
        if sum(len(k) + len(v) for k, v in headers) > self.max_header_bytes:
            await _refuse(send, 431, f"request headers larger than {self.max_header_bytes} bytes")
            return
        if len(scope.get("query_string", b"")) > self.max_query:
            await _refuse(send, 414, f"query string longer than {self.max_query} bytes")
            return
        if len(scope.get("raw_path") or b"") > _MAX_PATH_BYTES:
            await _refuse(send, 414, f"path longer than {_MAX_PATH_BYTES} bytes")
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _refuse(send, 413, f"request body larger than {self.max_body} bytes")
            return
        received = 0

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLarge:
            await _refuse(send, 413, f"request body larger than {self.max_body} bytes")


class _BodyTooLarge(Exception):
    pass


def _content_length(scope: dict) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Any, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
