"""The printed reports from the web (issue 15 §3): PDF downloads for the roles that may publish, links to them on
the event page and the dashboard for those roles only, and a clear refusal of a bad month, language or an event the
profile does not publish."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.web.conftest import login


def _verified(ws: Workspace) -> str:
    event = create_record(ws, kind="event", data={"title": "Shelling of the Albu Kamal market", "start": "2015-07-14",
                                                  "status": "verified", "confidentiality": "public",
                                                  "place_text": "Albu Kamal"})
    create_record(ws, kind="act", data={"event": event["id"], "type": "indiscriminate-attack", "killed": 5,
                                        "confidentiality": "public"})
    return str(event["id"])


def _text(data: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _pdf(response: object) -> bytes:
    assert getattr(response, "status_code", None) == 200, getattr(response, "text", "")
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("attachment")
    data: bytes = response.content  # type: ignore[attr-defined]
    assert data.startswith(b"%PDF-")
    return data


def test_a_coordinator_downloads_the_monthly_report_and_the_dossier(app_client: TestClient, web_ws: Workspace,
                                                                    tmp_path: Path) -> None:
    ident = _verified(web_ws)
    login(app_client, "coordinator")
    monthly = _text(_pdf(app_client.get("/reports/monthly?month=2015-07&lang=en&profile=public")), tmp_path)
    assert "Monthly report" in monthly and "July 2015" in monthly
    assert "Shelling of the Albu Kamal market" in " ".join(monthly.split())  # in the annex (wrapped in its cell)
    dossier = _text(_pdf(app_client.get(f"/events/{ident}/report.pdf?lang=ar")), tmp_path)
    assert "ملف الحادثة" in dossier and "Shelling of the Albu Kamal market" in " ".join(dossier.split())


@pytest.mark.parametrize("role", ["documenter", "analyst", "viewer"])
def test_roles_that_may_not_publish_get_403_and_no_links(app_client: TestClient, web_ws: Workspace,
                                                         role: str) -> None:
    ident = _verified(web_ws)
    login(app_client, role)
    assert app_client.get("/reports/monthly?month=2015-07").status_code == 403
    assert app_client.get(f"/events/{ident}/report.pdf").status_code == 403
    assert "/report.pdf" not in app_client.get(f"/events/{ident}").text
    assert 'action="/reports/monthly"' not in app_client.get("/").text


def test_the_event_page_and_the_dashboard_offer_the_reports_to_publishers(app_client: TestClient,
                                                                          web_ws: Workspace) -> None:
    ident = _verified(web_ws)
    login(app_client, "admin")
    page = app_client.get(f"/events/{ident}").text
    assert f'href="/events/{ident}/report.pdf?lang=en"' in page and f'href="/events/{ident}/report.pdf?lang=ar"' in page
    board = app_client.get("/").text
    assert 'action="/reports/monthly"' in board and 'name="month"' in board and 'name="lang"' in board


def test_bad_requests_are_refused_by_name_and_unpublished_events_not_found(app_client: TestClient,
                                                                           web_ws: Workspace) -> None:
    draft = create_record(web_ws, kind="event", data={"title": "Unverified rumour", "start": "2015-07-20",
                                                      "confidentiality": "public"})["id"]
    login(app_client, "coordinator")
    bad_month = app_client.get("/reports/monthly?month=2015-13", headers={"Accept": "application/json"})
    assert bad_month.status_code == 422 and "month" in bad_month.text and "YYYY-MM" in bad_month.text
    bad_lang = app_client.get("/reports/monthly?month=2015-07&lang=fr")
    assert bad_lang.status_code == 422 and "lang" in bad_lang.text
    missing = app_client.get(f"/events/{draft}/report.pdf")
    assert missing.status_code == 404 and "profile" in missing.text
    assert "Unverified rumour" not in missing.text
