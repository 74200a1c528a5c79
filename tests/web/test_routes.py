"""Pages and API through the app factory, on a real SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tawthiq.config import Settings
from tawthiq.db.models import Event
from tawthiq.domain.fields import COMMON, Widget
from tawthiq.domain.kinds import KINDS
from tawthiq.services.accounts import users as accounts
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tests.web.conftest import PASSWORD, Seeded, login, totp_code

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "web" / "templates"
CATALOG = Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "web" / "locales" / "ar.json"


def _form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def _form_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    page = client.get("/login")
    response = client.post("/login", data={"username": username, "password": password, "csrf": _form_csrf(page.text),
                                           "next": "/events", "code": totp_code(client.app.state.ws, username) or ""},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return _form_csrf(client.get("/").text)


def _count_events(ws: Workspace) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def test_pages_send_a_stranger_to_the_login_page(app_client: TestClient) -> None:
    response = app_client.get("/events?q=market&status=verified", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/events%3Fq%3Dmarket%26status%3Dverified"
    assert (
        'name="next" value="/events?q=market&amp;status=verified"' in app_client.get(response.headers["location"]).text
    )
    assert app_client.get("/api/v1/events").status_code == 401


def test_form_login_sets_a_secure_session_cookie_and_lands_on_the_asked_page(app_client: TestClient) -> None:
    page = app_client.get("/login")
    response = app_client.post("/login", data={"username": "analyst", "password": PASSWORD,
                                               "csrf": _form_csrf(page.text), "next": "/events"},
                               follow_redirects=False)
    assert response.headers["location"] == "/events"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("tawthiq_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert "Shelling of the internal market" in app_client.get("/events").text


def test_login_refuses_an_outside_redirect_and_a_form_without_its_token(app_client: TestClient) -> None:
    page = app_client.get("/login")
    response = app_client.post("/login", data={"username": "viewer", "password": PASSWORD,
                                               "csrf": _form_csrf(page.text), "next": "//evil.example/"},
                               follow_redirects=False)
    assert response.headers["location"] == "/"
    fresh = TestClient(app_client.app)
    refused = fresh.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf": "forged"},
                         follow_redirects=False)
    assert refused.status_code == 400 and "tawthiq_session" not in fresh.cookies


def test_secure_cookies_setting_marks_the_session_cookie_secure(web_settings: Settings, seeded: Seeded) -> None:
    with TestClient(create_app(web_settings.model_copy(update={"secure_cookies": True}))) as client:
        response = client.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert "Secure" in response.headers["set-cookie"]


def test_repeated_wrong_passwords_are_slowed_down_even_with_the_right_one(web_settings: Settings,
                                                                          seeded: Seeded) -> None:
    with TestClient(create_app(web_settings.model_copy(update={"login_attempts": 3}))) as client:
        codes = [client.post("/api/v1/auth/login", json={"username": "admin", "password": f"wrong{i}"}).status_code
                 for i in range(3)]
        blocked = client.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
    assert codes == [401, 401, 401]
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_writes_by_session_cookie_need_the_csrf_token(app_client: TestClient, web_ws: Workspace) -> None:
    token = login(app_client, "coordinator")
    before = _count_events(web_ws)
    refused = app_client.post("/api/v1/events", json={"title": "Raid"})
    forged_form = app_client.post("/events", data={"csrf": "forged", "title": "Raid"})
    assert refused.status_code == 403 and forged_form.status_code == 422
    assert _count_events(web_ws) == before
    created = app_client.post("/api/v1/events", json={"title": "Raid", "start": "2016-03"},
                              headers={"X-CSRF-Token": token})
    assert created.status_code == 201 and created.json()["created_by"] == "coordinator"
    assert _count_events(web_ws) == before + 1


def test_bearer_token_works_without_csrf_and_a_wrong_one_does_not(app_client: TestClient, web_ws: Workspace) -> None:
    token = accounts.create_token(web_ws, username="documenter")
    headers = {"Authorization": f"Bearer {token}"}
    assert app_client.get("/api/v1/me", headers=headers).json()["role"] == "documenter"
    created = app_client.post("/api/v1/events", json={"title": "Arrests at the checkpoint"}, headers=headers)
    assert created.status_code == 201
    assert app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}x"}).status_code == 401


def test_event_with_its_first_act_is_created_from_the_form(both_client: TestClient) -> None:
    csrf = _form_login(both_client, "documenter")
    response = both_client.post("/events", data={
        "csrf": csrf, "title": "Barrel bomb on the bakery", "start": "2016-02-03", "status": "unverified",
        "confidentiality": "internal", "act_type": "indiscriminate-attack", "act_killed": "7"}, follow_redirects=False)
    assert response.status_code == 303
    page = both_client.get(response.headers["location"]).text
    assert "Barrel bomb on the bakery" in page and "Indiscriminate attack" in page and "7" in page


def test_bad_input_is_named_in_the_users_language_and_nothing_is_stored(app_client: TestClient,
                                                                        web_ws: Workspace) -> None:
    csrf = _form_login(app_client, "coordinator")
    before = _count_events(web_ws)
    response = app_client.post("/events", data={"csrf": csrf, "title": "Half written", "start": "2016-13-45",
                                                "act_type": "not-a-violation"})
    assert response.status_code == 422
    # each named by its label (the first act's type as the act's field)
    assert "<strong>Start</strong>" in response.text and "<strong>Violation type</strong>" in response.text
    assert 'value="Half written"' in response.text  # the form keeps what was typed
    api = app_client.post("/api/v1/acts", json={"event": "nope", "type": "indiscriminate-attack", "killed": -1},
                          headers={"X-CSRF-Token": csrf})
    assert api.status_code == 422 and api.json()["problems"]
    assert _count_events(web_ws) == before
    app_client.post("/language", data={"csrf": csrf, "language": "ar"})
    arabic = app_client.post("/events", data={"csrf": csrf, "title": "x", "start": "2016-13-45"})
    assert "لم يُحفظ شيء" in arabic.text


def test_script_in_a_title_is_shown_as_text(app_client: TestClient) -> None:
    token = login(app_client, "admin")
    created = app_client.post("/api/v1/events", json={"title": "<script>alert(1)</script>"},
                              headers={"X-CSRF-Token": token})
    page = app_client.get(f"/events/{created.json()['id']}")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_switching_to_arabic_lays_the_page_out_right_to_left(app_client: TestClient) -> None:
    csrf = _form_login(app_client, "analyst")
    assert 'dir="ltr"' in app_client.get("/").text
    app_client.post("/language", data={"csrf": csrf, "language": "ar", "next": "/events"}, follow_redirects=False)
    page = app_client.get("/").text
    assert 'dir="rtl"' in page and 'lang="ar"' in page and "الأحداث" in page
    assert app_client.get("/api/v1/me").json()["language"] == "ar"


def test_edits_keep_the_previous_version_in_the_history(app_client: TestClient, seeded: Seeded) -> None:
    csrf = _form_login(app_client, "coordinator")
    event = seeded.events["internal"]
    app_client.post(f"/events/{event}", data={"csrf": csrf, "title": "Shelling of the old market",
                                              "start": "2015-07-14", "status": "corroborated",
                                              "confidentiality": "internal"})
    history = app_client.get(f"/events/{event}/history").text
    assert "Shelling of the internal market" in history and "Shelling of the old market" in history
    assert "coordinator" in history


def test_logout_ends_the_session(app_client: TestClient) -> None:
    csrf = _form_login(app_client, "viewer")
    cookie = app_client.cookies["tawthiq_session"]
    app_client.post("/logout", data={"csrf": csrf})
    again = TestClient(app_client.app, cookies={"tawthiq_session": cookie})
    assert again.get("/api/v1/me").status_code == 401


def test_dashboard_counts_only_what_the_role_may_read(both_client: TestClient) -> None:
    login(both_client, "viewer")
    assert both_client.get("/api/v1/dashboard").json()["events"] == 1
    login(both_client, "coordinator")
    board = both_client.get("/api/v1/dashboard").json()
    assert board["events"] == 3 and board["by_month"] == [["2015-07", 3]]
    assert board["by_type"][0][2] == 3
    token = login(both_client, "coordinator")
    both_client.post("/api/v1/events", json={"title": "Raid", "start": "2015-08-01"}, headers={"X-CSRF-Token": token})
    after = both_client.get("/api/v1/dashboard").json()  # a write makes the kept counts stale
    assert after["events"] == 4 and after["by_month"] == [["2015-07", 3], ["2015-08", 1]]


def test_openapi_schema_covers_the_api_operations(app_client: TestClient) -> None:
    schema = app_client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/auth/login", "/api/v1/events", "/api/v1/events/{ident}", "/api/v1/acts", "/api/v1/search",
                 "/api/v1/records/{kind}/{ident}"):
        assert path in schema["paths"], path
    assert not any(p.startswith("/events") for p in schema["paths"])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_dates_and_numbers_follow_the_language(app_client: TestClient, seeded: Seeded, language: str) -> None:
    csrf = _form_login(app_client, "admin")
    app_client.post("/language", data={"csrf": csrf, "language": language})
    page = app_client.get(f"/events/{seeded.events['public']}").text
    assert ("July 14, 2015" in page) is (language == "en")
    assert ("تموز" in page) is (language == "ar")  # the Levantine month names, the Syrian default


def test_every_template_string_has_an_arabic_translation() -> None:
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r'_\("([^"]+)"', template.read_text(encoding="utf-8")))
        used |= set(re.findall(r"_\('([^']+)'", template.read_text(encoding="utf-8")))
    pages = (TEMPLATES.parent / "pages.py").read_text(encoding="utf-8")
    used |= set(re.findall(r'again\(\d+, "([^"]+)"\)', pages))
    for kind in KINDS.values():  # kinds and values of fixed scales (field labels and help are bilingual already)
        used |= {kind.name} | {c for f in (*kind.fields, *COMMON) if f.widget is Widget.CHOICE for c in f.choices}
    missing = sorted(used - set(catalog))
    assert len(used) > 40 and missing == []


def test_a_fresh_data_directory_gets_an_admin_with_a_private_generated_password(ws: Workspace) -> None:
    path = accounts.ensure_first_admin(ws)
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    username, password, secret, _uri = path.read_text().splitlines()  # admins log in with a second factor
    code = pyotp.TOTP(secret.removeprefix("two-factor secret: ")).now()
    assert accounts.authenticate(ws, username=username, password=password, code=code).role.value == "admin"
    assert accounts.ensure_first_admin(ws) is None  # users exist: nothing new
    assert len(password) >= 20


def test_timeline_counts_the_filtered_events_by_month_with_empty_months_between(app_client: TestClient) -> None:
    token = login(app_client, "coordinator")
    for start in ("2015-09-02", "2015-09-20"):
        app_client.post("/api/v1/events", json={"title": "Raid on the bakery", "start": start},
                        headers={"X-CSRF-Token": token})
    page = app_client.get("/timeline?q=bakery").text
    rows = re.findall(r"data-period=\"(\d{4}-\d{2})\"><td><a [^>]*>September 2015</a></td><td class=\"bar\">"
                      r"<meter min=\"0\" max=\"(\d+)\" value=\"(\d+)\"", page)
    assert rows == [("2015-09", "2", "2")]
    everything = re.findall(r"data-period=\"(\d{4}-\d{2})\"", app_client.get("/timeline").text)
    assert everything == ["2015-07", "2015-08", "2015-09"]


def test_the_events_list_pages_through_every_match(app_client: TestClient, web_ws: Workspace) -> None:
    from tawthiq.services.records.store import create_record
    from tawthiq.web.pages import PAGE_SIZE

    for n in range(PAGE_SIZE + 3):
        create_record(web_ws, kind="event", data={"title": f"Shelling of the bakery, day {n}", "start": "2016-02-01",
                                                  "confidentiality": "public"})
    login(app_client, "viewer")
    first = app_client.get("/events?q=bakery").text
    assert (
        "Page 1 of 2" in first
        and 'rel="next" href="/events?q=bakery&amp;page=2"' in first
        and 'rel="prev"' not in first
    )
    second = app_client.get("/events?q=bakery&page=2").text
    titles = set(re.findall(r"Shelling of the bakery, day \d+", first)) | set(
        re.findall(r"Shelling of the bakery, day \d+", second)
    )
    assert "Page 2 of 2" in second and 'rel="prev"' in second and len(titles) == PAGE_SIZE + 3
    assert app_client.get("/events?page=0").status_code == 422
