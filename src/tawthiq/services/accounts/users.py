"""Users, passwords, browser sessions and personal API tokens.

Passwords are hashed with Argon2id (services/accounts/credentials.py, which also checks the second factor and
keeps the lockout); session cookies and API tokens are random and only their SHA-256 is stored. Creating a user or
changing a password is recorded in the audit chain (never the password or its hash).

A session of an account whose role needs a second factor (``two_factor_roles``) and that has no enrolled app is
*enrolment-only*: the web lets it enrol an app and log out, nothing else. It is derived whenever the session is
read, never stored, so it ends the moment the app is confirmed, and a full session of an account whose role comes
to need a factor is held back at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tawthiq.db.accounts import ApiToken, User, UserSession
from tawthiq.db.protection import UserSecurity
from tawthiq.domain.errors import InvalidInput, TawthiqError
from tawthiq.domain.policy import Channel, Role
from tawthiq.services.accounts import credentials, two_factor
from tawthiq.services.accounts.credentials import NO_PASSWORD
from tawthiq.services.audit import AuditChain
from tawthiq.services.workspace import Workspace

LANGUAGES = ("en", "ar")
MONTH_NAMES = ("levantine", "transliterated")  # the Arabic names of the months: كانون الثاني… or يناير…
MIN_PASSWORD = 10
FIRST_ADMIN = "admin"
FIRST_ADMIN_FILE = "admin-password.txt"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


class LoginFailed(TawthiqError):
    """Any refused login: unknown name, disabled account, wrong password, missing or wrong two-factor code, locked
    account. One answer for all, so that it reveals neither which names exist nor whether the password was right."""

    page_message = "Wrong username, password or two-factor code."
    message_ar = "اسم المستخدم أو كلمة المرور أو رمز التحقق الثنائي غير صحيح"

    def __str__(self) -> str:
        return f"{self.page_message} / {self.message_ar}"


@dataclass(frozen=True)
class Account:
    """Who is logged in: what the services need to decide what they may read and write."""

    id: str
    username: str
    role: Role
    language: str
    channel: Channel = Channel.WEB  # the command line's operator acts through Channel.CLI
    month_names: str = "levantine"  # Arabic month names: "levantine" (كانون الثاني…) or "transliterated" (يناير…)


def _account(user: User) -> Account:
    return Account(user.id, user.username, Role(user.role), user.language, month_names=user.month_names)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password(password: str, field: str = "password") -> None:
    """Raise InvalidInput (naming ``field``) for a password shorter than MIN_PASSWORD."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput.single(field, f"needs at least {MIN_PASSWORD} characters",
                                  f"تحتاج إلى {MIN_PASSWORD} أحرف على الأقل")


def _check_new_user(username: str, role: str, password: str) -> Role:
    problems = []
    if not _USERNAME.match(username):
        problems.append(InvalidInput.single("username", "use 2–63 lower-case letters, digits, '.', '_' or '-'",
                                            "استخدم من 2 إلى 63 حرفاً لاتينياً صغيراً أو أرقاماً أو '.' أو '_' أو '-'"))
    if role not in {r.value for r in Role}:
        problems.append(InvalidInput.single("role", f"{role!r} is not one of: {', '.join(r.value for r in Role)}",
                                            f"\u200f{role!r} ليس دوراً معروفاً"))
    try:
        check_password(password)
    except InvalidInput as exc:
        problems.append(exc)
    if problems:
        raise InvalidInput([p for exc in problems for p in exc.problems])
    return Role(role)


def _insert_user(session: Session, *, username: str, role: Role, password: str, by: str, language: str = "en") -> User:
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidInput.single("username", "is already taken", "مستخدم من قبل")
    user = User(id=str(uuid.uuid4()), username=username, password_hash=credentials.hash_password(password),
                role=role.value, language=language, active=True, created_at=datetime.now(UTC), created_by=by)
    session.add(user)
    session.flush()
    chain = AuditChain(session)
    chain.append(actor=by, action="user-create", kind="user", record_id=user.id,
                 details={"username": username, "role": role.value})
    chain.flush()
    return user


def create_user(ws: Workspace, *, username: str, role: str, password: str, language: str = "en") -> Account:
    """Add a user who logs in with ``password``. Raises InvalidInput for a bad or taken name, role or password."""
    checked = _check_new_user(username, role, password)
    if language not in LANGUAGES:
        raise InvalidInput.single("language", "must be en or ar", "يجب أن تكون en أو ar")
    with ws.transaction() as session:
        return _account(_insert_user(session, username=username, role=checked, password=password, by=ws.user,
                                     language=language))


