"""eventlens: evidence-linked events, actors, places, tone and narrative from news text.

>>> import eventlens
>>> analysis = eventlens.analyze("Iran sent aid to Gaza.")
>>> analysis.to_dict()["events"]  # doctest: +SKIP
"""

from __future__ import annotations

from .api import analyze_text as analyze
from .api import default_pipeline
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
