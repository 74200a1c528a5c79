"""The login sequence, once for the page (POST /login) and the API (POST /api/v1/auth/login): the client's
address, the rate limit, authentication, the session. Both routes answer a refusal from the same LoginRefused
(status, message, headers), so that they tell an attacker the same nothing, and record the same things.

The right password of an account whose role needs a second factor and that has none enrolled yet is no refusal: it
gets an enrolment-only session (services/accounts/users.py) and, made with the password just given, a new secret
to enrol, so that a new coordinator enrols at their first login instead of being locked out."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request, Response

from tawthiq.domain.errors import InvalidInput
from tawthiq.services.accounts import two_factor, users as accounts
from tawthiq.services.accounts.users import Account
from tawthiq.web.deps import limiter, settings, workspace
from tawthiq.web.security import SESSION_COOKIE, client_address


class LoginRefused(Exception):
    """A refused login: 401 for every failure of the credentials alike (unknown or disabled account, wrong
    password, missing or wrong code, locked account), 429 with ``Retry-After`` when the address tried too often."""

    def __init__(self, status: int, page_message: str, message_ar: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(page_message)
        self.status = status
        self.page_message = page_message  # English; the key of the pages' catalog
        self.message_ar = message_ar
        self.headers = headers or {}

    def __str__(self) -> str:
        return f"{self.page_message} / {self.message_ar}"


def _failed() -> LoginRefused:
    return LoginRefused(401, accounts.LoginFailed.page_message, accounts.LoginFailed.message_ar)


def _too_many(wait: int) -> LoginRefused:
    return LoginRefused(429, "Too many failed attempts: wait a few minutes.",
                        "محاولات فاشلة كثيرة: انتظر بضع دقائق", {"Retry-After": str(wait)})


@dataclass(frozen=True)
class LoggedIn:
    account: Account
    cookie: str  # the session cookie, for the browser only
    csrf_token: str
    enrolment_only: bool = False  # the session may only enrol an app (and log out) until one is confirmed
    enrolment: dict[str, str] | None = None  # then: the new secret and its otpauth:// URI, shown once


def log_in(request: Request, *, username: str, password: str, code: str | None) -> LoggedIn:
    """Check the rate limit of the client's address, authenticate, start a session. Raises LoginRefused.

    The two-factor code is asked together with the password (the login form always has its field), and every
    failure answers alike, so a refusal never says whether the name exists or the password was right."""
    address = client_address(request, settings(request).trusted_networks())
    rate = limiter(request)
    if wait := rate.retry_after(address):
        raise _too_many(wait)
    try:
        account = accounts.authenticate(workspace(request), username=username, password=password, code=code or None)
    except accounts.LoginFailed:
        rate.failed(address)
        raise _failed() from None
    session = accounts.start_session(workspace(request), account=account, hours=settings(request).session_hours)
    enrolment = None
    if session.enrolment_only:  # the secret only ever comes back to a request that carries the password
        try:
            enrolment = two_factor.start_enrolment(workspace(request), user_id=account.id, username=account.username,
                                                   password=password)
        except InvalidInput:
            enrolment = None  # changed meanwhile (locked, say): the enrolment page asks for the password again
    return LoggedIn(account, session.cookie, session.csrf_token, session.enrolment_only, enrolment)


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    """The session cookie, with the same attributes from the page and the API."""
    hours = settings(request).session_hours
    response.set_cookie(SESSION_COOKIE, cookie, max_age=hours * 3600, httponly=True, samesite="lax",
                        secure=settings(request).secure_cookies, path="/")