class NoOperator(TawthiqError):
    """The command line acts as the account ``TAWTHIQ_USER`` names, and there is none (or it is disabled)."""

    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username

    def __str__(self) -> str:
        return (f"no active account named {self.username!r} in this data directory: set TAWTHIQ_USER to yours, or ask "
                f"an admin to run `tawthiq user add {self.username} --role ROLE` / لا يوجد حساب فعّال بهذا الاسم في "
                "مجلد البيانات: اضبط TAWTHIQ_USER على حسابك أو اطلب من المدير إضافته")


def ensure_operator(ws: Workspace) -> Account | None:
    """On a data directory without any account, make the operator (``TAWTHIQ_USER``, by default the login name)
    its admin, for the command line only (no password: it cannot log in on the web). Returns the new account, or
    None when accounts exist already. Raises InvalidInput for a name an account cannot have."""
    username = ws.settings.user
    if not _USERNAME.match(username):
        raise InvalidInput.single("TAWTHIQ_USER", f"{username!r} cannot name an account: use 2–63 lower-case letters, "
                                  "digits, '.', '_' or '-'",
                                  "لا يصلح اسماً لحساب: استخدم أحرفاً لاتينية صغيرة أو أرقاماً")
    with ws.transaction() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return None
        user = User(id=str(uuid.uuid4()), username=username, password_hash=NO_PASSWORD, role=Role.ADMIN.value,
                    language="en", active=True, created_at=datetime.now(UTC), created_by=username)
        session.add(user)
        session.flush()
        chain = AuditChain(session)
        chain.append(actor=username, action="user-create", kind="user", record_id=user.id,
                     details={"username": username, "role": Role.ADMIN.value, "operator": True})
        chain.flush()
        return _account(user)


def operator_account(ws: Workspace) -> Account:
    """The account the command line acts as: the active user ``TAWTHIQ_USER`` names. Raises NoOperator."""
    with ws.reading() as session:
        user = session.scalar(select(User).where(User.username == ws.settings.user, User.active.is_(True)))
    if user is None:
        raise NoOperator(ws.settings.user)
    return replace(_account(user), channel=Channel.CLI)


