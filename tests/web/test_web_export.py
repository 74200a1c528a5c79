"""Export from the web (issue 13, section 9): the event list's current search downloads as CSV or JSON Lines within
the reader's clearance, and an event's page offers its BagIt evidence package to the roles that may make one; both
are recorded in the audit log."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.bagit import validate_bag
from tawthiq.db.models import AuditEntry
from tawthiq.services.evidence.packages import verify_package
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded, login


def _last_audit(ws: Workspace) -> AuditEntry:
    with ws.reading() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        session.expunge(entry)
        return entry


def _listed_ids(client: TestClient, query: str) -> list[str]:
    """The event ids the list page shows for ``query``, in order (one page is enough here)."""
    import re

    return re.findall(r'<a href="/events/([0-9a-f-]+)"><bdi>', client.get(f"/events?{query}").text)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_download_holds_exactly_what_the_search_lists(app_client: TestClient, web_ws: Workspace, seeded: Seeded,
                                                          fmt: str) -> None:
    for title, start in (("Shelling of the bakery", "2016-01-05"), ("Shelling of the mill", "2014"),
                         ("Siege of the camp", "2016-03")):
        create_record(web_ws, kind="event", data={"title": title, "start": start, "confidentiality": "public"})
    login(app_client, "analyst")
    query = "q=shelling&from=2015&to=2016"
    response = app_client.get(f"/events.{fmt}?{query}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "csv":
        rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(response.text)))
    else:
        rows = [json.loads(line) for line in response.text.splitlines()]
    assert [r["id"] for r in rows] == _listed_ids(app_client, query)
    assert {r["title"] for r in rows} == {"Shelling of the bakery", "Shelling of the public market",
                                          "Shelling of the internal market"}
    assert {r["start_date"] for r in rows} == {"2016-01-05", "2015-07-14"}
    # the list's order without words too: the latest first
    everything = app_client.get("/events.csv").text
    assert [r["id"] for r in csv.DictReader(io.StringIO(everything))] == _listed_ids(app_client, "")


@pytest.mark.parametrize(("role", "shown"), [("viewer", {"public"}), ("analyst", {"public", "internal"}),
                                             ("coordinator", {"public", "internal", "restricted"})])
def test_a_download_holds_nothing_above_the_clearance(app_client: TestClient, seeded: Seeded, role: str,
                                                      shown: set[str]) -> None:
    login(app_client, role)
    rows = [json.loads(line) for line in app_client.get("/events.jsonl?q=market").text.splitlines()]
    assert {r["title"] for r in rows} == {f"Shelling of the {level} market" for level in shown}
    assert {r["confidentiality"] for r in rows} == shown
    text = app_client.get("/events.csv").text + app_client.get("/events.jsonl").text
    assert "Real Name Khaled" not in text  # a protected identity never leaves


def test_a_download_is_recorded_in_the_audit_log(app_client: TestClient, web_ws: Workspace, seeded: Seeded) -> None:
    login(app_client, "viewer")
    assert app_client.get("/events.csv?q=market&status=unverified").status_code == 200
    entry = _last_audit(web_ws)
    assert entry.actor == "viewer" and entry.action == "search-export"
    assert entry.details["format"] == "csv" and entry.details["query"] == "market"
    assert entry.details["filters"]["statuses"] == ["unverified"] and entry.details["records"] == 1


def test_a_bad_filter_is_refused_by_name_and_nothing_is_recorded(app_client: TestClient, web_ws: Workspace,
                                                                  seeded: Seeded) -> None:
    login(app_client, "viewer")
    before = _last_audit(web_ws).seq
    response = app_client.get("/events.jsonl?type=no-such-type")
    assert response.status_code == 422
    assert "<strong>type</strong>" in response.text and "is not a violation type" in response.text
    assert app_client.get("/events.csv?from=2016&to=2015").status_code == 422
    assert _last_audit(web_ws).seq == before


@pytest.mark.parametrize("role", ["documenter", "analyst", "viewer"])
def test_the_package_is_not_offered_to_roles_that_may_not_make_one(app_client: TestClient, seeded: Seeded,
                                                                    role: str) -> None:
    login(app_client, role)
    event = seeded.events["public"]
    assert f"/events/{event}/package" not in app_client.get(f"/events/{event}").text
    assert app_client.get(f"/events/{event}/package").status_code == 403


def test_a_coordinator_downloads_the_events_package_as_a_valid_signed_bag(app_client: TestClient, web_ws: Workspace,
                                                                          seeded: Seeded, tmp_path: Path) -> None:
    login(app_client, "coordinator")
    event = seeded.events["internal"]
    page = app_client.get(f"/events/{event}").text
    assert f'href="/events/{event}/package"' in page
    response = app_client.get(f"/events/{event}/package")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    bag = tmp_path / f"tawthiq-package-{event}"
    assert validate_bag(bag).ok
    assert verify_package(bag).ok  # and its signature holds
    description = json.loads((bag / "data" / "description.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in description["records"]["events"]] == [event]
    assert (bag / "data" / "evidence").is_dir() and any((bag / "data" / "evidence").iterdir())
    entry = _last_audit(web_ws)
    assert entry.actor == "coordinator" and entry.action == "package" and entry.details["events"] == [event]
    leftovers = web_ws.settings.data_dir / ".private"
    assert not leftovers.exists() or not any(leftovers.iterdir())  # the scratch folder is gone
