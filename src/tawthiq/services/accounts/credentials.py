"""What proves an account: its password (Argon2id), its second factor (TOTP) where one is needed, and the lockout
that slows guessing.

``prove`` answers yes or no and nothing else: an unknown name, a disabled account, a wrong password, a missing or
wrong code and a locked account all give the same no, after the same work (one Argon2 verification), so that a
caller cannot tell them apart. Helpers take an open session and never commit; the use cases that call them
(services/accounts/users.py, two_factor.py) own the transactions.

The lockout (decided in issue 11, see docs/protection.md): ``login_attempts`` failures in a row lock the account
for ``lockout_minutes``. A lock changes no answer. While it lasts, only the account's password together with a
fresh code of its enrolled app gets in, so that a stranger who types wrong passwords cannot keep the owner out; an
account without an enrolled app waits until the lock ends. Wrong passwords during a lock are not counted; the right
password with a missing or wrong code is, and ``login_attempts`` of those (someone holds the password and is
guessing codes) lock the account again with no way in until it ends.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from tawthiq.config import Settings
from tawthiq.db.accounts import User
from tawthiq.db.protection import UserSecurity
from tawthiq.domain.policy import Role
from tawthiq.services.audit import AuditChain

NO_PASSWORD = "!"  # the command line's operator has no password: no hash ever verifies against this
STEP = 30  # seconds of one TOTP time step
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this when there is no usable hash takes as long as a real check: no timing hint. Made on
    first use, not at import: every command of the CLI imports this module and most never check a password."""
    return _HASHER.hash(secrets.token_hex(8))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


def password_matches(user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s. Always one Argon2 verification, against a dummy hash when there is no
    user or it has no password, so the time taken says nothing about the account."""
    real = user is not None and user.password_hash != NO_PASSWORD
    try:
        _HASHER.verify(user.password_hash if user is not None and real else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return real


def security_row(session: Session, user_id: str) -> UserSecurity:
    row = session.get(UserSecurity, user_id)
    if row is None:
        row = UserSecurity(user_id=user_id, totp_secret=None, totp_last_step=0, failed_logins=0)
        session.add(row)
        session.flush()
    return row


def is_enrolled(row: UserSecurity | None) -> bool:
    """Whether an authenticator app is enrolled and confirmed: codes are needed from then on."""
    return row is not None and row.totp_secret is not None and row.totp_confirmed_at is not None


def required_roles(setting: str) -> frozenset[str]:
    return frozenset(r.strip() for r in setting.split(",") if r.strip())


def fresh_step(secret: str, last_step: int, code: str | None, now: datetime) -> int | None:
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


def second_factor_ok(security: UserSecurity, role: Role, roles_setting: str, code: str | None, now: datetime) -> bool:
    """Whether the second factor lets the login proceed: none is needed (no app enrolled, and the role is not in
    ``roles_setting``), or ``code`` is a fresh valid one (then used up: each code works once)."""
    if not is_enrolled(security):
        return role.value not in required_roles(roles_setting)
    step = fresh_step(security.totp_secret or "", security.totp_last_step, code, now)
    if step is None:
        return False
    security.totp_last_step = step
    return True


def prove(session: Session, settings: Settings, user: User | None, *, password: str, code: str | None, now: datetime,
          roles: str) -> bool:
    """Whether ``password`` and ``code`` prove ``user`` (None: no such name). A second factor is needed when an app
    is enrolled or the user's role is in ``roles`` (comma-separated). Counts a failure towards the lockout (see
    the module's docstring) and writes an audit entry when it locks; the caller commits, then refuses. Never says
    why it refused."""
    password_ok = password_matches(user, password)  # first, whatever follows: the same work for every refusal
    if user is None or not user.active:
        return False
    security = security_row(session, user.id)
    if security.locked_until is not None and security.locked_until <= now:  # a lock that has run out
        security.locked_until, security.failed_logins = None, 0
    locked = security.locked_until is not None
    if locked and (security.failed_logins >= settings.login_attempts or not is_enrolled(security)):
        return False  # nothing but time ends this lock
    if not password_ok:
        if not locked:  # a stranger's guesses: during a lock they cannot stop the owner, so they are not counted
            _count_failure(session, settings, user, security, now)
        return False
    if second_factor_ok(security, Role(user.role), roles, code, now):
        security.failed_logins, security.locked_until = 0, None
        return True
    _count_failure(session, settings, user, security, now)  # the right password, without the right code
    return False


def _count_failure(session: Session, settings: Settings, user: User, security: UserSecurity, now: datetime) -> None:
    security.failed_logins += 1
    if security.failed_logins < settings.login_attempts:
        return
    codes = security.locked_until is not None  # counted during a lock: the right password with wrong codes
    security.locked_until = now + timedelta(minutes=settings.lockout_minutes)
    if not codes:
        security.failed_logins = 0  # from now on only failures with the right password count, towards the lock above
    chain = AuditChain(session)
    chain.append(actor=user.username, action="user-locked", kind="user", record_id=user.id,
                 details={"minutes": settings.lockout_minutes, "codes": codes})
    chain.flush()
