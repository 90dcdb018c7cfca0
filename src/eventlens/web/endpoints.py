"""The JSON API's list endpoints as data: path, query function, parameters, how to count.

:mod:`.api` serves them and :mod:`.openapi` describes them from this one table.
Query functions are named ``module.function`` of :mod:`eventlens.store` (``queries`` when no module).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ..store.params import FILTERS

_ARTICLE_FILTERS = ("q", "outlet", "since", "until", "actor", "place", "type")


@dataclass(frozen=True, slots=True)
class ListEndpoint:
    """``GET path`` answers ``{"items": query(**filters), "limit", "offset", "next", "total"}``."""

    path: str
    query: str  # function in eventlens.store: 'name' (queries) or 'module.name'
    summary: str
    params: tuple[str, ...]
    item: str  # schema name in the OpenAPI components
    default_limit: int = 50
    with_total: bool = False  # the query answers {"items", "total"} itself (a window over its groups)
    paged: bool = True  # False: one answer holds every row (a time series)
    rename: Mapping[str, str] = field(default_factory=dict)  # API name -> query keyword


_EVENTS = FILTERS["events"]
_SERIES = FILTERS["series"]

LIST_ENDPOINTS: tuple[ListEndpoint, ...] = (
    ListEndpoint("/api/events", "events", "Events with their evidence sentence, newest first (count=events: one row per "
                 "real-world event, with its report counts; count=reports: every report)", _EVENTS, "Event",
                 with_total=True),
    ListEndpoint("/api/reports", "reports", "Every report of one event (event=ID, the event_id of /api/events), oldest first",
                 FILTERS["reports"], "Report"),
    ListEndpoint("/api/dyads", "dyads", "Directed actor pairs: events, mean Goldstein, tone, counts by quad class", FILTERS["dyads"],
                 "Dyad", with_total=True),
    ListEndpoint("/api/timeline", "timeline", "Events per period and quad class with mean Goldstein (periods with events only)",
                 FILTERS["timeline"], "TimelineRow", default_limit=500),
    ListEndpoint("/api/series", "series.series", "Events per period on a continuous axis (empty periods are zero): counts by "
                 "quad class, mean Goldstein, articles, mean tone, share of all events", _SERIES, "SeriesRow", paged=False),
    ListEndpoint("/api/pair", "series.pair_series", "Two-way view of a pair (source, target): events each way per period, "
                 "mean Goldstein each way, share of all events", _SERIES, "PairRow", paged=False),
    ListEndpoint("/api/places", "places", "Event locations for the map, with the precision of each point", FILTERS["places"],
                 "PlaceRow", default_limit=500, with_total=True),
    ListEndpoint("/api/actors", "actors", "Actor codes by mentions", FILTERS["actors"], "ActorRow"),
    ListEndpoint("/api/outlets", "outlets.outlets", "Outlets: matching events and articles, share of their articles, "
                 "mean tone and Goldstein", FILTERS["outlets"], "OutletRow", with_total=True),
    ListEndpoint("/api/coverage", "outlets.coverage", "Who covers whom: events per outlet and actor (either side)", FILTERS["coverage"],
                 "CoverageRow", with_total=True),
    ListEndpoint("/api/attention", "outlets.attention", "Articles per period for the top outlets, on a continuous axis",
                 _SERIES, "AttentionRow", paged=False),
    ListEndpoint("/api/frames", "frames_by_outlet_month", "Frames by outlet and month", FILTERS["frames_by_outlet_month"],
                 "FrameRow", default_limit=500),
    ListEndpoint("/api/tone", "actor_tone_by_outlet_month", "Sentiment toward actors by outlet and month",
                 FILTERS["actor_tone_by_outlet_month"], "ToneRow", default_limit=500),
)

BY_PATH: Mapping[str, ListEndpoint] = MappingProxyType({e.path: e for e in LIST_ENDPOINTS})
ARTICLE_PARAMS = _ARTICLE_FILTERS


def query_kwargs(endpoint: ListEndpoint, filters: Mapping[str, Any]) -> dict[str, Any]:
    allowed = set(endpoint.params)
    return {endpoint.rename.get(k, k): v for k, v in filters.items() if k in allowed}
