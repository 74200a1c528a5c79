"""The pages in a real headless Chromium (Debian's package), driven by Playwright, against a server on loopback."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from tests.conftest import SAMPLES
from tests.web.conftest import PASSWORD, Seeded

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
SAMPLE = (SAMPLES / "albu-kamal-internet-cut.txt").read_text(encoding="utf-8")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_log_in_create_an_event_with_an_act_and_read_it_in_arabic(page: Any, server: str) -> None:
    _log_in(page, server, "documenter")
    _shot(page, "dashboard")
    page.click("a[href='/events/new']")
    page.fill("input[name=title]", "Shelling of the bakery queue")
    page.fill("input[name=start]", "2016-02-03")
    page.fill("input[name=place_text]", "البوكمال")
    page.select_option("select[name=act_type]", "indiscriminate-attack")
    page.fill("input[name=act_killed]", "6")
    _shot(page, "event-form")
    page.click("form.record button[type=submit]")
    page.wait_for_selector("h1:has-text('Shelling of the bakery queue')")
    assert page.locator("article.act").count() == 1
    assert "6" in page.locator("article.act").inner_text()
    page.set_input_files("input[name=files]", files=[{"name": "bakery.png", "mimeType": "image/png", "buffer": _png()}])
    page.click("form.upload button[type=submit]")
    page.click("a:has-text('bakery.png')")
    image = page.wait_for_selector(".viewer img")
    assert page.evaluate("(img) => img.naturalWidth", image) == 8  # the stored photo is served and decodes
    _shot(page, "evidence")
    page.go_back()
    _shot(page, "event")
    page.click("#switch-language")
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "lang") == "ar"
    assert "الأفعال" in page.content()
    # right-to-left is laid out, not only declared: the brand sits on the right of the header
    brand = page.locator("a.brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    _shot(page, "event-ar")
    page.goto(f"{server}/events")
    assert "Shelling of the bakery queue" in page.content()
    _shot(page, "events-ar")


def test_a_viewer_cannot_open_a_restricted_record_by_list_url_or_api(page: Any, server: str, seeded: Seeded) -> None:
    _log_in(page, server, "viewer")
    page.goto(f"{server}/events")
    listed = page.content()
    assert "Shelling of the public market" in listed and "Shelling of the restricted market" not in listed
    response = page.goto(f"{server}/events/{seeded.events['restricted']}")
    assert response.status == 404 and "restricted market" not in page.content()
    _shot(page, "viewer-restricted-404")
    api = page.request.get(f"{server}/api/v1/events/{seeded.events['restricted']}")
    assert api.status == 404
    search = page.request.get(f"{server}/api/v1/search?q=restricted").json()
    assert search["total"] == 0
    # Arabic letters find the record written in Latin letters ("Albu Kamal")
    page.goto(f"{server}/events")
    page.fill("input[name=q]", "البوكمال")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("table.list a:has-text('Shelling of the public market')")
    assert "restricted market" not in page.content()
    _shot(page, "search-arabic")


def test_open_the_sample_report_accept_its_suggestions_and_see_the_records(page: Any, server: str) -> None:
    _log_in(page, server, "documenter")
    page.click("a[href='/reports/new']")
    page.fill("input[name=title]", "Albu Kamal internet cut")
    page.fill("textarea[name=text]", SAMPLE)
    page.click("form.record button[type=submit]")
    page.wait_for_selector("mark.actors")
    _shot(page, "review")
    for index in range(page.locator("input[name^='violations:'][value=accept]").count()):
        page.check(f"input[name='violations:{index}'][value=accept]")  # each perpetrator's act is accepted too
    for box in page.locator("input[name^='actors:'][value=accept]").all():  # one line per actor, its roles joined
        box.check()
    page.click("form.review button[type=submit]")
    page.wait_for_selector("h1:has-text('Albu Kamal internet cut')")
    assert page.locator("article.act").count() >= 1
    assert "Islamic State" in page.locator("article.act").first.inner_text()
    _shot(page, "event-from-report")
