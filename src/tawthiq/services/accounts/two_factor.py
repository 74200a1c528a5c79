"""Second factor: enrolling an authenticator app that makes time-based one-time codes (TOTP, RFC 6238).

Checking a code at login is services/accounts/credentials.py's. Starting a user's own enrolment needs the account's
password, and a current code when an app is enrolled already: a stolen session cookie or API token alone cannot
replace the second factor (issue 11).
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
from tawthiq.services.accounts import credentials
from tawthiq.services.audit import AuditChain
from tawthiq.services.workspace import Workspace

ISSUER = "Tawthiq"


def _proof_needed() -> InvalidInput:
    """Starting an enrolment without the account's password (and, with an app enrolled, a current code from it).
    The message does not say which was wrong."""
    return InvalidInput.single("password", "give your password, and a current code from your app when one is "
                               "enrolled: one of them was wrong or missing",
                               "أدخل كلمة المرور، ورمزاً حالياً من تطبيقك إن كان مسجلاً: أحدهما خاطئ أو ناقص")


def enrol(session: Session, user_id: str, *, confirmed: bool) -> str:
    """A new TOTP secret for the user; returns it. Confirmed: it replaces any at once (an admin hands it over).
    Not confirmed: it waits beside the current one, which keeps working until a first code confirms the new."""
    row = credentials.security_row(session, user_id)
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


def start_enrolment(ws: Workspace, *, user_id: str, username: str, password: str,
                    code: str | None = None) -> dict[str, str]:
    """A logged-in user's own enrolment: a new secret, active only once ``confirm_enrolment`` checks a code from it.

    Needs the account's ``password``, and a current ``code`` of the enrolled app when there is one. Raises
    InvalidInput (field ``password``, not saying which was wrong); a failure counts towards the lockout as a failed
    login does, and a locked account starts nothing unless the password and a code prove it (as at login).
    """
    now = datetime.now(UTC)
    secret: str | None = None
    with ws.transaction() as session:
        user = session.get(User, user_id)
        # roles="": here only an enrolled app asks for a code (an admin without one may enrol its first)
        if credentials.prove(session, ws.settings, user, password=password, code=code, now=now, roles=""):
            secret = enrol(session, user_id, confirmed=False)
    if secret is None:
        raise _proof_needed()  # after the commit: the failure count must outlive this request
    return {"username": username, "secret": secret, "uri": otpauth_uri(secret, username)}


def confirm_enrolment(ws: Workspace, *, user_id: str, username: str, code: str) -> None:
    """Activate a started enrolment with a first code. Raises InvalidInput for a wrong code or no enrolment."""
    now = datetime.now(UTC)
    with ws.transaction() as session:
        row = credentials.security_row(session, user_id)
        if row.totp_pending_secret is None:
            raise InvalidInput.single("code", "start the enrolment first", "ابدأ التسجيل أولاً")
        step = credentials.fresh_step(row.totp_pending_secret, 0, code, now)
        if step is None:
            raise InvalidInput.single("code", "the code does not match: check the time on your phone",
                                      "الرمز غير مطابق")
        row.totp_secret, row.totp_pending_secret = row.totp_pending_secret, None
        row.totp_confirmed_at, row.totp_last_step = now, step
        chain = AuditChain(session)
        chain.append(actor=username, action="totp-enrol", kind="user", record_id=user_id, details={"self": True})
        chain.flush()


def enrolment_state(ws: Workspace, *, user_id: str) -> str:
    """``enrolled`` (codes needed from now on), ``pending`` (started, waiting for a first code) or ``none``."""
    with ws.reading() as session:
        row = session.get(UserSecurity, user_id)
    if credentials.is_enrolled(row):
        return "enrolled"
    return "pending" if row is not None and row.totp_pending_secret is not None else "none"
