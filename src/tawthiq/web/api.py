"""The JSON API under /api/v1: the operations the pages offer, for scripts and other tools.

Authentication: the session cookie from POST /auth/login (then state-changing requests carry the
``X-CSRF-Token`` header it returned), or a personal token as ``Authorization: Bearer``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.policy import Role
from tawthiq.domain.serial import to_json
from tawthiq.services.accounts import admin as useradmin, users as accounts
from tawthiq.services.browse import eventview, mapview, pickers, search as search_service
from tawthiq.services.browse.search import COUNT_CAP, Filters, SearchResult
from tawthiq.services.coding import reportdesk
from tawthiq.services.evidence import uploads
from tawthiq.services.records import access
from tawthiq.web import bodies
from tawthiq.web.csrf import api_csrf, csrf_exempt
from tawthiq.web.deps import EventFilters, api_caller, dashboards, names, workspace
from tawthiq.web.login import LoginRefused, log_in, set_session_cookie
from tawthiq.web.security import SESSION_COOKIE, Caller

router = APIRouter(tags=["api"], dependencies=[Depends(api_csrf)])
ApiCaller = Annotated[Caller, Depends(api_caller)]
Short = Annotated[str, Field(max_length=500)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: Annotated[str, Field(max_length=200)]
    password: Annotated[str, Field(max_length=1000)]
    code: Annotated[str, Field(max_length=12)] | None = None  # TOTP, for accounts with two-factor login


class Me(BaseModel):
    username: str
    role: str
    language: str
    csrf_token: str | None = None


# Record bodies are made from the field description (web/bodies.py): checked in the route against the kind's model.
EventIn = Annotated[dict[str, Any], bodies.documented_as(bodies.CREATE["event"])]
EventPatch = Annotated[dict[str, Any], bodies.documented_as(bodies.PATCH["event"])]
ActIn = Annotated[dict[str, Any], bodies.documented_as(bodies.CREATE["act"])]
RecordIn = Annotated[dict[str, Any], bodies.documented_as(*bodies.CREATE.values())]
RecordPatch = Annotated[dict[str, Any], bodies.documented_as(*bodies.PATCH.values())]
KindPath = Annotated[str, Path(description="The kind of record: " + ", ".join(bodies.CREATE) + " (or its plural); "
                                            "the body is that kind's model (PersonIn for person…).")]



def _me(account: accounts.Account, csrf: str | None = None) -> Me:
    return Me(username=account.username, role=account.role.value, language=account.language, csrf_token=csrf)


def _search_out(result: SearchResult) -> dict[str, Any]:
    out: dict[str, Any] = to_json(result)  # as `tawthiq search --json` prints it
    return out


@router.post("/auth/login", response_model=Me)
@csrf_exempt  # no session yet
def login(request: Request, body: LoginIn, response: Response) -> Me:
    """Log in with a username, password and, for an account with two-factor login, a code: sets the session cookie
    and returns the CSRF token for writes. Every refusal answers alike (401, or 429 after too many from one address)."""
    try:  # the sequence and its answers are the login page's too (web/login.py)
        done = log_in(request, username=body.username, password=body.password, code=body.code)
    except LoginRefused as exc:
        raise HTTPException(exc.status, str(exc), headers=exc.headers or None) from None
    set_session_cookie(request, response, done.cookie)
    return _me(done.account, done.csrf_token)


@router.post("/auth/logout", status_code=204)
def logout(request: Request, caller: ApiCaller) -> Response:
    """End the session of the cookie sent."""
    if cookie := request.cookies.get(SESSION_COOKIE):
        accounts.end_session(workspace(request), cookie=cookie)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me)
def me(caller: ApiCaller) -> Me:
    """Who is logged in, with which role and language."""
    return _me(caller.account, caller.csrf_token)


@router.get("/dashboard")
def dashboard(request: Request, caller: ApiCaller) -> dict[str, Any]:
    """Event counts by violation type, perpetrator and month, within the caller's clearance."""
    return asdict(dashboards(request).get(workspace(request), caller.account))


@router.get("/search")
# B006 is deliberate: FastAPI copies a query parameter's default for each request, and these lists are only read.
def search(request: Request, caller: ApiCaller, q: Annotated[str, Query(max_length=500)] = "",
           kind: Annotated[list[str], Query()] = [], type: Annotated[list[str], Query()] = [],  # noqa: B006
           actor: Annotated[list[str], Query()] = [], place: Annotated[list[str], Query()] = [],  # noqa: B006
           status: Annotated[list[str], Query()] = [],  # noqa: B006
           limit: Annotated[int, Query(ge=1, le=200)] = 20,
           offset: Annotated[int, Query(ge=0, le=COUNT_CAP)] = 0) -> dict[str, Any]:
    """Full-text search over every searchable kind, with facets, never above the caller's clearance."""
    filters = Filters(kinds=kind, types=type, actors=actor, places=place, statuses=status)
    return _search_out(search_service.search(workspace(request), caller.account, query=q, filters=filters,
                                             limit=limit, offset=offset))


