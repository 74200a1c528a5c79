"""The first login of an account whose role needs a second factor and that has none yet (issue 13, section 6): it
is led through enrolment instead of being locked out, its session reaches nothing but the enrolment until a first
code confirms it, and every failure still answers alike."""

from __future__ import annotations

import re
import time
from html import unescape
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.db.models import AuditEntry
from tawthiq.services.accounts import users as accounts
from tawthiq.services.workspace import Workspace
from tawthiq.web.app import ROUTERS
from tests.protection.test_login_answers import FAILURES, _api, _client, _lock, _page, _seen
from tests.protection.test_security_web import _state
from tests.web.conftest import PASSWORD, Seeded, login

NEWCOMER = "salma"
NEW_PASSWORD = "a long secret phrase"
# What an enrolment-only session may use: enrolling, who am I, the language, logging out (and the logins).
ENROLMENT_ROUTES = {
    ("GET", "/me/two-factor"), ("POST", "/me/two-factor"), ("POST", "/me/two-factor/confirm"), ("POST", "/logout"),
    ("POST", "/language"), ("GET", "/api/v1/me"), ("POST", "/api/v1/me/two-factor"),
    ("POST", "/api/v1/me/two-factor/confirm"), ("POST", "/api/v1/auth/logout"),
}
LOGINS = {("GET", "/login"), ("POST", "/login"), ("POST", "/api/v1/auth/login")}


def _add_coordinator(admin: TestClient, csrf: str, username: str = NEWCOMER) -> None:
    """Added by an admin on the Users page, as a team would."""
    added = admin.post("/admin/users", data={"csrf": csrf, "username": username, "role": "coordinator",
                                             "password": NEW_PASSWORD}, follow_redirects=False)
    assert added.status_code == 303, added.text


def _page_login(client: TestClient, username: str, password: str, code: str = "", next: str = "/") -> Any:
    form = client.get("/login").text
    token = form.split('name="csrf" value="')[1].split('"')[0]
    return client.post("/login", data={"username": username, "password": password, "code": code, "csrf": token,
                                       "next": next}, follow_redirects=False)


def _secret(page: str) -> str:
    found = re.search(r'<code id="secret">([A-Z2-7]+)</code>', page)
    assert found, "no secret on the page"
    return found.group(1)


def _csrf(page: str) -> str:
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_a_coordinator_added_in_the_web_enrols_at_first_login_and_then_needs_codes(app_client: TestClient,
                                                                                  web_ws: Workspace) -> None:
    admin = TestClient(app_client.app)
    _add_coordinator(admin, login(admin, "admin"))
    first = _page_login(app_client, NEWCOMER, NEW_PASSWORD, next="/records")
    assert first.status_code == 200 and 'id="first-login"' in first.text
    assert "tawthiq_session" in first.headers["set-cookie"]
    secret = _secret(first.text)
    uri = re.search(r'<code id="otpauth-uri">([^<]+)</code>', first.text)
    assert uri and unescape(uri.group(1)).startswith(f"otpauth://totp/Tawthiq:{NEWCOMER}?secret={secret}")
    assert 'src="data:image/svg+xml' in first.text  # the QR code
    assert 'href="/records"' not in first.text and 'href="/me/password"' not in first.text  # no menu to follow
    before = app_client.get("/records", follow_redirects=False)
    assert (before.status_code, before.headers["location"]) == (303, "/me/two-factor")
    pending = app_client.get("/me/two-factor").text  # the secret is not shown again without the password
    assert 'id="first-login"' in pending and 'id="secret"' not in pending and "not confirmed yet" in pending
    csrf = _csrf(first.text)
    wrong = app_client.post("/me/two-factor/confirm", data={"csrf": csrf, "code": "000000", "next": "/records"})
    assert wrong.status_code == 422 and app_client.get("/records", follow_redirects=False).status_code == 303
    confirmed = app_client.post("/me/two-factor/confirm", follow_redirects=False,
                                data={"csrf": csrf, "code": pyotp.TOTP(secret).now(), "next": "/records"})
    assert (confirmed.status_code, confirmed.headers["location"]) == (303, "/records")  # where the login was going
    assert app_client.get("/records").status_code == 200  # the same session, now a full one
    assert 'href="/me/password"' in app_client.get("/records").text
    fresh = TestClient(app_client.app)
    assert _page_login(fresh, NEWCOMER, NEW_PASSWORD).status_code == 401  # from now on the code is needed
    later = pyotp.TOTP(secret).at(time.time() + 30)  # the code just used works once
    assert _page_login(fresh, NEWCOMER, NEW_PASSWORD, code=later).status_code == 303
    with web_ws.reading() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "totp-enrol",
                                                         AuditEntry.actor == NEWCOMER)).one()
    assert entry.details == {"self": True}


