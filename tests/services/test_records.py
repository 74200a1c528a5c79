"""Records: create, update with versions, soft delete, history; bad input changes nothing. Both backends."""

from typing import Any

import pytest
from sqlalchemy import func, select

from tawthiq.db.models import AuditEntry, Event, RecordVersion
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.services.records.store import (
    create_record,
    delete_record,
    get_record,
    list_records,
    record_history,
    related_records,
    restore_record,
    update_record,
)
from tawthiq.services.workspace import Workspace


def _counts(ws: Workspace) -> tuple[int, int, int]:
    with ws.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Event)) or 0,
            session.scalar(select(func.count()).select_from(RecordVersion)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def _event(ws: Workspace, **extra: Any) -> dict[str, Any]:
    return create_record(ws, kind="event", data={"title": "Shelling of a market", "start": "2015-07", **extra})


def test_event_with_act_and_perpetrator_is_recorded_with_slugs_resolved(ws: Workspace) -> None:
    event = _event(ws, place_text="Albu Kamal")
    act = create_record(ws, kind="act", data={"event": event["id"][:8], "type": "indiscriminate-attack",
                                              "method": "shelling", "killed": 3})
    involvement = create_record(ws, kind="involvement",
                                data={"act": act["id"], "actor": "islamic-state", "degree": "carried-out"})
    assert (
        event["start_date"] == "2015-07-01" and event["end_date"] == "2015-07-31" and event["date_precision"] == "month"
    )
    assert act["event_id"] == event["id"] and act["type_id"] == "violation-types:indiscriminate-attack"
    assert involvement["actor_id"] != "islamic-state" and involvement["degree_id"] == "involvement-degrees:carried-out"
    related = related_records(ws, kind="event", ident=event["id"])
    assert [a["id"] for a in related["acts"]] == [act["id"]]


def test_update_keeps_the_previous_version_and_history_shows_the_field_diff(ws: Workspace) -> None:
    event = _event(ws)
    update_record(ws, kind="event", ident=event["id"],
                  data={"status": "corroborated", "title": "Shelling of the old market"})
    history = record_history(ws, kind="event", ident=event["id"])
    assert [h.version for h in history] == [1, 2]
    assert history[1].changed_by == "tester"
    changed = {c.field: (c.before, c.after) for c in history[1].changes}
    assert changed == {"status": ("unverified", "corroborated"),
                       "title": ("Shelling of a market", "Shelling of the old market")}


def test_an_update_that_changes_nothing_writes_no_version(ws: Workspace) -> None:
    event = _event(ws)
    before = _counts(ws)
    update_record(ws, kind="event", ident=event["id"], data={"title": "Shelling of a market"})
    assert _counts(ws) == before


def test_deletion_is_soft_needs_a_reason_and_stays_in_history(ws: Workspace) -> None:
    event = _event(ws)
    with pytest.raises(InvalidInput) as caught:
        delete_record(ws, kind="event", ident=event["id"], reason="  ")
    assert caught.value.problems[0].field == "reason"
    delete_record(ws, kind="event", ident=event["id"], reason="duplicate of another record")
    assert list_records(ws, kind="event") == []
    assert [r["id"] for r in list_records(ws, kind="event", include_deleted=True)] == [event["id"]]
    history = record_history(ws, kind="event", ident=event["id"])
    assert history[-1].change == "delete" and history[-1].reason == "duplicate of another record"
    restore_record(ws, kind="event", ident=event["id"], reason="not a duplicate after all")
    assert [r["id"] for r in list_records(ws, kind="event")] == [event["id"]]


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("event", {"title": ""}, "title"),
        ("event", {"title": "x", "start": "2016", "end": "2015"}, "end"),
        ("event", {"title": "x", "latitude": 95.0, "longitude": 40.0}, "latitude"),
        ("event", {"title": "x", "latitude": 35.0}, "latitude"),
        ("event", {"title": "x", "status": "probably"}, "status"),
        ("event", {"title": "x", "confidentiality": "secret"}, "confidentiality"),
        ("event", {"title": "x", "place": "nowhere"}, "place"),
        ("act", {"event": "0000000000", "type": "killing"}, "event"),
        ("actor", {"name": "Some brigade", "kind": "not-a-kind"}, "kind"),
        ("event", {"title": "x", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field_in_both_languages_and_writes_nothing(ws: Workspace, kind: str, data: dict[str, Any],
                                                                        field: str) -> None:
    before = _counts(ws)
    with pytest.raises(InvalidInput) as caught:
        create_record(ws, kind=kind, data=data)
    fields = [p.field for p in caught.value.problems]
    assert field in fields
    assert all(p.reason and p.reason_ar for p in caught.value.problems)
    assert _counts(ws) == before


def test_unknown_violation_type_is_rejected_and_nothing_written(ws: Workspace) -> None:
    event = _event(ws)
    before = _counts(ws)
    with pytest.raises(InvalidInput) as caught:
        create_record(ws, kind="act", data={"event": event["id"], "type": "bombing-of-stuff"})
    assert caught.value.problems[0].field == "type"
    assert "bombing-of-stuff" in caught.value.problems[0].reason
    assert _counts(ws) == before


def test_an_update_that_would_end_the_span_before_its_start_is_rejected(ws: Workspace) -> None:
    event = _event(ws)
    with pytest.raises(InvalidInput):
        update_record(ws, kind="event", ident=event["id"], data={"end": "2014"})
    assert get_record(ws, kind="event", ident=event["id"])["end_date"] == "2015-07-31"


def test_protected_source_identity_is_hidden_when_read(ws: Workspace) -> None:
    source = create_record(ws, kind="source",
                           data={"pseudonym": "Abu Khaled", "kind": "insider", "identity": "Real Name 123"})
    assert source["identity"] == "[protected]"
    assert get_record(ws, kind="source", ident=source["id"])["identity"] == "[protected]"
    assert "Real Name 123" not in str(list_records(ws, kind="source"))
    assert "Real Name 123" not in str(record_history(ws, kind="source", ident=source["id"]))
    assert source["confidentiality"] == "restricted"


def test_records_are_found_by_unique_prefix_and_unknown_ids_are_not_found(ws: Workspace) -> None:
    event = _event(ws)
    assert get_record(ws, kind="event", ident=event["id"][:6])["id"] == event["id"]
    with pytest.raises(NotFound):
        get_record(ws, kind="event", ident="ffffffff-0000")


def test_every_write_is_in_the_audit_chain(ws: Workspace) -> None:
    _, _, audit_before = _counts(ws)
    event = _event(ws)
    update_record(ws, kind="event", ident=event["id"], data={"status": "verified"})
    delete_record(ws, kind="event", ident=event["id"], reason="test")
    with ws.reading() as session:
        actions = session.execute(
            select(AuditEntry.action).where(AuditEntry.record_id == event["id"]).order_by(AuditEntry.seq)
        ).scalars().all()
    assert actions == ["create", "update", "delete"]
    assert _counts(ws)[2] == audit_before + 3


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("title", "x" * 10_000_000, "is longer than 500 characters (10,000,000 given)"),
    ("title", "Shelling\x00of the market", "contains a NUL character"),
    ("description", "a\x00b", "contains a NUL character"),
    ("place_text", "Albu\x00Kamal", "contains a NUL character"),
])
def test_a_value_no_backend_can_keep_is_refused_by_name_on_every_backend(ws: Workspace, field: str, value: str,
                                                                          reason: str) -> None:
    data = {"title": "Shelling of the market", field: value}
    with pytest.raises(InvalidInput) as refused:
        create_record(ws, kind="event", data=data)
    assert [(p.field, reason in p.reason) for p in refused.value.problems] == [(field, True)]  # not "required" too
    assert refused.value.problems[0].reason_ar and len(str(refused.value)) < 300  # the value is never echoed whole
    with ws.reading() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_list_value_with_a_nul_is_refused_too(ws: Workspace) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_record(ws, kind="actor", data={"name": "Brigade", "aliases": ["one", "two\x00"]})
    assert refused.value.problems[0].field == "aliases"
