"""Pages of protection: enrolling one's own authenticator app, ending a user's sessions (admins), and revealing a
protected identity (admins and coordinators, with a purpose that is recorded). The services check who may act;
the routes read forms and render."""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tawthiq.domain.errors import InvalidInput
from tawthiq.services.accounts import admin as useradmin, two_factor
from tawthiq.services.protection import keys as protection
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import render, workspace
from tawthiq.web.pages import PageCaller
from tawthiq.web.security import Caller

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])


def qr_code(uri: str) -> str:
    """The ``otpauth://`` URI as a QR code, an SVG data URI the page shows as an image (no script, no network)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def _two_factor_page(request: Request, caller: Caller, *, enrolment: dict[str, str] | None = None,
                     problems: list[object] | None = None, status: int = 200) -> Response:
    state = two_factor.enrolment_state(workspace(request), user_id=caller.account.id)
    return render(request, "two_factor.html", caller, status=status, state=state, enrolment=enrolment,
                  qr=qr_code(enrolment["uri"]) if enrolment else None, problems=problems or [])


@router.get("/me/two-factor", response_class=HTMLResponse)
def two_factor_page(request: Request, caller: PageCaller) -> Response:
    return _two_factor_page(request, caller)


@router.post("/me/two-factor", response_class=HTMLResponse)
def start_two_factor(request: Request, caller: PageCaller,
                     password: Annotated[str, Form(max_length=1000)] = "",
                     code: Annotated[str, Form(max_length=12)] = "") -> Response:
    """A new secret, shown once with its URI and QR code; it takes effect when a first code confirms it. Needs the
    account's password, and a current code when an app is enrolled: a session alone cannot replace it."""
    try:
        enrolment = two_factor.start_enrolment(workspace(request), user_id=caller.account.id,
                                               username=caller.account.username, password=password, code=code or None)
    except InvalidInput as exc:
        return _two_factor_page(request, caller, problems=list(exc.problems), status=422)
    return _two_factor_page(request, caller, enrolment=enrolment)


@router.post("/me/two-factor/confirm", response_class=HTMLResponse)
def confirm_two_factor(request: Request, caller: PageCaller,
                       code: Annotated[str, Form(max_length=12)] = "") -> Response:
    try:
        two_factor.confirm_enrolment(workspace(request), user_id=caller.account.id, username=caller.account.username,
                                     code=code)
    except InvalidInput as exc:
        return _two_factor_page(request, caller, problems=list(exc.problems), status=422)
    return RedirectResponse("/me/two-factor", status_code=303)


def _sessions_page(request: Request, caller: Caller, *, revoked: tuple[str, int] | None = None) -> Response:
    rows = useradmin.users(workspace(request), caller.account)  # Forbidden for anyone but an admin
    return render(request, "sessions.html", caller, users=rows, revoked=revoked)


@router.get("/admin/sessions", response_class=HTMLResponse)
def sessions(request: Request, caller: PageCaller) -> Response:
    return _sessions_page(request, caller)


@router.post("/admin/users/{username}/revoke-sessions", response_class=HTMLResponse)
def revoke_sessions(request: Request, caller: PageCaller, username: str) -> Response:
    """End every browser session and API token of ``username`` (admins only). Recorded."""
    count = useradmin.revoke_sessions(workspace(request), caller.account, username=username)
    return _sessions_page(request, caller, revoked=(username, count))


def _reveal_page(request: Request, caller: Caller, kind: str, ident: str, *, revealed: dict[str, str] | None = None,
                 problems: list[object] | None = None, purpose: str = "", status: int = 200) -> Response:
    record = protection.reveal_target(workspace(request), caller.account, kind=kind, ident=ident)
    label = record.get("pseudonym") or record.get("name") or record["id"]
    return render(request, "reveal.html", caller, status=status, kind=record["kind"], record=record, label=label,
                  revealed=revealed, problems=problems or [], purpose=purpose)


@router.get("/reveal/{kind}/{ident}", response_class=HTMLResponse)
def reveal_form(request: Request, caller: PageCaller, kind: str, ident: str) -> Response:
    return _reveal_page(request, caller, kind, ident)


@router.post("/reveal/{kind}/{ident}", response_class=HTMLResponse)
def reveal(request: Request, caller: PageCaller, kind: str, ident: str,
           purpose: Annotated[str, Form(max_length=500)] = "") -> Response:
    """The protected fields in plain text, on this page only (never in a URL); the reveal is an audit entry."""
    try:
        values = protection.reveal(workspace(request), caller.account, kind=kind, ident=ident, purpose=purpose)
    except protection.KeyLocked:
        return render(request, "error.html", caller, status=503, problems=[],
                      message="the organisation key is not unlocked on this server / "
                              "مفتاح المنظمة غير مفتوح على هذا الخادم")
    except InvalidInput as exc:
        return _reveal_page(request, caller, kind, ident, problems=list(exc.problems), purpose=purpose, status=422)
    shown = {k: str(v) for k, v in values.items() if k != "id" and v is not None}
    return _reveal_page(request, caller, kind, ident, revealed=shown, purpose=purpose)
