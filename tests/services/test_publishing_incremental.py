"""Collecting again only what changed (issue 15 §4, incremental): after each kind of write the set made from the last
run's memo and the records read again is the set a full collection gives, and a write the rules do not confine to a
few events makes everything be read again."""

from __future__ import annotations

import os
import stat
from typing import Any

import pytest

from tawthiq.domain.publication import PublicSet, event_digest
from tawthiq.services.linkage import clusters as linkage
from tawthiq.services.publishing import grading
from tawthiq.services.publishing.collect import collect
from tawthiq.services.publishing.incremental import MEMO, Collected, collect_changed
from tawthiq.services.publishing.profiles import load_profile, profile_data, save_profile
from tawthiq.services.records.store import create_record, delete_record, update_record
from tawthiq.services.workspace import Workspace
from tests.services.test_publishing_collect import COORDINATOR, act, cite, event, places


def _same(found: Collected, ws: Workspace, profile: str = "public") -> None:
    """The incremental set equals a full collection, field by field."""
    full = collect(ws, COORDINATOR, profile=profile)

    def fields(pset: PublicSet) -> tuple[Any, ...]:
        return pset.as_of, pset.events, pset.withheld, dict(pset.vocabularies), dict(pset.totals)

    assert fields(found.pset) == fields(full)
    assert found.digests == {e.id: event_digest(e) for e in full.events}  # kept across runs, taken again if changed


@pytest.fixture
def world(ws: Workspace) -> dict[str, str]:
    """Published and held-back events with acts, perpetrators, victims, sources and a merge."""
    where = places(ws)
    made = {"market": event(ws, place=where["village"]), "bakery": event(ws, place=where["village"]),
            "school": event(ws, "corroborated"), "quiet": event(ws, "unverified"),
            "closed": event(ws, level="internal"), "twin": event(ws)}
    made["shelling"] = act(ws, made["market"], killed=3, injured=4)
    made["bakery-act"] = act(ws, made["bakery"], killed=1)
    act(ws, made["school"], "attack-on-education", killed=2)
    act(ws, made["twin"], killed=5)
    create_record(ws, kind="involvement", data={"act_id": made["shelling"], "actor": "fourth-division",
                                                "degree": "carried-out"})
    person = create_record(ws, kind="person", data={"name": "Amal Haddad", "sex": "female", "age": 12,
                                                    "confidentiality": "public"})["id"]
    made["person"] = str(person)
    create_record(ws, kind="victim", data={"act_id": made["shelling"], "person": person, "confidentiality": "public"})
    cite(ws, made["school"], "Witness 1")
    cite(ws, made["bakery"], "Witness 2", consent=False)
    linkage.merge_records(ws, kind="event", idents=[made["market"], made["twin"]])
    return made


def test_a_first_run_reads_everything_and_a_second_with_nothing_written_reads_nothing(
        ws: Workspace, world: dict[str, str]) -> None:
    first = collect_changed(ws, COORDINATOR)
    assert first.mode == "full" and {e.id for e in first.pset.events} == {
        world["market"], world["bakery"], world["school"], world["twin"]}
    _same(first, ws)
    again = collect_changed(ws, COORDINATOR)
    assert (again.mode, again.changed) == ("unchanged", 0)
    _same(again, ws)
    memo = next((ws.settings.data_dir / MEMO).iterdir())
    assert stat.S_IMODE(memo.stat().st_mode) == 0o600  # it names withheld records: owner-only


