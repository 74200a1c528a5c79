"""What admins do from the web: list, add, change the role of, disable and enable users, reset passwords; read
the audit log.

Every function checks that the acting account is an admin (Forbidden otherwise) and writes an audit entry for
each change. An admin cannot demote or disable itself, so a data directory always keeps one admin who can log in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tawthiq.db.accounts import User
from tawthiq.db.models import AuditEntry
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Channel, Role, ensure
from tawthiq.services.accounts import two_factor, users as accounts
from tawthiq.services.accounts.users import Account
from tawthiq.services.audit import AuditChain
from tawthiq.services.records import access
from tawthiq.services.workspace import Workspace

AUDIT_PAGE = 100


@dataclass(frozen=True)
class UserRow:
    username: str
    role: str
    language: str
    active: bool
    created_at: datetime
    created_by: str
    last_login_at: datetime | None


def users(ws: Workspace, account: Account) -> list[UserRow]:
    """Every user, by name. Raises Forbidden for a non-admin."""
    ensure(account, Action.MANAGE_USERS, what="(list users)")
    with ws.reading() as session:
        return [UserRow(u.username, u.role, u.language, u.active, u.created_at, u.created_by, u.last_login_at)
                for u in session.scalars(select(User).order_by(User.username))]


def add_user(ws: Workspace, account: Account, *, username: str, role: str, password: str, language: str = "en"
             ) -> Account:
    """A new user, added by ``account``. Raises Forbidden, or InvalidInput for a bad or taken name, role, password
    or language."""
    ensure(account, Action.MANAGE_USERS, what="(add users)")
    return accounts.create_user(access.acting(ws, account), username=username, role=role, password=password,
                                language=language)


def create_token(ws: Workspace, account: Account, *, username: str, name: str = "") -> str:
    """A personal API token for ``username``, made by ``account``; shown once, only its hash is kept. Raises
    Forbidden, or InvalidInput for an unknown user."""
    ensure(account, Action.MANAGE_USERS, what="(create API tokens)")
    return accounts.create_token(access.acting(ws, account), username=username, name=name)


def enrol_second_factor(ws: Workspace, account: Account, *, username: str) -> dict[str, str]:
    """Give ``username`` a new TOTP secret, usable at once, for ``account`` (an admin) to hand over in person:
    the secret and its otpauth:// URI. Recorded. Raises Forbidden, or InvalidInput for an unknown user."""
    ensure(account, Action.MANAGE_USERS, what="(enrol a second factor)")
    return two_factor.enrol_user(access.acting(ws, account), username=username)


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise InvalidInput.single("username", "no such user", "لا يوجد مستخدم بهذا الاسم")
    return user


def set_role(ws: Workspace, account: Account, *, username: str, role: str) -> None:
    """Give ``username`` another role (its sessions go on with the new role). Raises Forbidden or InvalidInput."""
    ensure(account, Action.MANAGE_USERS, what="(change roles)")
    if role not in {r.value for r in Role}:
        raise InvalidInput.single("role", f"{role!r} is not one of: {', '.join(r.value for r in Role)}",
                                  f"\u200f{role!r} ليس دوراً معروفاً")
    if username == account.username and role != Role.ADMIN.value:
        raise InvalidInput.single("role", "you cannot take the admin role from yourself",
                                  "لا يمكنك نزع دور المدير عن نفسك")
    with ws.transaction() as session:
        user = _user(session, username)
        if user.role == role:
            return
        before, user.role = user.role, role
        chain = AuditChain(session)
        chain.append(actor=account.username, action="user-role", kind="user", record_id=user.id,
                     details={"username": username, "before": before, "after": role})
        chain.flush()


def set_active(ws: Workspace, account: Account, *, username: str, active: bool) -> None:
    """Enable or disable ``username``. Disabling ends its sessions and revokes its API tokens at once.

    Raises Forbidden or InvalidInput (no such user, or disabling oneself).
    """
    ensure(account, Action.MANAGE_USERS, what="(disable users)")
    if username == account.username and not active:
        raise InvalidInput.single("username", "you cannot disable yourself", "لا يمكنك تعطيل حسابك")
    with ws.transaction() as session:
        user = _user(session, username)
        if user.active == active:
            return
        user.active = active
        chain = AuditChain(session)
        chain.append(actor=account.username, action="user-enable" if active else "user-disable", kind="user",
                     record_id=user.id, details={"username": username})
        chain.flush()
    if not active:
        accounts.revoke_sessions(ws, username=username, by=account.username)


def revoke_sessions(ws: Workspace, account: Account, *, username: str) -> int:
    """End every browser session and API token of ``username``; how many. Raises Forbidden or InvalidInput."""
    ensure(account, Action.MANAGE_USERS, what="(revoke sessions)")
    return accounts.revoke_sessions(ws, username=username, by=account.username)


@dataclass(frozen=True)
class PasswordReset:
    username: str
    password: str | None  # the generated password, to show once; None when the admin typed one
    ended: int  # sessions and API tokens ended


def reset_password(ws: Workspace, account: Account, *, username: str, password: str | None = None) -> PasswordReset:
    """Give ``username`` a new password: ``password``, or a generated one returned to be shown once. Its sessions
    and API tokens end and any lock is lifted. Recorded (never the password).

    An admin resets its own password only from the command line, whose operator holds the data directory anyway;
    on the web it changes it as anyone does, with the current one (users.change_password), so that a session alone
    cannot. Raises Forbidden, or InvalidInput (no such user, too short, oneself on the web).
    """
    ensure(account, Action.MANAGE_USERS, what="(reset passwords)")
    if username == account.username and account.channel is not Channel.CLI:
        raise InvalidInput.single("username", "change your own password with your current one (Change password)",
                                  "غيّر كلمة مرورك بإدخال الحالية (تغيير كلمة المرور)")
    generated = password is None
    chosen = secrets.token_urlsafe(12) if password is None else password  # 16 characters, 96 bits
    accounts.check_password(chosen)
    with ws.transaction() as session:
        user = _user(session, username)
        ended = accounts.set_password(session, user, chosen, by=account.username, generated=generated)
    return PasswordReset(username, chosen if generated else None, ended)


@dataclass(frozen=True)
class AuditPage:
    entries: list[dict[str, Any]]  # newest first: seq, at, actor, action, kind, record_id, details
    total: int
    before: int | None  # the seq to ask for the next (older) page; None on the last page


def audit_log(ws: Workspace, account: Account, *, before: int | None = None, actor: str = "", action: str = "",
              limit: int = AUDIT_PAGE) -> AuditPage:
    """The audit log, newest first, a page at a time, optionally by one actor or action. Admins only.

    Entries carry record ids, actions and hashes, never a protected value. Raises Forbidden for a non-admin.
    """
    ensure(account, Action.READ_AUDIT)
    conditions = []
    if actor:
        conditions.append(AuditEntry.actor == actor)
    if action:
        conditions.append(AuditEntry.action == action)
    with ws.reading() as session:
        total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
        if before is not None:
            conditions.append(AuditEntry.seq < before)
        rows = session.scalars(
            select(AuditEntry).where(*conditions).order_by(AuditEntry.seq.desc()).limit(limit + 1)
        ).all()
    entries: list[dict[str, Any]] = [{"seq": r.seq, "at": r.at, "actor": r.actor, "action": r.action, "kind": r.kind,
                                      "record_id": r.record_id, "details": r.details} for r in rows[:limit]]
    return AuditPage(entries, total, rows[limit - 1].seq if len(rows) > limit else None)
