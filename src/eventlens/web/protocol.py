"""uvicorn's HTTP protocol, with bounded request heads and our JSON error object for what its parser refuses.

uvicorn refuses a request it cannot parse (a request line of 64 KiB or more, a raw
non-ASCII byte in the target, a malformed header) before the app sees it, with a
``text/plain`` "Invalid HTTP request received.". This subclass of the protocol
uvicorn would pick anyway (``auto``) sends the error object every other answer uses.

It also bounds the request head, which uvicorn's httptools parser does not: a head
(request line and headers) over :attr:`JsonErrorProtocol.max_head_bytes`, or more than
:attr:`JsonErrorProtocol.max_headers` header lines, is answered 431 and the connection
closed, before the bytes pile up in memory or the app sees the request.

An answer sent before the whole request was read (a 100 KB URL answered 414 after its first
32 KiB) is followed by a lingering close: the write side is shut (the client reads the answer,
then end of stream) and what the client still sends is read and dropped, for at most
:attr:`JsonErrorProtocol.linger_s` seconds and :attr:`JsonErrorProtocol.linger_bytes` bytes.
Closing at once would make the kernel reset the connection over the unread bytes, and a reset
can destroy the answer before the client reads it.
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .errors import error_body
from .security import SECURITY_HEADERS

_LONG_TARGET = 8192  # bytes of request target past which a parse failure is called too long
_REASONS = {400: b"Bad Request", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


class _HeadTooLarge(Exception):
    pass


class JsonErrorProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's protocol (httptools, else h11) whose parser-level errors are JSON error objects."""

    max_head_bytes = 32 * 1024
    max_headers = 100
    linger_s = 2.0
    linger_bytes = 1024 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_head = True
        self._header_count = 0
        self._too_large: str | None = None
        self._tail = b""  # the last bytes of the previous chunk, where a head's end may begin
        self._line_bytes: int | None = None  # the request line's length, once it has ended
        self._lingering: int | None = None  # bytes dropped since an early answer, while lingering
        self._linger_timer: Any = None

    # httptools parser callbacks (h11 bounds its own head: h11_max_incomplete_event_size)
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes, self._header_count, self._tail, self._line_bytes = True, 0, 0, b"", None

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.max_headers:
            self._too_large = f"more than {self.max_headers} header lines"
            raise _HeadTooLarge()
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head, self._tail = False, b""
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self._lingering is not None:
            self._lingering += len(data)
            if self._lingering > self.linger_bytes:
                self.transport.close()
            return
        if self._in_head and self._head_too_large(data):
            return
        super().data_received(data)

    def _head_too_large(self, data: bytes) -> bool:
        """Count the head's bytes (a body may follow in the same chunk); answer 414 or 431 past the bound."""
        seen, before = self._tail + data, self._head_bytes  # ``seen`` starts len(tail) bytes before this chunk
        end = seen.find(b"\r\n\r\n")
        self._head_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._tail))
        if self._line_bytes is None:
            cut = seen.find(b"\r\n")
            if cut >= 0:
                self._line_bytes = before - len(self._tail) + cut
        self._tail = seen[-3:]
        if self._head_bytes <= self.max_head_bytes:
            return False
        if self._line_bytes is None or self._line_bytes > _LONG_TARGET:  # the URL is what is too long
            self._answer(414, f"URL too long (over {_LONG_TARGET} bytes)")
        else:
            self._too_large = f"request line and headers over {self.max_head_bytes} bytes"
            self._answer(431, self._too_large)
        return True

    def send_400_response(self, msg: str) -> None:
        if self._too_large:
            self._answer(431, self._too_large)
            return
        target = getattr(self, "url", b"") or b""  # httptools keeps the target read so far; h11 does not
        if len(target) > _LONG_TARGET:
            self._answer(414, f"URL too long ({len(target)} bytes)")
            return
        self._answer(400, "malformed HTTP request: the request line or headers could not be parsed "
                          "(a raw non-ASCII byte in the URL, a bad header, or a request line or headers too long)")

    def _answer(self, status: int, message: str) -> None:
        if self.transport.is_closing():
            return
        body = json.dumps(error_body(status, message)).encode()
        head = [b"HTTP/1.1 %d %s" % (status, _REASONS[status]), b"content-type: application/json",
                b"content-length: %d" % len(body), b"connection: close"]
        head += [name + b": " + value for name, value in SECURITY_HEADERS]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        if not self.transport.can_write_eof():
            self.transport.close()
            return
        self.transport.write_eof()  # the answer, then end of stream; drop what the client still sends
        self._lingering = 0
        self._linger_timer = self.loop.call_later(self.linger_s, self.transport.close)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger_timer is not None:
            self._linger_timer.cancel()
        super().connection_lost(exc)


__all__ = ["JsonErrorProtocol"]
