"""Who is asking: session cookies and Bearer tokens, CSRF tokens, the client's address and the login rate limit."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request

from tawthiq.config import IPNetwork
from tawthiq.services.accounts import users as accounts
from tawthiq.services.accounts.users import Account
from tawthiq.services.workspace import Workspace

SESSION_COOKIE = "tawthiq_session"
PRELOGIN_COOKIE = "tawthiq_prelogin"  # double-submit CSRF token of the login form, before there is a session
LANGUAGE_COOKIE = "tawthiq_lang"
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


@dataclass(frozen=True)
class Caller:
    """An authenticated request: the account, and how it proved itself."""

    account: Account
    csrf_token: str | None  # None for Bearer tokens: they are not sent by browsers on their own, so no CSRF
    # A session whose account must enrol a second factor first (services/accounts/users.py): the routes marked
    # with ``enrolment_route`` are all it reaches (web/deps.py refuses it everywhere else).
    enrolment_only: bool = False


def identify(ws: Workspace, request: Request) -> Caller | None:
    """The caller of ``request`` from its Bearer token or session cookie, or None."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        account = accounts.token_account(ws, token=header[7:].strip())
        return Caller(account, None) if account else None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = accounts.session_account(ws, cookie=cookie)
        if found:
            return Caller(found.account, found.csrf_token, found.enrolment_only)
    return None


def enrolment_route(endpoint: Endpoint) -> Endpoint:
    """A route an enrolment-only session may use: enrolling an app, logging out, the language, who am I. Every
    other route refuses such a session, so a new route is closed to it unless marked."""
    endpoint.enrolment_route = True  # type: ignore[attr-defined]
    return endpoint


def reaches(caller: Caller, request: Request) -> bool:
    """Whether ``caller`` may use the route of ``request``: any route for a full session or a token, only the
    enrolment routes for an enrolment-only session."""
    return not caller.enrolment_only or getattr(request.scope.get("endpoint"), "enrolment_route", False)


def credential(request: Request) -> tuple[str | None, str | None]:
    """The session cookie or the Bearer token ``request`` was sent with, to keep it when a password changes."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return None, header[7:].strip()
    return request.cookies.get(SESSION_COOKIE), None


def csrf_ok(caller: Caller, submitted: str | None) -> bool:
    """A state-changing request by cookie must carry the session's CSRF token; a Bearer request needs none."""
    if caller.csrf_token is None:
        return True
    return submitted is not None and hmac.compare_digest(caller.csrf_token, submitted)


def prelogin_token(request: Request) -> str:
    return request.cookies.get(PRELOGIN_COOKIE) or secrets.token_urlsafe(24)


def prelogin_ok(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(PRELOGIN_COOKIE)
    return bool(cookie and submitted and hmac.compare_digest(cookie, submitted))


def client_address(request: Request, trusted: tuple[IPNetwork, ...]) -> str:
    """The address of the client that sent ``request``: the connection's peer, unless the peer is a trusted proxy
    (``TAWTHIQ_TRUSTED_PROXIES``); then the right-most address of ``X-Forwarded-For`` that is not a trusted proxy
    (each proxy appends the address it received from, so the addresses left of the first untrusted one were
    written by the client and prove nothing). The server must not rewrite the peer itself: `tawthiq serve` runs
    uvicorn with ``proxy_headers=False``."""
    peer = request.client.host if request.client else "?"
    if not _trusted(peer, trusted):
        return peer
    chain = [part.strip() for value in request.headers.getlist("x-forwarded-for") for part in value.split(",")]
    for address in reversed([part for part in chain if part]):
        if not _trusted(address, trusted):
            return address
    return peer  # no header, or only trusted proxies in it: the request comes from the proxies themselves


def _trusted(address: str, trusted: tuple[IPNetwork, ...]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per ``window`` seconds from one client address, whatever the names tried.

    Counted by address only: a limit per username would let anyone keep an account's owner out (and answer alike
    for names that exist and names that do not only by being blind to both). Guessing one account from many
    addresses is slowed by the lockout in the database (services/accounts/credentials.py). A success clears
    nothing: with an account of one's own, one could otherwise reset the count between guesses. Kept in the memory
    of each worker process: a restart forgets it.
    """

    attempts: int
    window: float
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, address: str) -> int:
        """Seconds until another attempt from ``address`` is allowed (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            times = self._failures.get(address)
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times:
                self._failures.pop(address, None)
                return 0
            wait = times[0] + self.window - now if len(times) >= self.attempts else 0.0
        return int(wait) + 1 if wait else 0

    def failed(self, address: str) -> None:
        with self._lock:
            self._failures.setdefault(address, deque()).append(time.monotonic())
