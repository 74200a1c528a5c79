"""What every route needs: the workspace, the caller, and pages rendered in the caller's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from tawthiq.config import Settings
from tawthiq.domain.policy import Action, allows
from tawthiq.services.browse.eventview import DashboardCache
from tawthiq.services.browse.pickers import NameIndex
from tawthiq.services.browse.search import Filters, date_range
from tawthiq.services.workspace import Workspace
from tawthiq.web.i18n import LANGUAGES, translator
from tawthiq.web.security import LANGUAGE_COOKIE, Caller, LoginLimiter, identify, reaches

ENROLMENT_PAGE = "/me/two-factor"


class LoginRequired(Exception):
    """A page was asked for without a valid session: the handler redirects to the login page."""


class EnrolmentRequired(Exception):
    """A page was asked for by an enrolment-only session: the handler redirects to the enrolment page."""


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.ws
    return ws


def settings(request: Request) -> Settings:
    return workspace(request).settings


def dashboards(request: Request) -> DashboardCache:
    found: DashboardCache = request.app.state.dashboards
    return found


def names(request: Request) -> NameIndex:
    found: NameIndex = request.app.state.names
    return found


def limiter(request: Request) -> LoginLimiter:
    found: LoginLimiter = request.app.state.limiter
    return found


def optional_caller(request: Request) -> Caller | None:
    if hasattr(request.state, "caller"):
        cached: Caller | None = request.state.caller
        return cached
    found = identify(workspace(request), request)
    request.state.caller = found
    return found


def page_caller(request: Request) -> Caller:
    """The logged-in caller of a page; otherwise the login page."""
    found = optional_caller(request)
    if found is None:
        raise LoginRequired()
    if not reaches(found, request):
        raise EnrolmentRequired()
    return found


def api_caller(request: Request) -> Caller:
    """The caller of an API operation, by session cookie or Bearer token; otherwise 401."""
    found = optional_caller(request)
    if found is None:
        raise HTTPException(401, "log in first (POST /api/v1/auth/login) or send a Bearer token",
                            headers={"WWW-Authenticate": "Bearer"})
    if not reaches(found, request):
        raise HTTPException(403, "enrol an authenticator app first: POST /api/v1/me/two-factor, then "
                                 "/api/v1/me/two-factor/confirm / سجّل تطبيق المصادقة أولاً")
    return found


def language_of(request: Request, caller: Caller | None) -> str:
    if caller is not None:
        return caller.account.language
    chosen = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE) or "en"
    return chosen if chosen in LANGUAGES else "en"


def render(request: Request, name: str, caller: Caller | None, *, status: int = 200, language: str | None = None,
           **context: Any) -> HTMLResponse:
    """A page from template ``name`` in the caller's language (or ``language``)."""
    env: Environment = request.app.state.templates
    tr = translator(language or language_of(request, caller), caller.account.month_names if caller else None)
    account = caller.account if caller else None
    limited = bool(caller and caller.enrolment_only)

    def may(action: str) -> bool:
        """For the menu: whether the caller may take the policy's action named ``action`` (``MANAGE_USERS``…)."""
        return account is not None and not limited and allows(account, Action[action])

    html = env.get_template(name).render(
        request=request, _=tr.gettext, _n=tr.ngettext, tr=tr, lang=tr.language, dir=tr.direction, account=account,
        csrf=caller.csrf_token if caller else context.pop("csrf", None), may=may, enrolment_only=limited,
        may_create=may("CREATE"), **context,
    )
    return HTMLResponse(html, status_code=status)


def pager(request: Request, page: int, total: int, size: int) -> dict[str, Any]:
    """What ``_pager.html`` shows: the page, how many pages ``total`` items fill, and links to the pages either
    side (this page's address with another ``page``)."""
    pages = max(1, -(-total // size))

    def link(number: int) -> str:
        url = request.url.include_query_params(page=number)
        return f"{url.path}?{url.query}"

    return {"page": page, "pages": pages, "previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None}


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link send people elsewhere after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# B006 is deliberate: FastAPI copies a query parameter's default for each request, and these lists are only read.
def event_filters(type: Annotated[list[str], Query()] = [],  # noqa: B006
                  actor: Annotated[list[str], Query()] = [],  # noqa: B006
                  place: Annotated[list[str], Query()] = [],  # noqa: B006
                  status: Annotated[list[str], Query()] = [],  # noqa: B006
                  date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
                  date_to: Annotated[str, Query(alias="to", max_length=20)] = "") -> Filters:
    """The filters of the event list, the timeline and the map, from the query string (``?type=killing&place=…``;
    ``from`` and ``to`` as ``search.date_range`` reads them). Raises InvalidInput for a date that is not one."""
    start, end = date_range(date_from, date_to)
    return Filters(types=type, actors=actor, places=place, statuses=status, date_from=start, date_to=end)


EventFilters = Annotated[Filters, Depends(event_filters)]