def test_each_write_to_an_event_or_its_acts_reads_only_those_events_again(ws: Workspace,
                                                                          world: dict[str, str]) -> None:
    collect_changed(ws, COORDINATOR)
    update_record(ws, kind="event", ident=world["school"], data={"title": "Attack on the girls' school"})
    found = collect_changed(ws, COORDINATOR)
    assert (found.mode, found.changed) == ("incremental", 1)
    assert found.pset.event(world["school"]).title == "Attack on the girls' school"  # type: ignore[union-attr]
    _same(found, ws)

    update_record(ws, kind="act", ident=world["bakery-act"], data={"event_id": world["school"]})  # moved
    found = collect_changed(ws, COORDINATOR)
    assert (found.mode, found.changed) == ("incremental", 2)  # the event it left changes too
    assert found.pset.event(world["bakery"]).acts == ()  # type: ignore[union-attr]
    _same(found, ws)

    update_record(ws, kind="event", ident=world["quiet"], data={"status": "verified"})
    update_record(ws, kind="event", ident=world["school"], data={"confidentiality": "internal"})
    found = collect_changed(ws, COORDINATOR)
    assert found.mode == "incremental" and found.pset.event(world["quiet"]) is not None
    assert found.pset.event(world["school"]) is None
    _same(found, ws)

    delete_record(ws, kind="event", ident=world["bakery"], reason="a duplicate")
    found = collect_changed(ws, COORDINATOR)
    assert found.mode == "incremental" and found.pset.event(world["bakery"]) is None
    _same(found, ws)


def test_a_victim_or_a_perpetrator_written_reads_its_event_and_the_events_merged_with_it(
        ws: Workspace, world: dict[str, str]) -> None:
    collect_changed(ws, COORDINATOR)
    create_record(ws, kind="involvement", data={"act_id": world["shelling"], "actor": "islamic-state",
                                                "degree": "carried-out"})
    found = collect_changed(ws, COORDINATOR)
    assert (found.mode, found.changed) == ("incremental", 2)  # the market and its merged twin
    assert {a.name for a in found.pset.event(world["market"]).acts[0].perpetrators} == {  # type: ignore[union-attr]
        "Fourth Armoured Division", "Islamic State"}
    _same(found, ws)
    update_record(ws, kind="act", ident=world["shelling"], data={"killed": 30})
    found = collect_changed(ws, COORDINATOR)
    assert found.pset.event(world["twin"]).figures["killed"].max == 30  # type: ignore[union-attr]
    assert found.pset.totals["killed"].max == 31  # and the bakery's 1
    _same(found, ws)
    grading.override_grade(ws, COORDINATOR, event=world["school"], grade="contested", reason="a second account")
    found = collect_changed(ws, COORDINATOR)
    assert (found.mode, found.changed) == ("incremental", 1)
    _same(found, ws)


def test_a_write_beyond_one_events_records_reads_everything_again(ws: Workspace, world: dict[str, str]) -> None:
    collect_changed(ws, COORDINATOR)
    update_record(ws, kind="person", ident=world["person"], data={"sex": "male"})
    found = collect_changed(ws, COORDINATOR)
    assert found.mode == "full"
    assert found.pset.event(world["market"]).acts[0].victims[0].sex == "male"  # type: ignore[union-attr]
    _same(found, ws)
    update_record(ws, kind="actor", ident="fourth-division", data={"name": "The Fourth Division"})
    assert collect_changed(ws, COORDINATOR).mode == "full"
    _same(collect_changed(ws, COORDINATOR), ws)


def test_a_new_profile_version_or_a_damaged_memo_reads_everything_again(ws: Workspace, world: dict[str, str]) -> None:
    collect_changed(ws, COORDINATOR)
    save_profile(ws, COORDINATOR, {**profile_data(load_profile(ws, "public")), "min_status": "verified"})
    found = collect_changed(ws, COORDINATOR)
    assert found.mode == "full" and found.pset.event(world["school"]) is None  # corroborated: no longer published
    _same(found, ws)
    assert collect_changed(ws, COORDINATOR, profile="minimal").mode == "full"  # each profile its own memo
    assert collect_changed(ws, COORDINATOR).mode == "unchanged"
    for memo in (ws.settings.data_dir / MEMO).iterdir():
        memo.write_bytes(b"not a memo")
    found = collect_changed(ws, COORDINATOR)
    assert found.mode == "full"
    _same(found, ws)
    assert not [p for p in os.listdir(ws.settings.data_dir / MEMO) if p.endswith(".part")]
