"""Honest messages: an upload says what became of each file, a field over its limit comes back as the form's error
in both languages with the form kept, and a date in the future is saved with a warning."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tawthiq.db.models import Event, EvidenceItem, Report
from tawthiq.services.workspace import Workspace
from tawthiq.web.limits import MAX_BODY
from tests.web.conftest import Seeded, login

OUTCOME_ROW = r'<tr class="(stored|refused|linked|hidden)"><td>.*?(new-statement\.txt|empty\.jpg|copy\.txt)'


def _count(ws: Workspace, model: type[Event] | type[EvidenceItem] | type[Report]) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _language(client: TestClient, csrf: str, language: str) -> None:
    assert client.post("/language", data={"csrf": csrf, "language": language},
                       follow_redirects=False).status_code == 303


def _problems(page: str) -> str:
    found = re.search(r'<div class="problems" role="alert">(.*?)</div>', page, re.S)
    assert found, "no form error shown"
    return re.sub(r"<[^>]+>", "", found.group(1))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_upload_with_one_refused_file_reports_each_file_and_keeps_the_others(
        app_client: TestClient, seeded: Seeded, web_ws: Workspace, language: str) -> None:
    csrf = login(app_client, "coordinator")
    _language(app_client, csrf, language)
    before = _count(web_ws, EvidenceItem)
    answer = app_client.post(f"/events/{seeded.events['internal']}/evidence", data={"csrf": csrf}, files=[
        ("files", ("new-statement.txt", b"A statement nobody has sent before.", "text/plain")),
        ("files", ("empty.jpg", b"", "image/jpeg")),
        ("files", ("copy.txt", b"Notes of the public witness", "text/plain")),  # the public item's bytes
    ])
    assert answer.status_code == 200
    page = answer.text
    assert _count(web_ws, EvidenceItem) == before + 1  # the new file is kept; the copy links to the item it is
    rows = dict(re.findall(OUTCOME_ROW, page))
    assert rows == {"stored": "new-statement.txt", "refused": "empty.jpg", "linked": "copy.txt"}
    assert "0 bytes" in page if language == "en" else "0 بايت" in page  # the reason, in the reader's language
    if language == "en":
        assert "1 file was stored." in page and "1 file was refused." in page
        assert "Nothing was saved" not in page and "nothing was written" not in page
    else:
        assert "حُفظ ملف واحد." in page and "رُفض ملف واحد." in page
        assert "لم يُحفظ شيء" not in page


def test_an_upload_where_every_file_is_refused_says_nothing_was_saved(app_client: TestClient, seeded: Seeded,
                                                                      web_ws: Workspace) -> None:
    csrf = login(app_client, "coordinator")
    before = _count(web_ws, EvidenceItem)
    page = app_client.post(f"/events/{seeded.events['internal']}/evidence", data={"csrf": csrf},
                           files=[("files", ("a.jpg", b"", "image/jpeg")), ("files", ("b.jpg", b"", "image/jpeg"))])
    assert page.status_code == 422 and "2 files were refused." in page.text and "Nothing was saved." in page.text
    assert _count(web_ws, EvidenceItem) == before


@pytest.mark.parametrize(("language", "label", "reason"), [
    ("en", "Title", "is longer than 500 characters"), ("ar", "العنوان", "أطول"),
])
def test_a_multi_megabyte_title_gets_the_form_error_with_the_form_kept(
        app_client: TestClient, web_ws: Workspace, language: str, label: str, reason: str) -> None:
    csrf = login(app_client, "documenter")
    _language(app_client, csrf, language)
    before = _count(web_ws, Event)
    page = app_client.post("/events", data={"csrf": csrf, "title": "T" * (3 * 1024 * 1024), "start": "2016-02",
                                            "description": "Shelling of the bakery queue"})
    assert page.status_code == 422
    error = _problems(page.text)
    assert f"{label}: {reason}" in error
    # the form is there again, with what was typed (the title cut to its length, not echoed in megabytes)
    assert '<form method="post" action="/events"' in page.text and "Shelling of the bakery queue" in page.text
    assert 'value="2016-02"' in page.text and f'value="{"T" * 500}"' in page.text
    assert len(page.text) < 200_000
    assert _count(web_ws, Event) == before


def test_a_report_over_the_body_limit_gets_the_form_error_not_a_413_page(app_client: TestClient,
                                                                        web_ws: Workspace) -> None:
    csrf = login(app_client, "documenter")
    before = _count(web_ws, Report)
    page = app_client.post("/reports", data={"csrf": csrf, "title": "Too long", "text": "x" * (MAX_BODY + 1024)})
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]
    error = _problems(page.text)
    assert "Text" in error and "8 MiB" in error
    assert '<form method="post" action="/reports"' in page.text and 'value="Too long"' in page.text
    _language(app_client, csrf, "ar")
    page = app_client.post("/reports", data={"csrf": csrf, "title": "طويل", "text": "ن" * 300_000})
    error = _problems(page.text)
    assert page.status_code == 422 and "النص" in error and "200" in error
    assert 'value="طويل"' in page.text
    assert _count(web_ws, Report) == before


def test_a_date_in_the_future_is_saved_with_a_warning_on_the_form(app_client: TestClient, web_ws: Workspace) -> None:
    csrf = login(app_client, "documenter")
    before = _count(web_ws, Event)
    next_year = datetime.now(UTC).year + 1
    page = app_client.post("/events", data={"csrf": csrf, "title": "Shelling of the bakery queue",
                                            "start": f"{next_year}-02-03"}, follow_redirects=False)
    assert page.status_code == 200 and _count(web_ws, Event) == before + 1  # saved
    warning = re.search(r'<div class="notice warning" role="status" id="future-warning">(.*?)</div>', page.text, re.S)
    assert warning and "in the future" in warning.group(1) and f"February 3, {next_year}" in warning.group(1)
    event_id = re.search(r'<form method="post" action="/events/([^"]+)"', page.text)
    assert event_id, "the form comes back as the saved event's form, to correct the date"
    fixed = app_client.post(f"/events/{event_id.group(1)}", data={"csrf": csrf, "title": "Shelling of the bakery queue",
                                                                  "start": "2016-02-03"}, follow_redirects=False)
    assert fixed.status_code == 303 and fixed.headers["location"] == f"/events/{event_id.group(1)}"
    past = app_client.post("/events", data={"csrf": csrf, "title": "Earlier", "start": "2016-02-03"},
                           follow_redirects=False)
    assert past.status_code == 303  # no warning for a date that has passed


def test_an_over_long_field_of_any_record_form_gets_the_form_error(app_client: TestClient, web_ws: Workspace) -> None:
    csrf = login(app_client, "documenter")
    page = app_client.post("/records/person", data={"csrf": csrf, "name": "N" * (2 * 1024 * 1024),
                                                    "confidentiality": "internal"})
    assert page.status_code == 422 and "Part exceeded" not in page.text and "Field exceeded" not in page.text
    assert "Name: is longer than" in _problems(page.text)
    assert '<form method="post" action="/records/person"' in page.text
