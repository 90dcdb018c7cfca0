"""What an article's URL says when its record does not: the outlet (the URL's domain) and the date.

``https://www.example-times.com/2024/03/05/world/talks.html`` gives the outlet
``example-times.com`` and the date ``2024-03-05``. A date is read from the path
only when it holds a year, a month and a day (``/2024/03/05/``,
``/2024-03-05/``, ``/20240305/``), under the one date rule of every reader
(:mod:`.dates`); a path with a year and a month alone (``/2024/03/``) names no
day and gives no date.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..model import Article
from .dates import normalise_date

_PATH_DATE = re.compile(r"(?:^|/)((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_.])")
_COMPACT_DATE = re.compile(r"(?:^|/)((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$|[-_.])")
_HOST = re.compile(r"^[a-z0-9.-]+$")


def outlet_from_url(url: str | None) -> str | None:
    """The URL's host without ``www.`` (``example-times.com``); None for no URL or one without a web host."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or not _HOST.match(host) or "." not in host:
        return None
    for prefix in ("www.", "www1.", "www2.", "m.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host


def date_from_url(url: str | None) -> str | None:
    """``YYYY-MM-DD`` from a date in the URL's path, or None (see the module docstring)."""
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    for pattern in (_PATH_DATE, _COMPACT_DATE):
        for m in pattern.finditer(path):
            found = normalise_date(f"{m.group(1)}/{int(m.group(2)):02d}/{int(m.group(3)):02d}")
            if found:
                return found
    return None


def fill_from_url(article: Article, *, date: bool = True) -> list[str]:
    """Give ``article`` the outlet and (when ``date``) the date its URL carries where it has none; returns what was filled.

    Callers pass ``date=False`` when the record gave a date that could not be read: its warning stands.
    """
    filled = []
    if not article.source:
        outlet = outlet_from_url(article.url)
        if outlet:
            article.source = outlet
            filled.append("outlet")
    if date and not article.date:
        found = date_from_url(article.url)
        if found:
            article.date = found
            filled.append("date")
    return filled
