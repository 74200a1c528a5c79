"""What a login answers (issue 11's attack probe): the same for every failure, on the page and in the API; a lock
that neither names accounts nor keeps their owner out; the client's address taken from a forwarded header only
when a trusted proxy sent it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select, update
from starlette.requests import Request

from tawthiq.config import Settings, parse_networks
from tawthiq.db.accounts import User
from tawthiq.db.models import AuditEntry
from tawthiq.db.protection import UserSecurity
from tawthiq.services.accounts import users as accounts
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tawthiq.web.security import client_address
from tests.conftest import _free_port
from tests.web.conftest import PASSWORD, totp_code

UNIFORM = "Wrong username, password or two-factor code."
UNIFORM_AR = "اسم المستخدم أو كلمة المرور أو رمز التحقق الثنائي غير صحيح"
PRELOGIN = "a-fixed-prelogin-token"  # the login form's double-submit token, the same for every client below


def _client(app: Any, number: int) -> TestClient:
    """A client from its own address: the per-address rate limit of one case does not reach another."""
    return TestClient(app, client=(f"192.0.2.{number}", 50000))


def _api(client: TestClient, username: str, password: str = PASSWORD, code: str | None = None) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password, "code": code})


def _page(client: TestClient, username: str, password: str = PASSWORD, code: str = "") -> Any:
    client.cookies.set("tawthiq_prelogin", PRELOGIN)
    return client.post("/login", data={"username": username, "password": password, "code": code, "csrf": PRELOGIN},
                       follow_redirects=False)


def _seen(response: Any) -> tuple[int, bytes, list[tuple[str, str]]]:
    """Everything a client sees of an answer."""
    return response.status_code, response.content, sorted(response.headers.multi_items())


def _lock(ws: Workspace, username: str, password: str = "a wrong guess") -> None:
    for _ in range(ws.settings.login_attempts):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(ws, username=username, password=password)


def _disable(ws: Workspace, username: str) -> None:
    with ws.transaction() as session:
        session.execute(update(User).where(User.username == username).values(active=False))


def _expire_locks(ws: Workspace) -> None:
    """As if ``lockout_minutes`` had passed."""
    with ws.transaction() as session:
        session.execute(update(UserSecurity).where(UserSecurity.locked_until.is_not(None))
                        .values(locked_until=datetime.now(UTC) - timedelta(minutes=1)))


# Each failure a probe can make, with the right password wherever the account has one (username, password, code):
# none may answer differently from an unknown name.
FAILURES: dict[str, tuple[str, str, str]] = {
    "unknown name": ("nobody-at-all", PASSWORD, ""),
    "wrong password": ("analyst", "not the password", ""),
    "disabled account": ("viewer", PASSWORD, ""),
    "locked account, right password": ("documenter", PASSWORD, ""),
    "right password, no code": ("coordinator", PASSWORD, ""),
    "right password, wrong code": ("coordinator", PASSWORD, "000000"),
    "operator without a password": ("tester", PASSWORD, ""),  # the command line's account (no web password)
}


def _prepare_failures(ws: Workspace) -> None:
    _disable(ws, "viewer")
    _lock(ws, "documenter")


@pytest.mark.parametrize("way", ["api", "page"])
def test_every_failed_login_answers_exactly_like_an_unknown_name(app_client: TestClient, web_ws: Workspace,
                                                                 way: str) -> None:
    _prepare_failures(web_ws)
    answers = {}
    for number, (case, (username, password, code)) in enumerate(FAILURES.items(), start=1):
        client = _client(app_client.app, number)
        response = (_api(client, username, password, code or None) if way == "api"
                    else _page(client, username, password, code))
        answers[case] = _seen(response)
    expected = answers["unknown name"]
    assert expected[0] == 401
    assert {case: seen for case, seen in answers.items() if seen != expected} == {}
    text = expected[1].decode()
    assert UNIFORM in text if way == "page" else f"{UNIFORM} / {UNIFORM_AR}" in text
    assert "locked" not in text and "code is needed" not in text and "6-digit" not in text


def test_the_uniform_answer_speaks_arabic_on_the_page(app_client: TestClient) -> None:
    client = _client(app_client.app, 1)
    client.cookies.set("tawthiq_lang", "ar")
    refused = _page(client, "coordinator")
    assert refused.status_code == 401 and UNIFORM_AR in refused.text and UNIFORM not in refused.text


def test_every_refusal_takes_as_long_as_a_wrong_password(web_ws: Workspace) -> None:
    """One Argon2 verification whatever the account: no timing tells the cases apart (the operator's account, which
    has no password, used to answer at once)."""
    _lock(web_ws, "documenter")
    _disable(web_ws, "viewer")
    cases = {"wrong password": ("analyst", "not the password"), "unknown name": ("nobody-at-all", PASSWORD),
             "disabled account": ("viewer", PASSWORD), "locked account": ("documenter", PASSWORD),
             "operator without a password": ("tester", PASSWORD), "right password, no code": ("admin", PASSWORD)}
    fastest = {}
    for case, (username, password) in cases.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(web_ws, username=username, password=password)
            times.append(time.perf_counter() - started)
        fastest[case] = min(times)
    reference = fastest["wrong password"]
    assert {case: round(t * 1000, 1) for case, t in fastest.items() if t < 0.5 * reference} == {}, fastest


def test_a_strangers_wrong_passwords_do_not_keep_the_owner_out(app_client: TestClient, web_ws: Workspace) -> None:
    """Anyone may lock the admin with wrong passwords; the lock changes no answer, and the owner, from another
    address with the password and a fresh code, still logs in."""
    attacker = _client(app_client.app, 66)
    statuses = [_api(attacker, "admin", f"guess {n}").status_code for n in range(web_ws.settings.login_attempts + 1)]
    assert statuses == [401] * web_ws.settings.login_attempts + [429]  # that address is slowed down, not the account
    with web_ws.reading() as session:
        assert session.scalar(select(AuditEntry.action).where(AuditEntry.action == "user-locked")) == "user-locked"
        assert session.scalar(select(UserSecurity.locked_until).join(User, User.id == UserSecurity.user_id)
                              .where(User.username == "admin")) is not None
    owner = _client(app_client.app, 7)
    assert _api(owner, "admin").status_code == 401  # the password alone: as any failure
    assert _api(owner, "admin", code=totp_code(web_ws, "admin")).status_code == 200


def test_guessing_codes_with_the_right_password_locks_the_account_until_the_lock_ends(app_client: TestClient,
                                                                                       web_ws: Workspace) -> None:
    attempts = web_ws.settings.login_attempts
    for n in range(2 * attempts):  # a first lock, then as many wrong codes during it: no way in until it ends
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(web_ws, username="coordinator", password=PASSWORD, code=f"{n:06d}")
    owner = _client(app_client.app, 8)
    assert _seen(_api(owner, "coordinator", code=totp_code(web_ws, "coordinator"))) == _seen(
        _api(_client(app_client.app, 9), "nobody-at-all"))
    with web_ws.reading() as session:
        locks = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "user-locked")))
    assert [entry.details["codes"] for entry in locks] == [False, True]
    _expire_locks(web_ws)
    assert _api(owner, "coordinator", code=totp_code(web_ws, "coordinator")).status_code == 200


def test_an_account_without_a_second_factor_waits_until_its_lock_ends(app_client: TestClient,
                                                                      web_ws: Workspace) -> None:
    _lock(web_ws, "analyst")
    assert _api(_client(app_client.app, 10), "analyst").status_code == 401
    _expire_locks(web_ws)
    assert _api(_client(app_client.app, 11), "analyst").status_code == 200


def test_the_rate_limit_counts_by_address_names_known_or_not(app_client: TestClient, web_ws: Workspace) -> None:
    attempts = web_ws.settings.login_attempts
    for username in ("analyst", "nobody-at-all"):
        client = _client(app_client.app, 20 if username == "analyst" else 21)
        answers = [_seen(_api(client, username, "not the password")) for _ in range(attempts + 1)]
        assert [a[0] for a in answers] == [401] * attempts + [429]
        blocked = answers[-1]
        assert dict(blocked[2])["retry-after"].isdigit() and b"Too many failed attempts" in blocked[1]


# --- one sequence for the page and the API ------------------------------------------------------------------


def test_the_page_and_the_api_answer_each_failure_alike(app_client: TestClient, web_ws: Workspace) -> None:
    _prepare_failures(web_ws)
    for number, (case, (username, password, code)) in enumerate(FAILURES.items(), start=30):
        api = _api(_client(app_client.app, number), username, password, code or None)
        page = _page(_client(app_client.app, number + 100), username, password, code)
        assert (page.status_code, api.status_code) == (401, 401), case
        assert api.json()["detail"] == f"{UNIFORM} / {UNIFORM_AR}" and UNIFORM in page.text, case


def test_failures_on_the_page_and_in_the_api_share_one_count(app_client: TestClient, web_ws: Workspace) -> None:
    client = _client(app_client.app, 40)
    for n in range(web_ws.settings.login_attempts):
        send = _page if n % 2 else _api
        assert send(client, "nobody-at-all", "wrong").status_code == 401
    api, page = _api(client, "analyst"), _page(client, "analyst")
    assert (api.status_code, page.status_code) == (429, 429)
    assert api.headers["retry-after"] == page.headers["retry-after"]
    assert "tawthiq_session" not in client.cookies


# --- the client's address ------------------------------------------------------------------------------------


def _request(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return Request({"type": "http", "method": "POST", "path": "/login", "headers": headers, "client": (peer, 4000)})


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "expected"), [
    ("", "127.0.0.1", ["198.51.100.7"], "127.0.0.1"),  # no proxy trusted: the header is anybody's
    ("10.0.0.0/8", "203.0.113.5", ["198.51.100.7"], "203.0.113.5"),  # not from a trusted proxy
    ("127.0.0.1", "127.0.0.1", ["198.51.100.7"], "198.51.100.7"),
    ("127.0.0.1", "127.0.0.1", ["6.6.6.6, 198.51.100.7"], "198.51.100.7"),  # the client wrote the left part
    ("127.0.0.1,10.0.0.0/8", "127.0.0.1", ["6.6.6.6, 198.51.100.7, 10.1.2.3"], "198.51.100.7"),  # two proxies
    ("127.0.0.1, 10.0.0.0/8", "127.0.0.1", ["6.6.6.6", "198.51.100.7, 10.1.2.3"], "198.51.100.7"),  # two headers
    ("127.0.0.1", "127.0.0.1", [], "127.0.0.1"),  # the proxy's own request
    ("127.0.0.1", "127.0.0.1", ["127.0.0.1"], "127.0.0.1"),
    ("::1", "::1", ["2001:db8::7"], "2001:db8::7"),
    ("127.0.0.1", "127.0.0.1", ["not-an-address"], "not-an-address"),  # counted as what the proxy says
])
def test_the_client_address_believes_forwarded_headers_from_trusted_proxies_only(
        trusted: str, peer: str, forwarded: list[str], expected: str) -> None:
    assert client_address(_request(peer, *forwarded), parse_networks(trusted)) == expected


def test_trusted_proxies_are_read_from_the_environment_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().trusted_networks() == ()
    monkeypatch.setenv("TAWTHIQ_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert [str(n) for n in Settings().trusted_networks()] == ["127.0.0.1/32", "10.0.0.0/8"]
    monkeypatch.setenv("TAWTHIQ_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example")
    with pytest.raises(ValidationError, match="proxy.example"):
        Settings()


def test_behind_a_trusted_proxy_each_client_is_limited_by_its_own_address(web_settings: Settings) -> None:
    settings = web_settings.model_copy(update={"trusted_proxies": "127.0.0.1", "login_attempts": 2})
    with TestClient(create_app(settings), client=("127.0.0.1", 50000)) as proxy:
        def through(client: str, claimed: str = "") -> int:
            chain = f"{claimed}, {client}" if claimed else client
            return int(proxy.post("/api/v1/auth/login", json={"username": "nobody", "password": "wrong"},
                                  headers={"X-Forwarded-For": chain}).status_code)

        assert [through("198.51.100.7"), through("198.51.100.7", claimed="203.0.113.1")] == [401, 401]
        assert through("198.51.100.7", claimed="203.0.113.2") == 429  # a claimed address changes nothing
        assert through("198.51.100.8") == 401  # another client behind the same proxy is not held back


@pytest.fixture
def served(web_settings: Settings) -> Iterator[str]:
    """``tawthiq serve`` itself on a copy of the seeded data directory, with two login attempts per address."""
    env = {**os.environ, "TAWTHIQ_DATA_DIR": str(web_settings.data_dir), "TAWTHIQ_LOGIN_ATTEMPTS": "2",
           "TAWTHIQ_SAMPLES_DIR": str(web_settings.samples_dir)}
    env.pop("TAWTHIQ_TRUSTED_PROXIES", None)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", "from tawthiq.cli import main; main()",
                                "serve", "--port", str(port), "--workers", "1"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/login"):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def _post_login(base: str, username: str, forwarded: str) -> int:
    request = urllib.request.Request(f"{base}/api/v1/auth/login", method="POST", headers={
        "Content-Type": "application/json", "X-Forwarded-For": forwarded},
        data=f'{{"username": "{username}", "password": "wrong"}}'.encode())
    try:
        with urllib.request.urlopen(request) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


def test_the_server_does_not_take_a_forwarded_address_from_a_local_client(served: str) -> None:
    """A client on the server's own machine sends a new X-Forwarded-For with each guess: without a trusted proxy
    configured they are all one address, slowed down after two failures."""
    statuses = [_post_login(served, f"name{n}", f"198.51.100.{n}") for n in range(3)]
    assert statuses == [401, 401, 429]
