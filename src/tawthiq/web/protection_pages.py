"""Pages of protection: enrolling one's own authenticator app (at the first login too), changing one's own
password, ending a user's sessions (admins), and revealing a protected identity (admins and coordinators, with a
purpose that is recorded). The services check who may act; the routes read forms and render."""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tawthiq.domain.errors import InvalidInput
from tawthiq.services.accounts import admin as useradmin, two_factor, users as accounts
from tawthiq.services.protection import keys as protection
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import render, safe_next, workspace
from tawthiq.web.pages import PageCaller
from tawthiq.web.security import Caller, credential, enrolment_route

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])


def qr_code(uri: str) -> str:
    """The ``otpauth://`` URI as a QR code, an SVG data URI the page shows as an image (no script, no network)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def _two_factor_page(request: Request, caller: Caller, *, enrolment: dict[str, str] | None = None,
                     problems: list[object] | None = None, status: int = 200, next: str = "/") -> Response:
    state = two_factor.enrolment_state(workspace(request), user_id=caller.account.id)
    return render(request, "two_factor.html", caller, status=status, state=state, enrolment=enrolment,
                  qr=qr_code(enrolment["uri"]) if enrolment else None, problems=problems or [],
                  first_login=caller.enrolment_only, next=next)


def first_login_page(request: Request, caller: Caller, *, enrolment: dict[str, str] | None, next: str) -> Response:
    """The answer to the login form of an account that must enrol a second factor first: the secret made for this
    login, its QR code and the form for a first code (web/login.py)."""
    return _two_factor_page(request, caller, enrolment=enrolment, next=next)


@router.get("/me/two-factor", response_class=HTMLResponse)
@enrolment_route
def two_factor_page(request: Request, caller: PageCaller) -> Response:
    return _two_factor_page(request, caller)


@router.post("/me/two-factor", response_class=HTMLResponse)
@enrolment_route
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
@enrolment_route
def confirm_two_factor(request: Request, caller: PageCaller,
                       code: Annotated[str, Form(max_length=12)] = "",
                       next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    """Activate the started enrolment. At a first login the same session becomes a full one at once (nothing is
    stored about it: it was enrolment-only because no app was enrolled), and goes where the login was going."""
    try:
        two_factor.confirm_enrolment(workspace(request), user_id=caller.account.id, username=caller.account.username,
                                     code=code)
    except InvalidInput as exc:
        return _two_factor_page(request, caller, problems=list(exc.problems), status=422, next=safe_next(next))
    return RedirectResponse(safe_next(next) if caller.enrolment_only else "/me/two-factor", status_code=303)


def _password_page(request: Request, caller: Caller, *, problems: list[object] | None = None,
                   ended: int | None = None, status: int = 200) -> Response:
    state = two_factor.enrolment_state(workspace(request), user_id=caller.account.id)
    return render(request, "password.html", caller, status=status, problems=problems or [], ended=ended,
                  needs_code=state == "enrolled", minimum=accounts.MIN_PASSWORD)


@router.get("/me/password", response_class=HTMLResponse)
def password_page(request: Request, caller: PageCaller,
                  changed: Annotated[int | None, Query(ge=0, le=100_000)] = None) -> Response:
    return _password_page(request, caller, ended=changed)


@router.post("/me/password", response_class=HTMLResponse)
def change_password(request: Request, caller: PageCaller,
                    current_password: Annotated[str, Form(max_length=1000)] = "",
                    new_password: Annotated[str, Form(max_length=1000)] = "",
                    repeat_password: Annotated[str, Form(max_length=1000)] = "",
                    code: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Change one's own password with the current one (and a code of the enrolled app): every other session and
    API token of the account ends; this session goes on. Recorded."""
    if new_password != repeat_password:
        problem = InvalidInput.single("repeat_password", "does not match the new password",
                                      "لا تطابق كلمة المرور الجديدة")
        return _password_page(request, caller, problems=list(problem.problems), status=422)
    keep_session, keep_token = credential(request)
    try:
        ended = accounts.change_password(workspace(request), caller.account, current=current_password,
                                         new=new_password, code=code or None, keep_session=keep_session,
                                         keep_token=keep_token)
    except InvalidInput as exc:
        return _password_page(request, caller, problems=list(exc.problems), status=422)
    # to a page of its own: reloading it must not send the old password again (a failed attempt)
    return RedirectResponse(f"/me/password?changed={ended}", status_code=303)


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
