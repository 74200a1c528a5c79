"""The event page and the event list read what they show once (issue 13's speed gap: no slower than before the
grade and the dates in words came). The event page reads its event once, for itself, its corroboration and its
grade; the event list reads its facet sample with the page's date order and each hit's date precision with the hit.
The figures themselves: bench/web_bench.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, update
from sqlalchemy.engine import Engine

from tawthiq.db.models import Concept
from tawthiq.services.accounts import users as accounts
from tawthiq.services.browse.search import Filters, search
from tawthiq.services.publishing import grading
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded, login


@contextmanager
def _statements() -> Iterator[list[str]]:
    """Every SQL statement run (by any engine) inside the block."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def test_the_event_page_reads_its_event_once_and_shows_the_same_grade(app_client: TestClient, web_ws: Workspace,
                                                                      seeded: Seeded) -> None:
    login(app_client, "coordinator")
    ident = seeded.events["public"]
    assert app_client.get(f"/events/{ident}").status_code == 200  # the search index catches up with the seeding
    with _statements() as seen:
        page = app_client.get(f"/events/{ident}")
    assert page.status_code == 200
    # found by its id, then loaded: once, not again for the corroboration (and its merge group) and the grade
    reads = [s for s in seen if re.search(r"FROM events WHERE events\.id (=|IN)", s)]
    assert len(reads) == 2, reads
    # what the page shows is what the services say on their own
    coordinator = next(a for a in accounts.list_users(web_ws) if a.username == "coordinator")
    grade = grading.event_grade(web_ws, coordinator, event=ident)
    assert re.search(rf'id="grade-label">{re.escape(grade.grade)}</span>', page.text)
    assert f"Independent sources: {grade.sources}" in page.text
    assert re.search(r'<tr data-category="killed"><td>Killed</td>\s*<td class="num">4</td>', page.text)
    # the forms' lists are kept between pages, but a changed label shows on the next one
    with web_ws.transaction() as session:
        session.execute(update(Concept).where(Concept.id == "violation-types:killing")
                        .values(label_en="Killing (wilful)"))
    assert '<option value="killing" data-depth="1">\u00a0\u00a0\u00a0└ Killing (wilful)</option>' in app_client.get(
        f"/events/{ident}").text


def test_the_event_list_reads_its_facets_with_its_order_and_precisions_with_its_hits(app_client: TestClient,
                                                                                     web_ws: Workspace,
                                                                                     seeded: Seeded) -> None:
    login(app_client, "analyst")
    assert app_client.get("/events").status_code == 200  # the index catches up
    with _statements() as seen:
        page = app_client.get("/events")
    assert page.status_code == 200
    facets = [s for s in seen if "facet_values" in s]
    # one pass in date order gives the page and the facet sample; the sample is not read again by its ids
    assert len(facets) == 1 and "ORDER BY search_documents.start_date DESC" in facets[0], facets
    precisions = [s for s in seen if "date_precision" in s]
    assert len(precisions) == 1 and "FROM search_documents" in precisions[0], precisions  # read with the hits
    # and the page still says what it said: each event's day in words, the facets counted
    analyst = next(a for a in accounts.list_users(web_ws) if a.username == "analyst")
    shown = search(web_ws, analyst, query="", filters=Filters(kinds=["event"])).total
    assert shown >= 2 and page.text.count("July 14, 2015") == shown
    assert f'Indiscriminate attack</bdi></a> <span class="num">{shown}</span>' in page.text