def test_the_api_login_answers_needs_enrolment_and_the_session_reaches_only_the_enrolment(
        app_client: TestClient, seeded: Seeded) -> None:
    accounts.create_user(app_client.app.state.ws, username=NEWCOMER, role="coordinator",  # type: ignore[attr-defined]
                         password=NEW_PASSWORD)
    answer = app_client.post("/api/v1/auth/login", json={"username": NEWCOMER, "password": NEW_PASSWORD})
    assert answer.status_code == 200
    body = answer.json()
    assert body["needs_enrolment"] is True and body["enrolment"]["uri"].startswith("otpauth://totp/")
    headers = {"X-CSRF-Token": body["csrf_token"]}
    assert app_client.get("/api/v1/me").json()["needs_enrolment"] is True
    event = f"/api/v1/events/{seeded.events['restricted']}"
    refused = app_client.get(event)
    assert refused.status_code == 403 and "enrol" in refused.json()["detail"]
    totp = pyotp.TOTP(body["enrolment"]["secret"])
    assert app_client.post("/api/v1/me/two-factor/confirm", json={"code": totp.now()}, headers=headers
                           ).status_code == 204
    assert app_client.get("/api/v1/me").json()["needs_enrolment"] is False
    assert app_client.get(event).status_code == 200  # a coordinator reads restricted events


def _fill(path: str, seeded: Seeded) -> str:
    """A route's path with ids the newcomer (a coordinator) could otherwise read and change."""
    ident = (seeded.evidence["public"] if "/evidence/" in path and "/events/" not in path
             else seeded.reports["public"] if "/reports/" in path else seeded.events["public"])
    kind = "person" if "/linkage/" in path else "event"
    return (path.replace("{ident}", ident).replace("{kind}", kind).replace("{username}", "viewer")
            .replace("{candidate}", "1").replace("{merge_id}", "1").replace("{conflict_id}", "1"))


def test_an_enrolment_only_session_reaches_nothing_but_the_enrolment(app_client: TestClient, web_ws: Workspace,
                                                                     seeded: Seeded) -> None:
    """A walk of every route: pages send it to the enrolment page, the API answers 403, and nothing is written."""
    accounts.create_user(web_ws, username=NEWCOMER, role="coordinator", password=NEW_PASSWORD)
    csrf = app_client.post("/api/v1/auth/login", json={"username": NEWCOMER, "password": NEW_PASSWORD}
                           ).json()["csrf_token"]
    routes = {(method, prefix + route.path) for prefix, router in ROUTERS
              for route in router.routes for method in getattr(route, "methods", set()) - {"HEAD"}}
    assert ENROLMENT_ROUTES | LOGINS <= routes
    before = _state(web_ws)
    wrong = {}
    for method, path in sorted(routes - ENROLMENT_ROUTES - LOGINS):
        url = _fill(path, seeded)
        if path.startswith("/api/"):
            response = app_client.request(method, url, json={}, headers={"X-CSRF-Token": csrf})
            if response.status_code != 403:
                wrong[(method, path)] = response.status_code
        else:
            data = {"csrf": csrf} if method != "GET" else None
            response = app_client.request(method, url, data=data, follow_redirects=False)
            if (response.status_code, response.headers.get("location")) != (303, "/me/two-factor"):
                wrong[(method, path)] = response.status_code
    assert wrong == {}
    assert _state(web_ws) == before
    assert app_client.get("/api/v1/me").status_code == 200  # the session itself goes on: it may still enrol


def test_a_session_of_an_account_whose_role_comes_to_need_a_factor_is_held_back_at_once(
        app_client: TestClient, seeded: Seeded) -> None:
    documenter = TestClient(app_client.app)
    login(documenter, "documenter")
    assert documenter.get("/api/v1/dashboard").status_code == 200
    csrf = login(app_client, "admin")
    assert app_client.patch("/api/v1/admin/users/documenter", json={"role": "coordinator"},
                            headers={"X-CSRF-Token": csrf}).status_code == 204
    assert documenter.get("/api/v1/dashboard").status_code == 403
    assert documenter.get("/records", follow_redirects=False).headers["location"] == "/me/two-factor"
    assert documenter.get("/api/v1/me").json() | {"csrf_token": None} == {
        "username": "documenter", "role": "coordinator", "language": "en", "csrf_token": None,
        "needs_enrolment": True}


