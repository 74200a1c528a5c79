"""The publication pages (issue 15 §1) for the roles that publish: the profiles (settings shown readably, versions,
a form that saves the next version or names each bad key and keeps what was typed), and the withheld log (runs, and
one run's entries grouped by reason, explained, with links to the records the reader may read). Others get 403 and
no menu link."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tawthiq.config import Settings
from tawthiq.services.publishing.collect import collect
from tawthiq.services.publishing.profiles import builtin_profiles, profile_data
from tawthiq.services.publishing.withheld import record_run
from tawthiq.services.records.store import create_record, delete_record
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tests.support import OWNER
from tests.web.conftest import Seeded, login
from tests.web.test_browser import SCREENSHOTS
from tests.web.test_browser_more import _log_in_with_code

ROUTES = ("/publication/profiles", "/publication/profiles/public", "/publication/log")


def _textarea(page: str) -> str:
    found = re.search(r'<textarea name="profile"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no profile form"
    return html.unescape(found.group(1))


def _arabic(client: TestClient, csrf: str) -> None:
    assert client.post("/language", data={"csrf": csrf, "language": "ar"}, follow_redirects=False).status_code == 303


def test_a_coordinator_reads_the_profiles_and_their_settings(app_client: TestClient) -> None:
    csrf = login(app_client, "coordinator")
    listing = app_client.get("/publication/profiles")
    assert listing.status_code == 200
    for name in builtin_profiles():
        assert f'href="/publication/profiles/{name}"' in listing.text
    assert re.search(r'id="profile-public">.*?<td class="num">1</td>\s*<td>built-in</td>', listing.text, re.S)

    page = app_client.get("/publication/profiles/public").text
    public = builtin_profiles()["public"]
    settings = page.split('id="profile-settings"')[1].split("</table>")[0]
    assert "Minimum status</th><td>corroborated" in settings
    assert "Pseudonyms only, of sources that consented to publication" in settings
    assert "Grades counted in headline totals</th><td>confirmed, fair" in settings
    assert "<samp>pseudonym</samp>" in settings.split('id="fields-source"')[1].split("</tr>")[0]
    sensitive = settings.split("Sensitive violation types")[1].split("</tr>")[0]
    assert '<bdi title="torture">Torture</bdi>' in sensitive  # in words; the code (the form's) on hover
    assert json.loads(_textarea(page)) == profile_data(public)  # the form starts from the current version
    assert 'id="version-1"' in page

    _arabic(app_client, csrf)
    arabic = app_client.get("/publication/profiles/public").text
    assert "أدنى حالة تحقق</th><td>مدعوم بمصادر" in arabic and "الأسماء المستعارة فقط" in arabic
    assert '<bdi title="torture">التعذيب</bdi>' in arabic


def test_saving_the_form_makes_the_next_version_and_keeps_the_earlier(app_client: TestClient) -> None:
    csrf = login(app_client, "admin")
    data = json.loads(_textarea(app_client.get("/publication/profiles/public").text))
    data["title_en"], data["date_level"] = "Monthly public release", "month"
    saved = app_client.post("/publication/profiles/public", data={"csrf": csrf, "profile": json.dumps(data)},
                            follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/publication/profiles/public"
    page = app_client.get("/publication/profiles/public").text
    assert "Version 2" in page and 'id="version-1"' in page and 'id="version-2"' in page
    assert "Finest date published</th><td>month" in page and "Monthly public release" in page
    older = app_client.get("/publication/profiles/public?version=1").text
    assert "Finest date published</th><td>day" in older and "Current version: 2" in older
    listing = app_client.get("/publication/profiles").text
    assert re.search(r'id="profile-public">.*?<td class="num">2</td>\s*<td>saved</td>', listing, re.S)


def test_a_saved_profile_is_deleted_and_restored_from_its_page(app_client: TestClient) -> None:
    csrf = login(app_client, "coordinator")
    data = {**profile_data(builtin_profiles()["minimal"]), "name": "quarterly", "title_en": "Quarterly"}
    app_client.post("/publication/profiles/quarterly", data={"csrf": csrf, "profile": json.dumps(data)})
    page = app_client.get("/publication/profiles/quarterly").text
    assert 'id="delete-profile"' in page and 'id="restore-profile"' not in page
    refused = app_client.post("/publication/profiles/quarterly/delete", data={"csrf": csrf, "reason": " "})
    assert refused.status_code == 422 and "deleting or restoring a profile needs a reason" in refused.text
    deleted = app_client.post("/publication/profiles/quarterly/delete", data={"csrf": csrf, "reason": "merged"},
                              follow_redirects=False)
    assert deleted.status_code == 303
    page = app_client.get("/publication/profiles/quarterly").text
    assert "This saved profile is deleted: merged" in page and 'id="restore-profile"' in page
    assert "deleted: merged" in page and 'id="delete-profile"' not in page
    assert "Quarterly" in page  # the keys it gets back are shown
    restored = app_client.post("/publication/profiles/quarterly/restore", data={"csrf": csrf, "reason": "needed"},
                               follow_redirects=False)
    assert restored.status_code == 303
    page = app_client.get("/publication/profiles/quarterly").text
    assert "Version 3" in page and 'id="profile-deleted"' not in page
    assert 'id="delete-profile"' not in app_client.get("/publication/profiles/public").text  # built-in: no delete


def test_a_bad_profile_is_refused_by_key_in_both_languages_keeping_what_was_typed(app_client: TestClient) -> None:
    csrf = login(app_client, "coordinator")
    data = json.loads(_textarea(app_client.get("/publication/profiles/public").text))
    data["fields"]["source"] = ["pseudonym", "name"]  # a source's identity may never leave
    data["evidence"] = "originals"
    typed = json.dumps(data, indent=1)
    refused = app_client.post("/publication/profiles/public", data={"csrf": csrf, "profile": typed})
    assert refused.status_code == 422
    problems = refused.text.split('class="problems"')[1].split("</div>")[0]
    assert "<strong>fields.source</strong>" in problems and "may never be published" in problems
    assert "<strong>evidence</strong>" in problems and "must be one of none, stripped, blurred" in problems
    assert _textarea(refused.text) == typed
    broken = app_client.post("/publication/profiles/public", data={"csrf": csrf, "profile": '{"name": "public",'})
    assert broken.status_code == 422
    assert "<strong>profile</strong>" in broken.text and "is not valid JSON" in broken.text
    assert _textarea(broken.text) == '{"name": "public",'

    _arabic(app_client, csrf)
    arabic = app_client.post("/publication/profiles/public", data={"csrf": csrf, "profile": typed})
    assert arabic.status_code == 422 and "لا يجوز نشره أبداً" in arabic.text
    page = app_client.get("/publication/profiles/public").text
    assert 'id="version-2"' not in page  # nothing was saved


def test_the_withheld_log_lists_runs_and_explains_one_runs_entries_by_reason(app_client: TestClient, web_ws: Workspace,
                                                                             seeded: Seeded) -> None:
    verified = create_record(web_ws, kind="event", data={"title": "Shelling of the market", "start": "2015-07-14",
                                                         "status": "verified", "confidentiality": "public"})["id"]
    pset = collect(web_ws, OWNER, profile="public")
    run = record_run(web_ws, OWNER, pset, kind="site", out="/media/usb/site")
    delete_record(web_ws, kind="event", ident=seeded.events["public"], reason="a duplicate")

    csrf = login(app_client, "coordinator")
    runs = app_client.get("/publication/log").text
    row = runs.split(f'id="run-{run}"')[1].split("</li>")[0]
    assert f'href="/publication/log/{run}"' in row and "Public site and open data" in row and "/media/usb/site" in row
    assert "<bdi>owner</bdi>" in row and "Incidents: 1" in row and f"Held back: {len(pset.withheld)}" in row

    page = app_client.get(f"/publication/log/{run[:8]}").text  # a unique prefix, as on the command line
    not_public = page.split('id="reason-not-public"')[1].split("</section>")[0]
    assert "Its confidentiality (or that of the record it belongs to) is above public." in not_public
    assert f'href="/events/{seeded.events["restricted"]}"' in not_public  # the coordinator may read it
    not_verified = page.split('id="reason-not-verified"')[1].split("</section>")[0]
    assert "below the profile&#39;s minimum" in not_verified
    assert seeded.events["public"] in not_verified and f'href="/events/{seeded.events["public"]}"' not in not_verified
    assert verified not in page  # published, not held back

    _arabic(app_client, csrf)
    arabic = app_client.get(f"/publication/log/{run}").text
    assert "سريّته (أو سريّة السجل الذي يتبع له) أعلى من «عام»." in arabic and "الموقع العام والبيانات المفتوحة" in arabic
    assert app_client.get("/publication/log/no-such-run").status_code == 404


@pytest.mark.parametrize("role", ["documenter", "analyst", "viewer"])
def test_roles_that_may_not_publish_get_403_and_no_menu_link(app_client: TestClient, role: str) -> None:
    login(app_client, role)
    assert {route: app_client.get(route).status_code for route in ROUTES} == dict.fromkeys(ROUTES, 403)
    assert 'href="/publication/profiles"' not in app_client.get("/").text


def test_the_menu_offers_the_publication_pages_to_publishers(app_client: TestClient) -> None:
    login(app_client, "coordinator")
    home = app_client.get("/").text
    assert 'href="/publication/profiles"' in home and 'href="/publication/log"' in home


def test_the_publication_pages_fit_a_phone_in_arabic(browser: Any, server: str, web_ws: Workspace) -> None:
    """At 390 px in Arabic nothing scrolls sideways; saved as build/screenshots/publication-*.png to be looked at."""
    pset = collect(web_ws, OWNER, profile="public")
    run = record_run(web_ws, OWNER, pset, kind="report", out="/home/coordinator/reports/2015-07-ar.pdf")
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _log_in_with_code(page, server, web_ws, "coordinator")
        page.goto(f"{server}/")
        page.click("#switch-language")
        page.wait_for_selector("html[dir=rtl]")
        page.click("header #publication-menu")  # from the menu
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, path in (("profiles", "/publication/profiles"), ("profile", "/publication/profiles/public"),
                           ("log", "/publication/log"), ("run", f"/publication/log/{run}")):
            page.goto(f"{server}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(SCREENSHOTS / f"publication-{name}-ar-390.png"), full_page=True)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"{path} is {wide} px wide"
            assert page.locator("html").get_attribute("dir") == "rtl"
        assert "سريّته" in page.locator("#reason-not-public").inner_text()
    finally:
        context.close()


def test_the_reports_from_the_web_name_the_organisation_of_the_settings(web_settings: Settings, web_ws: Workspace,
                                                                         tmp_path: Path) -> None:
    create_record(web_ws, kind="event", data={"title": "Shelling of the market", "start": "2015-07-14",
                                              "status": "verified", "confidentiality": "public"})
    named = web_settings.model_copy(update={"organisation": "Syrians for Truth and Justice",
                                            "organisation_ar": "سوريون من أجل الحقيقة والعدالة"})
    with TestClient(create_app(named)) as client:
        login(client, "coordinator")
        answer = client.get("/reports/monthly?month=2015-07&lang=ar")
    assert answer.status_code == 200
    (tmp_path / "report.pdf").write_bytes(answer.content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-l", "1", str(tmp_path / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).splitlines()[0].strip() == "سوريون من أجل الحقيقة والعدالة"