@router.get("/events")
# B006 is deliberate: FastAPI copies a query parameter's default for each request, and these lists are only read.
def list_events(request: Request, caller: ApiCaller, q: Annotated[str, Query(max_length=500)] = "",
                type: Annotated[list[str], Query()] = [], actor: Annotated[list[str], Query()] = [],  # noqa: B006
                status: Annotated[list[str], Query()] = [],  # noqa: B006
                limit: Annotated[int, Query(ge=1, le=200)] = 50,
                offset: Annotated[int, Query(ge=0, le=COUNT_CAP)] = 0) -> dict[str, Any]:
    """Events matching the words and filters, newest indexed first when there are no words."""
    filters = Filters(kinds=["event"], types=type, actors=actor, statuses=status)
    return _search_out(search_service.search(workspace(request), caller.account, query=q, filters=filters,
                                             limit=limit, offset=offset))


@router.get("/map")
def event_map(request: Request, caller: ApiCaller, filters: EventFilters,
              q: Annotated[str, Query(max_length=500)] = "") -> dict[str, Any]:
    """Matching events grouped by place (one marker per place, with a count and the first few events)."""
    return asdict(mapview.event_map(workspace(request), caller.account, query=q, filters=filters))


@router.get("/events/{ident}")
def get_event(request: Request, caller: ApiCaller, ident: str) -> dict[str, Any]:
    """An event with its acts, perpetrators, victims, sources and evidence (what the caller may read)."""
    page = eventview.event_page(workspace(request), caller.account, ident=ident)
    out = asdict(page)
    out["labels"] = {k: {"en": en, "ar": ar} for k, (en, ar) in page.labels.items()}
    return out


@router.post("/events", status_code=201)
def create_event(request: Request, caller: ApiCaller, body: EventIn) -> dict[str, Any]:
    """Create an event. 422 names every bad field; nothing is written then."""
    return access.create_event(workspace(request), caller.account, event=bodies.checked("event", body, partial=False))


@router.patch("/events/{ident}")
def update_event(request: Request, caller: ApiCaller, ident: str, body: EventPatch) -> dict[str, Any]:
    """Change some fields of an event; the previous version is kept in its history."""
    return access.update(workspace(request), caller.account, kind="event", ident=ident,
                         data=bodies.checked("event", body, partial=True))


@router.post("/acts", status_code=201)
def create_act(request: Request, caller: ApiCaller, body: ActIn) -> dict[str, Any]:
    """Add an act (one violation) to an event the caller may edit."""
    return access.create(workspace(request), caller.account, kind="act",
                         data=bodies.checked("act", body, partial=False))


@router.get("/records/{kind}")
def list_records(request: Request, caller: ApiCaller, kind: str,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """Live records of one kind (actors, persons, places, reports, sources…) within the caller's clearance."""
    return access.list_readable(workspace(request), caller.account, kind=kind, limit=limit)


@router.get("/pick/{kind}")
def pick(request: Request, caller: ApiCaller, kind: Literal["actor", "person", "place"],
         q: Annotated[str, Query(max_length=200)] = "",
         limit: Annotated[int, Query(ge=1, le=20)] = 10) -> list[dict[str, str]]:
    """Type-ahead: actors, persons or places whose name begins with or contains ``q``, in either script and any
    common transliteration, within the caller's clearance."""
    return [asdict(c) for c in pickers.suggest(workspace(request), caller.account, kind=kind, text=q, limit=limit,
                                               index=names(request))]


@router.post("/records/{kind}", status_code=201)
def create_record(request: Request, caller: ApiCaller, kind: KindPath, body: RecordIn) -> dict[str, Any]:
    """Create a record of any writable kind (person, actor, place, source, report, involvement, victim…) with the
    fields the command line takes (``actor`` for an actor's id or slug): the body is the kind's model. A source's
    identity is not taken here."""
    return access.create(workspace(request), caller.account, kind=kind, data=bodies.checked(kind, body, partial=False))


@router.patch("/records/{kind}/{ident}")
def update_record(request: Request, caller: ApiCaller, kind: KindPath, ident: str, body: RecordPatch) -> dict[str, Any]:
    """Change some fields of a record (the body is the kind's Patch model); the previous version is kept in its
    history."""
    return access.update(workspace(request), caller.account, kind=kind, ident=ident,
                         data=bodies.checked(kind, body, partial=True))


@router.get("/records/{kind}/{ident}")
def get_record(request: Request, caller: ApiCaller, kind: str, ident: str) -> dict[str, Any]:
    """One record; 404 when it does not exist or is above the caller's clearance."""
    return access.read_record(workspace(request), caller.account, kind=kind, ident=ident)


@router.get("/records/{kind}/{ident}/history")
def get_history(request: Request, caller: ApiCaller, kind: str, ident: str) -> list[dict[str, Any]]:
    """Every version of the record, with its field-level changes."""
    return [to_json(e) for e in access.history(workspace(request), caller.account, kind=kind, ident=ident)]


@router.post("/events/{ident}/evidence", status_code=201)
def upload_evidence(request: Request, caller: ApiCaller, ident: str, files: list[UploadFile]) -> list[dict[str, Any]]:
    """Attach files to an event: each streamed into the store, hashed, typed by content, with a custody entry."""
    return [asdict(uploads.upload_evidence(workspace(request), caller.account, event=ident, name=f.filename or "",
                                           stream=f.file)) for f in files]


@router.get("/evidence/{ident}")
def get_evidence(request: Request, caller: ApiCaller, ident: str) -> dict[str, Any]:
    """An evidence item with its chain of custody and attachments (the file itself: /evidence/ID/file)."""
    return uploads.read_evidence(workspace(request), caller.account, ident=ident)


class ReportTextIn(Strict):  # not ReportIn: that is the report record's body (web/bodies.py)
    text: Annotated[str, Field(max_length=200_000)]
    title: Short = ""
    confidentiality: Confidentiality = Confidentiality.INTERNAL


class DecisionsIn(Strict):
    accept: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=500)
    reject: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=500)


