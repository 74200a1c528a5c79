"""Correcting from the web: each record's page (a deleted one's too), deletion with a reason after a confirmation,
restoring, the list of deleted records, and the one-click removal of a link (an involvement, a victim, an
information, a link between events, an evidence attachment) with its undo.

A link is a record of its own, so removing it is a soft deletion with an automatic reason, and its undo a restore:
both stay in the history. As everywhere, routes hold no permission checks: services.access decides, and the pages
ask it (``access.may``) which buttons to show.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.kinds import describe
from tawthiq.domain.policy import Action, ensure
from tawthiq.services.evidence import attachments
from tawthiq.services.linkage.listings import listings_of
from tawthiq.services.records import access
from tawthiq.services.records.deleted import list_deleted
from tawthiq.services.workspace import Workspace
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import render, safe_next, workspace
from tawthiq.web.forms import record_labels
from tawthiq.web.pages import PageCaller
from tawthiq.web.security import Caller

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])
# What the web deletes and restores: every kind the services write.
DELETABLE = ("event", "act", "actor", "person", "source", "report", "place", "victim", "involvement", "information",
             "event_link")
# Records that only join two others: removed in one click (an automatic reason), and undone in one.
LINKS = ("involvement", "victim", "information", "event_link", "evidence_link")
REMOVED_REASON = "link removed from a page of the web application / أُزيل الرابط من صفحة في تطبيق الويب"
UNDONE_REASON = "removal undone from a page of the web application / تراجع عن الإزالة من صفحة في تطبيق الويب"
Reason = Annotated[str, Form(max_length=2000)]
Next = Annotated[str, Form(max_length=2000)]


def _deletable(kind: str, kinds: tuple[str, ...] = DELETABLE) -> str:
    name = kind.replace("-", "_")
    if name not in kinds:
        raise NotFound(kind, "*")
    return name


def removed_link(value: str) -> dict[str, str] | None:
    """The record just removed, named in a page's address (``?removed=KIND:ID``), for its undo button."""
    kind, _, ident = value.partition(":")
    return {"kind": kind, "id": ident} if kind in (*DELETABLE, "evidence_link") and ident else None


# --- a record's page ------------------------------------------------------------------------------------


@router.get("/records/{kind}/{ident}", response_class=HTMLResponse)
def record(request: Request, caller: PageCaller, kind: str, ident: str,
           removed: Annotated[str, Query(max_length=200)] = "") -> Response:
    """A record's page, a deleted one's too (its reason, and the restore form for those allowed): labels in the
    reader's language, references by name, dates in words, and the live records that point at it (a report's and a
    source's information, a person's acts as victim or perpetrator…), each link with its remove button."""
    ws = workspace(request)
    found = access.read_record(ws, caller.account, kind=kind, ident=ident, include_deleted=True)
    kind = describe(kind).name
    entries = access.history(ws, caller.account, kind=kind, ident=found["id"])
    names = access.history_names(ws, caller.account, kind=kind, entries=entries)
    live = found.get("deleted_at") is None
    writable = kind in DELETABLE
    buttons = {
        "edit": live and writable and access.may(caller.account, Action.EDIT, found),
        "delete": live and writable and access.may(caller.account, Action.DELETE, found),
        "restore": not live and writable and access.may(caller.account, Action.RESTORE, found),
    }
    pointing = access.related(ws, caller.account, kind=kind, ident=found["id"]) if live else {}
    if live and kind == "evidence":  # what the item is attached to
        pointing["evidence_links"] = attachments.attachments_of(ws, caller.account, item=found["id"])
    linked = [_linked(ws, caller, plural, row) for plural, rows in pointing.items() for row in rows]
    lists = listings_of(ws, caller.account, person=found["id"]) if kind == "person" else []
    return render(request, "record.html", caller, record=found, kind=kind, entries=entries, buttons=buttons,
                  editable=buttons["edit"], named=record_labels(ws, caller.account, kind, found), linked=linked,
                  lists=lists, removed=removed_link(removed), here=f"/records/{kind}/{found['id']}", names=names)


def _linked(ws: Workspace, caller: Caller, plural: str, row: dict[str, Any]) -> dict[str, Any]:
    """A record that points at the page's record, with the names of what it joins and whether it may be removed."""
    kind = next(k for k in (*DELETABLE, "evidence_link", "evidence") if describe(k).plural == plural)
    return {"kind": kind, "record": row, "named": record_labels(ws, caller.account, kind, row),
            "refs": describe(kind).refs, "removable": kind in LINKS and access.may(caller.account, Action.DELETE, row)}


