"""HTML pages. Tables are rendered on the server (they work without JS);
charts, the network and the map are drawn by /static/js from the JSON API.

Jinja autoescaping is on for every template; article text reaches the page
only through :mod:`.highlight` (escaped spans).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, Mapping
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import __version__
from ..store.params import FILTERS
from .analyze import AnalyzeForm, run_analysis, unique_fields
from .errors import ApiError
from .highlight import render_paragraphs
from .params import Page, check_single, parse_query
from .service import DataService
from .vendor import vendor_status

TEMPLATES = Path(__file__).resolve().parent / "templates"
NAV = (("/", "Overview"), ("/network", "Network"), ("/map", "Map"), ("/search", "Search"), ("/analyze", "Analyze text"))
_EVENT_FILTERS = FILTERS["events"]


def analysis_view(data: Mapping[str, Any]) -> SimpleNamespace:
    """What the article and Analyze pages show of one analysis dict."""
    return SimpleNamespace(
        article=data["article"],
        tone=data.get("tone"),
        paragraphs=render_paragraphs(data),
        events=data.get("events") or [],
        actors=data.get("actors") or [],
        places=data.get("places") or [],
        warnings=list((data.get("meta") or {}).get("warnings") or []),
    )


class Pages:
    """Renders the dashboard's pages from a :class:`DataService`."""

    def __init__(self, *, service: DataService) -> None:
        self.service = service
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
        )
        self.env.globals.update(
            nav=NAV, version=__version__, db_name=service.source.path.name, static=lambda p: f"/static/{p}",
        )

    def render(self, request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(request=request, vendor=vendor_status(), active=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    def error_page(self, request: Request, *, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status=status, code=status, message=message)

    def _filters(self, request: Request, allowed: tuple[str, ...], *, limit: int = 50) -> tuple[dict[str, Any], Page]:
        s = self.service.settings
        check_single(request.query_params)
        query = {k: v for k, v in request.query_params.items() if v != ""}
        return parse_query(query, allowed=allowed, default_limit=limit, max_limit=s.max_page_size, max_offset=s.max_offset)

    # ------------------------------------------------------------ pages
    def overview(self, request: Request) -> Response:
        self._filters(request, ())
        data = self.service.rows("overview")
        c = data["counts"]
        counts = [
            ("articles", c.get("articles")), ("events", c.get("events")), ("actor codes", c.get("actors")),
            ("outlets", c.get("outlets")), ("place mentions", c.get("places")),
            ("flagged paragraphs", data.get("flagged_paragraphs")),
            ("first date", data.get("first_date") or "–"), ("last date", data.get("last_date") or "–"),
        ]
        return self.render(request, "overview.html", counts=counts, dyads=data.get("top_dyads") or [])

    def network(self, request: Request) -> Response:
        filters, _ = self._filters(request, _EVENT_FILTERS)
        dyads, _more = self.service.page("dyads", filters, Page(limit=50, offset=0))
        api = "/api/network" + (f"?{urlencode(filters)}" if filters else "")
        return self.render(request, "network.html", filters=filters, dyads=dyads, network_api=api)

    def map(self, request: Request) -> Response:
        filters, _ = self._filters(request, _EVENT_FILTERS)
        places, _more = self.service.page("places", filters, Page(limit=100, offset=0))
        return self.render(request, "map.html", filters=filters, places=places)

    def dyad(self, request: Request) -> Response:
        filters, page = self._filters(request, _EVENT_FILTERS, limit=25)
        if not filters.get("source") or not filters.get("target"):
            raise ApiError(400, "a dyad needs both 'source' and 'target' actor codes, e.g. /dyad?source=IRN&target=PSE")
        rows = self.service.rows("dyads", **filters, limit=1000, offset=0)
        n = sum(int(r["events"]) for r in rows)
        weighted = [(r["goldstein_mean"], int(r["events"])) for r in rows if r["goldstein_mean"] is not None]
        summary = SimpleNamespace(
            events=n,
            goldstein=(sum(g * k for g, k in weighted) / sum(k for _, k in weighted)) if weighted else None,
            first=min((r["first_date"] for r in rows if r["first_date"]), default=None),
            last=max((r["last_date"] for r in rows if r["last_date"]), default=None),
        )
        events, more = self.service.page("events", filters, page)
        page_info = SimpleNamespace(limit=page.limit, offset=page.offset, shown=len(events), more=more)
        return self.render(
            request, "dyad.html", source=filters["source"], target=filters["target"], summary=summary, events=events,
            page=page_info, base_query=urlencode(filters), timeline_api=f"/api/timeline?{urlencode(filters)}",
        )

    def article(self, request: Request) -> Response:
        self._filters(request, ())
        data = self.service.article(request.path_params["article_id"])
        return self.render(request, "article.html", view=analysis_view(data))

    def search(self, request: Request) -> Response:
        filters, page = self._filters(request, ("q", "actor", "type", "place", "outlet", "since", "until"), limit=25)
        searched = bool(filters)
        articles: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        more = False
        if searched:
            art_filters = {k: filters[k] for k in ("outlet", "since", "until", "actor", "place") if k in filters}
            if "q" in filters:
                art_filters["text"] = filters["q"]
            articles, _ = self.service.page("articles", art_filters, Page(limit=20, offset=0))
            ev_filters = {k: v for k, v in filters.items() if k != "q"}
            if "q" in filters:
                ev_filters["text"] = filters["q"]
            events, more = self.service.page("events", ev_filters, page)
        page_info = SimpleNamespace(limit=page.limit, offset=page.offset, shown=len(events), more=more)
        return self.render(request, "search.html", filters=filters, searched=searched, articles=articles,
                           events=events, page=page_info, base_query=urlencode(filters))

    def analyze_form(self, request: Request, *, form: Mapping[str, Any] | None = None, view: Any = None,
                     error: str | None = None, status: int = 200) -> Response:
        return self.render(request, "analyze.html", status=status, form=form or {}, view=view, error=error,
                           max_chars=self.service.settings.max_analyze_chars)

    async def analyze_post(self, request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip()
        if ctype != "application/x-www-form-urlencoded":
            raise ApiError(415, "submit the Analyze form (application/x-www-form-urlencoded)")
        body = (await request.body()).decode("utf-8", errors="replace")
        try:
            pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=8)
        except ValueError:  # more than max_num_fields
            return self.analyze_form(request, error="the form has too many fields; send text, title, date and source",
                                     status=400)
        fields = dict(pairs)  # shown again in the form if it is refused
        try:
            fields = unique_fields(pairs)
            form = AnalyzeForm.from_mapping(fields, max_chars=self.service.settings.max_analyze_chars)
        except ApiError as exc:
            return self.analyze_form(request, form=fields, error=exc.message, status=exc.status)
        analysis = await run_analysis(request.app.state.analyze_limiter, form)
        return self.analyze_form(request, form=fields, view=analysis_view(analysis.to_dict()))


def routes(pages: Pages) -> list[Route]:
    async def analyze(request: Request) -> Response:
        if request.method == "POST":
            return await pages.analyze_post(request)
        pages._filters(request, ())
        return pages.analyze_form(request)

    async def favicon(request: Request) -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    return [
        Route("/", pages.overview, methods=["GET"]),
        Route("/network", pages.network, methods=["GET"]),
        Route("/map", pages.map, methods=["GET"]),
        Route("/dyad", pages.dyad, methods=["GET"]),
        Route("/articles/{article_id}", pages.article, methods=["GET"]),
        Route("/search", pages.search, methods=["GET"]),
        Route("/analyze", analyze, methods=["GET", "POST"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
