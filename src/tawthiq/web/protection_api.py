"""API routes of protection: revealing a protected identity (recorded), revoking a user's sessions, enrolling
one's own second factor, and reviewing sync conflicts. Mounted under /api/v1 beside web/api.py."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from tawthiq.services.accounts import admin as useradmin, two_factor
from tawthiq.services.protection import conflicts, keys as protection
from tawthiq.web.csrf import api_csrf
from tawthiq.web.deps import api_caller, workspace
from tawthiq.web.security import Caller, enrolment_route

router = APIRouter(tags=["protection"], dependencies=[Depends(api_csrf)])
ApiCaller = Annotated[Caller, Depends(api_caller)]


class RevealIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    purpose: Annotated[str, Field(min_length=1, max_length=500)]


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, Field(min_length=6, max_length=12)]


class ProofIn(BaseModel):
    """What starting an enrolment needs besides the session or token: the password, and a current code of the
    enrolled app when there is one."""

    model_config = ConfigDict(extra="forbid")
    password: Annotated[str, Field(max_length=1000)]
    code: Annotated[str, Field(max_length=12)] | None = None


class ResolveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keep: Literal["local", "remote", "merged"]
    record: dict[str, Any] | None = None  # the fields to write, with keep=merged



@router.post("/records/{kind}/{ident}/reveal")
def reveal(request: Request, caller: ApiCaller, kind: str, ident: str, body: RevealIn) -> dict[str, Any]:
    """The protected fields of a source or person, for an admin or coordinator who says why (recorded)."""
    if kind not in ("source", "sources", "person", "persons"):
        raise HTTPException(404, "only sources and persons have protected fields")
    try:
        return protection.reveal(workspace(request), caller.account, kind=kind, ident=ident, purpose=body.purpose)
    except protection.KeyLocked:
        # the server was started without the key: say so without naming where the key lives
        raise HTTPException(503, "the organisation key is not unlocked on this server") from None


@router.post("/users/{username}/revoke-sessions")
def revoke_sessions(request: Request, caller: ApiCaller, username: str) -> dict[str, int]:
    """End every session and API token of a user (admins only). Recorded in the audit log."""
    return {"revoked": useradmin.revoke_sessions(workspace(request), caller.account, username=username)}


@router.post("/me/two-factor")
@enrolment_route
def start_two_factor(request: Request, caller: ApiCaller, body: ProofIn) -> dict[str, str]:
    """Start enrolling one's own authenticator app: the secret and its otpauth:// URI, active after a first code.
    Needs the account's password, and a current code when an app is enrolled already (a token alone cannot replace
    the second factor); otherwise 422, not saying which was wrong. Failures count towards the account's lockout."""
    return two_factor.start_enrolment(workspace(request), user_id=caller.account.id, username=caller.account.username,
                                      password=body.password, code=body.code)


@router.post("/me/two-factor/confirm", status_code=204)
@enrolment_route
def confirm_two_factor(request: Request, caller: ApiCaller, body: CodeIn) -> None:
    """Finish the enrolment with a first code from the app; from then on every login needs a code."""
    two_factor.confirm_enrolment(workspace(request), user_id=caller.account.id, username=caller.account.username,
                                 code=body.code)


@router.get("/sync/conflicts")
def list_conflicts(request: Request, caller: ApiCaller, resolved: bool = False) -> list[dict[str, Any]]:
    """Records changed here and at another instance while apart (admins and coordinators)."""
    return conflicts.list_conflicts(workspace(request), caller.account, include_resolved=resolved)


@router.post("/sync/conflicts/{conflict_id}/resolve")
def resolve_conflict(request: Request, caller: ApiCaller, conflict_id: int, body: ResolveIn) -> dict[str, Any]:
    """Keep the local or the remote version, or a merge, as the record's next version (admins and coordinators)."""
    return conflicts.resolve_conflict(workspace(request), caller.account, conflict_id=conflict_id, keep=body.keep,
                                      record=body.record)
