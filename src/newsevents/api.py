"""The HTTP API and the web explorer: ``newsevents serve``.

A FastAPI application (run by uvicorn) with versioned JSON endpoints under
``/v1`` and the offline web explorer (``newsevents/web/``) at ``/``:

* ``GET /healthz`` - liveness; never needs a token.
* ``POST /v1/code`` - code a text: the same event records as ``newsevents code``.
* ``GET /v1/events`` - the store's de-duplicated events, filtered and paged.
* ``GET /v1/articles/{article_id}`` - a stored article, its text and its events.
* ``GET /v1/dyads/{a}/{b}`` - a dyad's time series, as ``newsevents dyad``;
  ``.../plot.svg`` draws it.
* ``GET /v1/actors``, ``GET /v1/network/plot.svg`` - top actors and their network.
* ``GET /v1/openapi.json`` - the OpenAPI document.

Safety (see ``docs/api.md``): bound to 127.0.0.1 unless told otherwise;
request bodies over ``max_body`` bytes get 413, malformed ones 422 with a
message naming the field (the input is never echoed back); coding runs in
a child process (:mod:`newsevents.coding_worker`) that is killed and
replaced when a text takes over ``code_timeout`` seconds (408);
with a token (``NEWSEVENTS_API_TOKEN``) every ``/v1`` endpoint requires
``Authorization: Bearer <token>``; no CORS unless origins are configured; no
endpoint takes a file path. The explorer's pages hold no data and are served
without a token; the data they show comes from the ``/v1`` endpoints.
"""


import asyncio
import datetime as dt
import hmac
import io
import json
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, BeforeValidator, Field, field_validator

from ._version import __version__
from .analytics import PERIODS
from .coder import Coder
from .coding_worker import CoderBusy, CodingPool, CodingTimeout, InlineCoding
from .errors import CodingError, NewsEventsError
from .ingest import Article
from .ontology import EVENT_TYPES
from .records import Event
from .store import Store

__all__ = ["ApiSettings", "create_app"]

EventType = Annotated[Literal[tuple(EVENT_TYPES)],  # the 16 PLOVER types, any case
                      BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v)]
By = Annotated[Literal[tuple(PERIODS)], Query(description="Period length")]

WEB_DIR = Path(__file__).parent / "web"
TOKEN_ENV = "NEWSEVENTS_API_TOKEN"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
"""Content-Security-Policy of every response: no inline or foreign scripts, nothing loaded from elsewhere."""


@dataclass(frozen=True)
class ApiSettings:
    """Settings of one API process.

    ``db``: the event store to serve (None: only ``/v1/code`` and ``/healthz``
    have data); ``token``: bearer token required on ``/v1`` (default: the
    ``NEWSEVENTS_API_TOKEN`` environment variable, unset = no token);
    ``max_body``: largest request body in bytes (2 MB); ``body_timeout``:
    seconds a client may take to send its body (10; a slower one gets 408);
    ``code_timeout``: seconds one ``/v1/code`` request may take (30);
    ``coders``: coding processes, each with its own model (2): texts are
    coded in parallel and a slow one holds up only its own process;
    ``cors_origins``: origins allowed by CORS (none).
    """

    db: Path | None = None
    token: str | None = field(default_factory=lambda: os.environ.get(TOKEN_ENV) or None)
    max_body: int = 2_000_000
    body_timeout: float = 10.0
    code_timeout: float = 30.0
    coders: int = 2
    cors_origins: tuple[str, ...] = ()


