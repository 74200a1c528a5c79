"""The pages of protection: enrolling an authenticator app, ending a user's sessions, revealing an identity."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.config import Settings
from tawthiq.db.models import AuditEntry
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tests.web.conftest import PASSWORD, Seeded, login, totp_code


def _audit(ws: Workspace, action: str) -> list[AuditEntry]:
    with ws.reading() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_user_enrols_an_authenticator_app_on_the_page_and_needs_codes_from_then_on(app_client: TestClient) -> None:
    csrf = login(app_client, "analyst")
    assert "No authenticator app is enrolled" in app_client.get("/me/two-factor").text
    started = app_client.post("/me/two-factor", data={"csrf": csrf, "password": PASSWORD})
    assert started.status_code == 200
    secret = re.search(r'<code id="secret">([A-Z2-7]+)</code>', started.text)
    uri = re.search(r'<code id="otpauth-uri">([^<]+)</code>', started.text)
    assert (
        secret and uri and unescape(uri.group(1)).startswith("otpauth://totp/Tawthiq:analyst?secret=" + secret.group(1))
    )
    assert 'src="data:image/svg+xml' in started.text  # the QR code, drawn by the server: no script, no network
    wrong = app_client.post("/me/two-factor/confirm", data={"csrf": csrf, "code": "000000"})
    assert wrong.status_code == 422 and "not confirmed yet" in wrong.text
    fresh = TestClient(app_client.app)
    assert fresh.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}).status_code == 200
    confirmed = app_client.post("/me/two-factor/confirm",
                                data={"csrf": csrf, "code": pyotp.TOTP(secret.group(1)).now()},
                                follow_redirects=False)
    assert confirmed.status_code == 303
    assert "Your authenticator app is enrolled" in app_client.get("/me/two-factor").text
    assert fresh.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}).status_code == 401


def test_the_enrolment_page_speaks_arabic(app_client: TestClient) -> None:
    csrf = login(app_client, "analyst")
    app_client.post("/language", data={"csrf": csrf, "language": "ar"})
    page = app_client.get("/me/two-factor").text
    assert 'dir="rtl"' in page and "الدخول بعاملين" in page and "No authenticator app" not in page


def test_an_admin_ends_every_session_of_a_user_from_the_sessions_page(app_client: TestClient,
                                                                      web_ws: Workspace) -> None:
    analyst = TestClient(app_client.app)
    login(analyst, "analyst")
    assert analyst.get("/events").status_code == 200
    csrf = login(app_client, "admin")
    page = app_client.get("/admin/sessions")
    assert page.status_code == 200 and 'action="/admin/users/analyst/revoke-sessions"' in page.text
    done = app_client.post("/admin/users/analyst/revoke-sessions", data={"csrf": csrf})
    assert done.status_code == 200 and 'id="revoked"' in done.text
    assert analyst.get("/events", follow_redirects=False).status_code == 303  # to the login page
    assert [e.actor for e in _audit(web_ws, "sessions-revoke")] == ["admin"]


def test_a_coordinator_reveals_an_identity_on_the_page_with_a_recorded_purpose(
        web_settings: Settings, _seeded_template: tuple[Path, Seeded], seeded: Seeded) -> None:
    template = _seeded_template[0]
    # the server holds the key
    shutil.copy(template.with_name(template.name + ".key"), web_settings.resolved_key_file())
    with TestClient(create_app(web_settings)) as client:
        ws = client.app.state.ws  # type: ignore[attr-defined]
        analyst = TestClient(client.app)
        token = login(analyst, "analyst")
        for refused in (analyst.get(f"/reveal/source/{seeded.source}"),
                        analyst.post(f"/reveal/source/{seeded.source}", data={"csrf": token, "purpose": "curious"})):
            assert refused.status_code == 403 and "Real Name Khaled" not in refused.text
        csrf = login(client, "coordinator")
        form = client.get(f"/reveal/source/{seeded.source}")
        assert form.status_code == 200 and "Abu Khaled" in form.text and "Real Name Khaled" not in form.text
        no_purpose = client.post(f"/reveal/source/{seeded.source}", data={"csrf": csrf, "purpose": "  "})
        assert no_purpose.status_code == 422 and "Real Name Khaled" not in no_purpose.text
        assert _audit(ws, "reveal") == []
        shown = client.post(f"/reveal/source/{seeded.source}", data={"csrf": csrf, "purpose": "request of the IIIM"})
        assert shown.status_code == 200 and "Real Name Khaled" in shown.text
        assert shown.headers["cache-control"] == "no-store"
        assert [(e.actor, e.details["purpose"]) for e in _audit(ws, "reveal")] == [("coordinator",
                                                                                    "request of the IIIM")]
        with ws.reading() as session:  # the audit log names the record and the purpose, never the identity
            assert not any("Real Name Khaled" in str(e.details) for e in session.scalars(select(AuditEntry)))


def test_a_session_alone_cannot_replace_the_enrolled_app_on_the_page(app_client: TestClient, web_ws: Workspace) -> None:
    csrf = login(app_client, "admin")
    form = app_client.get("/me/two-factor").text
    assert 'name="password"' in form and 'name="code"' in form  # enrolled: the password and a current code
    for data in ({}, {"password": PASSWORD}, {"password": "not the password", "code": totp_code(web_ws, "admin")}):
        refused = app_client.post("/me/two-factor", data={"csrf": csrf, **data})
        assert refused.status_code == 422 and 'id="secret"' not in refused.text and "otpauth" not in refused.text
        assert "one of them was wrong or missing" in refused.text
    started = app_client.post("/me/two-factor",
                              data={"csrf": csrf, "password": PASSWORD, "code": totp_code(web_ws, "admin")})
    assert started.status_code == 200 and 'id="secret"' in started.text


def test_the_proof_asked_on_the_enrolment_page_speaks_arabic(app_client: TestClient) -> None:
    csrf = login(app_client, "analyst")
    app_client.post("/language", data={"csrf": csrf, "language": "ar"})
    page = app_client.get("/me/two-factor").text
    assert "أدخل كلمة المرور للبدء" in page and 'name="password"' in page and 'name="code"' not in page
