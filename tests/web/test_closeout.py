"""Issue 13's last items as a reader meets them: histories that name what they point at (never a hidden record's
id) and give dates in words, audit actions in English words, the deleted list reached from a record list, a web
CSV that spreadsheets read safely, and the review page's actor roles."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tawthiq.services.browse.downloads import guarded
from tawthiq.services.records.store import create_record, update_record
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded, login


def _history(page: str) -> str:
    """The history part of a record page (the rest of the page links records by id)."""
    assert "<h2>History</h2>" in page or "<h2>السجل التاريخي</h2>" in page or 'class="version"' in page, page[:500]
    return page[page.index('<section class="version">'):]


def _arabic(client: TestClient, csrf: str) -> None:
    answer = client.post("/language", data={"csrf": csrf, "language": "ar"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_an_acts_history_names_its_event_and_type_not_their_ids(app_client: TestClient, seeded: Seeded) -> None:
    csrf = login(app_client, "documenter")
    history = _history(app_client.get(f"/records/act/{seeded.acts['public']}").text)
    assert "Shelling of the public market" in history and "Indiscriminate attack" in history
    assert seeded.events["public"] not in history
    _arabic(app_client, csrf)
    history = _history(app_client.get(f"/records/act/{seeded.acts['public']}").text)
    assert "Shelling of the public market" in history and "violation-types:" not in history
    assert "Indiscriminate attack" not in history  # the type by its Arabic label


def test_a_reference_the_reader_may_not_read_shows_as_hidden_never_by_id(app_client: TestClient, web_ws: Workspace,
                                                                          seeded: Seeded) -> None:
    secret = create_record(web_ws, kind="place", data={"name": "Secret camp", "confidentiality": "restricted"})
    update_record(web_ws, kind="event", ident=seeded.events["public"], data={"place": secret["id"]})
    login(app_client, "viewer")
    history = _history(app_client.get(f"/events/{seeded.events['public']}/history").text)
    assert "a record you cannot see" in history
    assert secret["id"] not in history and "Secret camp" not in history
    login(app_client, "coordinator")  # who may read the place sees its name
    assert "Secret camp" in _history(app_client.get(f"/events/{seeded.events['public']}/history").text)


def test_a_days_change_in_history_is_in_words(app_client: TestClient, web_ws: Workspace) -> None:
    report = create_record(web_ws, kind="report", data={"title": "Witness account", "text": "Shelling.",
                                                         "published_on": "2016-03-05", "confidentiality": "public"})
    update_record(web_ws, kind="report", ident=report["id"], data={"published_on": "2016-04-09"})
    csrf = login(app_client, "documenter")
    history = _history(app_client.get(f"/records/report/{report['id']}").text)
    assert "March 5, 2016" in history and "April 9, 2016" in history and "2016-03-05" not in history
    _arabic(app_client, csrf)
    history = _history(app_client.get(f"/records/report/{report['id']}").text)
    assert "آذار" in history and "نيسان" in history and "2016-04-09" not in history


def test_audit_actions_are_words_in_english_too(app_client: TestClient) -> None:
    login(app_client, "admin")
    audit = app_client.get("/admin/audit?action=user-create").text
    assert '<span title="user-create">User added</span>' in audit
    assert ">user-create</span>" not in audit


def test_record_headings_name_the_kind_in_words(app_client: TestClient, seeded: Seeded) -> None:
    csrf = login(app_client, "documenter")
    assert "<h1>Act: " in app_client.get(f"/records/act/{seeded.acts['public']}").text
    assert "<h1>New: Event link</h1>" in app_client.get("/records/event_link/new").text
    _arabic(app_client, csrf)
    assert "صلة بين حدثين</h1>" in app_client.get("/records/event_link/new").text


def test_a_record_list_links_to_the_deleted_records_of_its_kind(app_client: TestClient) -> None:
    login(app_client, "documenter")
    page = app_client.get("/records?kind=actor").text
    assert 'href="/deleted?kind=actor"' in page
    assert app_client.get("/deleted?kind=actor").status_code == 200


def test_the_web_csv_has_a_bom_and_no_cell_a_spreadsheet_would_run(app_client: TestClient,
                                                                    web_ws: Workspace) -> None:
    titles = ["=HYPERLINK(\"http://evil.example\",\"click\") market", "+1 market", "-2 market", "@SUM(A1) market",
              "قصف السوق"]
    for title in titles:
        create_record(web_ws, kind="event", data={"title": title, "start": "2016-01-05", "confidentiality": "public"})
    login(app_client, "analyst")
    response = app_client.get("/events.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the Arabic as Arabic
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    shown = {r["title"] for r in rows}
    for title in titles[:-1]:
        assert "'" + title in shown and title not in shown
    assert "قصف السوق" in shown  # plain text untouched
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r.values())


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=1", "a=1"), ("2016-01-05", "2016-01-05"), ("", ""), (None, ""), ("'=x", "'=x"),
])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(value: str | None, cell: str) -> None:
    assert guarded(value) == cell


def test_the_review_page_shows_each_actors_role_and_proposes_only_perpetrators(app_client: TestClient) -> None:
    csrf = login(app_client, "documenter")
    text = ("Regime forces shelled IS positions in the SDF-held town of Hajin in Syria, killing three civilians, "
            "the SDF said.")
    response = app_client.post("/reports", data={"csrf": csrf, "title": "Hajin", "text": text,
                                                  "confidentiality": "internal"}, follow_redirects=False)
    report = response.headers["location"].split("/")[2]
    roles = [a["role"] for a in app_client.get(f"/api/v1/reports/{report}/suggestions").json()["suggestions"]["actors"]]
    assert roles == ["perpetrator", "target", "controller", "mentioned"]
    page = app_client.get(f"/reports/{report}/review").text
    # the SDF, in control and mentioned, is one line with both roles (web/review_lines.py)
    lines = [["Perpetrator"], ["Target of the attack"], ["In control of the area", "Mentioned only"]]
    for n, labels in enumerate(lines):
        item = page[page.index(f'id="s-actors-{n}"'):]
        item = item[:item.index("</li>")]
        assert all(f">{label}</bdi>" in item for label in labels)
        chosen = 'value="violations:0" selected' in item
        assert chosen is (n == 0), (n, item)
    assert 'id="s-actors-3"' not in page
    _arabic(app_client, csrf)
    page = app_client.get(f"/reports/{report}/review").text
    assert ">مسيطر على المنطقة</bdi>" in page and ">In control of the area<" not in page
