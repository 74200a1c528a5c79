"""An event's public grade on its page (issue 15 §2): the grade in the reader's language with its reason, the
independent sources, the figures as min–max per category; set by hand and removed by admins and coordinators with a
reason, refused by name in both languages otherwise."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tawthiq.db.models import AuditEntry
from tawthiq.db.publishing import GradeOverride
from tawthiq.services.workspace import Workspace
from tests.services.test_grading import cite, event, report_with_counts
from tests.web.conftest import login


def _graded(ws: Workspace) -> str:
    """A fair event (two sources and a report: three independent sources) whose accounts give 4 and 6 killed,
    10 injured, and nothing else."""
    ident = event(ws, killed=4, injured=10)
    cite(ws, ident, "Abu Khaled")
    cite(ws, ident, "Umm Ahmad")
    report_with_counts(ws, ident, [{"kind": "killed", "value": 6, "status": "accepted"},
                                   {"kind": "killed", "value": 2, "status": "accepted", "part_of": 0}])
    return ident


def _section(html: str) -> str:
    found = re.search(r'<section id="grade".*?</section>', html, re.S)
    assert found, "no grade section on the event page"
    return found.group(0)


def _row(section: str, category: str) -> str:
    found = re.search(rf'<tr data-category="{category}">(.*?)</tr>', section, re.S)
    assert found, category
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def _arabic(client: TestClient, csrf: str) -> None:
    assert client.post("/language", data={"csrf": csrf, "language": "ar"}, follow_redirects=False).status_code == 303


def _overrides(ws: Workspace) -> int:
    with ws.reading() as session:
        return int(session.scalar(select(func.count()).select_from(GradeOverride)) or 0)


def _audit(ws: Workspace) -> int:
    with ws.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_the_event_page_shows_the_grade_its_reason_sources_and_figures_per_category(app_client: TestClient,
                                                                                   web_ws: Workspace) -> None:
    ident = _graded(web_ws)
    csrf = login(app_client, "viewer")
    section = _section(app_client.get(f"/events/{ident}").text)
    assert '<span class="badge grade-fair" id="grade-label">fair</span>' in section
    assert "3 independent sources" in section and "Independent sources: 3" in section  # the report is one
    assert _row(section, "killed") == "Killed 4–6 2"  # two accounts: a range, the breakdown never a total
    assert _row(section, "injured") == "Injured 10 1"
    for category in ("detained", "missing", "displaced"):  # no account gives them: not reported, never 0
        assert _row(section, category).endswith("not reported")
    assert "/grade" not in section  # a viewer may not set the grade

    _arabic(app_client, csrf)
    section = _section(app_client.get(f"/events/{ident}").text)
    assert ">مقبول</span>" in section and "مصادر مستقلة: 3" in section
    assert _row(section, "killed").startswith("القتلى") and _row(section, "missing") == "المفقودون غير مذكور"


def test_a_coordinator_sets_the_grade_by_hand_with_a_reason_that_others_do_not_see_and_removes_it(
        app_client: TestClient, web_ws: Workspace) -> None:
    ident = _graded(web_ws)
    csrf = login(app_client, "coordinator")
    assert 'action="/events/' + ident + '/grade"' in _section(app_client.get(f"/events/{ident}").text)
    answer = app_client.post(f"/events/{ident}/grade", follow_redirects=False,
                             data={"csrf": csrf, "grade": "confirmed", "reason": "Seen by our field team"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/events/{ident}#grade"
    section = _section(app_client.get(f"/events/{ident}").text)
    assert 'id="grade-label">confirmed<' in section and "set by hand: Seen by our field team" in section
    assert "Computed grade: fair" in section  # the computed grade stays beside the override

    other = TestClient(app_client.app)
    login(other, "analyst")
    seen = _section(other.get(f"/events/{ident}").text)
    assert 'id="grade-label">confirmed<' in seen and "set by hand by the editors" in seen
    assert "Seen by our field team" not in seen and "/grade" not in seen

    answer = app_client.post(f"/events/{ident}/grade/clear", follow_redirects=False,
                             data={"csrf": csrf, "reason": "The team's finding was withdrawn"})
    assert answer.status_code == 303
    section = _section(app_client.get(f"/events/{ident}").text)
    assert 'id="grade-label">fair<' in section and "grade/clear" not in section and "set by hand" not in section


@pytest.mark.parametrize(("path", "form", "field", "reason"), [
    ("grade", {"grade": "certain", "reason": "Seen by our field team"}, "grade", "must be one of confirmed"),
    ("grade", {"grade": "confirmed", "reason": "  "}, "reason", "setting or clearing a grade by hand needs a reason"),
    ("grade", {"grade": "weak", "reason": "x" * 2001}, "reason", "is longer than 2000 characters (2001)"),
    ("grade/clear", {"reason": "Nothing to clear"}, "grade", "grade is not set by hand: nothing to clear"),
])
def test_a_bad_grade_or_reason_is_refused_naming_the_field_in_both_languages_and_changes_nothing(
        app_client: TestClient, web_ws: Workspace, path: str, form: dict[str, str], field: str, reason: str) -> None:
    ident = _graded(web_ws)
    csrf = login(app_client, "admin")
    before = (_overrides(web_ws), _audit(web_ws))
    answer = app_client.post(f"/events/{ident}/{path}", data={"csrf": csrf, **form})
    assert answer.status_code == 422
    problems = re.search(r'<div class="problems".*?</div>', answer.text, re.S)
    assert problems and f"<strong>{field}</strong>" in problems.group(0) and reason in problems.group(0)
    if path == "grade" and form["reason"].strip():  # the form comes back as it was sent, open
        assert f"{form['reason']}</textarea>" in answer.text and '<details class="add-link" id="grade-set" open>' \
            in answer.text
    _arabic(app_client, csrf)
    answer = app_client.post(f"/events/{ident}/{path}", data={"csrf": csrf, **form})
    assert answer.status_code == 422
    arabic_field = {"grade": "الدرجة", "reason": "السبب"}[field]
    assert f"<strong>{arabic_field}</strong>" in answer.text and "لم يُحفظ شيء" in answer.text
    assert (_overrides(web_ws), _audit(web_ws)) == before


@pytest.mark.parametrize("role", ["documenter", "viewer"])
def test_roles_that_may_not_publish_are_refused_and_nothing_is_set(app_client: TestClient, web_ws: Workspace,
                                                                   role: str) -> None:
    ident = _graded(web_ws)
    csrf = login(app_client, role)
    answer = app_client.post(f"/events/{ident}/grade", data={"csrf": csrf, "grade": "confirmed", "reason": "mine"})
    assert answer.status_code == 403
    assert _overrides(web_ws) == 0


def test_the_api_sets_and_clears_the_grade_as_the_page_does(app_client: TestClient, web_ws: Workspace) -> None:
    ident = _graded(web_ws)
    csrf = login(app_client, "admin")
    headers = {"X-CSRF-Token": csrf}
    refused = app_client.put(f"/api/v1/events/{ident}/grade", headers=headers, json={"grade": "sure", "reason": "x"})
    assert refused.status_code == 422 and "grade" in refused.text and _overrides(web_ws) == 0
    answer = app_client.put(f"/api/v1/events/{ident}/grade", headers=headers,
                            json={"grade": "contested", "reason": "A second witness disagrees"})
    assert answer.status_code == 200
    assert (answer.json()["grade"], answer.json()["computed"]) == ("contested", "fair")
    assert answer.json()["reason"] == "set by hand: A second witness disagrees"
    cleared = app_client.post(f"/api/v1/events/{ident}/grade/clear", headers=headers, json={"reason": "resolved"})
    assert cleared.status_code == 200 and cleared.json()["grade"] == "fair" and cleared.json()["override"] is None
