"""Pages for the record kinds other than events: a list per kind, and create and edit forms (persons, actors,
places, sources by pseudonym, reports, involvements, victims). As everywhere, the routes hold no permission
checks: services.access decides."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.fields import CONFIDENTIALITY, Widget
from tawthiq.domain.policy import readable_levels
from tawthiq.services.browse import listing
from tawthiq.services.browse.pickers import place_label
from tawthiq.services.publishing import grading
from tawthiq.services.records import access
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import names, pager, render, workspace
from tawthiq.web.forms import FORMS, PICKABLE, values_for_form, values_from_form, vocabularies
from tawthiq.web.pages import ACT_FIELDS, PageCaller, event_response
from tawthiq.web.security import Caller

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])
LISTED = listing.LISTED
Reason = Annotated[str, Form(max_length=20_000)]  # the service names a reason that is too long


def _kind(kind: str) -> str:
    if kind not in FORMS:
        raise NotFound("form", kind)
    return kind


@router.get("/records", response_class=HTMLResponse)
def records(request: Request, caller: PageCaller, kind: Annotated[str, Query(max_length=20)] = "person",
            q: Annotated[str, Query(max_length=500)] = "",
            page: Annotated[int, Query(ge=1, le=listing.MAX_PAGE)] = 1) -> Response:
    found = listing.list_records(workspace(request), caller.account, kind=kind, query=q, page=page,
                                 language=caller.account.language)
    return render(request, "records.html", caller, kind=kind, kinds=LISTED, found=found,
                  pager=pager(request, page, found.total, listing.PAGE_SIZE))


def _form(request: Request, caller: Caller, kind: str, *, values: dict[str, Any], problems: list[Any],
          ident: str | None, status: int = 200) -> Response:
    ws = workspace(request)
    labels: dict[str, str] = {}
    for f in FORMS[kind]:  # what a picker shows for the record it already holds
        if f.widget is Widget.RECORD and f.target in PICKABLE and values.get(f.name):
            try:
                found = access.read_record(ws, caller.account, kind=f.target, ident=str(values[f.name]))
                labels[f.name] = found["name"] if f.target != "place" else place_label(
                    ws, caller.account, ident=found["id"], language=caller.account.language, index=names(request))
            except NotFound:
                pass
    levels = readable_levels(caller.account)
    return render(request, "record_form.html", caller, status=status, kind=kind, fields=FORMS[kind], values=values,
                  problems=problems, ident=ident, labels=labels, levels=levels, level=CONFIDENTIALITY,
                  pickable=PICKABLE, concepts={v: list_concepts(ws, v) for v in vocabularies(kind)})


@router.get("/records/{kind}/new", response_class=HTMLResponse)
def new_record(request: Request, caller: PageCaller, kind: str,
               act: Annotated[str, Query(max_length=120)] = "") -> Response:
    values = access.new_record(caller.account, kind=_kind(kind))
    return _form(request, caller, kind, values={"act": act, **values}, problems=[], ident=None)


@router.post("/records/{kind}", response_class=HTMLResponse)
async def create_record(request: Request, caller: PageCaller, kind: str) -> Response:
    form = dict(await request.form())
    values = values_from_form(_kind(kind), form, editing=False)
    try:
        created = await run_in_threadpool(access.create, workspace(request), caller.account, kind=kind, data=values)
    except InvalidInput as exc:
        return _form(request, caller, kind, values={**form, **values}, problems=exc.problems, ident=None, status=422)
    return RedirectResponse(_after(request, caller, kind, created), status_code=303)


def _after(request: Request, caller: Caller, kind: str, record: dict[str, Any]) -> str:
    """Where to go after saving: a link (involvement, victim, information, event link) back to its event; other
    kinds to their page."""
    if kind == "event_link":
        return f"/events/{record['from_event_id']}"
    if kind == "information" and record.get("event_id"):
        return f"/events/{record['event_id']}"
    if kind in ("involvement", "victim", "information") and record.get("act_id"):
        act = access.read_record(workspace(request), caller.account, kind="act", ident=record["act_id"])
        return f"/events/{act['event_id']}"
    return f"/records/{kind}/{record['id']}"


@router.get("/records/{kind}/{ident}/edit", response_class=HTMLResponse)
def edit_record(request: Request, caller: PageCaller, kind: str, ident: str) -> Response:
    if kind == "act":  # the event page's act fields (templates/_act_fields.html)
        act = access.read_for_edit(workspace(request), caller.account, kind="act", ident=ident)
        return _act_form(request, caller, values=_act_values(act), problems=[], act=act)
    if kind == "event":
        return RedirectResponse(f"/events/{ident}/edit", status_code=303)
    found = access.read_for_edit(workspace(request), caller.account, kind=_kind(kind), ident=ident)
    return _form(request, caller, kind, values=values_for_form(kind, found), problems=[], ident=found["id"])


@router.post("/records/{kind}/{ident}", response_class=HTMLResponse)
async def update_record(request: Request, caller: PageCaller, kind: str, ident: str) -> Response:
    if kind == "act":
        return await _update_act(request, caller, ident)
    form = dict(await request.form())
    values = values_from_form(_kind(kind), form, editing=True)
    values.pop("act", None)  # an involvement or victim stays on its act
    try:
        updated = await run_in_threadpool(access.update, workspace(request), caller.account, kind=kind, ident=ident,
                                          data=values)
    except InvalidInput as exc:
        return _form(request, caller, kind, values={**form, **values}, problems=exc.problems, ident=ident, status=422)
    return RedirectResponse(_after(request, caller, kind, updated), status_code=303)


# --- acts -----------------------------------------------------------------------------------------------


def _act_values(act: dict[str, Any]) -> dict[str, Any]:
    """An act as its form shows it: the type and method by slug, counts and description as stored."""
    values: dict[str, Any] = {name: act.get(name) for name in ACT_FIELDS}
    for name in ("type", "method"):
        value = act.get(f"{name}_id")
        values[name] = value.split(":", 1)[-1] if isinstance(value, str) else ""
    return {**values, "confidentiality": act.get("confidentiality")}


def _act_form(request: Request, caller: Caller, *, values: dict[str, Any], problems: list[Any], act: dict[str, Any],
              status: int = 200) -> Response:
    ws = workspace(request)
    return render(request, "correct_act_form.html", caller, status=status, kind="act", values=values,
                  problems=problems, act=act, levels=readable_levels(caller.account), level=CONFIDENTIALITY,
                  types=list_concepts(ws, "violation-types"), methods=list_concepts(ws, "methods"))


async def _update_act(request: Request, caller: Caller, ident: str) -> Response:
    """Save an act's form. An emptied count or description clears it (a figure found wrong); the type and method,
    chosen from lists, are kept when left empty."""
    form = dict(await request.form())
    changes: dict[str, Any] = {}
    for name in ACT_FIELDS:
        value = str(form.get(name) or "").strip()
        if value:
            changes[name] = value
        elif name not in ("type", "method"):
            changes[name] = "" if name == "description" else None
    level = str(form.get("confidentiality") or "").strip()
    if level:
        changes["confidentiality"] = level
    ws = workspace(request)
    try:
        updated = await run_in_threadpool(access.update, ws, caller.account, kind="act", ident=ident, data=changes)
    except InvalidInput as exc:
        act = await run_in_threadpool(access.read_for_edit, ws, caller.account, kind="act", ident=ident)
        sent = {k: ("" if v is None else v) for k, v in changes.items()}
        return _act_form(request, caller, values={**_act_values(act), **sent}, problems=exc.problems, act=act,
                         status=422)
    return RedirectResponse(f"/events/{updated['event_id']}", status_code=303)


# --- an event's grade set by hand ---------------------------------------------------------------------


@router.post("/events/{ident}/grade", response_class=HTMLResponse)
def set_grade(request: Request, caller: PageCaller, ident: str, grade: Annotated[str, Form(max_length=40)] = "",
              reason: Reason = "") -> Response:
    """Set the event's public grade by hand, with a reason (admins and coordinators: the service decides); refused,
    the event page again with the form kept and the field named."""
    try:
        view = grading.override_grade(workspace(request), caller.account, event=ident, grade=grade, reason=reason)
    except InvalidInput as exc:
        return event_response(request, caller, ident, status=422, grade_problems=exc.problems,
                              grade_values={"grade": grade, "reason": reason, "form": "set"})
    return RedirectResponse(f"/events/{view.event}#grade", status_code=303)


@router.post("/events/{ident}/grade/clear", response_class=HTMLResponse)
def clear_grade(request: Request, caller: PageCaller, ident: str, reason: Reason = "") -> Response:
    """Remove the grade set by hand, with a reason: the computed grade applies again."""
    try:
        view = grading.clear_override(workspace(request), caller.account, event=ident, reason=reason)
    except InvalidInput as exc:
        return event_response(request, caller, ident, status=422, grade_problems=exc.problems,
                              grade_values={"clear_reason": reason, "form": "clear"})
    return RedirectResponse(f"/events/{view.event}#grade", status_code=303)
