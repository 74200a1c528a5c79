"""The linkage review pages and their API: the queue, a pair side by side, accept and reject, merges and unmerge,
a run from the web, who may do what, and clearance."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from tawthiq.db.linkage import LinkCandidate, LinkDecision, Merge, PersonListing
from tawthiq.linkage.events import EVENT_MODEL
from tawthiq.linkage.persons import PERSON_MODEL
from tawthiq.services.linkage import clusters as linkage, review as linkreview
from tawthiq.services.linkage.victim_lists import import_person_list
from tawthiq.services.records.store import create_record, update_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER
from tests.web.conftest import LEVELS, login

CATALOG = Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "web" / "locales" / "ar.json"
COLUMNS = ("source", "external_id", "full_name", "given_name", "father_name", "family_name", "sex", "birth_year",
           "death_date", "place")
# Two persons, each listed twice (Arabic script by one list, Latin by the other), and a sparse third listing of Omar.
VICTIMS = [
    {"source": "VDC", "external_id": "a1", "full_name": "محمد خالد الأحمد", "sex": "male", "birth_year": "1990",
     "death_date": "2013-08-21", "place": "Douma"},
    {"source": "SNHR", "external_id": "7", "given_name": "Mohammad", "father_name": "Khaled", "family_name": "Al-Ahmad",
     "sex": "male", "birth_year": "1990", "death_date": "21/08/2013", "place": "Douma"},
    {"source": "VDC", "external_id": "a2", "full_name": "عمر علي حداد", "sex": "male", "birth_year": "1985",
     "death_date": "2014-01-02", "place": "Homs"},
    {"source": "SNHR", "external_id": "8", "given_name": "Omar", "father_name": "Ali", "family_name": "Haddad",
     "sex": "male", "birth_year": "1985", "death_date": "02/01/2014", "place": "Homs"},
    {"source": "CSR", "external_id": "x9", "given_name": "Omar", "family_name": "Haddad"},
]


def write_victims(path: Path, rows: list[dict[str, str]] = VICTIMS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def person_of(ws: Workspace, source: str, external_id: str) -> str:
    with ws.reading() as session:
        return str(session.scalar(select(PersonListing.person_id).where(
            PersonListing.source == source, PersonListing.external_id == external_id)))


def seed_pairs(ws: Workspace) -> dict[str, dict[str, list[Any]]]:
    """For the authorization walk: per level, two candidate pairs of persons of that level and two merges of
    others (one of each for a page, one for the API). The candidate rows are what a run leaves in
    ``link_candidates``; scoring is tested above."""
    out: dict[str, dict[str, list[Any]]] = {}
    for level in LEVELS:
        people = [create_record(ws, kind="person", data={"name": f"Walk {level} {n}", "confidentiality": level})["id"]
                  for n in range(8)]
        with ws.transaction() as session:
            pairs = [session.execute(insert(LinkCandidate).values(
                kind="person", left_id=people[n], right_id=people[n + 1], probability=0.95, run_at=datetime.now(UTC),
                reasons={"given": "same spelling", "family": "different"}).returning(LinkCandidate.id)).scalar_one()
                for n in (0, 2)]
        merges = [
            linkage.merge_records(ws, kind="person", idents=people[n : n + 2], note=f"walk {level}")["id"]
            for n in (4, 6)
        ]
        out[level] = {"pairs": pairs, "merges": merges}
    return out


def form_csrf(client: TestClient, path: str = "/linkage/review") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
def listed(web_ws: Workspace, tmp_path: Path) -> Workspace:
    """The seeded data directory with the victim list imported and the persons scored once."""
    import_person_list(web_ws, OWNER, path=write_victims(tmp_path / "victims.csv"))
    linkage.link_persons(web_ws)
    return web_ws


def pair_id(ws: Workspace, first: tuple[str, str], second: tuple[str, str]) -> int:
    ids = {person_of(ws, *first), person_of(ws, *second)}
    return next(p["id"] for p in linkage.review_queue(ws) if {p["left"], p["right"]} == ids)


def test_the_queue_lists_pending_pairs_most_likely_first_with_reasons(app_client: TestClient,
                                                                      listed: Workspace) -> None:
    login(app_client, "analyst")
    api = app_client.get("/api/v1/linkage/person/candidates").json()
    probabilities = [p["probability"] for p in api["pairs"]]
    assert api["total"] == len(probabilities) >= 3 and probabilities == sorted(probabilities, reverse=True)
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    sparse = pair_id(listed, ("VDC", "a2"), ("CSR", "x9"))
    order = [p["id"] for p in api["pairs"]]
    assert order.index(ahmad) < order.index(sparse)  # the full listing outranks the name-only one
    first = next(p for p in api["pairs"] if p["id"] == ahmad)
    assert first["reasons"]["death_date"] == "same day" and first["verdicts"]["death_date"] == "agree"
    assert first["reasons"]["given"] == "same name, other script"
    page = app_client.get("/linkage/review?kind=person").text
    assert f'id="pair-{ahmad}"' in page and "same day" in page and "محمد خالد الأحمد" in page
    assert page.index(f'id="pair-{ahmad}"') < page.index(f'id="pair-{sparse}"')
    assert 'id="find-matches"' not in page  # an analyst reads the queue but may not start a run


def test_the_queue_pages_through_the_pairs(app_client: TestClient, listed: Workspace,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tawthiq.web.linkage_pages.QUEUE_PAGE", 2)
    login(app_client, "analyst")
    total = app_client.get("/api/v1/linkage/person/candidates").json()["total"]
    pages = [app_client.get(f"/linkage/review?kind=person&page={n}").text for n in range(1, (total + 1) // 2 + 1)]
    shown = [m for page in pages for m in re.findall(r'id="pair-(\d+)"', page)]
    assert len(shown) == len(set(shown)) == total >= 3
    assert 'rel="next" href="/linkage/review?kind=person&amp;page=2"' in pages[0] and 'rel="next"' not in pages[-1]


def test_a_pair_is_shown_side_by_side_with_the_reason_of_each_field(app_client: TestClient, listed: Workspace) -> None:
    login(app_client, "coordinator")
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    page = app_client.get(f"/linkage/person/pairs/{ahmad}").text
    for written in ("محمد خالد الأحمد", "Mohammad", "Al-Ahmad", "Khaled", "VDC", "SNHR", "21/08/2013", "2013-08-21"):
        assert written in page, written
    death = re.search(r'<tr class="(\w+)" data-field="death_date">(.*?)</tr>', page, re.S)
    assert death and death.group(1) == "agree" and "same day" in death.group(2)
    mother = re.search(r'<tr class="(\w+)" data-field="mother_name">', page)
    assert mother and mother.group(1) == "missing"
    assert 'value="accept"' in page and 'value="reject"' in page
    view = app_client.get(f"/api/v1/linkage/person/candidates/{ahmad}").json()
    rows = {r["key"]: r for r in view["rows"]}
    assert rows["source"]["left"][0]["text"] in ("VDC", "SNHR") and rows["place"]["reason"] == "same place"
    arabic = "left" if rows["source"]["left"][0]["text"] == "VDC" else "right"  # VDC wrote one full name in Arabic
    latin = "right" if arabic == "left" else "left"
    assert rows["given_name"][f"{arabic}_from_name"] and not rows["given_name"][f"{latin}_from_name"]
    assert rows["given_name"]["verdict"] == "agree" and "read from the full name" in page


def test_accepting_merges_the_pair_takes_it_off_the_queue_and_opens_the_next(app_client: TestClient,
                                                                            listed: Workspace) -> None:
    login(app_client, "coordinator")
    csrf = form_csrf(app_client)
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    answer = app_client.post(f"/linkage/person/pairs/{ahmad}", follow_redirects=False,
                             data={"csrf": csrf, "decision": "accept", "note": "same father and day"})
    assert answer.status_code == 303
    waiting = [p["id"] for p in linkage.review_queue(listed)]
    assert ahmad not in waiting and answer.headers["location"] == f"/linkage/person/pairs/{waiting[0]}"
    merges = app_client.get("/api/v1/linkage/merges?kind=person").json()
    mine = next(m for m in merges if m["note"] == "same father and day")
    assert mine["active"] and mine["created_by"] == "coordinator" and mine["probability"] > 0.9
    assert {b["id"] for b in mine["members"]} == {person_of(listed, "VDC", "a1"), person_of(listed, "SNHR", "7")}
    again = app_client.post(f"/linkage/person/pairs/{ahmad}", data={"csrf": csrf, "decision": "reject"})
    assert again.status_code == 422 and "already been decided" in again.text


def test_a_rejected_pair_stays_apart_in_the_next_run(app_client: TestClient, listed: Workspace) -> None:
    token = login(app_client, "coordinator")
    omar = pair_id(listed, ("VDC", "a2"), ("SNHR", "8"))
    decided = app_client.post(f"/api/v1/linkage/person/candidates/{omar}/decision", headers={"X-CSRF-Token": token},
                              json={"decision": "reject", "note": "different mothers"})
    assert decided.status_code == 200 and decided.json()["merge"] is None
    run = app_client.post("/linkage/run", data={"csrf": form_csrf(app_client), "kind": "person"})
    assert run.status_code == 200 and 'id="run-summary"' in run.text
    summary = re.search(r'id="run-summary">Records compared: (\d+)\. Clusters found: (\d+)\.', run.text)
    assert summary and int(summary.group(1)) == 6  # the seeded person and the five listings
    ids = {person_of(listed, "VDC", "a2"), person_of(listed, "SNHR", "8")}
    queued = app_client.get("/api/v1/linkage/person/candidates").json()["pairs"]
    assert queued and all({p["left"]["id"], p["right"]["id"]} != ids for p in queued)
    with listed.reading() as session:
        assert session.scalar(select(func.count()).select_from(Merge)) == 0


def test_unmerge_needs_a_reason_and_then_keeps_the_merge_marked_undone(app_client: TestClient,
                                                                       listed: Workspace) -> None:
    login(app_client, "admin")
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    merge = linkage.decide_pair(listed, candidate=ahmad, decision="accept")["merge"]
    csrf = form_csrf(app_client, "/linkage/merges")
    empty = app_client.post(f"/linkage/merges/{merge}/unmerge", data={"csrf": csrf, "reason": "  "})
    assert empty.status_code == 422
    assert "undoing a merge needs a reason" in empty.text and "reason" in empty.text
    app_client.post("/language", data={"csrf": csrf, "language": "ar"})
    arabic = app_client.post(f"/linkage/merges/{merge}/unmerge", data={"csrf": csrf, "reason": ""})
    assert arabic.status_code == 422 and "إلغاء الدمج يحتاج إلى سبب" in arabic.text
    with listed.reading() as session:
        assert session.get(Merge, merge).undone_at is None  # type: ignore[union-attr]
    done = app_client.post(f"/linkage/merges/{merge}/unmerge", data={"csrf": csrf, "reason": "different mothers"},
                           follow_redirects=False)
    assert done.status_code == 303
    page = app_client.get("/linkage/merges").text
    row = re.search(rf'<tr id="merge-{merge}" class="undone">(.*?)</tr>', page, re.S)
    assert row and "different mothers" in row.group(1) and "admin" in row.group(1)
    assert next(m for m in app_client.get("/api/v1/linkage/merges").json() if m["id"] == merge)["active"] is False


def test_writes_by_cookie_without_the_csrf_token_are_refused(app_client: TestClient, listed: Workspace) -> None:
    login(app_client, "coordinator")
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    assert app_client.post(f"/linkage/person/pairs/{ahmad}", data={"decision": "accept"}).status_code == 422
    assert app_client.post(f"/api/v1/linkage/person/candidates/{ahmad}/decision",
                           json={"decision": "accept"}).status_code == 403
    assert app_client.post("/linkage/run", data={"kind": "person"}).status_code == 422
    assert app_client.post("/api/v1/linkage/person/runs").status_code == 403
    with listed.reading() as session:
        assert session.scalar(select(func.count()).select_from(LinkDecision)) == 0


@pytest.mark.parametrize(("role", "read", "write"), [
    ("admin", 200, 303), ("coordinator", 200, 303), ("analyst", 200, 403), ("documenter", 403, 403),
    ("viewer", 403, 403)])
def test_who_may_read_and_decide(app_client: TestClient, listed: Workspace, role: str, read: int, write: int) -> None:
    token = login(app_client, role)
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    assert app_client.get("/linkage/review").status_code == read
    assert app_client.get(f"/linkage/person/pairs/{ahmad}").status_code == read
    assert app_client.get("/linkage/merges").status_code == read
    assert app_client.get("/api/v1/linkage/person/candidates").status_code == read
    answer = app_client.post(f"/linkage/person/pairs/{ahmad}", data={"csrf": token, "decision": "reject"},
                             follow_redirects=False)
    assert answer.status_code == write
    assert ('href="/linkage/review"' in app_client.get("/").text) is (read == 200)  # the nav link


def test_a_pair_with_a_record_above_the_clearance_is_invisible(app_client: TestClient, listed: Workspace) -> None:
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    update_record(listed, kind="person", ident=person_of(listed, "SNHR", "7"), data={"confidentiality": "restricted"})
    merge = linkage.merge_records(listed, kind="person", idents=[person_of(listed, "SNHR", "7"),
                                                                 person_of(listed, "CSR", "x9")])["id"]
    token = login(app_client, "analyst")
    listed_ids = [p["id"] for p in app_client.get("/api/v1/linkage/person/candidates").json()["pairs"]]
    assert listed_ids and ahmad not in listed_ids
    assert "Mohammad" not in app_client.get("/linkage/review").text
    assert app_client.get(f"/linkage/person/pairs/{ahmad}").status_code == 404
    assert app_client.get(f"/api/v1/linkage/person/candidates/{ahmad}").status_code == 404
    assert app_client.post(f"/api/v1/linkage/person/candidates/{ahmad}/decision", headers={"X-CSRF-Token": token},
                           json={"decision": "accept"}).status_code == 404
    assert merge not in app_client.get("/linkage/merges").text
    assert all(m["id"] != merge for m in app_client.get("/api/v1/linkage/merges").json())
    login(app_client, "coordinator")
    assert app_client.get(f"/linkage/person/pairs/{ahmad}").status_code == 200
    assert merge in app_client.get("/linkage/merges").text


def test_the_arabic_pages_are_right_to_left_and_translated(app_client: TestClient, listed: Workspace) -> None:
    login(app_client, "coordinator")
    app_client.post("/language", data={"csrf": form_csrf(app_client), "language": "ar"})
    ahmad = pair_id(listed, ("VDC", "a1"), ("SNHR", "7"))
    queue = app_client.get("/linkage/review").text
    pair = app_client.get(f"/linkage/person/pairs/{ahmad}").text
    for page in (queue, pair, app_client.get("/linkage/merges").text):
        assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "مراجعة التطابقات" in queue and "اليوم نفسه" in queue and "same day" not in queue
    assert "مقارنة سجلين" in pair and "تاريخ الوفاة" in pair and "قبول: هما واحد (دمج)" in pair


def test_finding_matches_among_events_no_rule_can_pair_shows_the_run_not_an_error(app_client: TestClient) -> None:
    login(app_client, "coordinator")  # the seeded events have no place the gazetteer knows: no pair to start from
    answer = app_client.post("/linkage/run", data={"csrf": form_csrf(app_client), "kind": "event"})
    assert answer.status_code == 200
    assert (
        "Records compared: 3. Clusters found: 0. Pairs scored: 0." in answer.text and "No pairs waiting" in answer.text
    )


def test_every_reason_and_row_label_has_an_arabic_translation() -> None:
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    levels = {label for model in (PERSON_MODEL, EVENT_MODEL) for f in model.fields for label, _level in f.levels}
    labels = {label for _key, label, _field in linkreview.PERSON_ROWS + linkreview.EVENT_ROWS}
    wanted = levels | labels | set(linkreview.FIELD_LABELS.values()) | {"different", "missing", "accept", "reject"}
    assert sorted(wanted - set(catalog)) == []


def test_events_side_by_side_and_corroboration_counts_merged_events(app_client: TestClient, web_ws: Workspace) -> None:
    governorate = create_record(web_ws, kind="place", data={"name": "Rif Dimashq", "confidentiality": "public"})
    district = create_record(web_ws, kind="place", data={"name": "Douma district", "parent": governorate["id"],
                                                         "confidentiality": "public"})
    town = create_record(web_ws, kind="place", data={"name": "Douma", "name_ar": "دوما", "parent": district["id"],
                                                     "confidentiality": "public"})
    events = []
    for n, pseudonym in enumerate(("witness one", "witness two")):
        event = create_record(web_ws, kind="event", data={"title": f"Shelling of Douma market {n}",
                                                          "start": "2016-02-03", "place": town["id"],
                                                          "confidentiality": "internal"})
        create_record(web_ws, kind="act", data={"event": event["id"], "type": "indiscriminate-attack", "killed": 6 + n})
        source = create_record(web_ws, kind="source", data={"pseudonym": pseudonym, "confidentiality": "internal"})
        create_record(web_ws, kind="information", data={"source": source["id"], "event": event["id"]})
        events.append(event["id"])
    token = login(app_client, "coordinator")
    run = app_client.post("/api/v1/linkage/event/runs", headers={"X-CSRF-Token": token})
    assert run.status_code == 200 and run.json()["records"] == 5 and run.json()["clusters"] >= 1
    pair = next(p for p in app_client.get("/api/v1/linkage/event/candidates").json()["pairs"]
                if {p["left"]["id"], p["right"]["id"]} == set(events))
    page = app_client.get(f"/linkage/event/pairs/{pair['id']}").text
    assert "Shelling of Douma market 0" in page and "Shelling of Douma market 1" in page and "witness two" in page
    assert re.search(r'<tr class="agree" data-field="place">', page)
    assert "Independent sources: 1" in app_client.get(f"/events/{events[0]}").text
    app_client.post(f"/linkage/event/pairs/{pair['id']}", data={"csrf": form_csrf(app_client), "decision": "accept"})
    shown = app_client.get(f"/events/{events[0]}").text
    assert "Independent sources: 2" in shown and f'href="/events/{events[1]}"' in shown
    login(app_client, "viewer")  # the events are internal: the corroboration is as hidden as they are
    assert app_client.get(f"/api/v1/events/{events[0]}/corroboration").status_code == 404
