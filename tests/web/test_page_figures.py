"""The pages that grew with the documenter's loop (issue 13) stay as fast as before it: the event page reads its labels
and its forms' vocabularies in one query, the map and the timeline do not look up each hit's date precision, the event
list in date order reads the documents in that order, and full collections no longer walk what the application built at
start. The figures themselves: bench/web_bench.py."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tawthiq.config import Settings
from tawthiq.services.records.store import create_record
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tests.web.conftest import Seeded, login


@contextmanager
def _statements() -> Iterator[list[str]]:
    """Every SQL statement run (by any engine) inside the block."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def test_the_event_page_reads_its_forms_vocabularies_in_one_query(app_client: TestClient, web_ws: Workspace,
                                                                  seeded: Seeded) -> None:
    login(app_client, "coordinator")
    with _statements() as seen:
        page = app_client.get(f"/events/{seeded.events['public']}").text
    lists = [s for s in seen if re.search(r"FROM concepts\s+WHERE", s)]
    assert len(lists) == 1, lists  # the labels shown and the lists of every form in one query (seven before)
    # the forms still offer every value: a degree of involvement, a victim group, a connection, a relation, a type
    for name, vocabulary in (("degree", "involvement-degrees"), ("harm", "victim-groups"),
                             ("connection", "source-connections"), ("relation", "event-relations"),
                             ("type", "violation-types"), ("method", "methods")):
        select = re.search(rf'<select name="{name}" class="vocab"[^>]*>(.*?)</select>', page, flags=re.S)
        assert select is not None, name
        offered = re.findall(r'<option value="([^"]+)"', select.group(1))
        assert offered == [c["slug"] for c in list_concepts(web_ws, vocabulary)], name


def test_the_map_and_the_timeline_do_not_look_up_each_hits_precision(app_client: TestClient, web_ws: Workspace,
                                                                      seeded: Seeded) -> None:
    for i in range(3):
        create_record(web_ws, kind="event", data={"title": f"Raid {i} on the mill", "start": "2016-03",
                                                   "confidentiality": "public"})
    login(app_client, "analyst")
    assert app_client.get("/events?q=mill").status_code == 200  # the index catches up (reading the new events)
    for address in ("/map?q=mill", "/timeline?q=mill"):
        with _statements() as seen:
            page = app_client.get(address)
        assert page.status_code == 200
        assert not [s for s in seen if "date_precision" in s], address  # the list's dates in words need it; these not
    assert "March 2016" in app_client.get("/timeline?q=mill").text  # counted in their month all the same
    assert app_client.get("/events?q=mill").text.count("March 2016") == 3  # and the list still says it


def test_the_event_list_by_date_reads_the_documents_in_date_order(app_client: TestClient, seeded: Seeded) -> None:
    login(app_client, "viewer")
    with _statements() as seen:
        assert app_client.get("/events").status_code == 200
    dated = [s for s in seen if "ORDER BY search_documents.start_date DESC" in s]
    # clearance and kind are columns of the documents: no join with the whole full-text match to sort it
    assert dated and all("search_fts" not in s for s in dated)


def test_what_the_application_builds_at_start_is_frozen_out_of_full_collections(web_settings: Settings) -> None:
    gc.unfreeze()
    try:
        with TestClient(create_app(web_settings)) as client:
            assert gc.get_freeze_count() > 10_000  # modules, routes, mappers: kept for the process's life
            assert client.get("/login").status_code == 200
    finally:
        gc.unfreeze()
