"""The redacted collection (issue 15 §1): each redaction rule on real records, what the withheld log names, and
grades and totals computed from public records only."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tawthiq.db.models import EvidenceItem, Person
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Channel, Forbidden, Role
from tawthiq.domain.publication import PublicSet, Withheld
from tawthiq.services.accounts.users import Account
from tawthiq.services.evidence.copies import derive_stripped_copy
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.linkage import clusters as linkage
from tawthiq.services.publishing import grading
from tawthiq.services.publishing.collect import collect
from tawthiq.services.publishing.files import prepare_files
from tawthiq.services.publishing.profiles import load_profile
from tawthiq.services.publishing.withheld import record_run, withheld_log
from tawthiq.services.records.store import create_record, delete_record
from tawthiq.services.workspace import Workspace
from tests.services.test_evidence import _photo_with_gps
from tests.support import OWNER

COORDINATOR = Account("coordinator-id", "coordinator", Role.COORDINATOR, "en", Channel.CLI)
DOCUMENTER = Account("documenter-id", "documenter", Role.DOCUMENTER, "en", Channel.CLI)


def event(ws: Workspace, status: str = "verified", level: str = "public", **fields: Any) -> str:
    data = {"title": "Shelling of the market", "start": "2015-07-14", "status": status, "confidentiality": level,
            **fields}
    return str(create_record(ws, kind="event", data=data)["id"])


def act(ws: Workspace, event_id: str, kind: str = "indiscriminate-attack", level: str = "public", **fields: Any) -> str:
    return str(create_record(ws, kind="act", data={"event_id": event_id, "type": kind, "confidentiality": level,
                                                   **fields})["id"])


def cite(ws: Workspace, event_id: str, name: str, *, level: str = "public", consent: bool = True,
         **fields: Any) -> str:
    source = create_record(ws, kind="source", data={"pseudonym": name, "confidentiality": level,
                                                    "consent_publish": consent, **fields})
    create_record(ws, kind="information", data={"event_id": event_id, "source_id": source["id"],
                                                "confidentiality": "public"})
    return str(source["id"])


def reasons(found: PublicSet, ident: str) -> set[Withheld]:
    return {w.reason for w in found.withheld if w.record_id == ident}


def places(ws: Workspace) -> dict[str, str]:
    made: dict[str, str] = {}
    parent = None
    for feature, name, lat, lon in (("country", "Syria", 35.0, 38.0), ("governorate", "Deir ez-Zor", 35.3, 40.1),
                                    ("district", "Albu Kamal District", 34.45, 40.9),
                                    ("village", "Hajin", 34.69, 40.83)):
        data: dict[str, Any] = {"name": name, "feature": feature, "latitude": lat, "longitude": lon}
        if parent:
            data["parent"] = parent
        parent = made[feature] = str(create_record(ws, kind="place", data=data)["id"])
    return made


def test_only_public_live_events_at_the_profiles_status_are_published_and_the_rest_is_logged(ws: Workspace) -> None:
    verified, corroborated = event(ws), event(ws, "corroborated")
    unverified, disputed = event(ws, "unverified"), event(ws, "disputed")
    restricted, internal = event(ws, level="restricted"), event(ws, level="internal")
    deleted = event(ws)
    delete_record(ws, kind="event", ident=deleted, reason="duplicate")
    public = collect(ws, COORDINATOR, profile="public")
    assert [e.id for e in public.events] == [verified, corroborated]
    assert reasons(public, unverified) == {Withheld.NOT_VERIFIED}
    assert reasons(public, disputed) == {Withheld.DISPUTED}
    assert reasons(public, restricted) == reasons(public, internal) == {Withheld.NOT_PUBLIC}
    assert not reasons(public, deleted) and public.event(deleted) is None
    minimal = collect(ws, COORDINATOR, profile="minimal")
    assert [e.id for e in minimal.events] == [verified]
    assert reasons(minimal, corroborated) == {Withheld.NOT_VERIFIED}
    with_disputed = dataclasses.replace(load_profile(ws, "public"), include_disputed=True)
    assert disputed in [e.id for e in collect(ws, COORDINATOR, profile=with_disputed).events]


def test_an_internal_act_of_a_public_event_is_held_back_and_a_documenter_may_not_collect(ws: Workspace) -> None:
    ident = event(ws)
    shown = act(ws, ident, killed=3, description="Shells fell on the market.")
    hidden = act(ws, ident, "arbitrary-detention", level="internal", detained=40)
    found = collect(ws, OWNER)
    [published] = found.events
    assert [a.id for a in published.acts] == [shown]
    assert (published.acts[0].figures, published.acts[0].type_en) == ({"killed": 3}, "Indiscriminate attack")
    assert reasons(found, hidden) == {Withheld.NOT_PUBLIC}
    assert "detained" not in published.figures
    with pytest.raises(Forbidden):
        collect(ws, DOCUMENTER)


def test_a_sensitive_violation_publishes_the_district_not_the_village(ws: Workspace) -> None:
    where = places(ws)
    plain = event(ws, place=where["village"], place_text="the market of Hajin", latitude=34.7001,
                  longitude=40.8302, geo_precision="exact")
    act(ws, plain)
    sensitive = event(ws, place=where["village"], place_text="the house behind the mosque of Hajin",
                      latitude=34.7001, longitude=40.8302, geo_precision="exact")
    act(ws, sensitive, "rape")  # narrower than sexual-violence, which the public profile lists
    found = collect(ws, COORDINATOR)
    exact, coarse = found.event(plain), found.event(sensitive)
    assert exact is not None and coarse is not None and exact.place is not None and coarse.place is not None
    assert (exact.place.name, exact.place.latitude, exact.place.geo_precision) == ("Hajin", 34.7001, "exact")
    assert exact.place_text == "the market of Hajin"
    assert (coarse.place.name, coarse.place.feature, coarse.place.latitude, coarse.place.longitude,
            coarse.place.geo_precision) == ("Albu Kamal District", "district", 34.45, 40.9, "region")
    assert [a[1] for a in coarse.place.admin] == ["Syria", "Deir ez-Zor"]
    assert coarse.place_text is None
    assert {(w.reason, w.field) for w in found.withheld if w.record_id == sensitive} == {
        (Withheld.PLACE_COARSENED, "place"), (Withheld.PLACE_COARSENED, "place_text")}
    minimal = collect(ws, COORDINATOR, profile="minimal").event(plain)  # district level, governorate if sensitive
    assert minimal is not None and minimal.place is not None and minimal.place.name == "Albu Kamal District"


def test_free_text_naming_the_village_a_sensitive_incident_hides_is_held_back(ws: Workspace) -> None:
    where = places(ws)
    plain = event(ws, place=where["village"], title="Shelling of the Hajin market", description="Shells hit Hajin.")
    act(ws, plain)
    sensitive = event(ws, place=where["village"], title="Detention of women in HAJIN",
                      description="Women were taken from their homes in hajin at dawn.")
    detention = act(ws, sensitive, "rape", description="In Hajin, at the checkpoint.", victim_description="women")
    other = event(ws, place=where["village"], title="Rape reported near the river",
                  description="A woman was attacked by the river.")
    act(ws, other, "rape")
    found = collect(ws, COORDINATOR)
    kept, hidden, unnamed = found.event(plain), found.event(sensitive), found.event(other)
    assert kept is not None and hidden is not None and unnamed is not None
    assert (kept.title, kept.description) == ("Shelling of the Hajin market", "Shells hit Hajin.")  # exact place
    assert hidden.title == "Rape, Albu Kamal District / الاغتصاب، Albu Kamal District" and hidden.description == ""
    assert hidden.acts[0].description == "" and hidden.acts[0].victim_description == "women"
    assert "hajin" not in repr(hidden).lower()
    assert (unnamed.title, unnamed.description) == ("Rape reported near the river",
                                                    "A woman was attacked by the river.")
    assert {(w.kind, w.reason, w.field) for w in found.withheld if sensitive in (w.record_id, w.event_id)} >= {
        ("event", Withheld.PLACE_COARSENED, "title"), ("event", Withheld.PLACE_COARSENED, "description"),
        ("act", Withheld.PLACE_COARSENED, "description")}
    assert not any(w.field == "title" for w in found.withheld if w.record_id == other)
    assert detention in {w.record_id for w in found.withheld}


def test_a_profile_without_titles_gives_each_incident_a_neutral_one(ws: Workspace) -> None:
    profile = load_profile(ws, "public")
    untitled = dataclasses.replace(profile, fields={**profile.fields, "event": profile.fields["event"] - {"title"}})
    shelling = event(ws, title="Shelling of the zqsecretfarm market")
    act(ws, shelling)
    found = collect(ws, COORDINATOR, profile=untitled).event(shelling)
    assert found is not None and found.title == "Indiscriminate attack / الهجوم العشوائي"


def test_an_arabic_title_naming_the_hidden_village_with_a_joined_prefix_is_held_back() -> None:
    from tawthiq.services.publishing.redaction import names_any

    assert names_any("اعتقال نساء بهَجين فجراً", ["Hajin", "هجين"])  # ب joined, a mark on the letter
    assert names_any("Raid on al-Bab's hospital", ["Al-Bab"]) and not names_any("A table was opened", ["Tab"])
    assert not names_any("Detention at the checkpoint", ["Hajin", "هجين", "Al"])


def test_a_day_published_at_month_level_becomes_that_month_and_a_year_stays_a_year(ws: Workspace) -> None:
    day, year = event(ws), event(ws, start="2014")
    act(ws, day, start="2015-07-14")
    found = collect(ws, COORDINATOR, profile="minimal")
    by_day, by_year = found.event(day), found.event(year)
    assert by_day is not None and by_year is not None
    assert (by_day.start, by_day.end, by_day.precision) == (date(2015, 7, 1), date(2015, 7, 31), "month")
    assert (by_day.acts[0].start, by_day.acts[0].precision) == (date(2015, 7, 1), "month")
    assert (by_year.start, by_year.end, by_year.precision) == (date(2014, 1, 1), date(2014, 12, 31), "year")
    assert Withheld.DATE_COARSENED in reasons(found, day) and Withheld.DATE_COARSENED not in reasons(found, year)
    public = collect(ws, COORDINATOR).event(day)
    assert public is not None and (public.start, public.precision) == (date(2015, 7, 14), "day")


def test_sources_appear_by_pseudonym_only_with_consent_and_never_with_their_identity(ws: Workspace) -> None:
    ident = event(ws)
    consented = cite(ws, ident, "Witness 4", kind="witness", reliability="usually-reliable",
                     identity="Khalid Al-Hassan, Hajin", contact="+963 955 000 111", notes="met in Gaziantep")
    unconsented = cite(ws, ident, "Witness 7", consent=False)
    internal = cite(ws, ident, "Insider 2", level="internal")
    found = collect(ws, COORDINATOR)
    [published] = found.events
    [source] = published.sources
    assert (source.pseudonym, source.kind, source.kind_ar, source.reliability) == (
        "Witness 4", "witness", "شاهد", "usually-reliable")
    shown = repr(found)  # the whole contact: a bare "955" turns up in random ids and timestamps
    assert "Khalid" not in shown and "+963 955 000 111" not in shown and "Gaziantep" not in shown
    assert reasons(found, unconsented) == {Withheld.NO_CONSENT}
    assert reasons(found, internal) == {Withheld.NOT_PUBLIC}
    minimal = collect(ws, COORDINATOR, profile="minimal")
    assert minimal.events[0].sources == () and reasons(minimal, consented) == {Withheld.SOURCES_OFF}


def test_victims_are_published_by_sex_and_age_group_and_named_only_when_the_profile_says_so(ws: Workspace) -> None:
    ident = event(ws)
    shelling = act(ws, ident, killed=2)
    girl = create_record(ws, kind="person", data={"name": "Amal Haddad", "sex": "female", "age": 12,
                                                  "confidentiality": "public"})["id"]
    man = create_record(ws, kind="person", data={"name": "Omar Saleh", "sex": "male", "birth_year": 1980,
                                                 "confidentiality": "public"})["id"]
    unsure = create_record(ws, kind="person", data={"name": "Ali Nour", "birth_year": 1997,
                                                    "confidentiality": "public"})["id"]
    for person in (girl, man, unsure):
        create_record(ws, kind="victim", data={"act_id": shelling, "person": person, "confidentiality": "public"})
    found = collect(ws, COORDINATOR)
    victims = found.events[0].acts[0].victims
    assert [(v.name, v.sex, v.age_group) for v in victims] == [
        (None, "female", "child"), (None, "male", "adult"), (None, "unknown", "unknown")]  # 1997 in 2015: 17 or 18
    assert "Amal" not in repr(found)
    assert sum(w.reason is Withheld.VICTIMS_UNNAMED for w in found.withheld) == 3
    public = load_profile(ws, "public")
    named = dataclasses.replace(public, victims_named=True,
                                fields={**public.fields, "victim": frozenset({"name", "sex", "age_group"})})
    assert [v.name for v in collect(ws, COORDINATOR, profile=named).events[0].acts[0].victims] == [
        "Amal Haddad", "Omar Saleh", "Ali Nour"]
    assert collect(ws, COORDINATOR, profile="minimal").events[0].acts[0].victims == ()


def test_perpetrators_are_the_public_actors_that_did_it_with_their_parents(ws: Workspace) -> None:
    ident = event(ws)
    shelling = act(ws, ident)
    create_record(ws, kind="involvement", data={"act_id": shelling, "actor": "fourth-division",
                                                "degree": "carried-out"})
    create_record(ws, kind="involvement", data={"act_id": shelling, "actor": "islamic-state", "degree": "present"})
    [perpetrator] = collect(ws, COORDINATOR).events[0].acts[0].perpetrators
    assert (perpetrator.name, perpetrator.name_ar) == ("Fourth Armoured Division", "الفرقة الرابعة")
    assert perpetrator.parents == ("Syrian government forces (Assad era)",)


def test_a_restricted_source_never_moves_the_published_grade(ws: Workspace) -> None:
    ident = event(ws, "corroborated")
    cite(ws, ident, "Witness 1")
    cite(ws, ident, "Witness 2", level="restricted")
    assert grading.event_grade(ws, COORDINATOR, event=ident).grade == "fair"  # the coordinator counts both
    [published] = collect(ws, COORDINATOR).events
    assert (published.grade, published.grade_reason, published.counted) == ("weak", "one source", False)


def test_headline_totals_count_a_merged_incident_once_and_only_admitted_grades(ws: Workspace) -> None:
    first, second = event(ws), event(ws)
    act(ws, first, killed=3, injured=4)
    act(ws, second, killed=5)
    linkage.merge_records(ws, kind="event", idents=[first, second])
    weak = event(ws, "corroborated")
    act(ws, weak, killed=10)
    cite(ws, weak, "Witness 1")
    found = collect(ws, COORDINATOR)
    assert {e.id: (e.grade, e.counted, e.merged) for e in found.events} == {
        first: ("confirmed", True, (second,)), second: ("confirmed", True, (first,)), weak: ("weak", False, ())}
    assert (found.totals["killed"].min, found.totals["killed"].max) == (3, 5)
    assert (found.totals["injured"].min, found.totals["injured"].max) == (4, 4)
    assert "detained" not in found.totals  # not reported: absent, never 0
    assert found.event(first) is not None and found.event(first).figures["killed"].accounts == 2  # type: ignore


def test_evidence_is_published_only_as_a_derived_copy(ws: Workspace, tmp_path: Path) -> None:
    ident = event(ws)
    [original] = add_evidence(ws, OWNER, paths=[_photo_with_gps(tmp_path / "market.jpg")], event=ident)
    with ws.transaction() as session:
        item = session.get(EvidenceItem, original.evidence_id)
        assert item is not None
        item.confidentiality = "public"
    found = collect(ws, COORDINATOR)  # the public profile asks for faces blurred
    assert found.events[0].files == () and reasons(found, original.evidence_id) == {Withheld.EVIDENCE_NOT_DERIVED}
    copy = derive_stripped_copy(ws, OWNER, ident=original.sha256)
    assert reasons(collect(ws, COORDINATOR), original.evidence_id) == {Withheld.FACES_NOT_BLURRED}
    stripped = dataclasses.replace(load_profile(ws, "public"), evidence="stripped")
    found = collect(ws, COORDINATOR, profile=stripped)
    [published] = found.events[0].files
    assert (published.sha256, published.derivation, published.original_sha256) == (
        copy["sha256"], "metadata-stripped", original.sha256)
    assert found.read_file(copy["sha256"])[:2] == b"\xff\xd8" and published.extension == "jpg"
    with pytest.raises(KeyError):
        found.read_file(original.sha256)
    assert reasons(collect(ws, COORDINATOR, profile="minimal"), original.evidence_id) == {Withheld.EVIDENCE_OFF}


def test_a_victims_person_that_is_not_public_gives_nothing_of_the_person(ws: Workspace) -> None:
    ident = event(ws)
    shelling = act(ws, ident)
    person = create_record(ws, kind="person", data={"name": "Hidden Person", "sex": "female", "age": 9})["id"]
    create_record(ws, kind="victim", data={"act_id": shelling, "person": person, "confidentiality": "public"})
    found = collect(ws, COORDINATOR)
    assert [(v.sex, v.age_group) for v in found.events[0].acts[0].victims] == [("unknown", "unknown")]
    assert reasons(found, person) == {Withheld.NOT_PUBLIC}
    with ws.reading() as session:
        assert session.get(Person, person) is not None


def test_the_collection_is_dated_by_its_records_never_by_the_clock(ws: Workspace) -> None:
    ident = event(ws)
    first = collect(ws, COORDINATOR)
    again = collect(ws, COORDINATOR)
    assert first.as_of == again.as_of == first.events[0].updated_at
    assert first.events[0].history[0].change == "create"
    assert collect(ws, COORDINATOR, events=[ident], period=(date(2016, 1, 1), date(2016, 12, 31))).events == []
    assert [e.id for e in collect(ws, COORDINATOR, period=(date(2015, 7, 1), date(2015, 7, 31))).events] == [ident]


def test_a_run_keeps_its_withheld_log_with_reason_codes_for_coordinators_only(ws: Workspace) -> None:
    published = event(ws)
    unverified = event(ws, "unverified", title="Raid on the house of Umm Khaled")
    unconsented = cite(ws, published, "Witness 7", consent=False, identity="Umm Khaled")
    found = collect(ws, COORDINATOR)
    run = record_run(ws, COORDINATOR, found, "site", "/srv/site")
    [listed] = withheld_log(ws, OWNER)
    assert (listed.id, listed.kind, listed.profile, listed.profile_version, listed.by, listed.counts["events"]) == (
        run, "site", "public", 1, "coordinator", 1)
    [view] = withheld_log(ws, COORDINATOR, run[:8])
    assert {(w.record_id, w.reason) for w in view.withheld} >= {(unverified, Withheld.NOT_VERIFIED),
                                                                 (unconsented, Withheld.NO_CONSENT)}
    assert view.counts["withheld:no-consent"] == 1
    assert "Umm Khaled" not in repr(view) and "Raid" not in repr(view)
    for account in (DOCUMENTER, Account("viewer-id", "viewer", Role.VIEWER, "en", Channel.CLI)):
        with pytest.raises(Forbidden):
            withheld_log(ws, account)
        with pytest.raises(Forbidden):
            record_run(ws, account, found, "site", "/srv/site")
    with pytest.raises(InvalidInput) as caught:
        record_run(ws, COORDINATOR, found, "poster", "/srv/site")
    assert caught.value.problems[0].field == "kind" and len(withheld_log(ws, OWNER)) == 1


def test_prepare_files_makes_the_blurred_copies_and_reports_what_cannot_be_derived(ws: Workspace,
                                                                                    tmp_path: Path) -> None:
    ident = event(ws)
    statement = tmp_path / "statement.txt"
    statement.write_text("what the witness said")
    added = add_evidence(ws, OWNER, paths=[_photo_with_gps(tmp_path / "market.jpg"), statement], event=ident)
    with ws.transaction() as session:
        for item in added:
            row = session.get(EvidenceItem, item.evidence_id)
            assert row is not None
            row.confidentiality = "public"
    photo, text = added
    with pytest.raises(Forbidden):
        prepare_files(ws, DOCUMENTER, "public")
    [failed] = prepare_files(ws, COORDINATOR, "public")
    assert (failed.record_id, failed.reason, failed.event_id) == (text.evidence_id, Withheld.EVIDENCE_NOT_DERIVED,
                                                                  ident)
    found = collect(ws, COORDINATOR)
    [published] = found.events[0].files
    assert (published.derivation, published.original_sha256) == ("faces-blurred", photo.sha256)
    assert published.sha256 != photo.sha256 and reasons(found, text.evidence_id) == {Withheld.EVIDENCE_NOT_DERIVED}
