"""The eventlens web dashboard and JSON API over a store (read-only).

``eventlens serve --db FILE`` runs it; :func:`create_app` builds the ASGI app
for tests or another server. See docs/web.md.
"""

from .app import create_app
from .settings import WebSettings

__all__ = ["WebSettings", "create_app"]
