"""`verify`: tampering with files, the audit log, history or records is detected and named."""

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update

from tawthiq.db.models import AuditEntry, AuditHead, Event, RecordVersion
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.records.store import create_record, update_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER


@pytest.fixture
def filled(ws: Workspace, tmp_path: Path) -> tuple[Workspace, str, str]:
    event = create_record(ws, kind="event", data={"title": "Detention at a checkpoint", "start": "2015"})
    update_record(ws, kind="event", ident=event["id"], data={"status": "corroborated"})
    photo = tmp_path / "photo.bin"
    photo.write_bytes(os.urandom(4096))
    [added] = add_evidence(ws, OWNER, paths=[photo], event=event["id"])
    return ws, event["id"], added.sha256


def _stored_path(ws: Workspace, sha256: str) -> Path:
    path = ws.settings.data_dir / "evidence" / sha256[:2] / sha256[2:4] / sha256
    assert path.is_file()
    return path


def test_an_untouched_workspace_verifies(filled: tuple[Workspace, str, str]) -> None:
    ws, _, _ = filled
    report = verify_workspace(ws, OWNER)
    assert report.ok, report.problems
    assert report.files_checked == 1 and report.audit_entries > 0


def test_one_altered_byte_in_a_stored_file_is_reported_by_hash(filled: tuple[Workspace, str, str]) -> None:
    ws, _, sha256 = filled
    path = _stored_path(ws, sha256)
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_workspace(ws, OWNER)
    assert not report.ok
    assert any(sha256 in p and "content changed" in p for p in report.problems)


def test_a_deleted_stored_file_is_reported_by_hash(filled: tuple[Workspace, str, str]) -> None:
    ws, _, sha256 = filled
    _stored_path(ws, sha256).unlink()
    report = verify_workspace(ws, OWNER)
    assert any(sha256 in p and "missing" in p for p in report.problems)


def test_an_edited_audit_entry_is_reported(filled: tuple[Workspace, str, str]) -> None:
    ws, _, _ = filled
    with ws.transaction() as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="someone else"))
    report = verify_workspace(ws, OWNER)
    assert any(p.startswith("audit entry 3:") and "altered" in p for p in report.problems)


def test_a_deleted_audit_entry_is_reported(filled: tuple[Workspace, str, str]) -> None:
    ws, _, _ = filled
    with ws.transaction() as session:
        session.execute(text("DELETE FROM custody_entries"))
        session.execute(delete(RecordVersion).where(RecordVersion.audit_seq == 5))
        session.execute(delete(AuditEntry).where(AuditEntry.seq == 5))
    report = verify_workspace(ws, OWNER)
    assert any(p.startswith("audit entry 5:") and "missing" in p for p in report.problems)


def test_entries_cut_from_the_end_of_the_log_are_reported(filled: tuple[Workspace, str, str]) -> None:
    ws, _, _ = filled
    with ws.transaction() as session:
        last = session.scalar(select(func.max(AuditEntry.seq)))
        session.execute(text("DELETE FROM custody_entries"))
        session.execute(delete(RecordVersion).where(RecordVersion.audit_seq == last))
        session.execute(delete(AuditEntry).where(AuditEntry.seq == last))
    report = verify_workspace(ws, OWNER)
    assert any("entries at the end were removed" in p for p in report.problems)


def test_a_record_edited_around_the_system_is_reported(filled: tuple[Workspace, str, str]) -> None:
    ws, event_id, _ = filled
    with ws.transaction() as session:
        session.execute(update(Event).where(Event.id == event_id).values(status="verified"))
    report = verify_workspace(ws, OWNER)
    assert any(event_id in p and "edited around the system" in p for p in report.problems)


def test_rewritten_history_is_reported(filled: tuple[Workspace, str, str]) -> None:
    ws, event_id, _ = filled
    with ws.transaction() as session:
        version = session.execute(
            select(RecordVersion).where(RecordVersion.record_id == event_id, RecordVersion.version == 1)
        ).scalar_one()
        version.data = json.dumps({**json.loads(version.data), "title": "a different title"})
    report = verify_workspace(ws, OWNER)
    assert any(event_id in p and "version 1" in p for p in report.problems)


def test_the_audit_head_cannot_simply_be_reset(filled: tuple[Workspace, str, str]) -> None:
    ws, _, _ = filled
    with ws.transaction() as session:
        session.execute(update(AuditHead).values(seq=1))
    assert not verify_workspace(ws, OWNER).ok


def test_a_record_rolled_back_to_an_earlier_version_is_reported(filled: tuple[Workspace, str, str]) -> None:
    ws, event_id, _ = filled
    with ws.transaction() as session:
        first = json.loads(session.execute(
            select(RecordVersion.data).where(RecordVersion.record_id == event_id, RecordVersion.version == 1)
        ).scalar_one())
        session.execute(update(Event).where(Event.id == event_id).values(
            status=first["status"], version=1, updated_at=datetime.fromisoformat(first["updated_at"])))
    report = verify_workspace(ws, OWNER)
    assert any(event_id in p and "edited around the system" in p for p in report.problems)
