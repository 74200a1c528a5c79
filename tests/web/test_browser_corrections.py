"""Correcting in a real browser (Debian's Chromium, Playwright): an act deleted from its event page with a reason,
and restored there in one step, in Arabic on a phone-sized screen."""

from __future__ import annotations

import dataclasses
from typing import Any

from tawthiq.services.records.store import create_record, get_record
from tawthiq.services.workspace import Workspace
from tests.web.test_browser import _log_in, _shot


def test_an_act_is_deleted_and_restored_from_the_event_page_in_arabic_on_a_phone(page: Any, server: str,
                                                                              web_ws: Workspace) -> None:
    mine = dataclasses.replace(web_ws, settings=web_ws.settings.model_copy(update={"user": "documenter"}))  # its own
    event = create_record(mine, kind="event", data={"title": "قصف سوق الهال", "start": "2016-03",
                                                    "place_text": "دير الزور"})["id"]
    act = create_record(mine, kind="act", data={"event": event, "type": "indiscriminate-attack", "killed": 3})["id"]
    person = create_record(mine, kind="person", data={"name": "Samir al-Ahmad", "name_ar": "سمير الأحمد"})["id"]
    create_record(mine, kind="victim", data={"act": act, "person": person, "harm": "killed"})
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, server, "documenter")
    page.click("#switch-language")
    page.wait_for_selector("html[dir=rtl]")

    page.goto(f"{server}/events/{event}")
    assert page.locator(f"#act-{act} ul.victims button.remove").count() == 1  # the victim's link, removable
    _shot(page, "corrections-event-ar")
    page.click(f"a[href='/records/act/{act}/delete']")
    page.wait_for_selector("#delete-form")
    page.click("#delete-form button[type=submit]")  # no reason: refused, nothing deleted, the field named
    assert page.locator("#delete-form textarea[name=reason]:invalid").count() == 1
    page.fill("#delete-form textarea[name=reason]", "سُجّل الفعل مرتين خطأً")
    _shot(page, "corrections-delete-ar")
    page.click("#delete-form button[type=submit]")
    page.wait_for_selector("#undo")
    assert page.locator(f"#act-{act}").count() == 0
    assert get_record(web_ws, kind="act", ident=act)["deleted_at"] is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
    _shot(page, "corrections-deleted-ar")

    page.click("#undo button[type=submit]")
    page.wait_for_selector(f"#act-{act}")
    assert page.locator("#undo").count() == 0
    assert get_record(web_ws, kind="act", ident=act)["deleted_at"] is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "corrections-restored-ar")
    page.goto(f"{server}/records/act/{act}")  # both steps are in the act's history, with their reasons
    history = page.locator("section.version").all_inner_texts()
    assert any("سُجّل الفعل مرتين خطأً" in text for text in history) and len(history) == 3
