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
from tawthiq.services.publishing import grading
from tawthiq.services.records import access
from tawthiq.web import bodies
from tawthiq.web.csrf import api_csrf, csrf_exempt
from tawthiq.web.deps import EventFilters, api_caller, dashboards, names, workspace
from tawthiq.web.login import LoginRefused, log_in, set_session_cookie
from tawthiq.web.security import SESSION_COOKIE, Caller, credential, enrolment_route

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
    # the role needs a second factor and none is enrolled: this session reaches only the enrolment routes
    needs_enrolment: bool = False


class Enrolment(BaseModel):
    secret: str
    uri: str  # otpauth://, for an authenticator app


class LoggedInOut(Me):
    """The login's answer; with ``needs_enrolment``, the secret to enrol (made for this login, shown once): confirm
    it with POST /me/two-factor/confirm and the same session becomes a full one."""

    enrolment: Enrolment | None = None


class PasswordIn(Strict):
    current_password: Annotated[str, Field(max_length=1000)]
    new_password: Annotated[str, Field(max_length=1000)]
    code: Annotated[str, Field(max_length=12)] | None = None  # a current code, when an app is enrolled


class ResetIn(Strict):
    password: Annotated[str, Field(max_length=1000)] | None = None  # none: a generated one is answered once


# Record bodies are made from the field description (web/bodies.py): checked in the route against the kind's model.
EventIn = Annotated[dict[str, Any], bodies.documented_as(bodies.CREATE["event"])]
EventPatch = Annotated[dict[str, Any], bodies.documented_as(bodies.PATCH["event"])]
ActIn = Annotated[dict[str, Any], bodies.documented_as(bodies.CREATE["act"])]
RecordIn = Annotated[dict[str, Any], bodies.documented_as(*bodies.CREATE.values())]
RecordPatch = Annotated[dict[str, Any], bodies.documented_as(*bodies.PATCH.values())]
KindPath = Annotated[str, Path(description="The kind of record: " + ", ".join(bodies.CREATE) + " (or its plural); "
                                            "the body is that kind's model (PersonIn for person…).")]



def _me(account: accounts.Account, csrf: str | None = None, enrolment_only: bool = False) -> Me:
    return Me(username=account.username, role=account.role.value, language=account.language, csrf_token=csrf,
              needs_enrolment=enrolment_only)


def _search_out(result: SearchResult) -> dict[str, Any]:
    out: dict[str, Any] = to_json(result)  # as `tawthiq search --json` prints it
    return out


@router.post("/auth/login", response_model=LoggedInOut)
@csrf_exempt  # no session yet
def login(request: Request, body: LoginIn, response: Response) -> LoggedInOut:
    """Log in with a username, password and, for an account with two-factor login, a code: sets the session cookie
    and returns the CSRF token for writes. Every refusal answers alike (401, or 429 after too many from one address).
    An account whose role needs a second factor it has not enrolled gets ``needs_enrolment`` and a secret to enrol;
    until it confirms a code, its session reaches only the enrolment routes, ``me`` and ``auth/logout`` (403)."""
    try:  # the sequence and its answers are the login page's too (web/login.py)
        done = log_in(request, username=body.username, password=body.password, code=body.code)
    except LoginRefused as exc:
        raise HTTPException(exc.status, str(exc), headers=exc.headers or None) from None
    set_session_cookie(request, response, done.cookie)
    me = _me(done.account, done.csrf_token, done.enrolment_only)
    return LoggedInOut(**me.model_dump(), enrolment=Enrolment(**done.enrolment) if done.enrolment else None)


@router.post("/auth/logout", status_code=204)
@enrolment_route
def logout(request: Request, caller: ApiCaller) -> Response:
    """End the session of the cookie sent."""
    if cookie := request.cookies.get(SESSION_COOKIE):
        accounts.end_session(workspace(request), cookie=cookie)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me)
@enrolment_route
def me(caller: ApiCaller) -> Me:
    """Who is logged in, with which role and language, and whether a second factor must be enrolled first."""
    return _me(caller.account, caller.csrf_token, caller.enrolment_only)


@router.post("/me/password")
def change_password(request: Request, caller: ApiCaller, body: PasswordIn) -> dict[str, int]:
    """Change one's own password: the current one (and a current code when an app is enrolled) and a new one of at
    least 10 characters. Every other session and token of the account ends (``ended``: how many); the session or
    token of this request goes on. Recorded. 422 when the proof fails (not saying which part), counted as a failed
    login."""
    keep_session, keep_token = credential(request)
    return {"ended": accounts.change_password(workspace(request), caller.account, current=body.current_password,
                                              new=body.new_password, code=body.code, keep_session=keep_session,
                                              keep_token=keep_token)}


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


@router.get("/events/{ident}/grade")
def get_grade(request: Request, caller: ApiCaller, ident: str) -> dict[str, Any]:
    """The event's public grade as the caller sees it (computed from what it may read, or set by hand), why, and
    its casualty figures as min–max per category."""
    return asdict(grading.event_grade(workspace(request), caller.account, event=ident))


