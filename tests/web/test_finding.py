"""Finding things in the web (issue 13, section 5): facets that combine (AND across facets, OR within one), active
filters that can each be removed, labels in the reader's language, a paged and searchable list of every record
kind, and dashboard and timeline rows that open the matching list."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded, login
from tests.web.test_browser import _log_in, _shot

RAIDS = {  # title: (start, violation type, perpetrator)
    "Raid on the bakery": ("2016-02-03", "killing", "islamic-state"),
    "Raid on the clinic": ("2016-02-10", "arbitrary-detention", "jabhat-al-nusra"),
    "Raid on the school": ("2016-02-20", "killing", "jabhat-al-nusra"),
}


def _raids(ws: Workspace) -> None:
    for title, (start, violation, actor) in RAIDS.items():
        event = create_record(ws, kind="event", data={"title": title, "start": start, "confidentiality": "public"})
        act = create_record(ws, kind="act", data={"event": event["id"], "type": violation, "confidentiality": "public"})
        create_record(ws, kind="involvement", data={"act": act["id"], "actor": actor, "degree": "carried-out",
                                                    "confidentiality": "public"})


def _titles(page: str) -> list[str]:
    """The event titles of a list page, in their order."""
    return [html.unescape(t) for t in re.findall(r'<a href="/events/[0-9a-f-]+"><bdi>([^<]+)</bdi>', page)]


def _link(page: str, text: str, *, within: str = "") -> str:
    """The address of the link whose text is ``text`` (inside the element starting with ``within``)."""
    if within:
        page = page[page.index(within):]
    for href, label in re.findall(r'<a [^>]*?href="([^"]+)"[^>]*>(.*?)</a>', page, flags=re.S):
        if html.unescape(re.sub(r"<[^>]+>", "", label)).strip().rstrip("×").strip() == text:
            return html.unescape(href)
    raise AssertionError(f"no link {text!r}")


def test_facets_narrow_across_facets_and_widen_within_one(app_client: TestClient, web_ws: Workspace) -> None:
    _raids(web_ws)
    login(app_client, "analyst")

    def found(query: str) -> set[str]:
        return {t for t in _titles(app_client.get(f"/events?{query}").text) if t.startswith("Raid")}

    assert found("type=killing") == {"Raid on the bakery", "Raid on the school"}
    assert found("type=killing&actor=jabhat-al-nusra") == {"Raid on the school"}  # AND across facets
    assert found("type=killing&type=arbitrary-detention") == set(RAIDS)  # OR within one facet
    assert found("type=killing&type=arbitrary-detention&actor=islamic-state") == {"Raid on the bakery"}
    # the facet links of a filtered list keep its filters: a click on a perpetrator narrows the killings
    page = app_client.get("/events?type=killing").text
    narrowed = _link(page, "Jabhat al-Nusra", within='<aside class="facets">')
    assert "type=killing" in narrowed and "actor=" in narrowed
    assert set(_titles(app_client.get(narrowed).text)) == {"Raid on the school"}
    widened = _link(page, "Arbitrary detention", within='<aside class="facets">')
    assert {t for t in _titles(app_client.get(widened).text) if t.startswith("Raid")} == set(RAIDS)


def test_each_active_filter_is_shown_and_removed_with_one_click(app_client: TestClient, web_ws: Workspace) -> None:
    _raids(web_ws)
    login(app_client, "analyst")
    page = app_client.get("/events?type=killing&actor=jabhat-al-nusra&from=2016").text
    shown = page[page.index('class="active-filters"'):page.index("</nav>", page.index('class="active-filters"'))]
    assert "Killing" in shown and "Jabhat al-Nusra" in shown and "2016" in shown
    without_actor = _link(page, "actor: Jabhat al-Nusra", within='class="active-filters"')
    assert "actor=" not in without_actor and "type=killing" in without_actor and "from=2016" in without_actor
    assert set(_titles(app_client.get(without_actor).text)) == {"Raid on the bakery", "Raid on the school"}
    without_type = _link(page, "type: Killing", within='class="active-filters"')
    assert {t for t in _titles(app_client.get(without_type).text)} == {"Raid on the clinic", "Raid on the school"}


def test_facet_and_filter_labels_are_in_the_readers_language(app_client: TestClient, web_ws: Workspace) -> None:
    _raids(web_ws)
    csrf = login(app_client, "analyst")
    app_client.post("/language", data={"csrf": csrf, "language": "ar", "next": "/events"})
    page = app_client.get("/events?type=killing").text
    facets = page[page.index('<aside class="facets">'):page.index("</aside>")]
    chips = page[page.index('class="active-filters"'):page.index("</nav>", page.index('class="active-filters"'))]
    assert "القتل" in chips and "Killing" not in chips
    assert "تنظيم الدولة الإسلامية" in facets and "جبهة النصرة" in facets
    assert "Islamic State" not in facets and "Indiscriminate attack" not in facets


def test_events_without_words_are_listed_latest_first(app_client: TestClient, web_ws: Workspace,
                                                      seeded: Seeded) -> None:
    _raids(web_ws)
    create_record(web_ws, kind="event", data={"title": "Siege of the old town", "start": "2013",
                                               "confidentiality": "public"})  # entered last, happened first
    create_record(web_ws, kind="event", data={"title": "Date not known", "confidentiality": "public"})
    login(app_client, "viewer")
    titles = _titles(app_client.get("/events").text)
    assert titles == ["Raid on the school", "Raid on the clinic", "Raid on the bakery",
                      "Shelling of the public market", "Siege of the old town", "Date not known"]
    assert "latest first" in app_client.get("/events").text


def test_the_place_list_is_paged_by_name_to_its_last_page_and_searchable(app_client: TestClient,
                                                                         web_ws: Workspace) -> None:
    for i in reversed(range(230)):  # more than the 200 the list once showed, written in reverse order
        create_record(web_ws, kind="place", data={"name": f"Village {i:03d}", "confidentiality": "public"})
    login(app_client, "viewer")
    page = app_client.get("/records?kind=place").text
    assert "Page 1 of 5" in page
    seen: list[str] = []
    address: str | None = "/records?kind=place"
    while address:
        page = app_client.get(address).text
        seen += re.findall(r"<bdi>(Village \d{3})</bdi>", page)
        found = re.search(r'<a rel="next" href="([^"]+)"', page)
        address = html.unescape(found.group(1)) if found else None
    assert "Page 5 of 5" in page
    assert seen == [f"Village {i:03d}" for i in range(230)]  # every one, once, A to Z
    searched = app_client.get("/records?kind=place&q=village+217").text
    assert re.findall(r"<bdi>(Village \d{3})</bdi>", searched) == ["Village 217"]


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_restricted_record_is_never_in_a_lower_clearance_list(app_client: TestClient, web_ws: Workspace,
                                                                 seeded: Seeded, role: str) -> None:
    for name, level in (("Hidden Farm", "restricted"), ("Hidden Well", "public"), ("Open Field", "public")):
        create_record(web_ws, kind="place", data={"name": name, "confidentiality": level})
    create_record(web_ws, kind="person", data={"name": "Hidden Witness", "confidentiality": "restricted"})
    login(app_client, role)
    searched = app_client.get("/records?kind=place&q=hidden").text
    # the search, within the clearance
    assert re.findall(r'<a href="/records/place/[^"]+"><bdi>([^<]+)</bdi>', searched) == ["Hidden Well"]
    pages = searched + "".join(app_client.get(f"/records?kind={kind}&q={q}").text
                               for kind, q in (("place", ""), ("person", ""), ("person", "hidden"), ("report", ""),
                                               ("report", "witness"), ("source", ""), ("source", "abu")))
    for hidden in ("Hidden Farm", "Hidden Witness", "Report of the restricted witness", "Abu Khaled"):
        assert hidden not in pages
    assert "Ahmad al-Hasan" in pages and "Open Field" in pages  # what the role may read is listed
    listed = app_client.get("/events?q=market").text
    exported = app_client.get("/events.csv?q=market").text + app_client.get("/events.jsonl").text
    assert "Shelling of the public market" in listed and "Shelling of the public market" in exported
    assert "Shelling of the restricted market" not in listed + exported


def test_dashboard_rows_open_the_matching_list(app_client: TestClient, web_ws: Workspace, seeded: Seeded) -> None:
    _raids(web_ws)
    login(app_client, "analyst")
    board = app_client.get("/").text
    assert {t for t in _titles(app_client.get(_link(board, "Killing")).text)} == {"Raid on the bakery",
                                                                                 "Raid on the school"}
    assert set(_titles(app_client.get(_link(board, "Islamic State")).text)) == {"Raid on the bakery"}
    month = _link(board, "July 2015")
    assert month == "/events?from=2015-07&to=2015-07"
    assert set(_titles(app_client.get(month).text)) == {"Shelling of the public market",
                                                        "Shelling of the internal market"}
    total = _link(board, "Events you can see: 5")
    assert len(_titles(app_client.get(total).text)) == 5


def test_timeline_months_open_the_list_of_that_month_within_the_filters(app_client: TestClient,
                                                                         web_ws: Workspace) -> None:
    _raids(web_ws)
    create_record(web_ws, kind="event", data={"title": "Raid in spring", "start": "2016-04-01",
                                               "confidentiality": "public"})
    login(app_client, "analyst")
    line = app_client.get("/timeline?q=raid").text
    february = _link(line, "February 2016")
    assert "q=raid" in february and "from=2016-02" in february and "to=2016-02" in february
    assert set(_titles(app_client.get(february).text)) == set(RAIDS)
    assert set(_titles(app_client.get(_link(line, "April 2016")).text)) == {"Raid in spring"}
    killings = app_client.get("/timeline?type=killing").text
    assert set(_titles(app_client.get(_link(killings, "February 2016")).text)) == {"Raid on the bakery",
                                                                                  "Raid on the school"}


def test_combined_facets_and_the_latest_first_order_hold_on_postgresql_too(both_client: TestClient, ws: Workspace,
                                                                           both_seeded: Seeded) -> None:
    _raids(ws)
    create_record(ws, kind="event", data={"title": "Date not known", "confidentiality": "public"})
    login(both_client, "analyst")
    titles = _titles(both_client.get("/events").text)
    assert titles[:3] == ["Raid on the school", "Raid on the clinic", "Raid on the bakery"] and titles[-1] == (
        "Date not known")
    found = _titles(both_client.get("/events?type=killing&type=arbitrary-detention&actor=jabhat-al-nusra").text)
    assert found == ["Raid on the school", "Raid on the clinic"]
    exported = [line.split(",")[2] for line in both_client.get("/events.csv?type=killing").text.splitlines()[1:]]
    assert exported == ["Raid on the school", "Raid on the bakery"]


def test_in_a_browser_facets_narrow_and_a_filter_is_removed_in_english_and_arabic(page: Any, server: str,
                                                                                   web_ws: Workspace) -> None:
    _raids(web_ws)
    _log_in(page, server, "analyst")
    page.goto(f"{server}/events?q=raid")
    listed = page.locator("table.list tbody tr")
    assert listed.count() == 3
    page.click("aside.facets a:has-text('Killing')")
    page.wait_for_selector("nav.active-filters")
    assert listed.count() == 2
    page.click("aside.facets a:has-text('Jabhat al-Nusra')")
    page.wait_for_url(re.compile(r".*actor=.*"))
    assert listed.count() == 1 and "Raid on the school" in listed.inner_text()
    _shot(page, "finding-facets-en")
    page.click("nav.active-filters a:has-text('Jabhat al-Nusra')")  # removes that filter only
    page.wait_for_url(re.compile(r"^(?!.*actor=).*type=killing.*"))
    assert listed.count() == 2
    page.click("#switch-language")
    page.wait_for_selector("html[dir=rtl]")
    chips = page.locator("nav.active-filters").inner_text()
    assert "القتل" in chips and "Killing" not in chips
    assert "جبهة النصرة" in page.locator("aside.facets").inner_text()
    _shot(page, "finding-facets-ar")
    for i in range(60):
        create_record(web_ws, kind="place", data={"name": f"Village {i:02d}", "name_ar": f"قرية {59 - i:02d}",
                                                   "confidentiality": "public"})  # the two orders differ
    page.goto(f"{server}/records?kind=place")
    assert "الصفحة ١ من ٢" in page.content() or "الصفحة 1 من 2" in page.content()
    assert page.locator("table.list tbody tr").first.inner_text().startswith("قرية 00")
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r".*page=2.*"))
    assert page.locator("table.list tbody tr").count() == 10
    assert page.locator("table.list tbody tr").last.inner_text().startswith("قرية 59")  # by the name shown
    _shot(page, "finding-places-ar")