# -- request and response models --------------------------------------------
class CodeRequest(BaseModel):
    """A text to code, with optional metadata. ``published`` (ISO date)
    resolves relative dates ("on Tuesday")."""

    text: str = Field(min_length=1, max_length=1_000_000,
                      description="The article text (at most 1,000,000 characters); offsets in the result point into it.")
    published: dt.date | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    article_id: str = Field(default="article", min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    all_modalities: bool = Field(default=False, description="Also return negated, hypothetical and wished-for "
                                 "events, flagged in 'modality' (as 'newsevents code --all-modalities').")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("text is only whitespace")
        return text


class CodeResponse(BaseModel):
    """The events coded from one text (records as ``newsevents code`` writes them)."""

    article_id: str
    coder_version: str
    count: int
    events: list[Event]


class EventRow(BaseModel):
    """One de-duplicated event of the store (``events`` table, see docs/store.md),
    with its root report's sentence and trigger. ``id`` is ``global_event_id``
    as a string (JavaScript numbers lose digits above 2**53)."""

    id: str
    global_event_id: int
    event_type: str
    mode: str | None = None
    cameo_code: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover_score: float | None = None
    modality: str | None = None
    actor_codes: list[str] = []
    actor_names: list[str] = []
    recipient_codes: list[str] = []
    recipient_names: list[str] = []
    event_date: dt.date | None = None
    location_name: str | None = None
    location_country: str | None = None
    num_mentions: int
    num_sources: int
    num_articles: int
    root_article_id: str
    sentence: str | None = None
    trigger_text: str | None = None


class EventsPage(BaseModel):
    """A page of events: ``total`` matching, from ``offset``, at most ``limit``."""

    total: int
    limit: int
    offset: int
    events: list[EventRow]


class ArticleView(BaseModel):
    """A stored article, its exact text, and its event records (spans index the text)."""

    article_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    coder_version: str | None = None
    text: str
    events: list[Event]


class DyadSeries(BaseModel):
    """A dyad's events per period: each period has ``period`` (first day),
    ``events``, ``mentions``, the four QuadClass counts, the 16 PLOVER type
    counts (lower case), ``mean_goldstein`` and ``mean_plover_score`` (null when no events)."""

    a: str
    b: str
    by: str
    directed: bool
    periods: list[dict[str, Any]]


class ActorsList(BaseModel):
    """Actors in most events (see ``newsevents actors``)."""

    actors: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    coder_version: str
    store: bool


# -- plumbing ------------------------------------------------------------------
class BodyLimit:
    """ASGI middleware: a request whose body exceeds ``limit`` bytes gets 413
    before the application reads it (by Content-Length, or while streaming);
    one whose body has not fully arrived after ``timeout`` seconds gets 408
    (a slow or stalled client does not hold a request open)."""

    def __init__(self, app, limit: int, timeout: float = 10.0) -> None:
        self.app, self.limit, self.timeout = app, limit, timeout

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self._reject(send)
        chunks, size, more = [], 0, True
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self.timeout
        while more:
            try:
                message = await asyncio.wait_for(receive(), timeout=max(give_up - loop.time(), 0.001))
            except asyncio.TimeoutError:
                response = JSONResponse({"detail": f"request body not received within {self.timeout:g} s"},
                                        status_code=408, headers={"Connection": "close"})
                return await response({"type": "http"}, None, send)
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await self._reject(send)
            more = message.get("more_body", False)
        body = b"".join(chunks)

        async def replay():
            nonlocal body
            if body is None:
                return await receive()
            message, body = {"type": "http.request", "body": body, "more_body": False}, None
            return message

        await self.app(scope, replay, send)

    async def _reject(self, send) -> None:
        response = JSONResponse({"detail": f"request body over the limit of {self.limit} bytes"}, status_code=413)
        await response({"type": "http"}, None, send)


def _validation_message(errors, content_type: str) -> str:
    """One line naming each bad field: 'body.text: Field required; query.limit: ...'."""
    parts = []
    for error in errors:
        where, message = error.get("loc", ())[:1], error.get("msg", "invalid")
        if error.get("type") == "json_invalid":  # loc is (body, character offset)
            detail = (error.get("ctx") or {}).get("error", "")
            message = f"invalid JSON at character {error['loc'][-1]}: {detail}".rstrip(": ")
        else:
            where = error.get("loc", ())
        if error.get("type") == "model_attributes_type" and "json" not in content_type:
            message += " (send a JSON object with 'Content-Type: application/json')"
        parts.append(f"{'.'.join(str(p) for p in where)}: {message}")
    return "; ".join(parts)


def _jsonable_frame(frame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts: dates YYYY-MM-DD, NaN null, lists as lists."""
    frame = frame.copy()
    for column in frame.columns:
        if str(frame[column].dtype).startswith("datetime64"):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return json.loads(frame.to_json(orient="records"))


# -- the application --------------------------------------------------------------
def create_app(settings: ApiSettings | None = None, *, coder: Coder | None = None) -> FastAPI:
    """Build the API and explorer application.

    Args:
        settings: :class:`ApiSettings` (defaults: no store, token from the environment).
        coder: a loaded :class:`Coder` to share (loaded at start-up otherwise).

    Raises:
        StoreError: ``settings.db`` is given but is not a readable store.
    """
    settings = settings or ApiSettings()
    if settings.db is not None:
        with Store(settings.db) as store:  # bring a store left stale by a killed ingest up to date
            store.refresh()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        started = app.state.coding is None
        if started:  # a child process that loads the model; killed and replaced past the time limit
            app.state.coding = await run_in_threadpool(CodingPool, settings.coders)
        yield
        if started:
            app.state.coding.close()
            app.state.coding = None

    app = FastAPI(title="newsevents", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None, description="PLOVER political event coding with evidence (CAMEO crosswalk).")
    app.state.coding = InlineCoding(coder) if coder is not None else None  # else started with the app
    bearer = HTTPBearer(auto_error=False)

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if settings.token is None:
            return
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), settings.token.encode()):
            raise HTTPException(401, "missing or wrong bearer token (Authorization: Bearer <token>)",
                                headers={"WWW-Authenticate": "Bearer"})

    def open_store() -> Store:
        if settings.db is None:
            raise HTTPException(404, "no event store: start the server with 'newsevents serve --db PATH'")
        return Store(settings.db, read_only=True)

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_token)])

    @app.get("/healthz", response_model=Health, tags=["service"])
    def healthz() -> Health:
        """Liveness: always 200 while the process serves; ``store`` says whether a store is configured."""
        return Health(status="ok", coder_version=__version__, store=settings.db is not None)

    @v1.get("/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @v1.post("/code", response_model=CodeResponse, tags=["coding"],
             responses={408: {"description": "coding took longer than the limit"},
                        413: {"description": "request body over the limit"}})
    async def code(request: CodeRequest) -> CodeResponse:
        """Code one text into event records (the same records as ``newsevents code``)."""
        article = Article(id=request.article_id, text=request.text, published=request.published,
                          title=request.title, outlet=request.outlet, url=request.url, source="<api>")

        try:
            events = await run_in_threadpool(app.state.coding.code, article, keep_unasserted=request.all_modalities,
                                             timeout=settings.code_timeout)
        except (CodingTimeout, CoderBusy) as exc:
            raise HTTPException(408, exc.args[0]) from None
        except CodingError as exc:  # e.g. a text longer than the parser takes
            raise HTTPException(422, f"cannot code this text: {exc.args[0]}") from None
        return CodeResponse(article_id=article.id, coder_version=__version__, count=len(events), events=events)

    @v1.get("/events", response_model=EventsPage, tags=["store"])
    def events(
        since: dt.date | None = None, until: dt.date | None = None,
        actor: Annotated[str | None, Query(max_length=10, description="Actor code, e.g. USA")] = None,
        recipient: Annotated[str | None, Query(max_length=10, description="Recipient code")] = None,
        type: Annotated[EventType | None, Query(description="PLOVER event type")] = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        q: Annotated[str | None, Query(max_length=200, description="Words in the root report's sentence")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> EventsPage:
        """The store's events, newest first, filtered by date range, actor, recipient, type, quad class and text."""
        where, params = ["TRUE"], []
        for clause, value in (("e.event_date >= ?", since), ("e.event_date <= ?", until),
                              ("list_contains(e.actor_codes, ?)", actor and actor.upper()),
                              ("list_contains(e.recipient_codes, ?)", recipient and recipient.upper()),
                              ("e.event_type = ?", type), ("e.quad_class = ?", quad_class),
                              ("strpos(lower(m.sentence), lower(?)) > 0", q)):
            if value is not None:
                where.append(clause)
                params.append(value)
        base = (f"FROM events e JOIN mentions m ON m.mention_id = e.root_mention_id WHERE {' AND '.join(where)}")
        with open_store() as store:
            total = int(store.sql(f"SELECT count(*) AS n {base}", params).n[0])
            frame = store.sql(
                f"SELECT CAST(e.global_event_id AS VARCHAR) AS id, e.*, m.sentence, m.trigger_text {base} "
                "ORDER BY e.event_date DESC NULLS LAST, e.global_event_id LIMIT ? OFFSET ?", [*params, limit, offset])
        rows = [EventRow.model_validate(r) for r in _jsonable_frame(frame)]
        return EventsPage(total=total, limit=limit, offset=offset, events=rows)

    @v1.get("/articles/{article_id:path}", response_model=ArticleView, tags=["store"],
            responses={404: {"description": "no such article"}})
    def article(article_id: str) -> ArticleView:
        """A stored article with its text and event records (spans index ``text``)."""
        with open_store() as store:
            rows = store.sql("SELECT * FROM articles WHERE article_id = ?", [article_id])
            if rows.empty:
                raise HTTPException(404, f"no article {article_id!r} in the store")
            records = store.sql("SELECT record_json FROM mentions WHERE article_id = ? "
                                "ORDER BY sentence_index, trigger_start, mention_id", [article_id])
        row = _jsonable_frame(rows.drop(columns=["content_hash"]))[0]
        events = [Event.model_validate_json(r) for r in records.record_json]
        return ArticleView(**{k: row[k] for k in ("article_id", "title", "outlet", "url", "published",
                                                  "coder_version", "text")}, events=events)

    def dyad_frame(a: str, b: str, by: str, since, until, directed: bool):
        with open_store() as store:
            try:
                return store.dyad(a, b, by=by, since=since, until=until, directed=directed)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None

    @v1.get("/dyads/{a}/{b}", response_model=DyadSeries, tags=["store"])
    def dyad(a: str, b: str, by: By = "week", since: dt.date | None = None, until: dt.date | None = None,
             directed: bool = False) -> DyadSeries:
        """Events between two actors per period (as ``newsevents dyad``)."""
        frame = dyad_frame(a, b, by, since, until, directed)
        return DyadSeries(a=a.upper(), b=b.upper(), by=by, directed=directed, periods=_jsonable_frame(frame))

    @v1.get("/dyads/{a}/{b}/plot.svg", tags=["store"], response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}, 404: {"description": "no events"}})
    def dyad_plot(a: str, b: str, by: By = "week", since: dt.date | None = None, until: dt.date | None = None,
                  directed: bool = False) -> Response:
        """The dyad's cooperation (up) and conflict (down) per period, as SVG."""
        from .plots import plot_dyad

        frame = dyad_frame(a, b, by, since, until, directed)
        return _svg(lambda out: plot_dyad(frame, out, a=a, b=b, by=by, fmt="svg"))

    @v1.get("/actors", response_model=ActorsList, tags=["store"])
    def actors(top: Annotated[int, Query(ge=1, le=500)] = 10) -> ActorsList:
        """The actors in most events, as actor or recipient (as ``newsevents actors``)."""
        with open_store() as store:
            return ActorsList(actors=_jsonable_frame(store.top_actors(top)))

    @v1.get("/network/plot.svg", tags=["store"], response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}, 404: {"description": "no events"}})
    def network_plot(top: Annotated[int, Query(ge=2, le=100)] = 20) -> Response:
        """The actor network (nodes: top actors; edges: events, coloured by mean Goldstein), as SVG."""
        from .plots import plot_network

        with open_store() as store:
            edges = store.network(top=top)
        return _svg(lambda out: plot_network(edges, out, fmt="svg"))

    app.include_router(v1)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k != "input"} for e in exc.errors()]  # never echo the input back
        message = _validation_message(errors, request.headers.get("content-type", ""))
        return JSONResponse({"detail": json.loads(json.dumps(errors, default=str)), "message": message},
                            status_code=422)

    @app.exception_handler(NewsEventsError)
    async def store_error(request: Request, exc: NewsEventsError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404 if exc.code == "E401" else 409)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=settings.max_body, timeout=settings.body_timeout)
    if WEB_DIR.is_dir():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="explorer")
    return app


def _svg(draw) -> Response:
    """Run ``draw(buffer)`` and answer its SVG; a plot with no data is a 404 with the plot's message."""
    buffer = io.BytesIO()
    try:
        draw(buffer)
    except ValueError as exc:
        raise HTTPException(404, str(exc)) from None
    return Response(buffer.getvalue(), media_type="image/svg+xml")
