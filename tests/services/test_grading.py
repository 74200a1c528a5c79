"""An event's public grade and its figures as min–max (issue 15 §2): each grade from a record built for it,
overrides with a reason in the audit log, figures never mixing categories, and only what the reader may see."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tawthiq.db.models import AuditEntry, Report
from tawthiq.db.publishing import GradeOverride
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.grading import Grade
from tawthiq.domain.policy import Channel, Forbidden, Role
from tawthiq.services.accounts.users import Account
from tawthiq.services.linkage import clusters as linkage, review as linkreview
from tawthiq.services.publishing import grading
from tawthiq.services.records import access
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace, open_workspace
from tests.support import OWNER

VIEWER = Account("viewer-id", "viewer", Role.VIEWER, "en", Channel.CLI)
COORDINATOR = Account("coordinator-id", "coordinator", Role.COORDINATOR, "en", Channel.CLI)
DOCUMENTER = Account("documenter-id", "documenter", Role.DOCUMENTER, "en", Channel.CLI)


def event(ws: Workspace, status: str = "unverified", level: str = "public", **act: Any) -> str:
    made = create_record(ws, kind="event", data={"title": "Shelling of the market", "start": "2015-07-14",
                                                 "status": status, "confidentiality": level})
    if act:
        add_act(ws, made["id"], **act)
    return str(made["id"])


def add_act(ws: Workspace, event_id: str, *, by: str | None = None, **counts: int) -> str:
    act = create_record(ws, kind="act", data={"event_id": event_id, "type": "indiscriminate-attack", **counts})
    if by:
        create_record(ws, kind="involvement", data={"act_id": act["id"], "actor": by, "degree": "carried-out"})
    return str(act["id"])


def cite(ws: Workspace, event_id: str, name: str, *, level: str = "public", info_level: str = "public",
         relation: str = "supports") -> str:
    source = create_record(ws, kind="source", data={"pseudonym": name, "confidentiality": level})
    create_record(ws, kind="information", data={"event_id": event_id, "source_id": source["id"],
                                                "relation": relation, "confidentiality": info_level})
    return str(source["id"])


def report_with_counts(ws: Workspace, event_id: str, counts: list[dict[str, Any]], level: str = "public") -> str:
    """A report whose figures were reviewed (the suggestions as `tawthiq review` leaves them), cited for the event."""
    report = create_record(ws, kind="report", data={"title": "Field report", "text": "…", "confidentiality": level})
    with ws.transaction() as session:
        row = session.get(Report, report["id"])
        assert row is not None
        row.suggestions = {"counts": counts}
    create_record(ws, kind="information", data={"event_id": event_id, "report_id": report["id"],
                                                "confidentiality": level})
    return str(report["id"])


def grade_of(ws: Workspace, ident: str, account: Account = OWNER) -> str:
    return grading.event_grade(ws, account, event=ident).grade


def audit_count(ws: Workspace) -> int:
    with ws.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_one_source_is_weak_two_are_fair_and_none_is_weak_with_its_reason(ws: Workspace) -> None:
    ident = event(ws)
    view = grading.event_grade(ws, OWNER, event=ident)
    assert (view.grade, view.reason, view.sources) == ("weak", "no source on record", 0)
    cite(ws, ident, "Abu Khaled")
    assert (grade_of(ws, ident), grading.event_grade(ws, OWNER, event=ident).reason) == ("weak", "one source")
    cite(ws, ident, "Umm Ahmad")
    view = grading.event_grade(ws, OWNER, event=ident)
    assert (view.grade, view.sources, view.label_ar) == ("fair", 2, "مقبول")


def test_sources_of_merged_events_make_it_fair(ws: Workspace) -> None:
    first, second = event(ws), event(ws)
    cite(ws, first, "Abu Khaled")
    cite(ws, second, "Umm Ahmad")
    assert grade_of(ws, first) == "weak"
    linkage.merge_records(ws, kind="event", idents=[first, second])
    view = grading.event_grade(ws, OWNER, event=first)
    assert (view.grade, view.merged) == ("fair", [second])


@pytest.mark.parametrize(("status", "expected"), [("verified", "confirmed"), ("false", "discounted"),
                                                  ("disputed", "contested"), ("corroborated", "fair")])
def test_the_status_decides_confirmed_discounted_and_contested(ws: Workspace, status: str, expected: str) -> None:
    ident = event(ws, status)
    cite(ws, ident, "Abu Khaled")
    cite(ws, ident, "Umm Ahmad")
    assert grade_of(ws, ident) == expected


def test_a_contradicting_source_makes_it_contested(ws: Workspace) -> None:
    ident = event(ws)
    cite(ws, ident, "Abu Khaled")
    cite(ws, ident, "Umm Ahmad")
    cite(ws, ident, "Abu Omar", relation="contradicts")
    view = grading.event_grade(ws, OWNER, event=ident)
    assert (view.grade, view.reason) == ("contested", "1 source(s) contradict it")


def test_accounts_naming_different_perpetrators_are_contested_but_a_unit_and_its_army_agree(ws: Workspace) -> None:
    first = event(ws, by="islamic-state", killed=3)
    second, third = event(ws, by="syrian-government-forces", killed=3), event(ws, killed=3)
    for ident, name in ((first, "Abu Khaled"), (second, "Umm Ahmad"), (third, "Abu Omar")):
        cite(ws, ident, name)
    linkage.merge_records(ws, kind="event", idents=[second, third])
    add_act(ws, third, by="fourth-division")
    assert grade_of(ws, second) == "fair"  # a division within the forces the other account names
    linkage.merge_records(ws, kind="event", idents=[first, second])
    view = grading.event_grade(ws, OWNER, event=first)
    assert (view.grade, view.reason) == ("contested", "its accounts name different perpetrators")


def test_conflicting_figures_are_contested_and_a_narrow_range_is_not(ws: Workspace) -> None:
    first, second = event(ws, killed=10), event(ws, killed=14)
    cite(ws, first, "Abu Khaled")
    cite(ws, second, "Umm Ahmad")
    linkage.merge_records(ws, kind="event", idents=[first, second])
    view = grading.event_grade(ws, OWNER, event=first)
    assert (view.grade, view.figures["killed"]) == ("fair", {"min": 10, "max": 14, "accounts": 2})
    third = event(ws, killed=40)
    linkage.merge_records(ws, kind="event", idents=[first, third])
    view = grading.event_grade(ws, OWNER, event=first)
    assert (view.grade, view.reason) == ("contested", "its accounts give conflicting figures (killed)")
    assert view.figures["killed"] == {"min": 10, "max": 40, "accounts": 3}


def test_figures_are_min_max_per_category_never_summed_across_categories_nor_counting_a_breakdown(
        ws: Workspace) -> None:
    first = event(ws, killed=2, injured=10)
    add_act(ws, first, killed=3, detained=4)  # two violations of one event: its killed are 2 + 3
    second = event(ws, killed=6)
    report_with_counts(ws, second, [
        {"kind": "killed", "value": 4, "status": "accepted"},
        {"kind": "killed", "value": 3, "status": "accepted", "part_of": 0, "group": "children"},  # among them
        {"kind": "missing", "value": 2, "status": "accepted"},
        {"kind": "killed", "value": 100, "status": "rejected"},
        {"kind": "displaced", "value": 500, "status": "pending"},
    ])
    linkage.merge_records(ws, kind="event", idents=[first, second])
    figures = grading.event_grade(ws, OWNER, event=second).figures
    assert figures == {"killed": {"min": 4, "max": 6, "accounts": 3},
                       "injured": {"min": 10, "max": 10, "accounts": 1},
                       "detained": {"min": 4, "max": 4, "accounts": 1},
                       "missing": {"min": 2, "max": 2, "accounts": 1}}  # nothing displaced: not shown as 0


def test_a_restricted_source_or_account_changes_nothing_a_viewer_sees(ws: Workspace) -> None:
    ident = event(ws, killed=4)
    cite(ws, ident, "Abu Khaled")
    cite(ws, ident, "Insider", level="restricted")  # the information is public, its source is not
    hidden = event(ws, level="restricted", killed=30)
    cite(ws, hidden, "Another insider", level="restricted", info_level="restricted")
    report_with_counts(ws, ident, [{"kind": "killed", "value": 5, "status": "accepted"}], level="restricted")
    linkage.merge_records(ws, kind="event", idents=[ident, hidden])
    owner = grading.event_grade(ws, OWNER, event=ident)
    assert (owner.sources, owner.grade, owner.figures["killed"]["max"]) == (4, "contested", 30)
    viewer = grading.event_grade(ws, VIEWER, event=ident)
    assert (viewer.sources, viewer.grade, viewer.merged) == (1, "weak", [])
    assert viewer.figures == {"killed": {"min": 4, "max": 4, "accounts": 1}}


def test_an_override_needs_a_reason_is_audited_survives_and_clearing_restores_the_computed_grade(
        ws: Workspace) -> None:
    ident = event(ws)
    cite(ws, ident, "Abu Khaled")
    before = audit_count(ws)
    with pytest.raises(InvalidInput) as refused:
        grading.override_grade(ws, COORDINATOR, event=ident, grade="confirmed", reason="  ")
    assert [p.field for p in refused.value.problems] == ["reason"]
    with pytest.raises(InvalidInput) as refused:
        grading.override_grade(ws, COORDINATOR, event=ident, grade="certain", reason="seen on video")
    assert [p.field for p in refused.value.problems] == ["grade"] and "fair" in refused.value.problems[0].reason
    with pytest.raises(Forbidden):
        grading.override_grade(ws, DOCUMENTER, event=ident, grade="confirmed", reason="seen on video")
    with pytest.raises(InvalidInput):
        grading.clear_override(ws, COORDINATOR, event=ident, reason="nothing set")
    assert audit_count(ws) == before and grade_of(ws, ident) == "weak"

    view = grading.override_grade(ws, COORDINATOR, event=ident, grade="Discounted", reason="staged, see report 7")
    assert (view.grade, view.computed, view.reason) == ("discounted", "weak", "set by hand: staged, see report 7")
    assert view.override is not None and view.override.set_by == "coordinator"
    shown = grading.event_grade(ws, VIEWER, event=ident)
    assert shown.grade == "discounted" and shown.override is not None and shown.override.reason is None
    assert "staged" not in shown.reason
    with ws.reading() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (entry.action, entry.actor, entry.record_id) == ("grade-override", "coordinator", ident)
    assert entry.details["grade"] == "discounted" and entry.details["reason"] == "staged, see report 7"

    again = open_workspace(ws.settings)  # a new process: the override is stored, not remembered
    try:
        assert grade_of(again, ident) == "discounted"
    finally:
        again.close()
    cite(ws, ident, "Umm Ahmad")  # the record changes; the override still stands
    assert grading.event_grade(ws, OWNER, event=ident).computed == "fair" and grade_of(ws, ident) == "discounted"

    cleared = grading.clear_override(ws, OWNER, event=ident, reason="the report was checked again")
    assert (cleared.grade, cleared.override) == ("fair", None)
    with ws.reading() as session:
        rows = session.scalars(select(GradeOverride).where(GradeOverride.event_id == ident)).all()
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert [(r.grade, r.cleared_by, r.clear_reason) for r in rows] == [
        ("discounted", "owner", "the report was checked again")]
    assert (last.action, last.details["reason"]) == ("grade-override-clear", "the report was checked again")


def test_a_grade_above_the_clearance_is_not_found(ws: Workspace) -> None:
    ident = event(ws, level="restricted")
    with pytest.raises(NotFound):
        grading.event_grade(ws, VIEWER, event=ident)
    with pytest.raises(NotFound):
        grading.override_grade(ws, Account("a", "analyst", Role.ANALYST, "en", Channel.CLI), event=ident,
                               grade="weak", reason="x")


def test_headline_totals_count_only_admitted_grades_and_merged_events_once(ws: Workspace) -> None:
    fair = event(ws, killed=3, injured=2)
    cite(ws, fair, "Abu Khaled")
    cite(ws, fair, "Umm Ahmad")
    confirmed, same = event(ws, "verified", killed=5), event(ws, killed=6)
    linkage.merge_records(ws, kind="event", idents=[confirmed, same])
    weak = event(ws, killed=100)
    cite(ws, weak, "Abu Omar")
    hidden = event(ws, "verified", level="restricted", killed=50)
    linkage.merge_records(ws, kind="event", idents=[fair, hidden])  # the owner sees 3–50 killed there, 2 accounts
    viewer = grading.headline_totals(ws, VIEWER)
    assert (viewer.events, viewer.grades["weak"], viewer.grades["fair"], viewer.grades["confirmed"]) == (2, 1, 1, 1)
    assert viewer.figures == {"killed": {"min": 8, "max": 9}, "injured": {"min": 2, "max": 2}}
    totals = grading.headline_totals(ws, OWNER)
    assert totals.grades["contested"] == 1 and totals.figures == {"killed": {"min": 5, "max": 6}}
    # the totals grade each event as its own page does, for each reader
    assert [grading.event_grade(ws, VIEWER, event=i).grade for i in (fair, confirmed, weak)] == [
        "fair", "confirmed", "weak"]
    assert grading.event_grade(ws, OWNER, event=fair).grade == "contested"
    everything = grading.headline_totals(ws, VIEWER, admitted=["fair", "confirmed", "weak"])
    assert everything.figures["killed"] == {"min": 108, "max": 109}
    with pytest.raises(InvalidInput):
        grading.headline_totals(ws, OWNER, admitted=["probable"])


def test_the_sources_counted_are_those_of_link_corroboration_for_every_reader(ws: Workspace) -> None:
    events = [event(ws), event(ws), event(ws, level="internal"), event(ws)]
    cite(ws, events[0], "Abu Khaled")
    cite(ws, events[0], "Insider", level="restricted")
    shared = cite(ws, events[1], "Umm Ahmad")
    create_record(ws, kind="information", data={"event_id": events[0], "source_id": shared})  # same source twice
    bare = create_record(ws, kind="report", data={"title": "Leaflet", "text": "…", "confidentiality": "public"})
    create_record(ws, kind="information", data={"event_id": events[1], "report_id": bare["id"]})  # counts as itself
    hidden = create_record(ws, kind="source", data={"pseudonym": "Hidden", "confidentiality": "restricted"})
    via = create_record(ws, kind="report", data={"title": "Call", "text": "…", "source": hidden["id"],
                                                 "confidentiality": "public"})
    create_record(ws, kind="information", data={"event_id": events[3], "report_id": via["id"]})
    cite(ws, events[2], "Internal witness", level="internal")
    linkage.merge_records(ws, kind="event", idents=[events[1], events[2]])
    for account in (OWNER, VIEWER, DOCUMENTER):
        totals_seen = grading.headline_totals(ws, account, admitted=list(Grade))
        assert sum(totals_seen.grades.values()) == len({e for e in events if _readable(ws, account, e)}) - (
            1 if _readable(ws, account, events[2]) else 0)
        for ident in events:
            if not _readable(ws, account, ident):
                continue
            expected = linkreview.event_corroboration(ws, account, event=ident).sources
            assert grading.event_grade(ws, account, event=ident).sources == expected


def _readable(ws: Workspace, account: Account, ident: str) -> bool:
    try:
        access.read_record(ws, account, kind="event", ident=ident)
    except NotFound:
        return False
    return True
