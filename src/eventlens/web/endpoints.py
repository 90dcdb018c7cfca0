"""The JSON API's list endpoints as data: path, query function, parameters.

:mod:`.api` serves them and :mod:`.openapi` describes them from this one table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ..store.params import FILTERS

_ARTICLE_FILTERS = tuple("q" if name == "text" else name for name in FILTERS["articles"])  # 'text' is called 'q' here


@dataclass(frozen=True, slots=True)
class ListEndpoint:
    """``GET path`` answers ``{"items": query(**filters), "limit", "offset", "next"}``."""

    path: str
    query: str  # function name in eventlens.store.queries
    summary: str
    params: tuple[str, ...]
    item: str  # schema name in the OpenAPI components
    default_limit: int = 50
    rename: Mapping[str, str] = field(default_factory=dict)  # API name -> query keyword


LIST_ENDPOINTS: tuple[ListEndpoint, ...] = (
    ListEndpoint("/api/events", "events", "Events with their evidence sentence, newest first (count=events: one row per "
                 "real-world event, with its report counts; count=reports: every report)", FILTERS["events"], "Event"),
    ListEndpoint("/api/reports", "reports", "Every report of one event (event=ID, the event_id of /api/events), oldest first",
                 FILTERS["reports"], "Report"),
    ListEndpoint("/api/dyads", "dyads", "Directed actor pairs: events, mean Goldstein, tone, counts by quad class", FILTERS["dyads"], "Dyad"),
    ListEndpoint("/api/timeline", "timeline", "Events per period and quad class with mean Goldstein", FILTERS["timeline"], "TimelineRow", default_limit=500),
    ListEndpoint("/api/places", "places", "Event locations for the map", FILTERS["places"], "PlaceRow", default_limit=500),
    ListEndpoint("/api/actors", "actors", "Actor codes by mentions", FILTERS["actors"], "ActorRow"),
    ListEndpoint(
        "/api/articles", "articles", "Articles, newest first; q searches title and text",
        _ARTICLE_FILTERS, "ArticleRow", rename=MappingProxyType({"q": "text"}),
    ),
    ListEndpoint("/api/frames", "frames_by_outlet_month", "Frames by outlet and month", FILTERS["frames_by_outlet_month"], "FrameRow", default_limit=500),
    ListEndpoint("/api/tone", "actor_tone_by_outlet_month", "Sentiment toward actors by outlet and month", FILTERS["actor_tone_by_outlet_month"], "ToneRow", default_limit=500),
)

BY_PATH: Mapping[str, ListEndpoint] = MappingProxyType({e.path: e for e in LIST_ENDPOINTS})


def query_kwargs(endpoint: ListEndpoint, filters: Mapping[str, Any]) -> dict[str, Any]:
    return {endpoint.rename.get(k, k): v for k, v in filters.items()}
