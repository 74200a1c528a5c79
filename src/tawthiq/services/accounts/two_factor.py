"""Second factor: time-based one-time codes (TOTP, RFC 6238) as authenticator apps make them.

Helpers take an open session and never commit; services/accounts/users.py owns the transactions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.accounts import User
from tawthiq.db.protection import UserSecurity
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Role
from tawthiq.services.audit import AuditChain
from tawthiq.services.workspace import Workspace

ISSUER = "Tawthiq"
STEP = 30


def security_row(session: Session, user_id: str) -> UserSecurity:
    row = session.get(UserSecurity, user_id)
    if row is None:
        row = UserSecurity(user_id=user_id, totp_secret=None, totp_last_step=0, failed_logins=0)
        session.add(row)
        session.flush()
    return row


def required_roles(setting: str) -> frozenset[str]:
    return frozenset(r.strip() for r in setting.split(",") if r.strip())


def second_factor_ok(security: UserSecurity, role: Role, roles_setting: str, code: str | None, now: datetime) -> bool:
    """Whether the login may proceed: no second factor needed, or ``code`` is a fresh valid one (then used up)."""
    enrolled = security.totp_secret is not None and security.totp_confirmed_at is not None
    if not enrolled:
        return role.value not in required_roles(roles_setting)
    step = _fresh_step(security.totp_secret or "", security.totp_last_step, code, now)
    if step is None:
        return False
    security.totp_last_step = step  # each code works once
    return True


def _fresh_step(secret: str, last_step: int, code: str | None, now: datetime) -> int | None:
    """The time step ``code`` is valid for under ``secret``, if later than ``last_step``; a step either side of now
    is accepted, as clocks drift."""
    if not code or not code.strip().isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP
    for step in (current - 1, current, current + 1):
        if step > last_step and pyotp.utils.strings_equal(totp.generate_otp(step), code.strip()):
            return step
    return None


def enrol(session: Session, user_id: str, *, confirmed: bool) -> str:
    """A new TOTP secret for the user; returns it. Confirmed: it replaces any at once (an admin hands it over).
    Not confirmed: it waits beside the current one, which keeps working until a first code confirms the new."""
    row = security_row(session, user_id)
    secret = pyotp.random_base32()
    if confirmed:
        row.totp_secret, row.totp_pending_secret = secret, None
        row.totp_confirmed_at = datetime.now(UTC)
        row.totp_last_step = 0
    else:
        row.totp_pending_secret = secret
    return secret


def otpauth_uri(secret: str, username: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (typed in, or shown as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=quote(username), issuer_name=ISSUER)


def enrol_user(ws: Workspace, *, username: str) -> dict[str, str]:
    """Give ``username`` a new TOTP secret, usable at once (an admin hands it over). Recorded in the audit log."""
    with ws.transaction() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        if user_id is None:
            raise InvalidInput.single("username", "no such user", "لا يوجد مستخدم بهذا الاسم")
        secret = enrol(session, user_id, confirmed=True)
        chain = AuditChain(session)
        chain.append(actor=ws.user, action="totp-enrol", kind="user", record_id=user_id, details={})
        chain.flush()
    return {"username": username, "secret": secret, "uri": otpauth_uri(secret, username)}


def start_enrolment(ws: Workspace, *, user_id: str, username: str) -> dict[str, str]:
    """A logged-in user's own enrolment: a new secret, active only once ``confirm_enrolment`` checks a code."""
    with ws.transaction() as session:
        secret = enrol(session, user_id, confirmed=False)
    return {"username": username, "secret": secret, "uri": otpauth_uri(secret, username)}


def confirm_enrolment(ws: Workspace, *, user_id: str, username: str, code: str) -> None:
    """Activate a started enrolment with a first code. Raises InvalidInput for a wrong code or no enrolment."""
    now = datetime.now(UTC)
    with ws.transaction() as session:
        row = security_row(session, user_id)
        if row.totp_pending_secret is None:
            raise InvalidInput.single("code", "start the enrolment first", "ابدأ التسجيل أولاً")
        step = _fresh_step(row.totp_pending_secret, 0, code, now)
        if step is None:
            raise InvalidInput.single("code", "the code does not match: check the time on your phone", "الرمز غير مطابق")
        row.totp_secret, row.totp_pending_secret = row.totp_pending_secret, None
        row.totp_confirmed_at, row.totp_last_step = now, step
        chain = AuditChain(session)
        chain.append(actor=username, action="totp-enrol", kind="user", record_id=user_id, details={"self": True})
        chain.flush()


def enrolment_state(ws: Workspace, *, user_id: str) -> str:
    """``enrolled`` (codes needed from now on), ``pending`` (started, waiting for a first code) or ``none``."""
    with ws.reading() as session:
        row = session.get(UserSecurity, user_id)
    if row is not None and row.totp_secret is not None and row.totp_confirmed_at is not None:
        return "enrolled"
    return "pending" if row is not None and row.totp_pending_secret is not None else "none"
