"""Publishing at the scale of the issue (100,000 events): what collect asks the database stays within what the
database accepts, however many events a run publishes."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.event import listen, remove

import tawthiq.services.publishing.collect as collecting
from tawthiq.domain.policy import Channel, Role
from tawthiq.domain.publication import Figures, PublicSet
from tawthiq.services.accounts.users import Account
from tawthiq.services.publishing import files, grading
from tawthiq.services.publishing.files import published_files
from tawthiq.services.publishing.profiles import load_profile
from tawthiq.services.records.store import create_record, delete_record, update_record
from tawthiq.services.records.transfer import import_records
from tawthiq.services.workspace import Workspace

COORDINATOR = Account("coordinator-id", "coordinator", Role.COORDINATOR, "en", Channel.CLI)
ISLAMIC_STATE = str(uuid.uuid5(uuid.UUID("6f1c4b1e-7a57-4c4e-9d8e-7461777468b1"), "islamic-state"))  # shipped


def test_the_evidence_of_tens_of_thousands_of_events_is_looked_up_within_sqlites_bound_parameters(
        sqlite_ws: Workspace) -> None:
    profile = load_profile(sqlite_ws, "public")
    events = [f"event-{n:05d}" for n in range(40_000)]  # with their acts, 80,000 ids: SQLite takes 32,766 at most
    acts = {f"act-{n:05d}": event for n, event in enumerate(events)}
    held: list[object] = []
    with sqlite_ws.reading() as session:
        assert published_files(session, profile, events, acts, lambda *args, **kw: held.append(args)) == {}
    assert held == []


def test_a_large_run_reads_tables_in_one_pass_and_publishes_exactly_what_chunked_reads_publish(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    for n, (status, level) in enumerate([("verified", "public"), ("verified", "public"), ("unverified", "public"),
                                         ("verified", "restricted")]):
        ident = str(create_record(ws, kind="event", data={"title": f"Shelling {n}", "start": f"2015-07-1{n}",
                                                          "status": status, "confidentiality": level})["id"])
        made.append(ident)
        shown = str(create_record(ws, kind="act", data={"event_id": ident, "type": "indiscriminate-attack",
                                                        "killed": n + 1, "confidentiality": "public"})["id"])
        create_record(ws, kind="involvement", data={"act_id": shown, "actor": "islamic-state",
                                                    "degree": "carried-out"})
        hidden = create_record(ws, kind="act", data={"event_id": ident, "type": "arbitrary-detention",
                                                     "detained": 9, "confidentiality": "restricted"})
        gone = create_record(ws, kind="act", data={"event_id": ident, "type": "arbitrary-detention",
                                                   "detained": 7, "confidentiality": "public"})
        delete_record(ws, kind="act", ident=str(gone["id"]), reason="duplicate")
        assert hidden["id"]
    update_record(ws, kind="event", ident=made[0], data={"title": "Shelling 0, revised"})
    chunked = collecting.collect(ws, COORDINATOR)
    monkeypatch.setattr(collecting, "ONE_PASS", 0)  # every table read in one pass, as for 100,000 events
    whole = collecting.collect(ws, COORDINATOR)
    assert [e.id for e in whole.events] == [e.id for e in chunked.events] == made[:2]
    assert whole.events == chunked.events  # acts, figures, perpetrators, grades, history: the same
    assert [len(e.history) for e in whole.events] == [2, 1] and [len(e.acts) for e in whole.events] == [1, 1]
    assert sorted(map(repr, whole.withheld)) == sorted(map(repr, chunked.withheld))


def _import_events(ws: Workspace, path: Path, count: int, first: int) -> None:
    """``count`` public, verified events, each with a public act (figures) that an actor carried out."""
    lines = [json.dumps({"format": "tawthiq-export", "version": 1, "include_protected": False})]
    for n in range(first, first + count):
        event, act = str(uuid.UUID(int=2 * n + 1)), str(uuid.UUID(int=2 * n + 2))
        lines += [json.dumps({"kind": "event", "record": {
                      "id": event, "title": f"Shelling {n}", "start_date": "2015-07-14", "end_date": "2015-07-14",
                      "date_precision": "day", "status": "verified", "confidentiality": "public"}}),
                  json.dumps({"kind": "act", "record": {
                      "id": act, "event_id": event, "type_id": "violation-types:indiscriminate-attack",
                      "killed": n % 7, "confidentiality": "public"}}),
                  json.dumps({"kind": "involvement", "record": {
                      "id": str(uuid.UUID(int=10**9 + n)), "act_id": act, "actor_id": ISLAMIC_STATE,
                      "degree_id": "carried-out", "confidentiality": "public"}})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_records(ws, COORDINATOR, path=path)


def test_a_large_run_reads_each_table_a_fixed_number_of_times_however_many_events_it_publishes(
        sqlite_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    statements: list[str] = []

    def counted() -> PublicSet:
        statements.clear()
        listen(Engine, "before_cursor_execute", seen)
        try:
            return collecting.collect(sqlite_ws, COORDINATOR)
        finally:
            remove(Engine, "before_cursor_execute", seen)

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    _import_events(sqlite_ws, tmp_path / "first.jsonl", 600, 0)
    chunked = collecting.collect(sqlite_ws, COORDINATOR)
    for module in (collecting, grading, files):  # past 50 ids, every table is read in one pass, as for 100,000 events
        monkeypatch.setattr(module, "ONE_PASS", 50)
    whole = counted()
    assert len(whole.events) == 600 and whole.events == chunked.events  # grades, figures, perpetrators: the same
    assert whole.withheld == chunked.withheld and whole.totals == chunked.totals == {
        "killed": Figures(sum(n % 7 for n in range(600)), sum(n % 7 for n in range(600)), 600)}
    reads = len(statements)
    _import_events(sqlite_ws, tmp_path / "second.jsonl", 900, 600)
    more = counted()
    assert len(more.events) == 1500 and {e.grade for e in more.events} == {"confirmed"}
    assert len(statements) == reads  # not one more query per chunk of ids or per round of grading