def ensure_first_admin(ws: Workspace) -> Path | None:
    """When no account can log in on the web (none has a password: a new data directory, whose only account is the
    command line's operator), create ``admin`` with a generated password, written to a file only its owner can
    read. Returns that file's path, or None when some account can log in already."""
    with ws.transaction() as session:
        if session.scalar(select(func.count()).select_from(User).where(User.password_hash != NO_PASSWORD)):
            return None
        if session.scalar(select(User.id).where(User.username == FIRST_ADMIN)) is not None:
            return None  # the operator is called admin: it sets a password with `tawthiq user password`
        password = secrets.token_urlsafe(18)
        path = ws.settings.data_dir / FIRST_ADMIN_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()  # a file left from a database since replaced: its password is no longer valid
        user = _insert_user(session, username=FIRST_ADMIN, role=Role.ADMIN, password=password, by=ws.user)
        secret = two_factor.enrol(session, user.id, confirmed=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(f"{FIRST_ADMIN}\n{password}\n")
            out.write(f"two-factor secret: {secret}\n{two_factor.otpauth_uri(secret, FIRST_ADMIN)}\n")
    return path


def authenticate(ws: Workspace, *, username: str, password: str, code: str | None = None) -> Account:
    """The account whose password (and, where an app is enrolled, TOTP code) this is.

    An account whose role is in ``two_factor_roles`` but has no app enrolled yet passes on its password alone: the
    session it gets is enrolment-only (see the module's docstring), so that it can enrol at its first login instead
    of being locked out. Raises LoginFailed for every refusal alike: unknown or disabled account, wrong password,
    missing or wrong code, locked account (``login_attempts`` failures in a row, kept in the database; see
    credentials.py for what a lock lets through). The code is asked with the password, so a refusal never says
    whether the password was right.
    """
    settings = ws.settings
    now = datetime.now(UTC)
    account: Account | None = None
    with ws.transaction() as session:
        user = session.scalar(select(User).where(User.username == username))
        # roles="": only an enrolled app asks for a code here; a role that needs one gets an enrolment-only session
        proved = credentials.prove(session, settings, user, password=password, code=code, now=now, roles="")
        if proved and user is not None:
            if credentials.needs_rehash(user.password_hash):
                user.password_hash = credentials.hash_password(password)
            user.last_login_at = now
            account = _account(user)
    if account is None:
        raise LoginFailed()  # after the commit: the failure count must outlive this request
    return account


def enrolment_only(settings_roles: str, role: str, security: UserSecurity | None) -> bool:
    """Whether a session of this account may only enrol an app: its role needs a second factor and none is
    enrolled (a started, unconfirmed enrolment is not one)."""
    return role in credentials.required_roles(settings_roles) and not credentials.is_enrolled(security)


@dataclass(frozen=True)
class NewSession:
    cookie: str  # goes to the browser, never stored
    csrf_token: str
    enrolment_only: bool = False  # the account must enrol an app before it may do anything else


def start_session(ws: Workspace, *, account: Account, hours: int) -> NewSession:
    """A browser session for ``account`` that expires after ``hours`` (enrolment-only while the account's role
    needs a second factor it has not enrolled)."""
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with ws.transaction() as session:
        session.add(UserSession(id=_digest(cookie), user_id=account.id, csrf_token=csrf, created_at=now,
                                expires_at=now + timedelta(hours=hours)))
        limited = enrolment_only(ws.settings.two_factor_roles, account.role.value,
                                 session.get(UserSecurity, account.id))
    return NewSession(cookie, csrf, limited)


@dataclass(frozen=True)
class LiveSession:
    account: Account
    csrf_token: str
    enrolment_only: bool  # derived now, from the role and the enrolled app: see the module's docstring


def session_account(ws: Workspace, *, cookie: str) -> LiveSession | None:
    """The account and CSRF token of a live session cookie, and whether it may only enrol an app; None when the
    cookie is unknown or expired."""
    with ws.reading() as session:
        row = session.execute(
            select(User, UserSession.csrf_token, UserSecurity).join(UserSession, UserSession.user_id == User.id)
            .outerjoin(UserSecurity, UserSecurity.user_id == User.id)
            .where(UserSession.id == _digest(cookie), UserSession.expires_at > datetime.now(UTC), User.active.is_(True))
        ).first()
    if row is None:
        return None
    user, csrf, security = row
    return LiveSession(_account(user), csrf, enrolment_only(ws.settings.two_factor_roles, user.role, security))


def end_sessions(session: Session, user_id: str, now: datetime, *, keep_session: str | None = None,
                 keep_token: str | None = None) -> tuple[int, int]:
    """End the user's live browser sessions and revoke its API tokens, except the session whose cookie is
    ``keep_session`` and the token ``keep_token`` (the ones that asked); how many of each. Never commits."""
    sessions = update(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at > now)
    if keep_session:
        sessions = sessions.where(UserSession.id != _digest(keep_session))
    tokens = update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    if keep_token:
        tokens = tokens.where(ApiToken.token_hash != _digest(keep_token))
    ended = len(session.execute(sessions.values(expires_at=now).returning(UserSession.id)).all())
    revoked = len(session.execute(tokens.values(revoked_at=now).returning(ApiToken.id)).all())
    return ended, revoked


def revoke_sessions(ws: Workspace, *, username: str, by: str) -> int:
    """End every live browser session of ``username`` and revoke its API tokens; returns how many. Recorded."""
    now = datetime.now(UTC)
    with ws.transaction() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        if user_id is None:
            raise InvalidInput.single("username", "no such user", "لا يوجد مستخدم بهذا الاسم")
        ended, revoked = end_sessions(session, user_id, now)
        chain = AuditChain(session)
        chain.append(actor=by, action="sessions-revoke", kind="user", record_id=user_id,
                     details={"sessions": ended, "tokens": revoked})
        chain.flush()
    return ended + revoked


def end_session(ws: Workspace, *, cookie: str) -> None:
    """Log out: the session's cookie no longer works."""
    with ws.transaction() as session:
        session.execute(update(UserSession).where(UserSession.id == _digest(cookie))
                        .values(expires_at=datetime.now(UTC)))


def create_token(ws: Workspace, *, username: str, name: str = "") -> str:
    """A new personal API token for ``username``; shown once, only its hash is kept. Raises InvalidInput."""
    token = "tq_" + secrets.token_urlsafe(32)
    with ws.transaction() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        if user_id is None:
            raise InvalidInput.single("username", "no such user", "لا يوجد مستخدم بهذا الاسم")
        session.add(ApiToken(id=str(uuid.uuid4()), user_id=user_id, token_hash=_digest(token), name=name,
                             created_at=datetime.now(UTC)))
        chain = AuditChain(session)
        chain.append(actor=ws.user, action="token-create", kind="user", record_id=user_id, details={"name": name})
        chain.flush()
    return token


def token_account(ws: Workspace, *, token: str) -> Account | None:
    """The account a Bearer token belongs to, or None when it is unknown or revoked."""
    with ws.reading() as session:
        user = session.scalar(
            select(User).join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None), User.active.is_(True))
        )
    return _account(user) if user else None


