"""What each page shows, gathered from the query layer: the rows of its tables, their totals, and the
API URLs its charts and download links read (the same filters, so a download holds the rows shown).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Mapping

from ..store.params import QueryError, parse_page
from .api import article_results, event_results
from .errors import ApiError
from .filters import EVENT_VIEW, FilterState
from .service import DataService

_SERIES = (*EVENT_VIEW, "interval")


def _page_info(page: Any, rows: list, total: int | None) -> SimpleNamespace:
    shown = min(len(rows), page.limit)
    more = total is not None and page.offset + shown < total
    return SimpleNamespace(limit=page.limit, offset=page.offset, shown=shown, more=more, total=total)


def _base_query(params: Mapping[str, str], *drop: str) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in params.items() if k not in ("limit", "offset", *drop) and v != ""])


class Views:
    """The data of each page, from a :class:`DataService` (cached like the API)."""

    def __init__(self, *, service: DataService) -> None:
        self.service = service

    def _read_page(self, params: Mapping[str, str], default: int, *, offset_name: str = "offset") -> Any:
        s = self.service.settings
        query = {"limit": params.get("limit", ""), "offset": params.get(offset_name, "")}
        try:
            return parse_page(query, default_limit=default, max_limit=s.max_page_size, max_offset=s.max_offset)
        except QueryError as exc:
            raise ApiError(400, str(exc)) from None

    def _table(self, query: str, filters: Mapping[str, Any], page: Any) -> tuple[list, SimpleNamespace]:
        """A page of ``query`` and its total, which the query counts itself (``with_total``)."""
        found = self.service.rows(query, **filters, limit=page.limit, offset=page.offset, with_total=True)
        return found["items"], _page_info(page, found["items"], found["total"])

    def overview(self, state: FilterState) -> SimpleNamespace:
        f = {k: v for k, v in state.values.items() if k in EVENT_VIEW}
        top = SimpleNamespace(limit=10, offset=0)
        dyads, dyad_page = self._table("dyads", f, top)
        outlets, outlet_page = self._table("outlets.outlets", f, top)
        actor_f = {k: v for k, v in f.items() if k in ("actor", "outlet", "since", "until", "rollup")}
        actors = self.service.rows("actors", **actor_f, limit=10, offset=0)
        return SimpleNamespace(
            summary=self.service.rows("summary", **f), overall=self.service.rows("overview") if not f else None,
            dyads=dyads, dyad_page=dyad_page, outlets=outlets, outlet_page=outlet_page, actors=actors,
            dyads_api=state.api("/api/dyads", limit=10), outlets_api=state.api("/api/outlets", limit=10),
            actors_api=state.api("/api/actors", names=tuple(actor_f), limit=10),
            series_api=state.api("/api/series", names=_SERIES), events_api=state.api("/api/events", limit=25),
        )

    def network(self, state: FilterState, params: Mapping[str, str]) -> SimpleNamespace:
        f = {k: v for k, v in state.values.items() if k in (*EVENT_VIEW, "sort")}
        page = self._read_page(params, 50)
        dyads, info = self._table("dyads", f, page)
        graph = {k: state.values[k] for k in ("edges", "min_weight", "min_degree") if k in state.values}
        return SimpleNamespace(dyads=dyads, page=info, base_query=_base_query(params),
                               dyads_api=state.api("/api/dyads", names=(*EVENT_VIEW, "sort"), limit=page.limit, offset=page.offset),
                               network_api=state.api("/api/network", names=(*EVENT_VIEW, "edges", "min_weight", "min_degree"), **graph),
                               graph=graph)

    def map(self, state: FilterState, params: Mapping[str, str]) -> SimpleNamespace:
        f = {k: v for k, v in state.values.items() if k in (*EVENT_VIEW, "sort")}
        page = self._read_page(params, 100)
        places, info = self._table("places", f, page)
        return SimpleNamespace(places=places, page=info, base_query=_base_query(params),
                               places_api=state.api("/api/places", names=(*EVENT_VIEW, "sort"), limit=page.limit, offset=page.offset),
                               map_api=state.api("/api/places", limit=500))

    def outlets(self, state: FilterState, params: Mapping[str, str]) -> SimpleNamespace:
        f = {k: v for k, v in state.values.items() if k in (*EVENT_VIEW, "sort")}
        page = self._read_page(params, 50)
        outlets, info = self._table("outlets.outlets", f, page)
        cov_f = {k: v for k, v in f.items() if k != "sort"}
        coverage = self.service.rows("outlets.coverage", **cov_f, limit=50, offset=0)
        return SimpleNamespace(
            outlets=outlets, page=info, base_query=_base_query(params), coverage=coverage,
            outlets_api=state.api("/api/outlets", names=(*EVENT_VIEW, "sort"), limit=page.limit, offset=page.offset),
            coverage_api=state.api("/api/coverage", limit=50), attention_api=state.api("/api/attention", names=_SERIES),
        )

    def dyad(self, state: FilterState, params: Mapping[str, str]) -> SimpleNamespace:
        f = {k: v for k, v in state.values.items() if k in EVENT_VIEW}
        src, tgt = f["source"], f["target"]
        one = f | {"direction": "one"}
        ways = {
            "ab": self.service.rows("summary", **one),
            "ba": self.service.rows("summary", **(one | {"source": tgt, "target": src})),
            "both": self.service.rows("summary", **(f | {"direction": "either"})),
        }
        page = self._read_page(params, 25)
        events, info = self._table("events", f, page)
        return SimpleNamespace(
            source=src, target=tgt, direction=f.get("direction", "one"), ways=ways, events=events, page=info,
            base_query=_base_query(params), events_api=state.api("/api/events", limit=page.limit, offset=page.offset),
            pair_api=state.api("/api/pair", names=_SERIES),
        )

    def search(self, state: FilterState, params: Mapping[str, str], *, tab: str) -> SimpleNamespace:
        page = self._read_page(params, 25)
        found = (article_results if tab == "articles" else event_results)(self.service, params, limit=page.limit,
                                                                          offset=page.offset)
        info = _page_info(page, found["items"], found["total"])
        other = {**dict(params), "tab": "events" if tab == "articles" else "articles"}
        other_count = (event_results if tab == "articles" else article_results)(self.service, other, limit=1, offset=0)["total"]
        names = ("q", "outlet", "since", "until", "actor", "place", "type") if tab == "articles" else (*EVENT_VIEW, "q")
        api = state.api("/api/articles" if tab == "articles" else "/api/search/events", names=names,
                        limit=page.limit, offset=page.offset)
        return SimpleNamespace(items=found["items"], facets=found["facets"], page=info, base_query=_base_query(params),
                               order=found["order"], late=found["facets_timed_out"],
                               api=api, counts={tab: found["total"], other["tab"]: other_count},
                               facet_param={"outlet": "outlet", "month": None, "country": "place" if tab == "events" else "actor",
                                            "type": "type"})
