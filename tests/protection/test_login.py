"""Login hardening: a second factor for admins and coordinators, lockout that survives a restart, sessions
an admin can revoke."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import Any

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.config import Settings
from tawthiq.db.accounts import User
from tawthiq.db.models import AuditEntry
from tawthiq.db.protection import UserSecurity
from tawthiq.services.accounts import users as accounts
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tests.web.conftest import PASSWORD, TOTP_SECRET, Seeded, login, totp_code


def _login(client: TestClient, username: str, password: str = PASSWORD, code: str | None = None) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password, "code": code})


def test_an_admin_needs_a_fresh_code_and_a_code_works_only_once(app_client: TestClient, web_ws: Workspace) -> None:
    assert _login(app_client, "admin").status_code == 401
    assert _login(app_client, "admin", code="000000").status_code == 401
    code = totp_code(web_ws, "admin")
    assert _login(app_client, "admin", code=code).status_code == 200
    assert _login(TestClient(app_client.app), "admin", code=code).status_code == 401  # replayed
    assert _login(app_client, "analyst").status_code == 200  # analysts need no second factor by default


def test_the_login_page_takes_the_code(app_client: TestClient, web_ws: Workspace) -> None:
    page = app_client.get("/login")
    assert 'name="code"' in page.text
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    refused = app_client.post("/login", data={"username": "coordinator", "password": PASSWORD, "csrf": csrf},
                              follow_redirects=False)
    # the right password without the code: the answer of any failure, not "a code is needed" (issue 11)
    assert refused.status_code == 401 and "Wrong username, password or two-factor code." in refused.text
    page = app_client.get("/login")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    ok = app_client.post("/login", data={"username": "coordinator", "password": PASSWORD, "csrf": csrf,
                                         "code": totp_code(web_ws, "coordinator")}, follow_redirects=False)
    assert ok.status_code == 303


def test_the_lockout_is_kept_in_the_database_and_outlives_a_restart(web_settings: Settings, seeded: Seeded) -> None:
    settings = web_settings.model_copy(update={"login_attempts": 3})
    with TestClient(create_app(settings)) as client:
        codes = [_login(client, "analyst", password=f"wrong{i}").status_code for i in range(3)]
    assert codes == [401, 401, 401]
    with TestClient(create_app(settings)) as restarted:  # a new process: the in-memory rate limit is gone
        locked = _login(restarted, "analyst")  # the right password: refused, with the answer of any failure (issue 11)
        assert locked.status_code == 401 and locked.json() == _login(restarted, "nobody").json()
        assert "locked" not in locked.text
        ws = restarted.app.state.ws  # type: ignore[attr-defined]
        with ws.reading() as session:
            assert session.scalar(select(AuditEntry.action).where(AuditEntry.action == "user-locked")) == "user-locked"
    with TestClient(create_app(settings.model_copy(update={"lockout_minutes": 1}))) as client:
        assert _login(client, "analyst").status_code == 401  # still within the lockout


def test_an_admin_revokes_every_session_and_token_of_a_user(app_client: TestClient) -> None:
    victim = TestClient(app_client.app)
    login(victim, "documenter")
    assert victim.get("/api/v1/me").status_code == 200
    token = login(app_client, "admin")
    assert app_client.post("/api/v1/users/documenter/revoke-sessions").status_code == 403  # no CSRF token
    done = app_client.post("/api/v1/users/documenter/revoke-sessions", headers={"X-CSRF-Token": token})
    assert done.status_code == 200 and done.json()["revoked"] >= 1
    assert victim.get("/api/v1/me").status_code == 401


def test_only_admins_may_revoke_sessions(app_client: TestClient) -> None:
    token = login(app_client, "coordinator")
    refused = app_client.post("/api/v1/users/documenter/revoke-sessions", headers={"X-CSRF-Token": token})
    assert refused.status_code == 403


def test_a_user_enrols_an_authenticator_and_then_needs_its_codes(app_client: TestClient) -> None:
    token = login(app_client, "analyst")
    started = app_client.post("/api/v1/me/two-factor", json={"password": PASSWORD},
                              headers={"X-CSRF-Token": token}).json()
    assert started["uri"].startswith("otpauth://totp/") and started["secret"] in started["uri"]
    wrong = app_client.post("/api/v1/me/two-factor/confirm", json={"code": "123456"}, headers={"X-CSRF-Token": token})
    assert wrong.status_code == 422
    totp = pyotp.TOTP(started["secret"])
    confirmed = app_client.post("/api/v1/me/two-factor/confirm", json={"code": totp.at(time.time() - 30)},
                                headers={"X-CSRF-Token": token})
    assert confirmed.status_code == 204
    fresh = TestClient(app_client.app)
    assert _login(fresh, "analyst").status_code == 401
    assert _login(fresh, "analyst", code=totp.now()).status_code == 200


def test_re_enrolling_keeps_the_old_authenticator_until_the_new_one_is_confirmed(app_client: TestClient,
                                                                                 web_ws: Workspace) -> None:
    token = login(app_client, "admin")
    started = app_client.post("/api/v1/me/two-factor", json={"password": PASSWORD, "code": totp_code(web_ws, "admin")},
                              headers={"X-CSRF-Token": token}).json()
    login(TestClient(app_client.app), "admin")  # logged out before confirming: the old codes still let them in
    new = pyotp.TOTP(started["secret"])
    confirmed = app_client.post("/api/v1/me/two-factor/confirm", json={"code": new.at(time.time() - 30)},
                                headers={"X-CSRF-Token": token})
    assert confirmed.status_code == 204
    fresh = TestClient(app_client.app)
    assert _login(fresh, "admin", code=pyotp.TOTP(TOTP_SECRET).now()).status_code == 401
    assert _login(fresh, "admin", code=new.now()).status_code == 200


def test_revealing_an_identity_over_the_api_is_for_coordinators_with_a_purpose(app_client: TestClient,
                                                                               seeded: Seeded) -> None:
    analyst = TestClient(app_client.app)
    token = login(analyst, "analyst")
    refused = analyst.post(f"/api/v1/records/sources/{seeded.source}/reveal", json={"purpose": "curious"},
                           headers={"X-CSRF-Token": token})
    assert refused.status_code == 403 and "Real Name Khaled" not in refused.text
    token = login(app_client, "coordinator")
    # the seeded data directory is a copy without its key file beside it: the server cannot open identities
    locked = app_client.post(f"/api/v1/records/sources/{seeded.source}/reveal", json={"purpose": "court"},
                             headers={"X-CSRF-Token": token})
    assert locked.status_code == 503 and "Real Name Khaled" not in locked.text


def test_the_cli_enrols_a_second_factor_and_revokes_sessions(cli: Callable[..., Any]) -> None:
    cli("init")
    cli("user", "add", "salma", "--role", "coordinator", "--password-stdin", stdin="a long secret phrase\n")
    enrolled = cli("user", "totp", "salma", "--json").stdout
    assert "otpauth://totp/" in enrolled and TOTP_SECRET not in enrolled
    assert "revoked" in cli("user", "revoke-sessions", "salma").stdout
    assert cli("user", "revoke-sessions", "nobody", code=2).output.count("username") == 1


def test_a_coordinator_reveals_an_identity_on_a_server_that_holds_the_key(
    web_settings: Settings, _seeded_template: tuple[Any, Seeded], seeded: Seeded,
) -> None:
    template = _seeded_template[0]
    shutil.copy(template.with_name(template.name + ".key"), web_settings.resolved_key_file())
    with TestClient(create_app(web_settings)) as client:
        token = login(client, "coordinator")
        shown = client.post(f"/api/v1/records/sources/{seeded.source}/reveal", json={"purpose": "court"},
                            headers={"X-CSRF-Token": token})
        assert shown.status_code == 200 and shown.json()["identity"] == "Real Name Khaled"
        for path in (f"/api/v1/records/sources/{seeded.source}", f"/api/v1/records/sources/{seeded.source}/history"):
            read = client.get(path)
            assert read.status_code == 200 and "Real Name Khaled" not in read.text
        ws = client.app.state.ws  # type: ignore[attr-defined]
        with ws.reading() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "reveal")).one()
        assert (entry.actor, entry.details["purpose"]) == ("coordinator", "court")


def test_a_session_cookie_planted_before_login_is_not_the_one_after(app_client: TestClient) -> None:
    app_client.cookies.set("tawthiq_session", "chosen-by-an-attacker")
    response = _login(app_client, "analyst")
    issued = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert response.status_code == 200 and len(issued) > 30 and issued != "chosen-by-an-attacker"
    attacker = TestClient(app_client.app)
    attacker.cookies.set("tawthiq_session", "chosen-by-an-attacker")
    assert attacker.get("/api/v1/me").status_code == 401


# --- replacing a second factor needs the password and a current code (issue 11) -----------------------------


def _second_factor(ws: Workspace, username: str) -> tuple[str | None, str | None]:
    """The enrolled and the pending secret of ``username``."""
    with ws.reading() as session:
        row = session.execute(select(UserSecurity.totp_secret, UserSecurity.totp_pending_secret)
                              .join(User, User.id == UserSecurity.user_id).where(User.username == username)).first()
    return (row[0], row[1]) if row else (None, None)


def test_a_token_alone_cannot_replace_a_second_factor(app_client: TestClient, web_ws: Workspace) -> None:
    bearer = {"Authorization": f"Bearer {accounts.create_token(web_ws, username='admin', name='stolen')}"}
    before = _second_factor(web_ws, "admin")
    assert app_client.post("/api/v1/me/two-factor", headers=bearer).status_code == 422  # no password at all
    refusals = [app_client.post("/api/v1/me/two-factor", json=body, headers=bearer) for body in (
        {"password": PASSWORD},  # the password without a code of the enrolled app
        {"password": PASSWORD, "code": "000000"},
        {"password": "not the password", "code": totp_code(web_ws, "admin")},
    )]
    assert [r.status_code for r in refusals] == [422, 422, 422]
    assert refusals[0].json() == refusals[1].json() == refusals[2].json()  # not saying which was wrong
    assert all("secret" not in r.text and "otpauth" not in r.text for r in refusals)
    assert _second_factor(web_ws, "admin") == before  # nothing started, nothing replaced
    started = app_client.post("/api/v1/me/two-factor", json={"password": PASSWORD, "code": totp_code(web_ws, "admin")},
                              headers=bearer)
    assert started.status_code == 200 and _second_factor(web_ws, "admin") == (before[0], started.json()["secret"])


def test_a_first_enrolment_needs_the_password(app_client: TestClient, web_ws: Workspace) -> None:
    bearer = {"Authorization": f"Bearer {accounts.create_token(web_ws, username='analyst', name='stolen')}"}
    refused = app_client.post("/api/v1/me/two-factor", json={"password": "not the password"}, headers=bearer)
    assert refused.status_code == 422 and _second_factor(web_ws, "analyst") == (None, None)
    started = app_client.post("/api/v1/me/two-factor", json={"password": PASSWORD}, headers=bearer)
    assert started.status_code == 200 and _second_factor(web_ws, "analyst") == (None, started.json()["secret"])


def test_guessing_the_password_through_the_enrolment_locks_the_account(app_client: TestClient,
                                                                       web_ws: Workspace) -> None:
    """A stolen token is no way around the lockout: wrong passwords at the enrolment count as failed logins."""
    bearer = {"Authorization": f"Bearer {accounts.create_token(web_ws, username='analyst', name='stolen')}"}
    guesses = [app_client.post("/api/v1/me/two-factor", json={"password": f"guess {n}"}, headers=bearer).status_code
               for n in range(web_ws.settings.login_attempts)]
    assert guesses == [422] * web_ws.settings.login_attempts
    assert app_client.post("/api/v1/me/two-factor", json={"password": PASSWORD}, headers=bearer).status_code == 422
    assert _login(TestClient(app_client.app), "analyst").status_code == 401  # locked: the password alone is refused
    assert _second_factor(web_ws, "analyst") == (None, None)
