"""The web application: server-rendered pages and the JSON API under /api/v1, built by ``create_app``."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import DBAPIError
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import tawthiq
from tawthiq.config import Settings
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, StorageFailed, TooManyLookups
from tawthiq.domain.policy import Forbidden
from tawthiq.services.accounts.users import LoginFailed
from tawthiq.services.browse.eventview import DashboardCache
from tawthiq.services.browse.pickers import NameIndex
from tawthiq.services.disk import database_place, storage_failure
from tawthiq.services.linkage.review import may_see_links
from tawthiq.services.workspace import open_workspace
from tawthiq.web import (
    admin_pages,
    api,
    export_pages,
    link_pages,
    linkage_api,
    linkage_pages,
    pages,
    protection_api,
    protection_pages,
    publication_pages,
    record_pages,
    report_pages,
)
from tawthiq.web.deps import ENROLMENT_PAGE, EnrolmentRequired, LoginRequired, optional_caller, render
from tawthiq.web.forms import field_label, record_link, shown_fields
from tawthiq.web.limits import MIB, BodyLimit
from tawthiq.web.security import LoginLimiter

LOGIN_WINDOW_SECONDS = 15 * 60
# No script or style from anywhere but this server; no framing (clickjacking).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(settings: Settings) -> FastAPI:
    """A fresh application on the data directory ``settings`` name (which must be initialised)."""
    ws = open_workspace(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ws.close()

    app = FastAPI(title="Tawthiq", version="0.1.0", openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.ws = ws
    app.state.limiter = LoginLimiter(settings.login_attempts, LOGIN_WINDOW_SECONDS)
    app.state.dashboards = DashboardCache()
    app.state.names = NameIndex()
    app.state.templates = Environment(loader=PackageLoader("tawthiq.web", "templates"),
                                      autoescape=select_autoescape(default=True), auto_reload=False)
    app.state.templates.globals["may_see_links"] = may_see_links  # the nav shows the linkage pages to their readers
    # record pages, forms and histories label fields from the field description
    app.state.templates.globals.update(shown_fields=shown_fields, field_label=field_label, record_link=record_link)
    app.mount("/static", StaticFiles(packages=[("tawthiq.web", "static")]), name="static")
    _mount_vendor(app, settings)
    for prefix, router in ROUTERS:
        app.include_router(router, prefix=prefix)
    _add_error_handlers(app)

    app.add_middleware(SecurityHeaders, headers=_security_headers(settings))
    app.add_middleware(BodyLimit, upload_bytes=settings.max_upload_mb * MIB)  # outermost: counts every body
    # What is built by now (modules, routes, the ORM's mappers: some 150,000 objects) lives as long as the process:
    # frozen, the full collections that allocation-heavy pages set off no longer walk it each time (on the web
    # bench, a pause of 100-140 ms inside a request fell to 7-18 ms). Collected first, so that no garbage is frozen;
    # once per process (a worker builds one application; tests build many, whose objects must stay collectable).
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    return app


# Every router, with its prefix, in the order they are matched: record_pages before pages, since /records/KIND/new
# is not a record's page. The authorization walks take their routes from here.
ROUTERS: tuple[tuple[str, APIRouter], ...] = (
    ("/api/v1", protection_api.router), ("/api/v1", api.router), ("/api/v1", linkage_api.router),
    ("", record_pages.router), ("", link_pages.router), ("", admin_pages.router), ("", protection_pages.router),
    ("", linkage_pages.router),
    ("", export_pages.router), ("", report_pages.router), ("", publication_pages.router), ("", pages.router),
)


def create_app_from_env() -> FastAPI:
    """The application on the settings of the environment (``TAWTHIQ_DATA_DIR``…): what each worker process of
    ``tawthiq serve`` builds (uvicorn imports it by name, ``factory=True``)."""
    return create_app(Settings())


# The map's npm packages (installed by `make venv`), each folder the page needs and nothing else of node_modules.
VENDOR = {"leaflet": "leaflet/dist", "topojson-client": "topojson-client/dist", "world-atlas": "world-atlas"}


def _mount_vendor(app: FastAPI, settings: Settings) -> None:
    folder = settings.web_assets_dir or Path(tawthiq.__file__).resolve().parents[2] / "node_modules"
    for name, inside in VENDOR.items():  # check_dir=False: without them the map page still lists its places
        app.mount(f"/vendor/{name}", StaticFiles(directory=folder / inside, check_dir=False), name=f"vendor-{name}")


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, and no caching of the API or of a logged-in page.

    Plain ASGI rather than ``@app.middleware``: that one runs the route in another task, which wraps an error
    raised while reading the body (BodyLimit's 413) in an exception group the error handlers do not match.
    """

    def __init__(self, app: ASGIApp, *, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith("/api/") or bool(Headers(scope=scope).get("cookie"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if private:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _security_headers(settings: Settings) -> dict[str, str]:
    """The headers of every response; a configured tile server is the one other origin images may come from."""
    headers = dict(SECURITY_HEADERS)
    if settings.map_tiles_url:
        parts = urlsplit(settings.map_tiles_url)
        origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
        headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
            "img-src 'self' data:", f"img-src 'self' data: {origin}"
        )
    return headers


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, problems: list[dict[str, str]] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message, "problems": problems or []}, status_code=status)
    return render(request, "error.html", optional_caller(request), status=status, message=message,
                  problems=problems or [])


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    @app.exception_handler(EnrolmentRequired)
    async def enrolment_required(_request: Request, _exc: EnrolmentRequired) -> Response:
        return RedirectResponse(ENROLMENT_PAGE, status_code=303)  # an enrolment-only session reaches nothing else

    @app.exception_handler(NotFound)
    @app.exception_handler(Ambiguous)
    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(TooManyLookups)
    async def too_many(request: Request, exc: TooManyLookups) -> Response:
        response = _error(request, 429, str(exc))
        response.headers["Retry-After"] = str(exc.wait_seconds)
        return response

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, str(exc))

    @app.exception_handler(LoginFailed)
    async def login_failed(request: Request, exc: LoginFailed) -> Response:
        return _error(request, 401, str(exc))

    @app.exception_handler(InvalidInput)
    async def invalid(request: Request, exc: InvalidInput) -> Response:
        problems = [{"field": p.field, "reason": p.reason, "reason_ar": p.reason_ar} for p in exc.problems]
        return _error(request, 422, "rejected input, nothing was written / رُفض الإدخال ولم يُكتب شيء", problems)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "reason": str(e.get("msg", "")),
                     "reason_ar": "قيمة غير صالحة"} for e in exc.errors()]
        return _error(request, 422, "rejected input, nothing was written / رُفض الإدخال ولم يُكتب شيء", problems)

    @app.exception_handler(StorageFailed)
    @app.exception_handler(OSError)
    @app.exception_handler(DBAPIError)
    async def storage_failed(request: Request, exc: Exception) -> Response:
        # A full, read-only or failing disk: 507 with the bilingual reason, never a plain-text 500. Other errors of
        # these types are what they were (re-raised: a 500).
        failure = storage_failure(exc, where=database_place(request.app.state.ws.settings))
        if failure is None:
            raise exc
        if _is_api(request):
            return JSONResponse({"detail": str(failure), "problems": []}, status_code=507)
        try:
            caller = optional_caller(request)
        except Exception:  # finding the session reads the database, which may be what failed
            caller = None
        return render(request, "error.html", caller, status=507, message=str(failure), problems=[])

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = _error(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response