@pytest.mark.parametrize("way", ["api", "page"])
def test_failures_of_a_not_enrolled_coordinator_answer_exactly_like_an_unknown_name(
        app_client: TestClient, web_ws: Workspace, way: str) -> None:
    """Only the right password opens the enrolment-only session: a wrong one, a disabled account and a lock answer
    as any failure, and a lock holds an account without an app until it ends (docs/protection.md)."""
    for name in ("newcomer-wrong", "newcomer-locked"):
        accounts.create_user(web_ws, username=name, role="coordinator", password=NEW_PASSWORD)
    _lock(web_ws, "newcomer-locked")
    cases = {"unknown name": ("nobody-at-all", NEW_PASSWORD), "wrong password": ("newcomer-wrong", "not it at all"),
             "locked, right password": ("newcomer-locked", NEW_PASSWORD)}
    seen = {}
    for number, (case, (username, password)) in enumerate(cases.items(), start=50):
        client = _client(app_client.app, number)
        response = _api(client, username, password) if way == "api" else _page(client, username, password)
        seen[case] = _seen(response)
        assert "tawthiq_session" not in client.cookies, case
    assert seen["unknown name"][0] == 401
    assert {case: s for case, s in seen.items() if s != seen["unknown name"]} == {}
    assert "right password, no code" in FAILURES  # an enrolled coordinator's password alone: still a failure


def test_the_first_login_page_speaks_arabic(app_client: TestClient, web_ws: Workspace) -> None:
    accounts.create_user(web_ws, username=NEWCOMER, role="coordinator", password=NEW_PASSWORD, language="ar")
    first = _page_login(app_client, NEWCOMER, NEW_PASSWORD)
    assert first.status_code == 200 and 'dir="rtl"' in first.text
    assert "يتطلب دورك عاملاً ثانياً" in first.text and "Your role needs" not in first.text
    assert 'id="secret"' in first.text


def test_switching_the_language_during_the_first_login_keeps_to_the_enrolment(app_client: TestClient,
                                                                              web_ws: Workspace) -> None:
    accounts.create_user(web_ws, username=NEWCOMER, role="coordinator", password=NEW_PASSWORD)
    first = _page_login(app_client, NEWCOMER, NEW_PASSWORD)
    switched = app_client.post("/language", data={"csrf": _csrf(first.text), "language": "ar", "next": "/events"},
                               follow_redirects=False)
    assert (switched.status_code, switched.headers["location"]) == (303, "/me/two-factor")
    assert "الدخول بعاملين" in app_client.get("/me/two-factor").text
    out = app_client.post("/logout", data={"csrf": _csrf(first.text)}, follow_redirects=False)
    assert out.status_code == 303 and app_client.get("/api/v1/me").status_code == 401


def test_logging_in_again_before_confirming_gives_a_new_secret_and_the_last_one_counts(app_client: TestClient,
                                                                                      web_ws: Workspace) -> None:
    accounts.create_user(web_ws, username=NEWCOMER, role="coordinator", password=NEW_PASSWORD)
    first = _secret(_page_login(TestClient(app_client.app), NEWCOMER, NEW_PASSWORD).text)
    again = _page_login(app_client, NEWCOMER, NEW_PASSWORD)
    second = _secret(again.text)
    assert first != second
    stale = app_client.post("/me/two-factor/confirm", data={"csrf": _csrf(again.text),
                                                            "code": pyotp.TOTP(first).now()})
    assert stale.status_code == 422
    assert app_client.post("/me/two-factor/confirm", follow_redirects=False, data={
        "csrf": _csrf(again.text), "code": pyotp.TOTP(second).now()}).status_code == 303


def test_a_bearer_token_is_not_a_login_and_is_not_held_back(app_client: TestClient, web_ws: Workspace) -> None:
    """Tokens are issued by an admin for scripts (recorded); the second factor guards logins (docs/protection.md)."""
    accounts.create_user(web_ws, username=NEWCOMER, role="coordinator", password=PASSWORD)
    token = accounts.create_token(web_ws, username=NEWCOMER, name="import script")
    me = app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["needs_enrolment"] is False
