"""A phone's screen (390 x 844) in a real Chromium, in English and Arabic: no page scrolls sideways, the event list
shows its results before its facets, and the map's cluster numbers sit inside their circles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded
from tests.web.test_browser import SCREENSHOTS, _log_in

WIDTH, HEIGHT = 390, 844


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def _places(ws: Workspace) -> str:
    """Events on the map, one with a long unbroken Latin title, beside the seeded ones."""
    town = create_record(ws, kind="place", data={"name": "Albu Kamal", "name_ar": "البوكمال", "feature": "city",
                                                 "latitude": 34.45, "longitude": 40.92, "confidentiality": "public"})
    for n in range(12):
        create_record(ws, kind="event", data={"title": f"Raid {n} on the bakery", "place": town["id"],
                                              "start": "2016-02", "confidentiality": "public"})
    long = create_record(ws, kind="event", data={
        "title": "Shelling_of_the_bakery_queue_near_the_Albu_Kamal_market_reported_by_several_witnesses",
        "place": town["id"], "start": "2016-02-03", "confidentiality": "public"})
    return str(long["id"])


def _no_sideways_scroll(page: Any, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENSHOTS / f"small-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name}: the page is {width} px wide"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_scrolls_sideways_on_a_phone(phone: Any, server: str, web_ws: Workspace, seeded: Seeded,
                                             language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    long = _places(web_ws)
    _log_in(phone, server, "documenter")
    if language == "ar":
        phone.click("#switch-language")
        phone.wait_for_selector("html[dir=rtl]")
    pages = {"dashboard": "/", "events": "/events", "event": f"/events/{seeded.events['public']}",
             "event-long": f"/events/{long}", "map": "/map", "records": "/records", "report-form": "/reports/new"}
    for name, path in pages.items():
        phone.goto(f"{server}{path}")
        assert phone.get_attribute("html", "lang") == language
        _no_sideways_scroll(phone, f"{language}-{name}")
    # results first, then the facets that narrow them
    phone.goto(f"{server}/events")
    results = phone.locator(".with-facets > section").bounding_box()
    facets = phone.locator(".with-facets > .facets").bounding_box()
    assert results["y"] + results["height"] <= facets["y"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_map_numbers_sit_inside_their_circles(phone: Any, server: str, web_ws: Workspace,
                                                   language: str) -> None:
    _places(web_ws)
    _log_in(phone, server, "documenter")
    if language == "ar":
        phone.click("#switch-language")
        phone.wait_for_selector("html[dir=rtl]")
    phone.goto(f"{server}/map")
    phone.wait_for_selector(".cluster-count")
    phone.wait_for_load_state("networkidle")
    phone.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")  # measured once the map stands still
    circles = phone.locator("path.event-marker")
    numbers = phone.locator(".cluster-count")
    assert circles.count() == numbers.count() >= 1
    for i in range(circles.count()):
        circle, number = circles.nth(i).bounding_box(), numbers.nth(i).bounding_box()
        middle_x, middle_y = number["x"] + number["width"] / 2, number["y"] + number["height"] / 2
        assert abs(middle_x - (circle["x"] + circle["width"] / 2)) <= 2, (language, circle, number)
        assert abs(middle_y - (circle["y"] + circle["height"] / 2)) <= 2, (language, circle, number)
        assert circle["x"] <= number["x"] and number["x"] + number["width"] <= circle["x"] + circle["width"]
    phone.screenshot(path=str(SCREENSHOTS / f"small-{language}-map-clusters.png"))


def test_an_upload_with_a_refused_file_reports_each_file_on_a_phone_in_arabic(phone: Any, server: str,
                                                                             seeded: Seeded) -> None:
    _log_in(phone, server, "documenter")
    phone.click("#switch-language")
    phone.wait_for_selector("html[dir=rtl]")
    phone.goto(f"{server}/events/new")
    phone.fill("input[name=title]", "Shelling of the bakery queue")
    phone.fill("input[name=start]", "2016-02-03")
    phone.click("form.record button[type=submit]")
    phone.wait_for_selector("form.upload")
    phone.set_input_files("input[name=files]", files=[
        {"name": "statement-of-the-baker.txt", "mimeType": "text/plain", "buffer": b"I saw the shelling at dawn."},
        {"name": "empty.jpg", "mimeType": "image/jpeg", "buffer": b""},
    ])
    phone.click("form.upload button[type=submit]")
    phone.wait_for_selector("#upload-summary")
    summary = phone.inner_text("#upload-summary")
    assert "حُفظ ملف واحد." in summary and "رُفض ملف واحد." in summary and "لم يُحفظ شيء" not in summary
    assert phone.locator("tr.stored").count() == 1 and phone.locator("tr.refused").count() == 1
    _no_sideways_scroll(phone, "ar-upload-outcomes")
