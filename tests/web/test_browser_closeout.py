"""Issue 13's close-out pages in a real Chromium, in English and Arabic, on a laptop (1280 px) and a phone (390 px):
the event page, a person's record page, a history and the review page show names rather than ids, no page
scrolls sideways, and each is saved as build/screenshots/closeout-*.png to be looked at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tawthiq.services.accounts import users as accounts
from tawthiq.services.coding import reportdesk
from tawthiq.services.records.store import create_record, update_record
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded
from tests.web.test_browser import SCREENSHOTS, _log_in

HAJIN = ("Regime forces shelled IS positions in the SDF-held town of Hajin in Syria, killing three civilians, "
         "the SDF said.")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


@pytest.fixture(params=[1280, 390], ids=["wide", "phone"])
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, int]]:
    width = int(request.param)
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened, width
    context.close()


def _records(ws: Workspace, seeded: Seeded) -> dict[str, str]:
    """A place on the public event, Ahmad al-Hasan a victim of its act, and a report of the Hajin strike."""
    town = create_record(ws, kind="place", data={"name": "Albu Kamal", "name_ar": "البوكمال", "feature": "city",
                                                 "confidentiality": "public"})
    update_record(ws, kind="event", ident=seeded.events["public"], data={"place": town["id"], "start": "2015-07"})
    create_record(ws, kind="victim", data={"act": seeded.acts["public"], "person": seeded.person, "harm": "killed",
                                           "confidentiality": "public"})
    update_record(ws, kind="person", ident=seeded.person, data={"origin_place": town["id"]})
    account = next(a for a in accounts.list_users(ws) if a.username == "documenter")
    report = reportdesk.intake_text(ws, account, title="Hajin strike", text=HAJIN, confidentiality="internal")
    return {"event": f"/events/{seeded.events['public']}", "person": f"/records/person/{seeded.person}",
            "history": f"/events/{seeded.events['public']}/history", "review": f"/reports/{report['id']}/review"}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_closeout_pages_name_records_and_fit_the_screen(sized: tuple[Any, int], server: str, web_ws: Workspace,
                                                        seeded: Seeded, language: str) -> None:
    page, width = sized
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = _records(web_ws, seeded)
    _log_in(page, server, "documenter")
    if language == "ar":
        page.click("#switch-language")
        page.wait_for_selector("html[dir=rtl]")
    for name, path in paths.items():
        page.goto(f"{server}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"closeout-{name}-{language}-{width}.png"), full_page=True)
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"{name} ({language}, {width} px) is {scrolled} px wide"
        if name in ("history", "person"):
            versions = " ".join(page.locator("section.version").all_inner_texts())
            assert not UUID.search(versions), f"{name}: an id in the history: {versions[:400]}"
            assert ("البوكمال" if language == "ar" else "Albu Kamal") in versions
        if name == "review":
            shown = page.locator("#s-actors-2").inner_text()
            assert ("مسيطر على المنطقة" if language == "ar" else "In control of the area") in shown
