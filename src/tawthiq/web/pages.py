"""Server-rendered pages: plain HTML forms, no script needed. Routes hold no queries and no permission checks:
they call services.access and services.eventview, which decide what the caller may see and do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from tawthiq.domain.dates import span_expressions
from tawthiq.domain.enums import Confidentiality, VerificationStatus
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.grading import GRADE_LABELS
from tawthiq.domain.policy import readable_levels
from tawthiq.services.accounts import users as accounts
from tawthiq.services.browse import eventview, mapview
from tawthiq.services.browse.pickers import place_label
from tawthiq.services.browse.search import COUNT_CAP, Filters, active_filters, date_range, search
from tawthiq.services.coding import reportdesk
from tawthiq.services.coding.geocoding import event_place
from tawthiq.services.evidence import uploads
from tawthiq.services.linkage import review as linkreview
from tawthiq.services.publishing import grading
from tawthiq.services.records import access
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.web.csrf import csrf_exempt, form_limits, page_csrf
from tawthiq.web.deps import (
    ENROLMENT_PAGE,
    EventFilters,
    dashboards,
    names,
    page_caller,
    pager,
    render,
    safe_next,
    settings,
    workspace,
)
from tawthiq.web.finding import SearchLinks
from tawthiq.web.forms import kept_values, starts_in_future
from tawthiq.web.limits import MAX_BODY, cut_problems
from tawthiq.web.login import LoginRefused, log_in, set_session_cookie
from tawthiq.web.ranges import content_disposition, ranged_response
from tawthiq.web.review_lines import actor_lines
from tawthiq.web.security import (
    LANGUAGE_COOKIE,
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    Caller,
    enrolment_route,
    prelogin_ok,
    prelogin_token,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])
PageCaller = Annotated[Caller, Depends(page_caller)]
EVENT_FIELDS = ("title", "description", "start", "end", "place_text", "place", "status", "confidentiality")
ACT_FIELDS = ("type", "method", "description", "killed", "injured", "detained", "displaced")
PAGE_SIZE = 50
MAX_FILES = 20  # files in one upload
GRADES = [(grade.value, arabic) for grade, (_english, arabic) in GRADE_LABELS.items()]  # the grade form


def _cookie(response: Response, request: Request, name: str, value: str, *, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=settings(request).secure_cookies, path="/")


# --- login ----------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", lang: str | None = None) -> Response:
    token = prelogin_token(request)
    response = render(request, "login.html", None, csrf=token, next=safe_next(next), error=None)
    _cookie(response, request, PRELOGIN_COOKIE, token)
    if lang in ("en", "ar"):
        _cookie(response, request, LANGUAGE_COOKIE, lang, max_age=365 * 86400)
    return response


@router.post("/login", response_class=HTMLResponse)
@csrf_exempt  # no session yet: the login form carries a token of its own (the pre-login cookie)
def login(request: Request, username: Annotated[str, Form(max_length=200)],
          password: Annotated[str, Form(max_length=1000)],
          csrf: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "/",
          code: Annotated[str, Form(max_length=12)] = "") -> Response:
    def again(status: int, error: str) -> Response:
        token = prelogin_token(request)
        response = render(request, "login.html", None, status=status, csrf=token, next=safe_next(next), error=error)
        _cookie(response, request, PRELOGIN_COOKIE, token)
        return response

    if not prelogin_ok(request, csrf):
        return again(400, "The form has expired: try again.")
    try:  # the sequence and its answers are the API's too (web/login.py)
        done = log_in(request, username=username, password=password, code=code)
    except LoginRefused as exc:
        response = again(exc.status, exc.page_message)
        response.headers.update(exc.headers)
        return response
    if done.enrolment_only:  # the role needs a second factor: enrol it now, with the secret made for this login
        from tawthiq.web.protection_pages import first_login_page  # that module imports this one

        response = first_login_page(request, Caller(done.account, done.csrf_token, enrolment_only=True),
                                    enrolment=done.enrolment, next=safe_next(next))
    else:
        response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(request, response, done.cookie)
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
@enrolment_route
def logout(request: Request, caller: PageCaller) -> Response:
    accounts.end_session(workspace(request), cookie=request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
@enrolment_route
def language(request: Request, caller: PageCaller, language: Annotated[str, Form(max_length=8)],
             next: Annotated[str, Form(max_length=2000)] = "/",
             month_names: Annotated[str, Form(max_length=20)] = "") -> Response:
    """The language of the pages and, for Arabic, the names of the months (the Levantine ones by default)."""
    accounts.set_language(workspace(request), account=caller.account, language=language,
                          month_names=month_names or None)
    # an enrolment-only session goes back to the enrolment (its first page was the answer to the login form)
    return RedirectResponse(ENROLMENT_PAGE if caller.enrolment_only else safe_next(next), status_code=303)


# --- dashboard and events -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, caller: PageCaller) -> Response:
    board = dashboards(request).get(workspace(request), caller.account)
    return render(request, "dashboard.html", caller, board=board, periods=SearchLinks("/events", ()))


@router.get("/events", response_class=HTMLResponse)
# B006 is deliberate: FastAPI copies a query parameter's default for each request, and these lists are only read.
def events(request: Request, caller: PageCaller, q: Annotated[str, Query(max_length=500)] = "",
           type: Annotated[list[str], Query()] = [], actor: Annotated[list[str], Query()] = [],  # noqa: B006
           place: Annotated[list[str], Query()] = [], status: Annotated[list[str], Query()] = [],  # noqa: B006
           page: Annotated[int, Query(ge=1, le=COUNT_CAP // PAGE_SIZE)] = 1,
           date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
           date_to: Annotated[str, Query(alias="to", max_length=20)] = "") -> Response:
    filters = Filters(kinds=["event"], types=type, actors=actor, places=place, statuses=status)
    problems: list[Any] = []
    try:
        filters.date_from, filters.date_to = date_range(date_from, date_to)
        # without words, the latest events first; with words, the best matches first
        result = search(workspace(request), caller.account, query=q, filters=filters, limit=PAGE_SIZE,
                        offset=(page - 1) * PAGE_SIZE, order="date", widening=True)
    except InvalidInput as exc:
        problems, result = exc.problems, None
    chosen = {"type": type, "actor": actor, "place": place, "status": status}
    links = SearchLinks.of("/events", list(request.query_params.multi_items()))
    active = active_filters(workspace(request), caller.account, filters=filters)
    return render(request, "events.html", caller, q=q, result=result, problems=problems, chosen=chosen,
                  dates={"from": date_from, "to": date_to}, links=links, active=active,
                  query_string=links.query(),
                  pager=pager(request, page, min(result.total if result else 0, COUNT_CAP), PAGE_SIZE))



@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, caller: PageCaller, filters: EventFilters,
             q: Annotated[str, Query(max_length=500)] = "") -> Response:
    line = eventview.timeline(workspace(request), caller.account, query=q, filters=filters)
    peak = max((n for _m, n in line.months), default=0)
    links = SearchLinks.of("/events", list(request.query_params.multi_items()))  # each period opens its list
    return render(request, "timeline.html", caller, line=line, peak=peak, q=q, query_string=links.query(),
                  links=links)


@router.get("/map", response_class=HTMLResponse)
def event_map(request: Request, caller: PageCaller, filters: EventFilters,
              q: Annotated[str, Query(max_length=500)] = "") -> Response:
    found = mapview.event_map(workspace(request), caller.account, query=q, filters=filters)
    areas = mapview.admin_areas(workspace(request), caller.account)
    data = {"markers": [asdict(m) for m in found.markers], "areas": [asdict(a) for a in areas],
            "tiles": settings(request).map_tiles_url, "language": caller.account.language}
    return render(request, "map.html", caller, found=found, map_data=data, q=q, query_string=request.url.query)


def _choices(request: Request) -> dict[str, Any]:
    ws = workspace(request)
    return {"types": list_concepts(ws, "violation-types"), "methods": list_concepts(ws, "methods"),
            "statuses": [s.value for s in VerificationStatus], "levels": [c.value for c in Confidentiality]}


def _event_form(request: Request, caller: Caller, *, values: dict[str, Any], problems: list[Any], event_id: str | None,
                status: int = 200, future: bool = False) -> Response:
    defaults = access.new_record(caller.account, kind="event")
    place = str(values.get("place") or values.get("place_id") or "")  # what the place picker shows once chosen
    shown = place_label(workspace(request), caller.account, ident=place, language=caller.account.language,
                        index=names(request)) if place else ""
    return render(request, "event_form.html", caller, status=status, values={**defaults, **values}, problems=problems,
                  event_id=event_id, place=place, place_label=shown, future=future,
                  **{**_choices(request), "levels": readable_levels(caller.account)})


@router.get("/events/new", response_class=HTMLResponse)
def new_event(request: Request, caller: PageCaller) -> Response:
    return _event_form(request, caller, values={"status": "unverified"}, problems=[], event_id=None)


def _present(form: dict[str, Any], names: tuple[str, ...], prefix: str = "") -> dict[str, Any]:
    return {name: str(form[prefix + name]).strip() for name in names if str(form.get(prefix + name) or "").strip()}


def _saved_event(request: Request, caller: Caller, record: dict[str, Any]) -> Response:
    """The event's page; or, when its dates begin after today, its form again with a warning: it is saved, since a
    future date may be a planned or announced attack, but it is more often a typing mistake."""
    if not starts_in_future(record):
        return RedirectResponse(f"/events/{record['id']}", status_code=303)
    start, end = span_expressions(record.get("start_date"), record.get("end_date"), record.get("date_precision"))
    return _event_form(request, caller, values={**record, "start": start, "end": end}, problems=[],
                       event_id=record["id"], future=True)


@router.post("/events", response_class=HTMLResponse)
@form_limits(max_part_size=MAX_BODY)  # a field over its length gets the form's error, not a refused body
async def create_event(request: Request, caller: PageCaller) -> Response:
    form = dict(await request.form())
    event, act = _present(form, EVENT_FIELDS), _present(form, ACT_FIELDS, "act_")
    if cut := cut_problems(request.scope):
        values = kept_values("event", {**event, **{f"act_{k}": v for k, v in act.items()}})
        return _event_form(request, caller, values=values, problems=cut, event_id=None, status=422)
    try:
        created = await run_in_threadpool(access.create_event, workspace(request), caller.account, event=event,
                                          act=act or None)
    except InvalidInput as exc:
        values = {**event, **{f"act_{k}": v for k, v in act.items()}}
        return _event_form(request, caller, values=kept_values("event", values), problems=exc.problems,
                           event_id=None, status=422)
    return _saved_event(request, caller, created)


@router.get("/events/{ident}", response_class=HTMLResponse)
def event(request: Request, caller: PageCaller, ident: str,
          hidden: Annotated[int, Query(ge=0, le=MAX_FILES)] = 0,
          removed: Annotated[str, Query(max_length=200)] = "") -> Response:
    return event_response(request, caller, ident, hidden=hidden, removed=removed)


def event_response(request: Request, caller: Caller, ident: str, *, hidden: int = 0, removed: str = "",
                   status: int = 200, grade_problems: list[Any] | None = None,
                   grade_values: dict[str, str] | None = None) -> Response:
    """The event's page; with ``grade_problems``, the grade form sent back (``grade_values`` kept) after an error."""
    page = eventview.event_page(workspace(request), caller.account, ident=ident)
    # the event as the page read it (through the checked read) is not read again for its corroboration and grade
    corroboration = linkreview.event_corroboration(workspace(request), caller.account, event=page.event["id"],
                                                   record=page.event)
    grade = grading.event_grade(workspace(request), caller.account, event=page.event["id"],
                                corroboration=corroboration, record=page.event)
    place = event_place(workspace(request), caller.account, event=page.event, language=caller.account.language,
                        index=names(request))
    # the add-a-link forms' lists, for those who may add links only, and the add-an-act form's, for those who may
    # edit the event (read with the page, in one query); "removed": the record to offer an undo for
    lists = page.lists
    linking = {name: lists[name] for name in eventview.LINK_VOCABULARIES if name in lists}
    return render(request, "event.html", caller, status=status, page=page, corroboration=corroboration,
                  hidden_uploads=hidden, place=place, linking=linking, removed=removed,
                  types=lists.get("violation-types", []), methods=lists.get("methods", []),
                  statuses=[s.value for s in VerificationStatus], levels=[c.value for c in Confidentiality],
                  grade=grade, grades=GRADES, grade_problems=grade_problems or [], grade_values=grade_values or {})


