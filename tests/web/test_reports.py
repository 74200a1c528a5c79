"""Report intake on the web: paste a report, see its suggestions marked in the text, decide, see the records."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import SAMPLES
from tests.web.conftest import login

SAMPLE = (SAMPLES / "albu-kamal-internet-cut.txt").read_text(encoding="utf-8")


def _report(client: TestClient, csrf: str, text: str = SAMPLE) -> str:
    response = client.post("/reports", data={"csrf": csrf, "title": "Albu Kamal internet cut", "text": text,
                                             "confidentiality": "internal"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[2]


def test_pasted_report_shows_its_suggestions_marked_in_the_text(app_client: TestClient) -> None:
    csrf = login(app_client, "documenter")
    report = _report(app_client, csrf)
    page = app_client.get(f"/reports/{report}/review").text
    assert '<mark class="actors"' in page and '<mark class="places"' in page
    assert 'name="violations:0" value="accept"' in page
    suggestions = app_client.get(f"/api/v1/reports/{report}/suggestions").json()["suggestions"]
    assert any(a.get("slug") == "islamic-state" for a in suggestions["actors"])


def test_accepted_suggestions_become_an_event_with_acts_and_rejected_ones_stay_out(app_client: TestClient) -> None:
    csrf = login(app_client, "documenter")
    report = _report(app_client, csrf)
    suggestions = app_client.get(f"/api/v1/reports/{report}/suggestions").json()["suggestions"]
    violation = suggestions["violations"][0]
    actor = next(i for i, a in enumerate(suggestions["actors"]) if a.get("slug") == "islamic-state")
    decisions = {"csrf": csrf, "violations:0": "accept", f"actors:{actor}": "accept", "places:0": "reject"}
    response = app_client.post(f"/reports/{report}/review", data=decisions, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/events/")
    event = app_client.get(response.headers["location"]).text
    assert "Islamic State" in event and "Albu Kamal internet cut" in event
    created = app_client.get(f"/api/v1/events/{response.headers['location'].split('/')[2]}").json()
    assert created["acts"][0]["act"]["type_id"] == f"violation-types:{violation['type']}"
    review = app_client.get(f"/reports/{report}/review").text
    assert re.search(r'<li class="suggestion accepted"', review) and '<li class="suggestion rejected"' in review
    again = app_client.post(f"/api/v1/reports/{report}/review", json={"accept": ["violations:0"]},
                            headers={"X-CSRF-Token": csrf})
    assert again.status_code == 422  # already decided: nothing is coded twice


def test_an_empty_paste_is_refused_with_the_reason(app_client: TestClient) -> None:
    csrf = login(app_client, "documenter")
    response = app_client.post("/reports", data={"csrf": csrf, "text": "   "})
    assert response.status_code == 422 and "paste the text" in response.text


def test_markup_in_a_report_is_shown_as_text(app_client: TestClient) -> None:
    csrf = login(app_client, "coordinator")
    report = _report(app_client, csrf, "<img src=x onerror=alert(1)> IS shelled Albu Kamal on 14 July 2015.")
    page = app_client.get(f"/reports/{report}/review").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_long_arabic_report_pasted_whole_is_taken(app_client: TestClient) -> None:
    # 180,000 Arabic characters percent-encode to more than a megabyte, beyond the framework's default field limit
    csrf = login(app_client, "documenter")
    text = ("قصفت طائرات حربية سوق مدينة أريحا صباح اليوم " * 4000)[:179_999] + "."
    report = _report(app_client, csrf, text)
    assert app_client.get(f"/api/v1/records/reports/{report}").json()["text"] == text