class GradeIn(Strict):
    grade: Annotated[str, Field(max_length=40)]
    reason: Annotated[str, Field(max_length=20_000)]  # the service names a reason that is too long


class GradeClearIn(Strict):
    reason: Annotated[str, Field(max_length=20_000)]


@router.put("/events/{ident}/grade")
def set_grade(request: Request, caller: ApiCaller, ident: str, body: GradeIn) -> dict[str, Any]:
    """Set the event's grade by hand with a reason (admins and coordinators), recorded in the audit log; the grade
    as the caller now sees it. 422 naming the field for an unknown grade or no reason: nothing written."""
    return asdict(grading.override_grade(workspace(request), caller.account, event=ident, grade=body.grade,
                                         reason=body.reason))


@router.post("/events/{ident}/grade/clear")
def clear_grade(request: Request, caller: ApiCaller, ident: str, body: GradeClearIn) -> dict[str, Any]:
    """Remove the grade set by hand, with a reason (admins and coordinators): the computed grade applies again.
    422 when there is none to remove, or no reason."""
    return asdict(grading.clear_override(workspace(request), caller.account, event=ident, reason=body.reason))


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
         limit: Annotated[int, Query(ge=1, le=20)] = 10,
         near: Annotated[str, Query(max_length=120)] = "") -> list[dict[str, str]]:
    """Type-ahead: actors, persons or places whose name matches ``q``, in either script and any common
    transliteration, within the caller's clearance, best first; a place with the areas it lies in (``detail``,
    ``detail_ar``), and the places in the areas of ``near`` (the record's place until now) before others."""
    return [asdict(c) for c in pickers.suggest(workspace(request), caller.account, kind=kind, text=q, limit=limit,
                                               index=names(request), near=[near] if near else [])]


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


class ChoiceIn(Strict):
    """What the reviewer chose for one accepted suggestion (which fields take which: docs/text-intelligence.md)."""

    role: Annotated[str, Field(max_length=20, description="persons: victim, perpetrator, witness or source")] = ""
    act: Annotated[str, Field(max_length=60, description="persons, actors, counts: violations:N or an act's id")] = ""
    harm: Annotated[str, Field(max_length=60, description="a victim's harm: a victim-groups slug")] = ""
    method: Annotated[str, Field(max_length=60, description="violations: a methods slug; empty for none")] = ""
    pseudonym: Annotated[str, Field(max_length=300, description="persons as sources or witnesses, sources")] = ""


class DecisionsIn(Strict):
    accept: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=500)
    reject: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=500)
    event: Annotated[str, Field(max_length=60, description="code into this event (id or prefix)")] | None = None
    options: dict[Annotated[str, Field(max_length=40)], ChoiceIn] = Field(default_factory=dict, max_length=500)


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


@router.get("/reports/{ident}/events")
def report_events(request: Request, caller: ApiCaller, ident: str,
                  q: Annotated[str, Query(max_length=200)] = "") -> list[dict[str, Any]]:
    """Events the report may be coded into: those matching ``q`` (the most recent when empty) that the caller may
    read and edit."""
    out: list[dict[str, Any]] = to_json(reportdesk.event_targets(workspace(request), caller.account, report=ident,
                                                                 text=q))
    return out


@router.post("/reports/{ident}/review")
def review_report(request: Request, caller: ApiCaller, ident: str, body: DecisionsIn) -> dict[str, Any]:
    """Accept and reject suggestions (``field:index``); accepted ones become records linked to an event: ``event``,
    else the one an earlier review made, else a new one. ``options`` says per accepted suggestion what it becomes
    (``{"persons:0": {"role": "victim", "act": "violations:1"}}``)."""
    options = {key: {k: v for k, v in choice.model_dump().items() if v} for key, choice in body.options.items()}
    return asdict(reportdesk.decide(workspace(request), caller.account, report=ident, accept=body.accept,
                                    reject=body.reject, event=body.event, options=options))


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


@router.post("/admin/users/{username}/password")
def reset_password(request: Request, caller: ApiCaller, username: Annotated[str, Path(max_length=200)],
                   body: ResetIn) -> dict[str, Any]:
    """Give a user a new password (admins only): ``password``, or a generated one answered once as ``password``.
    The user's sessions and tokens end (``ended``) and any lock is lifted. Recorded, never the password."""
    reset = useradmin.reset_password(workspace(request), caller.account, username=username, password=body.password)
    return asdict(reset)


@router.get("/admin/audit")
def audit_log(request: Request, caller: ApiCaller, before: Annotated[int | None, Query(ge=1)] = None,
              actor: Annotated[str, Query(max_length=120)] = "", action: Annotated[str, Query(max_length=40)] = "",
              limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """The audit log, newest first; ``before`` (a seq) pages back (admins only)."""
    return asdict(useradmin.audit_log(workspace(request), caller.account, before=before, actor=actor, action=action,
                                      limit=limit))