@router.get("/events/{ident}/edit", response_class=HTMLResponse)
def edit_event(request: Request, caller: PageCaller, ident: str) -> Response:
    record = access.read_for_edit(workspace(request), caller.account, kind="event", ident=ident)
    # "2015", not "2015-01-01" to "2015-12-31": saved unchanged, the form must keep the recorded precision
    start, end = span_expressions(record.get("start_date"), record.get("end_date"), record.get("date_precision"))
    values = {**record, "start": start, "end": end}
    return _event_form(request, caller, values=values, problems=[], event_id=record["id"])


@router.post("/events/{ident}", response_class=HTMLResponse)
@form_limits(max_part_size=MAX_BODY)
async def update_event(request: Request, caller: PageCaller, ident: str) -> Response:
    form = dict(await request.form())
    changes = {name: str(form.get(name, "")).strip() for name in EVENT_FIELDS}
    changes = {k: v for k, v in changes.items() if v or k in ("description", "place_text")}
    if cut := cut_problems(request.scope):
        return _event_form(request, caller, values=kept_values("event", changes), problems=cut, event_id=ident,
                           status=422)
    try:
        updated = await run_in_threadpool(access.update, workspace(request), caller.account, kind="event", ident=ident,
                                          data=changes)
    except InvalidInput as exc:
        return _event_form(request, caller, values=kept_values("event", changes), problems=exc.problems,
                           event_id=ident, status=422)
    return _saved_event(request, caller, updated)


