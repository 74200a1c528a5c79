"""Admin pages: users (add, change role, disable, enable, reset a password) and the audit log. services.useradmin
checks that the caller is an admin; the routes only read forms and render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Role
from tawthiq.services.accounts import admin as useradmin
from tawthiq.services.accounts.users import MIN_PASSWORD
from tawthiq.web.csrf import page_csrf
from tawthiq.web.deps import render, workspace
from tawthiq.web.pages import PageCaller
from tawthiq.web.security import Caller

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_csrf)])


def _users_page(request: Request, caller: Caller, *, problems: list[Any], values: dict[str, str],
                status: int = 200, reset: useradmin.PasswordReset | None = None) -> Response:
    rows = useradmin.users(workspace(request), caller.account)
    return render(request, "admin_users.html", caller, status=status, users=rows, roles=[r.value for r in Role],
                  problems=problems, values=values, reset=reset, minimum=MIN_PASSWORD)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, caller: PageCaller) -> Response:
    return _users_page(request, caller, problems=[], values={})


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(request: Request, caller: PageCaller, username: Annotated[str, Form(max_length=200)] = "",
             role: Annotated[str, Form(max_length=20)] = "",
             password: Annotated[str, Form(max_length=1000)] = "") -> Response:
    try:
        useradmin.add_user(workspace(request), caller.account, username=username.strip(), role=role, password=password)
    except InvalidInput as exc:
        return _users_page(request, caller, problems=exc.problems, values={"username": username, "role": role},
                           status=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}", response_class=HTMLResponse)
def change_user(request: Request, caller: PageCaller, username: str, role: Annotated[str, Form(max_length=20)] = "",
                active: Annotated[str, Form(max_length=5)] = "") -> Response:
    try:
        if role:
            useradmin.set_role(workspace(request), caller.account, username=username, role=role)
        if active in ("true", "false"):
            useradmin.set_active(workspace(request), caller.account, username=username, active=active == "true")
    except InvalidInput as exc:
        return _users_page(request, caller, problems=exc.problems, values={}, status=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/password", response_class=HTMLResponse)
def reset_password(request: Request, caller: PageCaller, username: str,
                   password: Annotated[str, Form(max_length=1000)] = "") -> Response:
    """A new password for ``username``: the one typed, or else a generated one shown on this answer only (not
    cached, never in a URL). The user's sessions and tokens end. Recorded."""
    try:
        reset = useradmin.reset_password(workspace(request), caller.account, username=username,
                                         password=password or None)
    except InvalidInput as exc:
        return _users_page(request, caller, problems=exc.problems, values={}, status=422)
    return _users_page(request, caller, problems=[], values={}, reset=reset)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit(request: Request, caller: PageCaller, before: Annotated[int | None, Query(ge=1)] = None,
          actor: Annotated[str, Query(max_length=120)] = "",
          action: Annotated[str, Query(max_length=40)] = "") -> Response:
    page = useradmin.audit_log(workspace(request), caller.account, before=before, actor=actor, action=action)
    return render(request, "admin_audit.html", caller, page=page, actor=actor, action=action)
