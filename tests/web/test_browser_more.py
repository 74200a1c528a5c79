"""More pages in headless Chromium: the map offline, type-ahead pickers, drag and drop, the admin pages, linkage
review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tawthiq.services.linkage.victim_lists import import_person_list
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER
from tests.web.conftest import PASSWORD, Seeded, totp_code
from tests.web.test_browser import _log_in, _shot
from tests.web.test_linkage_pages import VICTIMS, write_victims


def _log_in_with_code(page: Any, base: str, ws: Workspace, username: str) -> None:
    """Log the browser in through the API (with the two-factor code coordinators need): the cookie is shared."""
    response = page.request.post(f"{base}/api/v1/auth/login", data={
        "username": username, "password": PASSWORD, "code": totp_code(ws, username)})
    assert response.ok, response.text()


def test_the_map_renders_markers_with_no_internet(page: Any, server: str, web_ws: Workspace) -> None:
    town = create_record(web_ws, kind="place", data={"name": "Albu Kamal", "latitude": 34.45, "longitude": 40.92})
    for n in range(3):
        create_record(web_ws, kind="event", data={"title": f"Raid {n} on the bakery", "place": town["id"],
                                                  "confidentiality": "public"})
    outside: list[str] = []

    def only_loopback(route: Any) -> None:  # the browser is offline: anything not from our server fails
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    _log_in(page, server, "viewer")
    page.goto(f"{server}/map?q=bakery")
    page.wait_for_selector("path.event-marker")
    page.wait_for_selector("path.country", state="attached")  # the Natural Earth base layer, served by the app
    assert page.locator("path.country").count() > 100
    assert page.locator(".cluster-count").first.inner_text() == "3"
    page.locator("path.event-marker").first.click(force=True)
    popup = page.wait_for_selector(".leaflet-popup-content")
    assert "Raid 0 on the bakery" in popup.inner_text()
    _shot(page, "map")
    assert outside == []


def test_a_victim_is_picked_by_typing_the_name_in_arabic(page: Any, server: str, seeded: Seeded,
                                                        web_ws: Workspace) -> None:
    _log_in_with_code(page, server, web_ws, "coordinator")
    page.goto(f"{server}/events/{seeded.events['internal']}")
    page.click("a:has-text('Add a victim')")
    page.fill("input.pick-search", "الحسن")  # the person is written "Ahmad al-Hasan"
    choice = page.wait_for_selector("ul.choices li")
    assert "Ahmad al-Hasan" in choice.inner_text()
    choice.click()
    assert page.input_value("input[name=person]") == seeded.person
    _shot(page, "picker")
    page.click("form#record-form button[type=submit]")
    page.wait_for_url(f"{server}/events/{seeded.events['internal']}")
    assert "Ahmad al-Hasan" in page.locator("article.act").inner_text()


def test_several_files_dropped_on_an_event_are_uploaded(page: Any, server: str, seeded: Seeded,
                                                       web_ws: Workspace) -> None:
    _log_in_with_code(page, server, web_ws, "coordinator")
    page.goto(f"{server}/events/{seeded.events['public']}")
    zone = page.wait_for_selector(".dropzone")
    # what a drop from the file manager delivers: a DataTransfer holding the files
    drop = page.evaluate_handle("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["first statement"], "first.txt", {type: "text/plain"}));
        data.items.add(new File(["second statement"], "second.txt", {type: "text/plain"}));
        return data;
    }""")
    zone.dispatch_event("drop", {"dataTransfer": drop})
    page.wait_for_selector("a:has-text('second.txt')")
    assert page.locator("a:has-text('first.txt')").count() == 1
    _shot(page, "dropped-files")


def test_two_spellings_of_one_victim_are_matched_compared_merged_and_unmerged(page: Any, server: str,
                                                                              web_ws: Workspace,
                                                                              tmp_path: Path) -> None:
    # Arabic and Latin script
    import_person_list(web_ws, OWNER, path=write_victims(tmp_path / "victims.csv", VICTIMS[:2]))
    _log_in_with_code(page, server, web_ws, "coordinator")
    page.goto(f"{server}/")
    page.click("a[href='/linkage/review']")
    page.click("#find-matches")
    assert "Clusters found: 1." in page.wait_for_selector("#run-summary").inner_text()
    page.click("table.queue tr:has-text('محمد خالد الأحمد') a:has-text('Compare')")
    table = page.wait_for_selector("table.side-by-side")
    assert "محمد خالد الأحمد" in table.inner_text() and "Al-Ahmad" in table.inner_text()
    assert page.get_attribute("tr[data-field=death_date]", "class") == "agree"
    _shot(page, "linkage-pair")
    page.fill("textarea[name=note]", "same father, day and place")
    with page.expect_navigation():
        page.click("#accept")
    page.goto(f"{server}/linkage/merges")
    merge = page.wait_for_selector("table.merges tr.active")
    assert "same father, day and place" in merge.inner_text() and "Mohammad Khaled Al-Ahmad" in merge.inner_text()
    _shot(page, "linkage-merges")
    page.fill("table.merges tr.active input[name=reason]", "different mothers")
    page.click("table.merges tr.active button[type=submit]")
    undone = page.wait_for_selector("table.merges tr.undone")
    assert "different mothers" in undone.inner_text() and page.locator("table.merges tr.active").count() == 0


def test_a_place_name_is_drawn_on_the_map_as_text_never_as_html(page: Any, server: str, web_ws: Workspace) -> None:
    create_record(web_ws, kind="place", data={"name": "<b>Bold</b> <img src=x>", "name_ar": "<b>Bold</b> <img src=x>",
                                              "feature": "governorate", "latitude": 35.0, "longitude": 38.0,
                                              "confidentiality": "public"})
    _log_in(page, server, "viewer")
    page.goto(f"{server}/map")
    label = page.wait_for_selector(".area-label:has-text('Bold')")
    assert label.inner_text() == "<b>Bold</b> <img src=x>"
    assert page.locator(".area-label b").count() == 0 and page.locator(".area-label img").count() == 0