@router.get("/deleted", response_class=HTMLResponse)
def deleted(request: Request, caller: PageCaller, kind: Annotated[str, Query(max_length=20)] = "event") -> Response:
    """The deleted records of one kind the reader may read, most recently deleted first, each with its reason."""
    ws, name = workspace(request), _deletable(kind)
    title = describe(name).title
    rows = []
    for row in list_deleted(ws, caller.account, kind=name):  # each named as its page names it (an act by its type)
        named = record_labels(ws, caller.account, name, row) if title.endswith("_id") else {}
        label = named.get(title) or (row.get(title) or row.get("name") or row.get("title") or row["id"],
                                     row.get("name_ar"))
        rows.append({**row, "label": label})
    return render(request, "correct_deleted.html", caller, kind=name, kinds=DELETABLE, rows=rows)


# --- deleting and restoring, with a reason --------------------------------------------------------------


def page_of(kind: str, record: dict[str, Any]) -> str:
    """Where a record is read: a live event on its page, a live act on its event's, the rest on the record page."""
    if kind == "event" and record.get("deleted_at") is None:
        return f"/events/{record['id']}"
    if kind == "act" and record.get("deleted_at") is None:
        return f"/events/{record['event_id']}"
    return f"/records/{kind}/{record['id']}"


@router.get("/records/{kind}/{ident}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, caller: PageCaller, kind: str, ident: str) -> Response:
    """The confirmation: what will be deleted, and the reason, which is required."""
    return _confirm(request, caller, _deletable(kind), ident, action=Action.DELETE)


@router.post("/records/{kind}/{ident}/delete", response_class=HTMLResponse)
def delete_record(request: Request, caller: PageCaller, kind: str, ident: str, reason: Reason = "") -> Response:
    return _stamp(request, caller, _deletable(kind), ident, reason, action=Action.DELETE)


@router.post("/records/{kind}/{ident}/restore", response_class=HTMLResponse)
def restore_record(request: Request, caller: PageCaller, kind: str, ident: str, reason: Reason = "") -> Response:
    return _stamp(request, caller, _deletable(kind), ident, reason, action=Action.RESTORE)


def _confirm(request: Request, caller: Caller, kind: str, ident: str, *, action: Action, reason: str = "",
             problems: list[Any] | None = None, status: int = 200) -> Response:
    ws = workspace(request)
    found = access.read_record(ws, caller.account, kind=kind, ident=ident, include_deleted=True)
    # the answer the service would give on sending, before the form is filled in
    ensure(caller.account, action, access.target(found, found.get("effective_level")), what=f"{kind} {ident}")
    return render(request, "correct_delete.html", caller, status=status, kind=kind, record=found,
                  action="delete" if action is Action.DELETE else "restore", reason=reason, problems=problems or [],
                  named=record_labels(ws, caller.account, kind, found), back=page_of(kind, found))


def _stamp(request: Request, caller: Caller, kind: str, ident: str, reason: str, *, action: Action) -> Response:
    change = access.delete if action is Action.DELETE else access.restore
    try:
        done = change(workspace(request), caller.account, kind=kind, ident=ident, reason=reason)
    except InvalidInput as exc:  # no reason, or already deleted (or restored): the form again, the reason kept
        return _confirm(request, caller, kind, ident, action=action, reason=reason, problems=exc.problems, status=422)
    if action is Action.DELETE and kind == "act":  # back to the event, with the undo at hand
        removed = urlencode({"removed": f"act:{done['id']}"})
        return RedirectResponse(f"/events/{done['event_id']}?{removed}", status_code=303)
    return RedirectResponse(page_of(kind, done), status_code=303)


# --- links: removed in one click, undone in one ---------------------------------------------------------


@router.post("/links/{kind}/{ident}/remove", response_class=HTMLResponse)
def remove_link(request: Request, caller: PageCaller, kind: str, ident: str, next: Next = "/") -> Response:
    """Remove a link (a soft deletion with an automatic reason) and go back to the page, which offers its undo."""
    name = _deletable(kind, LINKS)
    if name == "evidence_link":  # the item's chain of custody records it too
        done = attachments.detach(workspace(request), caller.account, link=ident, reason=REMOVED_REASON)
    else:
        done = access.delete(workspace(request), caller.account, kind=name, ident=ident, reason=REMOVED_REASON)
    return RedirectResponse(_with_removed(safe_next(next), f"{name}:{done['id']}"), status_code=303)


@router.post("/links/{kind}/{ident}/undo", response_class=HTMLResponse)
def undo_removal(request: Request, caller: PageCaller, kind: str, ident: str, next: Next = "/") -> Response:
    """Undo a removal (a link's, or an act deleted from its event page): the record is restored."""
    name = _deletable(kind, (*DELETABLE, "evidence_link"))
    if name == "evidence_link":
        attachments.reattach(workspace(request), caller.account, link=ident, reason=UNDONE_REASON)
    else:
        access.restore(workspace(request), caller.account, kind=name, ident=ident, reason=UNDONE_REASON)
    return RedirectResponse(safe_next(next), status_code=303)


def _with_removed(target: str, removed: str) -> str:
    path, _, fragment = target.partition("#")
    path = path.split("?", 1)[0]  # the page itself: an older "removed" is replaced
    return f"{path}?{urlencode({'removed': removed})}" + (f"#{fragment}" if fragment else "")
