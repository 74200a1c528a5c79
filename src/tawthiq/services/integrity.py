"""``verify``: every stored file re-hashed, the audit chain walked, versions and custody checked against it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from tawthiq.blobs import BlobMissing, hash_stream
from tawthiq.db.base import Base
from tawthiq.db.models import AuditEntry, CustodyEntry, RecordVersion
from tawthiq.domain.canonical import canonical_hash
from tawthiq.services.audit import walk_chain
from tawthiq.services.evidence import iter_items
from tawthiq.services.kinds import KINDS
from tawthiq.services.records import jsonable
from tawthiq.services.workspace import Workspace


@dataclass
class VerifyReport:
    files_checked: int = 0
    bytes_checked: int = 0
    audit_entries: int = 0
    records_checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_workspace(
    ws: Workspace, *, on_file: Callable[[int], None] | None = None, on_bytes: Callable[[int], None] | None = None
) -> VerifyReport:
    """Check everything that can be checked. Problems name the file (by hash) or the audit entry.

    Stored files without a record (left by an interrupted intake) are notes, not problems: their bytes match
    their name, and adding the same file again adopts them.
    """
    report = VerifyReport()
    with ws.reading() as session:
        known: set[str] = set()
        for _item_id, sha256, size in iter_items(session):
            known.add(sha256)
            _check_file(ws, sha256, size, report, on_bytes)
            report.files_checked += 1
            if on_file:
                on_file(1)
        for sha256 in ws.blobs.hashes():
            if sha256 not in known:
                report.notes.append(f"file {sha256}: stored but not recorded (an interrupted intake); kept")
        report.problems.extend(p.describe() for p in walk_chain(session))
        report.audit_entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        _check_versions(session, report)
        _check_custody(session, report)
    return report


def _check_file(ws: Workspace, sha256: str, size: int, report: VerifyReport, on_bytes: Callable[[int], None] | None) -> None:
    try:
        with ws.blobs.open(sha256) as stream:
            actual, actual_size = hash_stream(stream, on_bytes)
    except (BlobMissing, FileNotFoundError):
        report.problems.append(f"file {sha256}: missing from the evidence store")
        return
    except OSError as exc:
        report.problems.append(f"file {sha256}: cannot be read ({exc.strerror})")
        return
    report.bytes_checked += actual_size
    if actual != sha256:
        report.problems.append(f"file {sha256}: content changed (it now hashes to {actual})")
    elif actual_size != size:
        report.problems.append(f"file {sha256}: size {actual_size} differs from the recorded {size}")


def _check_versions(session: Any, report: VerifyReport) -> None:
    """Each version must match the audit entry that wrote it; each record must match its latest version."""
    audit = {
        seq: (kind, record_id, details.get("snapshot"))
        for seq, kind, record_id, details in session.execute(
            select(AuditEntry.seq, AuditEntry.kind, AuditEntry.record_id, AuditEntry.details)
        )
    }
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    rows = session.execute(
        select(RecordVersion.kind, RecordVersion.record_id, RecordVersion.version, RecordVersion.data, RecordVersion.audit_seq)
        .execution_options(yield_per=5000)
    )
    for kind, record_id, version, data, seq in rows:
        digest = canonical_hash(data)
        if audit.get(seq) != (kind, record_id, digest):
            report.problems.append(f"{kind} {record_id} version {version}: does not match audit entry {seq} (history altered)")
        if version >= latest.get((kind, record_id), (0, ""))[0]:
            latest[(kind, record_id)] = (version, digest)
    for spec in KINDS.values():
        table = Base.metadata.tables[spec.table]
        for row in session.execute(select(table).execution_options(yield_per=5000)):
            snapshot = {k: jsonable(v) for k, v in row._mapping.items()}
            report.records_checked += 1
            expected = latest.get((spec.name, snapshot["id"]))
            if expected is None:
                report.problems.append(f"{spec.name} {snapshot['id']}: has no recorded history (written around the system)")
            elif canonical_hash(snapshot) != expected[1]:
                report.problems.append(f"{spec.name} {snapshot['id']}: differs from its last recorded version (edited around the system)")


def _check_custody(session: Any, report: VerifyReport) -> None:
    audit = {seq: details for seq, details in session.execute(select(AuditEntry.seq, AuditEntry.details))}
    for entry in session.execute(select(CustodyEntry)).scalars():
        if audit.get(entry.audit_seq) != entry.details:
            report.problems.append(f"custody entry {entry.id} of evidence {entry.evidence_id}: does not match audit entry {entry.audit_seq}")
