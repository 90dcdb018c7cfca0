"""HTML pages. Tables are rendered on the server (they work without JS);
charts, the network and the map are drawn by /static/js from the JSON API.

Every page reads the one filter model (:mod:`.filters`): a bad value is shown next
to its field (status 400) with the form keeping what was typed, and no data is
shown filtered by a value that was not understood; unknown parameters are ignored.
Jinja autoescaping is on for every template; article text reaches the page only
through :mod:`eventlens.render.highlight` (escaped spans, shared with the HTML report).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jinja2
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import __version__
from ..store.search import RANK_LIMIT
from ..store.params import QueryError
from .analyze import AnalyzeForm, run_analysis, unique_fields
from .errors import ApiError
from .filters import EVENT_VIEW, SHARED, FilterState, choices
from .graph import GRAPH_PARAMS
from ..render.highlight import render_paragraphs
from .service import DataService
from .vendor import vendor_status
from .views import Views

TEMPLATES = Path(__file__).resolve().parent / "templates"
NAV = (("/", "Overview"), ("/network", "Network"), ("/map", "Map"), ("/outlets", "Outlets"), ("/search", "Search"),
       ("/analyze", "Analyze text"))
_SERIES_VIEW = (*EVENT_VIEW, "interval")


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


def api_all(url: str, total: int, cap: int) -> str:
    """``url`` asking for every row from the first (at most ``cap``)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("limit", "offset")]
    query.append(("limit", str(max(1, min(total, cap)))))
    return urlunsplit(parts._replace(query=urlencode(query)))


class Pages:
    """Renders the dashboard's pages from a :class:`DataService`."""

    def __init__(self, *, service: DataService) -> None:
        self.service = service
        self.views = Views(service=service)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
        cap = service.settings.max_export_rows
        self.env.globals.update(
            nav=NAV, version=__version__, db_name=service.source.path.name, static=lambda p: f"/static/{p}",
            carried_names=SHARED, export_cap=cap, api_all=lambda url, total: api_all(url, total, cap),
            plover_choices=[(t, t) for t in choices("type")], rank_limit=RANK_LIMIT,
        )

    def render(self, request: Request, name: str, *, status: int = 200, state: FilterState | None = None,
               **context: Any) -> HTMLResponse:
        state = state or FilterState()
        html = self.env.get_template(name).render(
            request=request, vendor=vendor_status(), active=request.url.path, state=state, link=state.link,
            outlet_choices=self._outlets(), **context)
        return HTMLResponse(html, status_code=status)

    def _outlets(self) -> list[str]:
        try:
            return [r["outlet"] for r in self.service.rows("outlets.outlets", limit=200) if r["outlet"]]
        except Exception:  # noqa: BLE001 - suggestions only: a page never fails for want of them
            return []

    def error_page(self, request: Request, *, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status=status, code=status, message=message)

    def _state(self, request: Request, allowed: tuple[str, ...]) -> FilterState:
        return self.service.filters(request.query_params, allowed)

    def _page(self, request: Request, name: str, state: FilterState, **context: Any) -> HTMLResponse:
        return self.render(request, name, status=200 if state.ok else 400, state=state, **context)

    @staticmethod
    def _gather(state: FilterState, compute: Any) -> Any:
        """The page's data, or None with the reason kept at its field when the query layer refuses a value
        (a sort column, a page past the end, a range of too many periods): the page and its form stay."""
        if not state.ok:
            return None
        try:
            return compute()
        except (QueryError, ApiError) as exc:
            if isinstance(exc, ApiError) and exc.status != 400:
                raise
            message = exc.message if isinstance(exc, ApiError) else str(exc)
            name = next((n for n in ("sort", "interval", "limit", "offset", "q", "since", "until") if n in message), "filters")
            state.errors[name] = message
            return None

    # ------------------------------------------------------------ pages
    def overview(self, request: Request) -> Response:
        state = self._state(request, _SERIES_VIEW)
        data = self._gather(state, lambda: self.views.overview(state))
        return self._page(request, "overview.html", state, data=data)

    def network(self, request: Request) -> Response:
        state = self._state(request, (*EVENT_VIEW, *GRAPH_PARAMS, "sort"))
        data = self._gather(state, lambda: self.views.network(state, request.query_params))
        return self._page(request, "network.html", state, data=data)

    def map(self, request: Request) -> Response:
        state = self._state(request, (*EVENT_VIEW, "sort"))
        data = self._gather(state, lambda: self.views.map(state, request.query_params))
        return self._page(request, "map.html", state, data=data)

    def outlets(self, request: Request) -> Response:
        state = self._state(request, (*_SERIES_VIEW, "sort"))
        data = self._gather(state, lambda: self.views.outlets(state, request.query_params))
        return self._page(request, "outlets.html", state, data=data)

    def dyad(self, request: Request) -> Response:
        state = self._state(request, _SERIES_VIEW)
        for side in ("source", "target"):
            if side not in state.values and side not in state.errors:
                state.errors[side] = "a pair needs both 'source' and 'target' (codes or names), e.g. source=IRN&target=ISR"
        data = self._gather(state, lambda: self.views.dyad(state, request.query_params))
        return self._page(request, "dyad.html", state, data=data)

    def search(self, request: Request) -> Response:
        state = self._state(request, (*EVENT_VIEW, "q"))
        tab = request.query_params.get("tab", "articles")
        tab = tab if tab in ("articles", "events") else "articles"
        data = None
        if any(k != "rollup" for k in state.values):
            data = self._gather(state, lambda: self.views.search(state, request.query_params, tab=tab))
        return self._page(request, "search.html", state, data=data, tab=tab)

    def article(self, request: Request) -> Response:
        data = self.service.article(request.path_params["article_id"])
        state = self._state(request, _SERIES_VIEW)  # not applied to the article: carried on to the other views
        return self.render(request, "article.html", state=state if state.ok else None, view=analysis_view(data))

    def analyze_form(self, request: Request, *, form: Mapping[str, Any] | None = None, view: Any = None,
                     error: str | None = None, status: int = 200) -> Response:
        s = self.service.settings
        return self.render(request, "analyze.html", status=status, form=form or {}, view=view, error=error,
                           max_chars=s.max_analyze_chars)

    async def analyze_post(self, request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip()
        if ctype != "application/x-www-form-urlencoded":
            raise ApiError(415, "submit the Analyze form (application/x-www-form-urlencoded)")
        try:
            body = (await request.body()).decode("utf-8", errors="replace")
        except ClientDisconnect:
            return Response(status_code=400)
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
        return pages.analyze_form(request)

    async def favicon(request: Request) -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    return [
        Route("/", pages.overview, methods=["GET"]),
        Route("/network", pages.network, methods=["GET"]),
        Route("/map", pages.map, methods=["GET"]),
        Route("/outlets", pages.outlets, methods=["GET"]),
        Route("/dyad", pages.dyad, methods=["GET"]),
        Route("/articles/{article_id}", pages.article, methods=["GET"]),
        Route("/search", pages.search, methods=["GET"]),
        Route("/analyze", analyze, methods=["GET", "POST"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
