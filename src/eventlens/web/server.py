"""Run the app under uvicorn (what ``eventlens serve`` calls)."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

from ..errors import ConfigError, StoreError
from .app import create_app
from .settings import WebSettings

_DB_ENV = "EVENTLENS_SERVE_DB"


def app_from_env():  # uvicorn factory for multi-process serving
    return create_app(settings=WebSettings(db=Path(os.environ[_DB_ENV])))


def check_port(*, host: str, port: int) -> None:
    """Raise ConfigError when ``host:port`` cannot be listened on (in use, or not an address of this machine)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ConfigError(f"--host {host}: not an address this machine can listen on ({exc.strerror or exc})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            hint = "; stop the other server or choose another --port" if exc.errno == errno.EADDRINUSE else ""
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None


def serve(*, db: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the store at ``db`` until interrupted. Raises StoreError if it cannot be opened."""
    import uvicorn

    from .protocol import JsonErrorProtocol  # imports uvicorn

    if not db.is_file():
        raise StoreError(f"{db}: no such store; create it with 'eventlens ingest ... --db {db}'")
    check_port(host=host, port=port)
    app = create_app(settings=WebSettings(db=db))  # fail fast on a bad store, before saying it is served
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: binding {host}: the dashboard has no authentication; anyone who can reach it can read the store")
    print(f"eventlens: serving {db} (read-only) on http://{host}:{port}/  (Ctrl-C to stop)")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False,
                    http=JsonErrorProtocol)
        return
    app.state.service.source.close()  # the store was checked once; each worker opens its own
    os.environ[_DB_ENV] = str(db.resolve())
    uvicorn.run(
        "eventlens.web.server:app_from_env", factory=True, host=host, port=port, workers=workers,
        log_level="warning", access_log=False, server_header=False, http=JsonErrorProtocol,
    )
