"""Every mistake can be corrected in the web: acts edited, every kind deleted with a reason and restored, links
added, removed and their removal undone from the event page, within the role rules; record pages in the reader's
language with names and dates in words."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.linkage.victim_lists import import_person_list
from tawthiq.services.records.store import create_record, get_record, list_records
from tawthiq.services.workspace import Workspace
from tests.support import OWNER
from tests.web.conftest import Seeded, login


def _lang(client: TestClient, csrf: str, language: str) -> None:
    client.post("/language", data={"csrf": csrf, "language": language, "next": "/"})


def _records(ws: Workspace, s: Seeded) -> dict[str, str]:
    """One live record of each kind the web deletes, made by the seeding account (not by the web's users)."""
    event = create_record(ws, kind="event", data={"title": "Raid on the bakery", "start": "2016-03",
                                                  "confidentiality": "internal"})["id"]
    act = create_record(ws, kind="act", data={"event": event, "type": "arbitrary-detention", "detained": 3})["id"]
    person = create_record(ws, kind="person", data={"name": "Khaled al-Omar", "name_ar": "خالد العمر"})["id"]
    return {
        "event": event, "act": act, "person": person,
        "actor": create_record(ws, kind="actor", data={"name": "Local militia"})["id"],
        "source": create_record(ws, kind="source", data={"pseudonym": "Umm Ali"})["id"],
        "report": create_record(ws, kind="report", data={"title": "Bakery witness report"})["id"],
        "place": create_record(ws, kind="place", data={"name": "Bakery square"})["id"],
        "victim": create_record(ws, kind="victim", data={"act": act, "person": person})["id"],
        "involvement": create_record(ws, kind="involvement", data={"act": act, "actor": "islamic-state",
                                                                   "degree": "carried-out"})["id"],
        "information": create_record(ws, kind="information", data={"event": event,
                                                                   "report": s.reports["public"]})["id"],
        "event_link": create_record(ws, kind="event_link", data={"from_event": event, "to_event": s.events["public"],
                                                                 "relation": "follows"})["id"],
    }


def test_an_act_is_edited_from_its_own_form(app_client: TestClient, web_ws: Workspace, seeded: Seeded) -> None:
    csrf = login(app_client, "coordinator")
    act = seeded.acts["public"]
    form = app_client.get(f"/records/act/{act}/edit")
    assert form.status_code == 200
    assert re.search(r'name="killed"[^>]*value="4"', form.text)
    assert re.search(r'<option value="indiscriminate-attack"[^>]*selected', form.text)
    saved = app_client.post(f"/records/act/{act}", follow_redirects=False, data={
        "csrf": csrf, "type": "indiscriminate-attack", "method": "shelling", "killed": "7", "injured": "12",
        "description": "Counted again from the hospital list.", "confidentiality": "public"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/events/{seeded.events['public']}"
    stored = get_record(web_ws, kind="act", ident=act)
    assert (stored["killed"], stored["injured"], stored["method_id"]) == (7, 12, "methods:shelling")
    assert "Counted again from the hospital list." in app_client.get(f"/events/{seeded.events['public']}").text
    # a count typed wrong is refused, named, in both languages, and nothing changes
    bad = app_client.post(f"/records/act/{act}", data={"csrf": csrf, "killed": "-2", "confidentiality": "public"})
    assert bad.status_code == 422 and "Nothing was saved" in bad.text and "القتلى" not in bad.text
    assert 'name="killed"' in bad.text and get_record(web_ws, kind="act", ident=act)["killed"] == 7
    _lang(app_client, csrf, "ar")
    bad = app_client.post(f"/records/act/{act}", data={"csrf": csrf, "killed": "-2", "confidentiality": "public"})
    assert bad.status_code == 422 and "القتلى" in bad.text


KINDS = ("event", "act", "actor", "person", "source", "report", "place", "victim", "involvement", "information",
         "event_link")


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_deleted_with_a_reason_and_restored(app_client: TestClient, web_ws: Workspace, seeded: Seeded,
                                                         kind: str) -> None:
    ident = _records(web_ws, seeded)[kind]
    csrf = login(app_client, "coordinator")
    page = app_client.get(f"/records/{kind}/{ident}").text
    assert f'href="/records/{kind}/{ident}/delete"' in page
    confirm = app_client.get(f"/records/{kind}/{ident}/delete")
    assert confirm.status_code == 200 and 'name="reason"' in confirm.text

    refused = app_client.post(f"/records/{kind}/{ident}/delete", data={"csrf": csrf, "reason": "  "})
    assert refused.status_code == 422
    assert "a deletion or a restore needs a reason" in refused.text and 'name="reason"' in refused.text
    assert get_record(web_ws, kind=kind, ident=ident)["deleted_at"] is None

    deleted = app_client.post(f"/records/{kind}/{ident}/delete", follow_redirects=False,
                              data={"csrf": csrf, "reason": "Entered twice by mistake"})
    assert deleted.status_code == 303
    assert get_record(web_ws, kind=kind, ident=ident)["deleted_at"] is not None
    listed = app_client.get(f"/deleted?kind={kind}").text
    assert f'href="/records/{kind}/{ident}"' in listed and "Entered twice by mistake" in listed
    named = {"act": "Arbitrary detention", "victim": "Khaled al-Omar", "event": "Raid on the bakery"}.get(kind)
    assert named is None or named in listed  # named as on its page, not by an id or a slug
    page = app_client.get(f"/records/{kind}/{ident}").text
    assert 'id="restore-form"' in page and "Entered twice by mistake" in page

    restored = app_client.post(f"/records/{kind}/{ident}/restore", follow_redirects=False,
                               data={"csrf": csrf, "reason": "It was the only copy after all"})
    assert restored.status_code == 303
    assert get_record(web_ws, kind=kind, ident=ident)["deleted_at"] is None
    history = app_client.get(f"/records/{kind}/{ident}").text
    assert "Entered twice by mistake" in history and "It was the only copy after all" in history
    assert 'id="restore-form"' not in history
    assert f'href="/records/{kind}/{ident}"' not in app_client.get(f"/deleted?kind={kind}").text


def _remove_forms(page: str) -> set[str]:
    return set(re.findall(r'action="/links/([a-z_]+/[0-9a-f-]+)/remove"', page))


def test_links_are_added_removed_and_undone_from_the_event_page(app_client: TestClient, web_ws: Workspace,
                                                                seeded: Seeded) -> None:
    csrf = login(app_client, "coordinator")
    event, act = seeded.events["public"], seeded.acts["public"]
    other = create_record(web_ws, kind="event", data={"title": "Displacement after the shelling",
                                                      "confidentiality": "public"})["id"]
    adds: list[tuple[str, dict[str, Any]]] = [
        ("involvement", {"act": act, "actor": "islamic-state", "degree": "carried-out"}),
        ("victim", {"act": act, "person": seeded.person, "harm": "killed"}),
        ("information", {"event": event, "report": seeded.reports["public"], "relation": "supports"}),
        ("event_link", {"from_event": event, "to_event": other, "relation": "caused"}),
    ]
    for kind, data in adds:  # each is a form on the event page, which it returns to
        assert f'action="/records/{kind}"' in app_client.get(f"/events/{event}").text
        added = app_client.post(f"/records/{kind}", data={"csrf": csrf, **data}, follow_redirects=False)
        assert added.status_code == 303 and added.headers["location"] == f"/events/{event}", (kind, added.text)
    page = app_client.get(f"/events/{event}").text
    for shown in ("Ahmad al-Hasan", "Report of the public witness", "Displacement after the shelling"):
        assert shown in page
    assert "Islamic State" in page
    links = _remove_forms(page)
    assert {link.split("/")[0] for link in links} == {"involvement", "victim", "information", "event_link",
                                                      "evidence_link"}

    # the other ends show the link too: the report the events it fed, the person the act, the other event this one
    report = app_client.get(f"/records/report/{seeded.reports['public']}").text
    assert f'href="/events/{event}"' in report and "Shelling of the public market" in report
    source = app_client.get(f"/records/source/{seeded.source}").text  # a source: what it supports
    assert f'href="/events/{event}"' in source
    person = app_client.get(f"/records/person/{seeded.person}").text
    assert f'href="/records/act/{act}"' in person
    assert f'href="/events/{event}"' in app_client.get(f"/events/{other}").text

    victim = next(link for link in links if link.startswith("victim/"))
    removed = app_client.post(f"/links/{victim}/remove", follow_redirects=False,
                              data={"csrf": csrf, "next": f"/events/{event}#act-{act}"})
    assert removed.status_code == 303
    assert removed.headers["location"] == f"/events/{event}?removed=victim%3A{victim.split('/')[1]}#act-{act}"
    after = app_client.get(removed.headers["location"]).text
    assert "Ahmad al-Hasan" not in after and f'action="/links/{victim}/undo"' in after
    assert app_client.post(f"/links/{victim}/undo", data={"csrf": csrf, "next": f"/events/{event}"}).status_code == 200
    assert "Ahmad al-Hasan" in app_client.get(f"/events/{event}").text
    history = [(e["change"], e["reason"]) for e in app_client.get(f"/api/v1/records/{victim}/history").json()]
    assert [c for c, _r in history] == ["create", "delete", "restore"] and all(r for _c, r in history[1:])
    # a link is removed only as a link: an act is deleted with a reason, through its form
    assert app_client.post(f"/links/act/{act}/remove", data={"csrf": csrf, "next": "/"}).status_code == 404


def test_an_act_deleted_from_the_event_page_is_restored_there_in_one_step(app_client: TestClient, web_ws: Workspace,
                                                                         seeded: Seeded) -> None:
    csrf = login(app_client, "coordinator")
    event, act = seeded.events["public"], seeded.acts["public"]
    assert f'href="/records/act/{act}/delete"' in app_client.get(f"/events/{event}").text
    done = app_client.post(f"/records/act/{act}/delete", data={"csrf": csrf, "reason": "Not part of this event"})
    assert done.status_code == 200 and 'id="act-' not in done.text and f'/links/act/{act}/undo' in done.text
    assert app_client.post(f"/links/act/{act}/undo", data={"csrf": csrf, "next": f"/events/{event}"}).status_code == 200
    assert f'id="act-{act}"' in app_client.get(f"/events/{event}").text
    assert get_record(web_ws, kind="act", ident=act)["deleted_at"] is None


def test_a_documenter_deletes_its_own_records_but_not_anothers(app_client: TestClient, web_ws: Workspace,
                                                               seeded: Seeded) -> None:
    csrf = login(app_client, "documenter")
    other = seeded.reports["internal"]
    assert "/delete" not in app_client.get(f"/records/report/{other}").text
    assert app_client.get(f"/records/report/{other}/delete").status_code == 403
    refused = app_client.post(f"/records/report/{other}/delete", data={"csrf": csrf, "reason": "not mine"})
    assert refused.status_code == 403 and get_record(web_ws, kind="report", ident=other)["deleted_at"] is None
    own = app_client.post("/api/v1/records/report", json={"title": "My draft report"},
                          headers={"X-CSRF-Token": csrf}).json()["id"]
    assert f'href="/records/report/{own}/delete"' in app_client.get(f"/records/report/{own}").text
    assert app_client.post(f"/records/report/{own}/delete", follow_redirects=False,
                           data={"csrf": csrf, "reason": "A draft"}).status_code == 303
    # a link on another's record cannot be removed either (no button, and 403)
    link = _records(web_ws, seeded)["involvement"]
    assert app_client.post(f"/links/involvement/{link}/remove", data={"csrf": csrf, "next": "/"}).status_code == 403


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_readers_see_no_correcting_buttons(app_client: TestClient, web_ws: Workspace, seeded: Seeded,
                                           role: str) -> None:
    made = _records(web_ws, seeded)
    create_record(web_ws, kind="victim", data={"act": seeded.acts["public"], "person": seeded.person})
    login(app_client, role)
    pages = [app_client.get(f"/events/{seeded.events['public']}").text,
             app_client.get(f"/records/person/{seeded.person}").text,
             app_client.get(f"/records/act/{seeded.acts['public']}").text]
    if role == "analyst":
        pages.append(app_client.get(f"/records/event/{made['event']}").text)
    assert "Ahmad al-Hasan" in pages[0]  # the link is shown, without its button
    for page in pages:
        assert "/delete" not in page and "/remove" not in page and "/edit" not in page and "/restore" not in page


def test_record_pages_speak_the_readers_language_with_names_and_dates_in_words(
        app_client: TestClient, web_ws: Workspace, seeded: Seeded) -> None:
    made = _records(web_ws, seeded)
    csrf = login(app_client, "coordinator")
    _lang(app_client, csrf, "ar")
    page = unescape(app_client.get(f"/records/victim/{made['victim']}").text)
    victim = page[page.index('<table class="fields">'):page.index("</table>")]
    assert "الشخص" in victim and "خالد العمر" in victim  # the label and the person's name, not its id
    assert f">{made['person']}<" not in victim
    act = unescape(app_client.get(f"/records/act/{made['act']}").text)
    assert "Raid on the bakery" in act and "نوع الانتهاك" in act
    event = unescape(app_client.get(f"/records/event/{made['event']}").text)
    assert "آذار 2016" in event or "مارس 2016" in event  # a month-precision date in words, not 1 March
    assert "2016-03-01" not in event


def test_evidence_attached_by_mistake_is_detached_and_reattached_with_its_custody(
        app_client: TestClient, web_ws: Workspace, seeded: Seeded) -> None:
    csrf = login(app_client, "coordinator")
    event, item = seeded.events["internal"], seeded.evidence["internal"]
    page = app_client.get(f"/events/{event}").text
    link = next(link for link in _remove_forms(page) if link.startswith("evidence_link/"))
    removed = app_client.post(f"/links/{link}/remove", data={"csrf": csrf, "next": f"/events/{event}#evidence"})
    assert removed.status_code == 200 and f'href="/evidence/{item}"' not in removed.text
    assert f'action="/links/{link}/undo"' in removed.text
    # from the item's side: it is attached to nothing now, and its chain of custody says why
    record = app_client.get(f"/records/evidence/{item}").text
    assert f'href="/events/{event}"' not in record
    assert app_client.post(f"/links/{link}/undo", data={"csrf": csrf, "next": f"/events/{event}"}).status_code == 200
    assert f'href="/evidence/{item}"' in app_client.get(f"/events/{event}").text
    assert f'href="/events/{event}"' in app_client.get(f"/records/evidence/{item}").text
    custody = [c["action"] for c in app_client.get(f"/api/v1/evidence/{item}").json()["custody"]]
    assert custody[-2:] == ["detach", "reattach"]
    assert verify_workspace(web_ws, OWNER).problems == []  # history, custody and audit chain still hold
    # a documenter cannot detach what another attached
    documenter = TestClient(app_client.app)
    token = login(documenter, "documenter")
    assert documenter.post(f"/links/{link}/remove", data={"csrf": token, "next": "/"}).status_code == 403


def test_a_person_page_shows_every_act_and_list_the_person_appears_in(app_client: TestClient, web_ws: Workspace,
                                                                      seeded: Seeded, tmp_path: Path) -> None:
    listed = tmp_path / "victims.csv"
    listed.write_text("source,external_id,full_name\nVDC,17-204,Samir al-Ahmad\n", encoding="utf-8")
    import_person_list(web_ws, OWNER, path=listed)
    person = next(p["id"] for p in list_records(web_ws, kind="person") if p["name"] == "Samir al-Ahmad")
    act = seeded.acts["public"]
    create_record(web_ws, kind="victim", data={"act": act, "person": person, "harm": "killed"})
    create_record(web_ws, kind="involvement", data={"act": seeded.acts["internal"], "person": person,
                                                    "degree": "suspected"})
    csrf = login(app_client, "documenter")
    page = app_client.get(f"/records/person/{person}").text
    assert f'href="/records/act/{act}"' in page and f'href="/records/act/{seeded.acts["internal"]}"' in page
    assert "VDC" in page and "17-204" in page
    assert "/remove" not in page  # the documenter did not make these links
    _lang(app_client, csrf, "ar")
    assert "قوائم الضحايا" in app_client.get(f"/records/person/{person}").text


def test_links_between_records_are_edited_from_their_forms(app_client: TestClient, web_ws: Workspace,
                                                           seeded: Seeded) -> None:
    made = _records(web_ws, seeded)
    csrf = login(app_client, "coordinator")
    for kind, field, value, stored in (("event_link", "relation", "caused", ("relation_id", "event-relations:caused")),
                                       ("information", "relation", "contradicts", ("relation", "contradicts"))):
        form = app_client.get(f"/records/{kind}/{made[kind]}/edit")
        assert form.status_code == 200 and f'name="{field}"' in form.text
        saved = app_client.post(f"/records/{kind}/{made[kind]}", follow_redirects=False,
                                data={"csrf": csrf, field: value, "confidentiality": "internal"})
        assert saved.status_code == 303, saved.text
        record = get_record(web_ws, kind=kind, ident=made[kind])
        assert record[stored[0]] == stored[1]
        assert made["event"] in (record.get("from_event_id"), record.get("event_id"))  # what it joins is kept