@router.post("/events/{ident}/place", response_class=HTMLResponse)
def link_place(request: Request, caller: PageCaller, ident: str, place: Annotated[str, Form(max_length=120)] = "",
               precision: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Link the gazetteer place the event page offered for the event's place words ("Link")."""
    data = {"place": place, **({"geo_precision": precision} if precision else {})}
    updated = access.update(workspace(request), caller.account, kind="event", ident=ident, data=data)
    return RedirectResponse(f"/events/{updated['id']}", status_code=303)


@router.post("/events/{ident}/acts", response_class=HTMLResponse)
async def add_act(request: Request, caller: PageCaller, ident: str) -> Response:
    form = dict(await request.form())
    data = {**_present(form, ACT_FIELDS), "event": ident}
    await run_in_threadpool(access.create, workspace(request), caller.account, kind="act", data=data)
    return RedirectResponse(f"/events/{ident}", status_code=303)


@router.get("/events/{ident}/history", response_class=HTMLResponse)
def event_history(request: Request, caller: PageCaller, ident: str) -> Response:
    record = access.read_record(workspace(request), caller.account, kind="event", ident=ident)
    entries = access.history(workspace(request), caller.account, kind="event", ident=ident)
    names = access.history_names(workspace(request), caller.account, kind="event", entries=entries)
    return render(request, "history.html", caller, record=record, kind="event", entries=entries, names=names)


# --- evidence -------------------------------------------------------------------------------------------



@dataclass(frozen=True)
class UploadOutcome:
    """What became of one file of an upload: ``stored`` (a new item), ``linked`` (the same bytes were on record:
    attached to that item), ``hidden`` (on record above the uploader's clearance: attached, not shown), ``refused``."""

    name: str
    outcome: str
    evidence_id: str = ""
    problems: list[Any] = field(default_factory=list)


@router.post("/events/{ident}/evidence", response_class=HTMLResponse)
@form_limits(max_files=MAX_FILES, max_fields=5, max_part_size=1024 * 1024)
async def upload(request: Request, caller: PageCaller, ident: str) -> Response:
    async with request.form() as form:  # closes the spooled files, even on error
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not files:
            raise InvalidInput.single("files", "choose at least one file", "اختر ملفاً واحداً على الأقل")
        outcomes = []
        for file in files:  # one transaction per file, as on the command line: a refused file stops nothing else
            try:
                added = await run_in_threadpool(uploads.upload_evidence, workspace(request), caller.account,
                                                event=ident, name=file.filename or "", stream=file.file)
            except InvalidInput as exc:
                outcomes.append(UploadOutcome(file.filename or "", "refused", problems=exc.problems))
                continue
            outcome = "stored" if not added.duplicate else "linked" if added.visible else "hidden"
            outcomes.append(UploadOutcome(Path(added.path).name, outcome, added.evidence_id))
    if all(o.outcome == "stored" for o in outcomes):
        return RedirectResponse(f"/events/{ident}#evidence", status_code=303)
    # each file's outcome, whenever one was not simply stored: never "nothing was saved" when something was
    event = access.read_record(workspace(request), caller.account, kind="event", ident=ident)
    refused_all = all(o.outcome == "refused" for o in outcomes)
    counts = {kind: sum(o.outcome == kind for o in outcomes) for kind in ("stored", "linked", "hidden", "refused")}
    return render(request, "upload_result.html", caller, status=422 if refused_all else 200, event=event,
                  outcomes=outcomes, counts=counts)


@router.get("/evidence/{ident}", response_class=HTMLResponse)
def evidence(request: Request, caller: PageCaller, ident: str) -> Response:
    item = uploads.read_evidence(workspace(request), caller.account, ident=ident)
    return render(request, "evidence.html", caller, item=item)


@router.get("/evidence/{ident}/file")
def evidence_file(request: Request, caller: PageCaller, ident: str) -> Response:
    download = uploads.evidence_download(workspace(request), caller.account, ident=ident)
    # The sandbox keeps an HTML or SVG file from running script on this site's origin.
    return ranged_response(request, download.size, download.read, media_type=download.media_type,
                           headers={"Content-Disposition": content_disposition(download.name),
                                    "Content-Security-Policy": "sandbox"})


# --- report intake --------------------------------------------------------------------------------------


@router.get("/reports/new", response_class=HTMLResponse)
def new_report(request: Request, caller: PageCaller) -> Response:
    values = access.new_record(caller.account, kind="report")
    return render(request, "report_form.html", caller, values=values, problems=[],
                  levels=readable_levels(caller.account))


# A report of MAX_TEXT Arabic characters is about 1.2 MB once percent-encoded: above Starlette's 1 MB per field.
# Any field may be as long as the body (MAX_BODY): one over its own length gets the form's error, with the form.
REPORT_FIELD_BYTES = MAX_BODY


@router.post("/reports", response_class=HTMLResponse)
@form_limits(max_fields=10, max_part_size=REPORT_FIELD_BYTES)
async def create_report(request: Request, caller: PageCaller) -> Response:
    form = await request.form()
    fields = {name: str(form.get(name) or default) for name, default in
              (("text", ""), ("title", ""), ("confidentiality", "internal"))}
    if cut := cut_problems(request.scope):  # a body over the limit, cut: the form again, with the field named
        return _report_form_again(request, caller, cut, fields)
    return await run_in_threadpool(_create_report, request, caller, **fields)  # extraction takes the CPU a while


def _report_form_again(request: Request, caller: Caller, problems: list[Any], fields: dict[str, str]) -> Response:
    return render(request, "report_form.html", caller, status=422, problems=problems,
                  levels=readable_levels(caller.account), values=kept_values("report", fields))


def _create_report(request: Request, caller: Caller, *, text: str, title: str, confidentiality: str) -> Response:
    try:
        report = reportdesk.intake_text(workspace(request), caller.account, title=title, text=text,
                                        confidentiality=confidentiality)
    except InvalidInput as exc:
        return _report_form_again(request, caller, exc.problems,
                                  {"title": title, "text": text, "confidentiality": confidentiality})
    return RedirectResponse(f"/reports/{report['id']}/review", status_code=303)


@router.get("/reports/{ident}/review", response_class=HTMLResponse)
def review_report(request: Request, caller: PageCaller, ident: str,
                  find: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    view = reportdesk.review_view(workspace(request), caller.account, report=ident, find=find)
    return render(request, "review.html", caller, view=actor_lines(view), problems=[])


def _review_choices(form: Any) -> dict[str, dict[str, str]]:
    """The form's choices by suggestion: ``actors:0`` (accept, reject or empty: later) and ``persons:0.role``…; a
    name that joins keys (``actors:0+actors:3``, one actor's mentions on one line) gives each the same choice."""
    choices: dict[str, dict[str, str]] = {}
    for name, value in form.items():
        joined, _, option = str(name).partition(".")
        for key in joined.split("+"):
            if ":" in key and isinstance(value, str):
                choices.setdefault(key, {})[option or "decision"] = value.strip()
    return choices


@router.post("/reports/{ident}/review", response_class=HTMLResponse)
@form_limits(max_fields=4000)
async def decide_report(request: Request, caller: PageCaller, ident: str) -> Response:
    form = await request.form()
    choices = _review_choices(form)
    chosen = str(form.get("event") or "")
    event = chosen if chosen not in ("", "new") else None
    ws = workspace(request)
    if "find_events" in form or "keep" in form:  # nothing decided: the choices are kept for later
        await run_in_threadpool(reportdesk.keep_choices, ws, caller.account, report=ident, choices=choices,
                                event=event)
        find = str(form.get("find") or "").strip()[:200] if "find_events" in form else ""
        query = f"?{urlencode({'find': find})}#event" if "find_events" in form else ""
        return RedirectResponse(f"/reports/{ident}/review{query}", status_code=303)
    decided = {key: c.get("decision", "") for key, c in choices.items()}
    accept = [key for key, d in decided.items() if d == "accept"]
    reject = [key for key, d in decided.items() if d == "reject"]
    options = {key: {k: v for k, v in c.items() if k != "decision"} for key, c in choices.items() if key in accept}
    later = {key: c for key, c in choices.items() if key not in accept and key not in reject}
    try:
        outcome = await run_in_threadpool(reportdesk.decide, ws, caller.account, report=ident, accept=accept,
                                          reject=reject, event=event, options=options, draft=later)
    except InvalidInput as exc:
        # the page comes back with every choice as it was sent, and keeps them should it be reloaded
        await run_in_threadpool(reportdesk.keep_choices, ws, caller.account, report=ident, choices=choices,
                                event=event)
        shown = None if not chosen else "" if chosen == "new" else chosen  # "": a new event was chosen
        view = await run_in_threadpool(reportdesk.review_view, ws, caller.account, report=ident, submitted=choices,
                                       event=shown)
        return render(request, "review.html", caller, status=422, view=actor_lines(view), problems=exc.problems)
    return RedirectResponse(f"/events/{outcome.event_id}" if outcome.event_id else f"/reports/{ident}/review",
                            status_code=303)
