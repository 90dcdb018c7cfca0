"""Run the app under uvicorn (what ``eventlens serve`` calls)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .app import create_app
from .settings import WebSettings

_DB_ENV = "EVENTLENS_SERVE_DB"


def app_from_env():  # uvicorn factory for multi-process serving
    return create_app(settings=WebSettings(db=Path(os.environ[_DB_ENV])))


def serve(*, db: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the store at ``db`` until interrupted. Raises StoreError if it cannot be opened."""
    import uvicorn

    from .protocol import JsonErrorProtocol  # imports uvicorn

    if not db.is_file():
        raise StoreError(f"{db}: no such store; create it with 'eventlens ingest ... --db {db}'")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: binding {host}: the dashboard has no authentication; anyone who can reach it can read the store")
    app = create_app(settings=WebSettings(db=db))  # fail fast on a bad store, before saying it is served
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
