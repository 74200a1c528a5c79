"""In headless Chromium, in Arabic on a phone-sized screen (390 px): a report coded into an event that already exists,
an event's public grade set by hand and removed, and the accounts page (an admin adds a user who can then log in; a
documenter cannot reach it). Screenshots: build/screenshots/grade-*.png."""

from __future__ import annotations

import dataclasses
from typing import Any

from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.services.test_grading import cite
from tests.web.test_browser import _log_in, _shot
from tests.web.test_browser_more import _log_in_with_code

PHONE = {"width": 390, "height": 844}
REPORT = "Regime forces shelled the bakery in Hajin on 3 February 2016, killing six civilians, a witness said."


def _arabic(page: Any) -> None:
    page.click("#switch-language[value=ar]")
    page.wait_for_selector("html[dir=rtl]")


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing scrolls sideways


def test_a_report_is_coded_into_an_existing_event_in_arabic_on_a_phone(page: Any, server: str,
                                                                      web_ws: Workspace) -> None:
    mine = dataclasses.replace(web_ws, settings=web_ws.settings.model_copy(update={"user": "documenter"}))
    event = create_record(mine, kind="event", data={"title": "قصف فرن هجين", "start": "2016-02",
                                                    "place_text": "هجين"})["id"]
    create_record(mine, kind="act", data={"event": event, "type": "indiscriminate-attack", "killed": 4})
    page.set_viewport_size(PHONE)
    _log_in(page, server, "documenter")
    _arabic(page)
    page.goto(f"{server}/reports/new")
    page.fill("input[name=title]", "شهادة عن قصف هجين")
    page.fill("textarea[name=text]", REPORT)
    page.click("form.record button[type=submit]")
    page.wait_for_url("**/review")
    assert page.locator("#event input[value=new]").is_checked()  # a new event unless another is chosen

    page.fill("#event input[name=find]", "هجين")  # the event is found by its Arabic title, then chosen
    page.click("#event input[name=find_events]")
    page.wait_for_selector(f"#event input[value='{event}']")
    page.check(f"#event input[value='{event}']")
    page.check("input[name='violations:0'][value=accept]")
    _fits(page)
    _shot(page, "grade-intake-review-ar")
    page.click("form.review p.actions button[type=submit]")
    page.wait_for_url(f"{server}/events/{event}")
    assert page.locator("article.act").count() == 2  # the report's act joined the one already there
    assert "شهادة عن قصف هجين" in page.locator("#sources + table").inner_text()
    assert page.locator("#grade-label").inner_text() == "ضعيف"  # the report is the event's one source
    _fits(page)
    _shot(page, "grade-intake-event-ar")


def test_a_coordinator_sets_and_removes_the_grade_in_arabic_on_a_phone(page: Any, server: str,
                                                                      web_ws: Workspace) -> None:
    event = create_record(web_ws, kind="event", data={"title": "قصف سوق البوكمال", "start": "2015-07-14",
                                                      "confidentiality": "public"})["id"]
    create_record(web_ws, kind="act", data={"event": event, "type": "indiscriminate-attack", "killed": 4,
                                            "injured": 11})
    cite(web_ws, event, "Abu Khaled")
    cite(web_ws, event, "Umm Ahmad")
    page.set_viewport_size(PHONE)
    _log_in_with_code(page, server, web_ws, "coordinator")
    page.goto(f"{server}/")
    _arabic(page)
    page.goto(f"{server}/events/{event}")
    assert page.locator("#grade-label").inner_text() == "مقبول"
    assert page.locator("#grade-figures tr[data-category=missing]").inner_text().strip().endswith("غير مذكور")
    page.click("#grade-set summary")
    page.select_option("#grade-set select[name=grade]", "confirmed")
    page.click("#grade-set button[type=submit]")  # no reason: the browser keeps the form, nothing is sent
    assert page.locator("#grade-set textarea[name=reason]:invalid").count() == 1
    page.fill("#grade-set textarea[name=reason]", "تحقق فريقنا الميداني من الموقع")
    _fits(page)
    _shot(page, "grade-form-ar")
    page.click("#grade-set button[type=submit]")
    page.wait_for_selector("#grade-computed")
    assert page.locator("#grade-label").inner_text() == "مؤكَّد"
    assert "تحقق فريقنا الميداني من الموقع" in page.locator("#grade-reason").inner_text()
    _fits(page)
    _shot(page, "grade-set-ar")
    page.click("#grade-clear summary")
    page.fill("#grade-clear textarea[name=reason]", "سُحب التحقق")
    page.click("#grade-clear button[type=submit]")
    page.wait_for_selector("#grade-computed", state="detached")
    assert page.locator("#grade-label").inner_text() == "مقبول"


def test_an_admin_adds_a_user_who_can_log_in_and_a_documenter_cannot_reach_the_accounts(
        browser: Any, page: Any, server: str, web_ws: Workspace) -> None:
    page.set_viewport_size(PHONE)
    _log_in_with_code(page, server, web_ws, "admin")
    page.goto(f"{server}/")
    _arabic(page)
    page.click("header a[href='/admin/users']")  # from the menu
    page.fill("#add-user input[name=username]", "rania")
    page.select_option("#add-user select[name=role]", "documenter")
    page.fill("#add-user input[name=password]", "a long enough password")
    page.click("#add-user button[type=submit]")
    page.wait_for_selector("#user-rania")
    assert page.locator("#user-rania select[name=role]").input_value() == "documenter"
    _fits(page)
    _shot(page, "grade-accounts-ar")

    for username, password in (("rania", "a long enough password"), ("documenter", None)):
        context = browser.new_context(viewport=PHONE)
        other = context.new_page()
        other.set_default_timeout(10_000)
        if password:  # the new user logs in with the password the admin gave
            other.goto(f"{server}/login")
            other.fill("input[name=username]", username)
            other.fill("input[name=password]", password)
            other.click("button[type=submit]")
            other.wait_for_url(f"{server}/")
        else:
            _log_in(other, server, username)
        assert other.locator("a[href='/admin/users']").count() == 0  # not in the menu
        assert other.goto(f"{server}/admin/users").status == 403  # nor reachable by its address
        assert other.locator("table.users, #add-user").count() == 0  # no list of accounts, no form
        context.close()