@router.post("/reports", status_code=201)
def create_report(request: Request, caller: ApiCaller, body: ReportTextIn) -> dict[str, Any]:
    """A report from pasted text, with extraction suggestions (places, actors, persons, dates, violations, sources,
    counts)."""
    return reportdesk.intake_text(workspace(request), caller.account, title=body.title, text=body.text,
                                  confidentiality=body.confidentiality.value)


@router.get("/reports/{ident}/suggestions")
def report_suggestions(request: Request, caller: ApiCaller, ident: str) -> dict[str, Any]:
    """The report's suggestions by field, each with its status (pending, accepted, rejected)."""
    out: dict[str, Any] = to_json(reportdesk.suggestions(workspace(request), caller.account, report=ident))
    return out


@router.post("/reports/{ident}/review")
def review_report(request: Request, caller: ApiCaller, ident: str, body: DecisionsIn) -> dict[str, Any]:
    """Accept and reject suggestions (``field:index``); accepted ones become records linked to the report's event."""
    return asdict(reportdesk.decide(workspace(request), caller.account, report=ident, accept=body.accept,
                                    reject=body.reject))


class UserIn(Strict):
    username: Annotated[str, Field(max_length=200)]
    role: Role
    password: Annotated[str, Field(max_length=1000)]


class UserPatch(Strict):
    role: Role | None = None
    active: bool | None = None


@router.get("/admin/users")
def list_users(request: Request, caller: ApiCaller) -> list[dict[str, Any]]:
    """Every user with role, language, whether active and last login (admins only)."""
    return [asdict(u) for u in useradmin.users(workspace(request), caller.account)]


@router.post("/admin/users", status_code=201)
def add_user(request: Request, caller: ApiCaller, body: UserIn) -> Me:
    """Add a user (admins only). 422 for a bad or taken name or a short password."""
    return _me(useradmin.add_user(workspace(request), caller.account, username=body.username, role=body.role.value,
                                  password=body.password))


@router.patch("/admin/users/{username}", status_code=204)
def change_user(request: Request, caller: ApiCaller, username: Annotated[str, Path(max_length=200)],
                body: UserPatch) -> Response:
    """Change a user's role or disable (``"active": false``: its sessions and tokens end at once) or enable it."""
    if body.role is not None:
        useradmin.set_role(workspace(request), caller.account, username=username, role=body.role.value)
    if body.active is not None:
        useradmin.set_active(workspace(request), caller.account, username=username, active=body.active)
    return Response(status_code=204)


@router.get("/admin/audit")
def audit_log(request: Request, caller: ApiCaller, before: Annotated[int | None, Query(ge=1)] = None,
              actor: Annotated[str, Query(max_length=120)] = "", action: Annotated[str, Query(max_length=40)] = "",
              limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """The audit log, newest first; ``before`` (a seq) pages back (admins only)."""
    return asdict(useradmin.audit_log(workspace(request), caller.account, before=before, actor=actor, action=action,
                                      limit=limit))
