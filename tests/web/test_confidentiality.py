"""Restricted content never reaches a role below its level, by any of the seven routes an attack probe found
(each test here failed before confidentiality was derived from what a record belongs to), and a walk of every
reading route for every role finds no word planted above that role's clearance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.policy import CLEARANCE, Role
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.linkage.clusters import merge_records
from tawthiq.services.records.store import create_record, delete_record, update_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER
from tests.web.conftest import Seeded, login

LEVEL_ORDER = list(Confidentiality)


def _csrf(client: TestClient, role: str) -> str:
    client.cookies.clear()
    return login(client, role)


def _above(role: Role, level: str) -> bool:
    return LEVEL_ORDER.index(Confidentiality(level)) > LEVEL_ORDER.index(CLEARANCE[role])


# --- 1. evidence of a restricted event --------------------------------------------------------------------


def test_evidence_of_a_restricted_event_is_restricted_and_no_prefix_reaches_it(app_client: TestClient,
                                                                               web_ws: Workspace,
                                                                                seeded: Seeded, tmp_path: Any) -> None:
    secret = tmp_path / "witness-Qz91.txt"
    secret.write_bytes(b"the statement of the restricted witness")
    item = add_evidence(web_ws, OWNER, paths=[secret], event=seeded.events["restricted"])[0]  # no level given
    missing = "0" * len(item.sha256)
    for role in ("analyst", "documenter", "viewer"):
        csrf = _csrf(app_client, role)
        for prefix in (item.sha256[:4], item.sha256[:12], item.evidence_id[:4], item.evidence_id):
            for path in (f"/api/v1/evidence/{prefix}", f"/evidence/{prefix}/file"):
                hidden = app_client.get(path)
                absent = app_client.get(path.replace(prefix, missing[:len(prefix)]))
                assert hidden.status_code == absent.status_code == 404
                assert hidden.content.replace(prefix.encode(), b"ID") == absent.content.replace(
                    missing[:len(prefix)].encode(), b"ID")
                assert (
                    b"witness-Qz91" not in hidden.content and seeded.events["restricted"].encode() not in hidden.content
                )
        if role == "documenter":  # the same bytes uploaded again say nothing of the restricted item
            mine = app_client.post("/api/v1/events", headers={"X-CSRF-Token": csrf},
                                   json={"title": "My own event", "confidentiality": "internal"}).json()["id"]
            answer = app_client.post(f"/api/v1/events/{mine}/evidence", headers={"X-CSRF-Token": csrf},
                                     files=[("files",
                                             ("again.txt", b"the statement of the restricted witness", "text/plain"))])
            assert answer.status_code == 201
            assert item.evidence_id not in answer.text and "witness-Qz91" not in answer.text
            assert answer.json()[0]["visible"] is False and answer.json()[0]["evidence_id"] == ""
            statement = b"the statement of the restricted witness"
            page = app_client.post(f"/events/{mine}/evidence", data={"csrf": csrf},
                                   files=[("files", ("third.txt", statement, "text/plain"))])
            assert page.status_code == 200 and "already on record above your clearance" in page.text


# --- 2. search, facets, map and timeline ------------------------------------------------------------------


@pytest.fixture
def planted_search(web_ws: Workspace, seeded: Seeded) -> dict[str, str]:
    """A public act of an internal event, a restricted act of a public event, a restricted actor on a public act."""
    internal_event = create_record(web_ws, kind="event",
                                   data={"title": "Raid on Xerofane", "confidentiality": "internal"})
    create_record(web_ws, kind="act", data={"event": internal_event["id"], "type": "killing", "killed": 2,
                                            "description": "Public act", "confidentiality": "public"})
    create_record(web_ws, kind="act", data={"event": seeded.events["public"], "type": "torture",
                                            "description": "Seen by Quillbrook only", "confidentiality": "restricted"})
    actor = create_record(web_ws, kind="actor", data={"name": "Brigade Vantorel", "confidentiality": "restricted"})
    act = create_record(web_ws, kind="act", data={"event": seeded.events["public"], "type": "looting",
                                                  "confidentiality": "public"})
    create_record(web_ws, kind="involvement", data={"act": act["id"], "actor": actor["id"], "degree": "carried-out",
                                                    "confidentiality": "public"})
    return {"internal": "Xerofane", "restricted act": "Quillbrook", "restricted actor": "Vantorel",
            "actor": actor["id"]}


def test_search_facets_map_and_timeline_hold_nothing_above_the_clearance(app_client: TestClient,
                                                                           planted_search: dict[str, str]) -> None:
    _csrf(app_client, "viewer")
    for word in ("Xerofane", "Quillbrook", "Vantorel"):
        found = app_client.get("/api/v1/search", params={"q": word}).json()
        assert found["total"] == 0 and found["hits"] == [], word
    everything = app_client.get("/api/v1/search", params={"limit": 200}).text
    assert "Vantorel" not in everything and planted_search["actor"] not in everything and "Xerofane" not in everything
    for path in ("/events", "/timeline", "/map", "/api/v1/map", "/api/v1/dashboard", "/"):
        assert "Vantorel" not in app_client.get(path).text, path
    by_actor = app_client.get("/api/v1/map", params={"actor": planted_search["actor"]})
    unknown = app_client.get("/api/v1/map", params={"actor": "f" * 36})
    assert by_actor.status_code == unknown.status_code == 422  # the restricted actor answers as an unknown one
    assert by_actor.text.replace(planted_search["actor"], "ID") == unknown.text.replace("f" * 36, "ID")
    _csrf(app_client, "analyst")  # internal clearance: the internal event and its public act, not the restricted ones
    assert app_client.get("/api/v1/search", params={"q": "Xerofane"}).json()["total"] == 2
    assert app_client.get("/api/v1/search", params={"q": "Quillbrook"}).json()["total"] == 0
    _csrf(app_client, "coordinator")  # full clearance: the public event by its restricted act's words too
    kinds = {hit["kind"] for hit in app_client.get("/api/v1/search", params={"q": "Quillbrook"}).json()["hits"]}
    assert kinds == {"event", "act"}


# --- 3. history -------------------------------------------------------------------------------------------


def test_versions_written_while_restricted_stay_hidden_once_the_record_is_public(app_client: TestClient,
                                                                                  web_ws: Workspace) -> None:
    event = create_record(web_ws, kind="event", data={"title": "Detention of Ormeval", "confidentiality": "restricted"})
    update_record(web_ws, kind="event", ident=event["id"], data={"description": "named by the insider Pelkarin"})
    update_record(web_ws, kind="event", ident=event["id"], data={"title": "Detentions in the east", "description": "",
                                                                 "confidentiality": "public"})
    _csrf(app_client, "viewer")
    for path in (f"/api/v1/records/event/{event['id']}/history", f"/events/{event['id']}/history"):
        response = app_client.get(path)
        assert response.status_code == 200
        assert "Ormeval" not in response.text and "Pelkarin" not in response.text
    versions = app_client.get(f"/api/v1/records/event/{event['id']}/history").json()
    assert [v["version"] for v in versions] == [3]
    _csrf(app_client, "coordinator")
    assert len(app_client.get(f"/api/v1/records/event/{event['id']}/history").json()) == 3


# --- 4. moving an act into another event ------------------------------------------------------------------


def test_a_documenter_cannot_move_an_act_into_an_event_it_may_not_edit(app_client: TestClient, web_ws: Workspace,
                                                                        seeded: Seeded) -> None:
    csrf = _csrf(app_client, "documenter")
    mine = app_client.post("/api/v1/events", headers={"X-CSRF-Token": csrf},
                           json={"title": "My event", "confidentiality": "internal"}).json()
    act = app_client.post("/api/v1/acts", headers={"X-CSRF-Token": csrf},
                          json={"event": mine["id"], "type": "killing"}).json()
    others = create_record(web_ws, kind="event",
                           data={"title": "Another documenter's event", "confidentiality": "internal"})
    for target, status in ((seeded.events["restricted"], 404), (seeded.events["restricted"][:8], 404),
                           (others["id"], 403)):
        moved = app_client.patch(f"/api/v1/records/act/{act['id']}", headers={"X-CSRF-Token": csrf},
                                 json={"event": target})
        assert moved.status_code in {status, 422}, (target, moved.text)
        if target != seeded.events["restricted"]:  # what was given is echoed; nothing else of the hidden event
            assert seeded.events["restricted"] not in moved.text
    assert app_client.get(f"/api/v1/records/act/{act['id']}").json()["event_id"] == mine["id"]


# --- 5. references ----------------------------------------------------------------------------------------


def test_references_reach_only_records_the_writer_may_read(app_client: TestClient, web_ws: Workspace,
                                                           seeded: Seeded) -> None:
    person = create_record(web_ws, kind="person", data={"name": "Hidden witness", "confidentiality": "restricted"})
    actor = create_record(web_ws, kind="actor", data={"name": "Hidden unit", "confidentiality": "restricted"})
    report = create_record(web_ws, kind="report", data={"title": "Hidden report", "confidentiality": "restricted"})
    csrf = _csrf(app_client, "documenter")
    act = app_client.post("/api/v1/acts", headers={"X-CSRF-Token": csrf}, json={
        "event": app_client.post("/api/v1/events", headers={"X-CSRF-Token": csrf}, json={"title": "Mine"}).json()["id"],
        "type": "killing"}).json()
    attempts = [("victim", {"act": act["id"], "person": person["id"][:4]}, "person", person["id"]),
                ("involvement", {"act": act["id"], "actor": actor["id"][:4], "degree": "carried-out"}, "actor",
                 actor["id"]),
                ("information", {"act": act["id"], "source": seeded.source[:4]}, "source", seeded.source),
                ("information", {"act": act["id"], "report": report["id"]}, "report", report["id"])]
    for kind, body, field, hidden in attempts:
        refused = app_client.post(f"/api/v1/records/{kind}", headers={"X-CSRF-Token": csrf}, json=body)
        assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == field, refused.text
        assert hidden not in refused.text or body[field] == hidden  # only what was given is echoed
    assert app_client.get("/api/v1/records/victim").json() == []


# --- 6. the answer to a prefix ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["event", "act", "report"])
def test_a_hidden_record_answers_exactly_as_a_missing_one(app_client: TestClient, seeded: Seeded, kind: str) -> None:
    hidden = {"event": seeded.events, "act": seeded.acts, "report": seeded.reports}[kind]["restricted"]
    _csrf(app_client, "analyst")
    for ident in (hidden, hidden[:4], hidden[:8]):
        missing = re.sub(r"[0-9a-f]", "f", ident)
        for path in (f"/api/v1/records/{kind}/{{}}", f"/records/{kind}/{{}}"):
            shown, absent = app_client.get(path.format(ident)), app_client.get(path.format(missing))
            assert shown.status_code == absent.status_code == 404
            assert shown.content.replace(ident.encode(), b"ID") == absent.content.replace(missing.encode(), b"ID")
            assert hidden not in shown.text or ident == hidden


def test_lookups_by_a_part_of_an_id_are_rate_limited_per_account(app_client: TestClient, seeded: Seeded) -> None:
    _csrf(app_client, "analyst")
    answers = [app_client.get(f"/api/v1/records/event/{n:04x}").status_code for n in range(121)]
    assert answers[:120] == [404] * 120 and answers[120] == 429
    limited = app_client.get(f"/api/v1/records/event/{seeded.events['public'][:8]}")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert app_client.get(f"/api/v1/records/event/{seeded.events['public']}").status_code == 200  # whole ids still work
    _csrf(app_client, "viewer")  # per account
    assert app_client.get(f"/api/v1/records/event/{seeded.events['public'][:8]}").status_code == 200


# --- 7. lists of the record kinds -------------------------------------------------------------------------


def test_record_lists_show_no_record_or_reference_above_the_clearance(app_client: TestClient, web_ws: Workspace,
                                                                      seeded: Seeded) -> None:
    person = create_record(web_ws, kind="person", data={"name": "Hidden victim", "confidentiality": "restricted"})
    actor = create_record(web_ws, kind="actor", data={"name": "Hidden unit", "confidentiality": "restricted"})
    public_act = create_record(web_ws, kind="act", data={"event": seeded.events["restricted"], "type": "killing",
                                                         "killed": 17, "confidentiality": "public"})
    create_record(web_ws, kind="victim", data={"act": seeded.acts["internal"], "person": person["id"],
                                               "confidentiality": "internal"})
    create_record(web_ws, kind="involvement", data={"act": seeded.acts["internal"], "actor": actor["id"],
                                                    "degree": "carried-out", "confidentiality": "internal"})
    _csrf(app_client, "analyst")
    listed = {kind: app_client.get(f"/api/v1/records/{kind}").json()
              for kind in ("act", "victim", "involvement", "information", "event_link")}
    text = repr(listed)
    for hidden in (person["id"], actor["id"], public_act["id"], seeded.source, seeded.events["restricted"]):
        assert hidden not in text
    assert all(row["killed"] != 17 for row in listed["act"])
    assert len(listed["victim"]) == 1 and listed["victim"][0]["person_id"] is None  # shown as empty, kept as it is
    _csrf(app_client, "coordinator")
    assert app_client.get("/api/v1/records/victim").json()[0]["person_id"] == person["id"]


# --- the walk: every reading route, every role, no planted word above the clearance --------------------------


@dataclass
class Planted:
    words: dict[str, str]  # word -> the level of the record that holds it
    ids: dict[str, str]  # id -> the level of the record
    reopened: list[str]  # public events whose earlier versions were restricted or internal


@pytest.fixture
def planted(web_ws: Workspace, seeded: Seeded, tmp_path: Any) -> Planted:
    """A unique word in records of every kind at the internal and restricted levels, and in the parts of public
    records that draw on them (acts, perpetrators, places, victims, sources, reports, evidence, history)."""
    words: dict[str, str] = {}
    ids: dict[str, str] = {}
    reopened: list[str] = []

    def plant(level: str, kind: str, data: dict[str, Any], word: str, own: str | None = None) -> dict[str, Any]:
        """A record of effective ``level`` holding ``word``; its own level is ``own`` (a public act of a restricted
        event is restricted all the same)."""
        record = create_record(web_ws, kind=kind, data={**data, "confidentiality": own or level})
        words[word] = level
        ids[record["id"]] = level
        return record

    for level, mark in (("internal", "Ivq"), ("restricted", "Rzx")):
        event = plant(level, "event", {"title": f"Shelling {mark}event", "start": "2016-03"}, f"{mark}event")
        place = plant(level, "place", {"name": f"{mark}village", "latitude": 35.1, "longitude": 40.1,
                                       "feature": "governorate"}, f"{mark}village")
        update_record(web_ws, kind="event", ident=event["id"], data={"place": place["id"]})
        actor = plant(level, "actor", {"name": f"{mark}brigade"}, f"{mark}brigade")
        person = plant(level, "person", {"name": f"{mark}person"}, f"{mark}person")
        act = plant(level, "act", {"event": seeded.events["public"], "type": "torture",
                                   "description": f"{mark}act"}, f"{mark}act")
        plant(level, "involvement", {"act": seeded.acts["public"], "actor": actor["id"], "degree": "carried-out"},
              f"{mark}brigade")
        plant(level, "victim", {"act": seeded.acts["public"], "person": person["id"]}, f"{mark}person")
        source = plant(level, "source", {"pseudonym": f"{mark}source"}, f"{mark}source")
        report = plant(level, "report", {"title": f"{mark}report", "text": f"{mark}report text",
                                         "source": source["id"]}, f"{mark}report")
        plant(level, "information", {"event": seeded.events["public"], "source": source["id"], "report": report["id"]},
              f"{mark}source")
        history = create_record(web_ws, kind="event", data={"title": f"{mark}history", "confidentiality": level})
        update_record(web_ws, kind="event", ident=history["id"], data={"title": "Renamed", "confidentiality": "public"})
        words[f"{mark}history"] = level
        reopened.append(history["id"])
        file = tmp_path / f"{mark}file.txt"
        file.write_text(f"evidence of {level}", encoding="utf-8")
        item = add_evidence(web_ws, OWNER, paths=[file], event=event["id"])[0]
        words[f"{mark}file"], ids[item.evidence_id] = level, level
        ids[act["id"]] = level
        child = plant(level, "act", {"event": event["id"], "type": "killing", "description": f"{mark}child"},
                      f"{mark}child", own="public")
        plant(level, "involvement", {"act": child["id"], "actor": "islamic-state", "degree": "suspected"},
              f"{mark}child", own="public")
        deleted = plant(level, "event", {"title": f"{mark}deleted"}, f"{mark}deleted")
        delete_record(web_ws, kind="event", ident=deleted["id"], reason="entered twice")
    merge_records(web_ws, kind="event", idents=[seeded.events["public"], seeded.events["restricted"]], note="walk")
    return Planted(words, ids, reopened)


def _reading_routes(client: TestClient, seeded: Seeded, planted: Planted) -> list[str]:
    paths = ["/", "/events", "/timeline", "/map", "/records", "/api/v1/dashboard", "/api/v1/search?limit=200",
             "/api/v1/events?limit=200", "/api/v1/map", "/linkage/review?kind=event", "/linkage/merges",
             "/api/v1/linkage/merges", "/api/v1/linkage/event/candidates", "/admin/audit"]
    paths += [f"/records?kind={kind}" for kind in ("person", "actor", "place", "source", "report")]
    paths += [f"/api/v1/records/{kind}?limit=1000" for kind in ("event", "act", "actor", "person", "place", "report",
                                                               "source", "victim", "involvement", "information",
                                                               "event_link", "evidence")]
    for word in planted.words:
        paths += [f"/api/v1/search?q={word}", f"/events?q={word}", f"/timeline?q={word}", f"/api/v1/map?q={word}"]
        paths += [f"/api/v1/pick/{kind}?q={word}" for kind in ("actor", "person", "place")]
    for event in [*seeded.events.values(), *planted.reopened]:
        paths += [f"/events/{event}", f"/api/v1/events/{event}", f"/events/{event}/history",
                  f"/api/v1/events/{event}/corroboration", f"/api/v1/records/event/{event}/history"]
    for ident in [*planted.ids, *seeded.acts.values(), *seeded.evidence.values()]:
        paths += [f"/records/act/{ident}", f"/api/v1/records/act/{ident}", f"/evidence/{ident}",
                  f"/api/v1/evidence/{ident}", f"/api/v1/records/event/{ident}/history"]
    return paths


@pytest.mark.slow
@pytest.mark.parametrize("role", [Role.DOCUMENTER, Role.ANALYST, Role.VIEWER])
def test_no_word_planted_above_the_clearance_reaches_any_page_of_a_lower_role(app_client: TestClient, seeded: Seeded,
                                                                              planted: Planted, role: Role) -> None:
    _csrf(app_client, role.value)
    hidden_words = [w for w, level in planted.words.items() if _above(role, level)]
    hidden_ids = [i for i, level in planted.ids.items() if _above(role, level)]
    assert hidden_words and hidden_ids
    leaks = []
    for path in _reading_routes(app_client, seeded, planted):
        body = app_client.get(path).text
        leaks += [(path, w) for w in hidden_words if w in body and w not in path]
        leaks += [(path, i) for i in hidden_ids if i in body and i not in path]
    assert leaks == []


@pytest.mark.slow
def test_the_walk_sees_every_planted_word_with_full_clearance(app_client: TestClient, seeded: Seeded,
                                                              planted: Planted) -> None:
    """The walk above could find each leak: with full clearance every planted word and id shows on some route."""
    _csrf(app_client, "coordinator")
    bodies = [app_client.get(path).text for path in _reading_routes(app_client, seeded, planted)
              if "q=" not in path]  # found without being asked for by name
    unseen = [w for w in [*planted.words, *planted.ids] if not any(w in body for body in bodies)]
    assert unseen == []
