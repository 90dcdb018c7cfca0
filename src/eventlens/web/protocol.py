"""uvicorn's HTTP protocol, answering the requests its parser refuses with our JSON error object.

uvicorn refuses a request it cannot parse (a request line of 64 KiB or more, a raw
non-ASCII byte in the target, a malformed header) before the app sees it, with a
``text/plain`` "Invalid HTTP request received.". This subclass of the protocol
uvicorn would pick anyway (``auto``) sends the error object every other answer uses.
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .errors import error_body
from .security import SECURITY_HEADERS

_LONG_TARGET = 8192  # bytes of request target past which a parse failure is called too long


class JsonErrorProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's protocol (httptools, else h11) whose parser-level 400 is a JSON error object."""

    def send_400_response(self, msg: str) -> None:
        target = getattr(self, "url", b"") or b""  # httptools keeps the target read so far; h11 does not
        if len(target) > _LONG_TARGET:
            status, reason, message = 414, b"URI Too Long", f"URL too long ({len(target)} bytes)"
        else:
            status, reason, message = 400, b"Bad Request", (
                "malformed HTTP request: the request line or headers could not be parsed "
                "(a raw non-ASCII byte in the URL, a bad header, or a request line or headers too long)")
        body = json.dumps(error_body(status, message)).encode()
        head = [b"HTTP/1.1 %d %s" % (status, reason), b"content-type: application/json",
                b"content-length: %d" % len(body), b"connection: close"]
        head += [name + b": " + value for name, value in SECURITY_HEADERS]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()


__all__ = ["JsonErrorProtocol"]
