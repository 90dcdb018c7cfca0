"""eventlens: evidence-linked events, actors, places, tone and narrative from news text.

>>> import eventlens
>>> analysis = eventlens.analyze("Iran sent aid to Gaza.")
>>> analysis.to_dict()["events"]  # doctest: +SKIP
"""

from __future__ import annotations

from .errors import ConfigError, EventlensError, InputError, ResourceError, StoreError
from .model import SCHEMA_VERSION, Analysis, Article

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "ConfigError",
    "EventlensError",
    "InputError",
    "ResourceError",
    "SCHEMA_VERSION",
    "StoreError",
    "__version__",
    "analyze",
    "default_pipeline",
]


def default_pipeline(*, actors_file: str | None = None):  # -> Pipeline
    """The default pipeline, built once per process per setting and reused."""
    from .api import default_pipeline as _default

    return _default(actors_file=actors_file)


def analyze(
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    actors_file: str | None = None,
) -> Analysis:
    """Analyse one article's text and return its :class:`Analysis`."""
    from .api import analyze_text

    return analyze_text(text, title=title, date=date, source=source, url=url, actors_file=actors_file)
