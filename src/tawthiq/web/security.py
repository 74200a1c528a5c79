"""Who is asking: session cookies and Bearer tokens, CSRF tokens, and the login rate limit."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from fastapi import Request

from tawthiq.services.accounts import users as accounts
from tawthiq.services.accounts.users import Account
from tawthiq.services.workspace import Workspace

SESSION_COOKIE = "tawthiq_session"
PRELOGIN_COOKIE = "tawthiq_prelogin"  # double-submit CSRF token of the login form, before there is a session
LANGUAGE_COOKIE = "tawthiq_lang"


@dataclass(frozen=True)
class Caller:
    """An authenticated request: the account, and how it proved itself."""

    account: Account
    csrf_token: str | None  # None for Bearer tokens: they are not sent by browsers on their own, so no CSRF


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
            return Caller(*found)
    return None


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


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per ``window`` seconds, per username and per client address.

    Kept in the server's memory: a restart forgets it, which is acceptable for a single-process server.
    """

    attempts: int
    window: float
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keys(self, username: str, address: str) -> tuple[str, str]:
        return f"user:{username.lower()}", f"addr:{address}"

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in self._keys(username, address):
                times = self._failures.get(key)
                while times and times[0] <= now - self.window:
                    times.popleft()
                if times and len(times) >= self.attempts:
                    wait = max(wait, times[0] + self.window - now)
        return int(wait) + 1 if wait else 0

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            for key in self._keys(username, address):
                self._failures.setdefault(key, deque()).append(time.monotonic())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username.lower()}", None)
