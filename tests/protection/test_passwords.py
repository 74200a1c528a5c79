"""Passwords a team can manage (issue 13, section 6): users change their own with the current one, admins reset
one; other sessions and tokens end; both are recorded, never the password."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.db.accounts import User
from tawthiq.db.models import AuditEntry
from tawthiq.db.protection import UserSecurity
from tawthiq.services.accounts import users as accounts
from tawthiq.services.workspace import Workspace
from tests.protection.test_login_answers import _lock
from tests.web.conftest import PASSWORD, login, totp_code

NEW = "a brand new passphrase"


def _audit(ws: Workspace, action: str) -> list[AuditEntry]:
    with ws.reading() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _failures(ws: Workspace, username: str) -> int:
    with ws.reading() as session:
        return session.scalar(select(UserSecurity.failed_logins).join(User, User.id == UserSecurity.user_id)
                              .where(User.username == username)) or 0


def _api_login(client: TestClient, username: str, password: str, code: str | None = None) -> int:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password, "code": code}
                       ).status_code


def test_a_user_changes_their_own_password_on_the_page(app_client: TestClient, web_ws: Workspace) -> None:
    elsewhere = TestClient(app_client.app)
    login(elsewhere, "analyst")
    bearer = {"Authorization": f"Bearer {accounts.create_token(web_ws, username='analyst', name='script')}"}
    csrf = login(app_client, "analyst")
    form = app_client.get("/me/password").text
    assert 'name="current_password"' in form and 'name="code"' not in form  # no app enrolled: no code asked
    refusals = {
        "short": {"current_password": PASSWORD, "new_password": "short", "repeat_password": "short"},
        "mismatch": {"current_password": PASSWORD, "new_password": NEW, "repeat_password": NEW + "!"},
        "same": {"current_password": PASSWORD, "new_password": PASSWORD, "repeat_password": PASSWORD},
    }
    for case, data in refusals.items():
        refused = app_client.post("/me/password", data={"csrf": csrf, **data})
        assert refused.status_code == 422 and "Nothing was saved" in refused.text, case
    assert _failures(web_ws, "analyst") == 0  # a typing slip in the new password costs no attempt
    wrong = app_client.post("/me/password", data={"csrf": csrf, "current_password": "not the password",
                                                  "new_password": NEW, "repeat_password": NEW})
    assert wrong.status_code == 422 and "one of them was wrong or missing" in wrong.text
    assert _failures(web_ws, "analyst") == 1  # a session is no way around the lockout
    done = app_client.post("/me/password", follow_redirects=False, data={
        "csrf": csrf, "current_password": PASSWORD, "new_password": NEW, "repeat_password": NEW})
    assert (done.status_code, done.headers["location"]) == (303, "/me/password?changed=2")
    assert 'id="password-changed"' in app_client.get(done.headers["location"]).text
    assert app_client.get("/api/v1/me").status_code == 200  # this session goes on
    assert elsewhere.get("/api/v1/me").status_code == 401  # the others end, and the tokens
    assert app_client.get("/api/v1/me", headers=bearer).status_code == 401
    fresh = TestClient(app_client.app)
    assert _api_login(fresh, "analyst", PASSWORD) == 401 and _api_login(fresh, "analyst", NEW) == 200
    [entry] = _audit(web_ws, "password-change")
    assert (entry.actor, entry.details) == ("analyst", {"username": "analyst", "sessions": 1, "tokens": 1})
    assert NEW not in str(entry.details) and PASSWORD not in str(entry.details)


def test_an_enrolled_user_gives_a_code_too(app_client: TestClient, web_ws: Workspace) -> None:
    """As for replacing the app: a session alone, even with the password, cannot change the other factor."""
    csrf = login(app_client, "coordinator")
    assert 'name="code"' in app_client.get("/me/password").text
    data = {"csrf": csrf, "current_password": PASSWORD, "new_password": NEW, "repeat_password": NEW}
    assert app_client.post("/me/password", data=data).status_code == 422
    done = app_client.post("/me/password", data={**data, "code": totp_code(web_ws, "coordinator")},
                           follow_redirects=False)
    assert done.status_code == 303
    assert _api_login(TestClient(app_client.app), "coordinator", NEW, totp_code(web_ws, "coordinator")) == 200


def test_the_api_changes_a_password_and_keeps_the_token_that_asked(app_client: TestClient, web_ws: Workspace) -> None:
    session = TestClient(app_client.app)
    login(session, "documenter")
    token = accounts.create_token(web_ws, username="documenter", name="script")
    other = accounts.create_token(web_ws, username="documenter", name="phone")
    bearer = {"Authorization": f"Bearer {token}"}
    refused = app_client.post("/api/v1/me/password", headers=bearer,
                              json={"current_password": "wrong", "new_password": NEW})
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "current_password"
    done = app_client.post("/api/v1/me/password", headers=bearer,
                           json={"current_password": PASSWORD, "new_password": NEW})
    assert done.status_code == 200 and done.json() == {"ended": 2}
    assert app_client.get("/api/v1/me", headers=bearer).status_code == 200
    assert app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 401
    assert session.get("/api/v1/me").status_code == 401


def test_an_admin_resets_a_password_to_a_generated_one_shown_once(app_client: TestClient, web_ws: Workspace) -> None:
    victim = TestClient(app_client.app)
    login(victim, "viewer")
    _lock(web_ws, "viewer")  # locked out too: a reset lifts the lock
    csrf = login(app_client, "admin")
    users = app_client.get("/admin/users").text
    assert 'action="/admin/users/viewer/password"' in users and 'action="/admin/users/admin/password"' not in users
    reset = app_client.post("/admin/users/viewer/password", data={"csrf": csrf})
    assert reset.status_code == 200 and reset.headers["cache-control"] == "no-store"
    found = re.search(r'<code id="new-password" dir="ltr">([^<]+)</code>', reset.text)
    assert found and len(found.group(1)) >= 16
    assert found.group(1) not in app_client.get("/admin/users").text  # shown on that answer only
    assert victim.get("/api/v1/me").status_code == 401  # the user's sessions end
    fresh = TestClient(app_client.app)
    assert _api_login(fresh, "viewer", PASSWORD) == 401 and _api_login(fresh, "viewer", found.group(1)) == 200
    [entry] = _audit(web_ws, "password-reset")
    assert entry.actor == "admin" and entry.details["generated"] is True and found.group(1) not in str(entry.details)


def test_an_admin_types_a_new_password_but_not_their_own_on_the_web(app_client: TestClient) -> None:
    csrf = login(app_client, "admin")
    short = app_client.post("/admin/users/analyst/password", data={"csrf": csrf, "password": "short"})
    assert short.status_code == 422 and "at least 10 characters" in short.text
    typed = app_client.post("/admin/users/analyst/password", data={"csrf": csrf, "password": NEW})
    assert typed.status_code == 200 and 'id="new-password"' not in typed.text and NEW not in typed.text
    own = app_client.post("/api/v1/admin/users/admin/password", json={"password": NEW},
                          headers={"X-CSRF-Token": csrf})
    assert own.status_code == 422 and own.json()["problems"][0]["field"] == "username"
    answer = app_client.post("/api/v1/admin/users/documenter/password", json={}, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200 and set(answer.json()) == {"username", "password", "ended"}
    assert _api_login(TestClient(app_client.app), "documenter", answer.json()["password"]) == 200
    assert _api_login(TestClient(app_client.app), "analyst", NEW) == 200
    missing = app_client.post("/api/v1/admin/users/nobody/password", json={}, headers={"X-CSRF-Token": csrf})
    assert missing.status_code == 422


# --- the command line ----------------------------------------------------------------------------------------


@pytest.fixture
def cli(run_cli: Callable[..., Any]) -> Callable[..., Any]:
    run_cli("init")
    run_cli("user", "add", "salma", "--role", "documenter", "--password-stdin", stdin=f"{PASSWORD}\n")
    return run_cli


def test_the_cli_resets_a_password_and_gives_the_operator_one(cli: Callable[..., Any], tmp_path: Any) -> None:
    generated = cli("user", "password", "salma", "--generate").stdout.splitlines()
    assert generated[0].startswith("password of salma reset") and len(generated[1]) >= 16
    # the operator (the command line's admin, with no password) gives itself one to log in on the web
    cli("user", "password", "operator", "--password-stdin", stdin=f"{NEW}\n")
    assert "at least 10 characters" in cli("user", "password", "salma", "--password-stdin", code=2,
                                           stdin="short\n").output
    from tawthiq.config import Settings
    from tawthiq.web import create_app

    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as client:
        assert _api_login(client, "salma", generated[1]) == 200
        assert _api_login(TestClient(client.app), "operator", NEW) == 200  # an admin without an app: enrols first
        ws = client.app.state.ws  # type: ignore[attr-defined]
        assert [e.details["generated"] for e in _audit(ws, "password-reset")] == [True, False]


def test_the_cli_changes_ones_own_password_with_the_current_one(cli: Callable[..., Any]) -> None:
    env = {"TAWTHIQ_USER": "salma"}
    refused = cli("user", "password", "--password-stdin", code=2, env=env, stdin=f"wrong\n{NEW}\n")
    assert "current_password" in refused.output
    done = cli("user", "password", "--password-stdin", env=env, stdin=f"{PASSWORD}\n{NEW}\n")
    assert "password changed" in done.stdout
    assert cli("user", "password", "operator", "--generate", env=env, code=4).exit_code == 4  # not an admin