def set_language(ws: Workspace, *, account: Account, language: str, month_names: str | None = None) -> Account:
    """Show the pages to ``account`` in ``language`` (en or ar) from now on, with Arabic dates in ``month_names``
    (``MONTH_NAMES``; None keeps the stored choice)."""
    if language not in LANGUAGES:
        raise InvalidInput.single("language", "must be en or ar", "يجب أن تكون en أو ar")
    if month_names is not None and month_names not in MONTH_NAMES:
        raise InvalidInput.single("month_names", "must be levantine or transliterated",
                                  "يجب أن تكون levantine أو transliterated")
    months = month_names or account.month_names
    with ws.transaction() as session:
        session.execute(update(User).where(User.id == account.id).values(language=language, month_names=months))
    return Account(account.id, account.username, account.role, language, account.channel, months)


def _proof_refused() -> InvalidInput:
    """The current password (or, with an app enrolled, its code) was wrong or missing; not saying which."""
    return InvalidInput.single("current_password", "give your current password, and a current code from your app "
                               "when one is enrolled (each code works once): one of them was wrong or missing",
                               "أدخل كلمة المرور الحالية، ورمزاً حالياً من تطبيقك إن كان مسجلاً (كل رمز يصلح مرة "
                               "واحدة): أحدهما خاطئ أو ناقص")


def change_password(ws: Workspace, account: Account, *, current: str, new: str, code: str | None = None,
                    keep_session: str | None = None, keep_token: str | None = None) -> int:
    """``account`` changes its own password: needs the current one, and a current code of its app when one is
    enrolled (the same proof as at login, so a stolen session or token alone cannot do it). Every other browser
    session and API token of the account ends; the session cookie ``keep_session`` or token ``keep_token`` that
    asked goes on. Recorded. Returns how many sessions and tokens ended.

    Raises InvalidInput: ``new_password`` too short or the same as the current one (checked first, so a typing
    slip costs no attempt), ``current_password`` when the proof fails; that failure counts towards the lockout as
    a failed login does, so a session cannot be used to guess the password.
    """
    check_password(new, "new_password")
    if new == current:
        raise InvalidInput.single("new_password", "is the same as the current one", "هي نفسها كلمة المرور الحالية")
    now = datetime.now(UTC)
    ended: tuple[int, int] | None = None
    with ws.transaction() as session:
        user = session.get(User, account.id)
        if credentials.prove(session, ws.settings, user, password=current, code=code, now=now, roles="") and user:
            user.password_hash = credentials.hash_password(new)
            ended = end_sessions(session, user.id, now, keep_session=keep_session, keep_token=keep_token)
            chain = AuditChain(session)
            chain.append(actor=account.username, action="password-change", kind="user", record_id=user.id,
                         details={"username": user.username, "sessions": ended[0], "tokens": ended[1]})
            chain.flush()
    if ended is None:
        raise _proof_refused()  # after the commit: the failure count must outlive this request
    return sum(ended)


def set_password(session: Session, user: User, password: str, *, by: str, generated: bool) -> int:
    """Give ``user`` a new password chosen by an admin: its sessions and tokens end and any lock is lifted (the
    lock guarded the old password). Recorded; returns how many sessions and tokens ended. Never commits."""
    now = datetime.now(UTC)
    user.password_hash = credentials.hash_password(password)
    security = session.get(UserSecurity, user.id)
    if security is not None:
        security.failed_logins, security.locked_until = 0, None
    ended, revoked = end_sessions(session, user.id, now)
    chain = AuditChain(session)
    chain.append(actor=by, action="password-reset", kind="user", record_id=user.id,
                 details={"username": user.username, "generated": generated, "sessions": ended, "tokens": revoked})
    chain.flush()
    return ended + revoked


def list_users(ws: Workspace) -> list[Account]:
    """Every user, by name."""
    with ws.reading() as session:
        return [_account(u) for u in session.scalars(select(User).order_by(User.username))]
