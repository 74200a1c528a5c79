"""``verify``: every stored file re-hashed, the audit chain walked, versions and custody checked against it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from tawthiq.blobs import BlobMissing, hash_stream
from tawthiq.db.base import Base
from tawthiq.db.models import AuditEntry, CustodyEntry, RecordVersion
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import walk_chain
from tawthiq.services.evidence.store import iter_items, stored_bytes
from tawthiq.services.protection.keys import resealed_snapshots
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.scratch import find_leftovers
from tawthiq.services.workspace import Workspace

BATCH = 5000


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

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, **{f.name: getattr(self, f.name) for f in fields(self)}}


def verify_workspace(
    ws: Workspace, account: Principal, *, on_file: Callable[[int], None] | None = None,
    on_bytes: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Check everything that can be checked, as ``account`` (Forbidden unless its role may verify). Problems name
    the file (by hash) or the audit entry. ``on_total`` hears how many bytes will be re-hashed, before the first.

    Stored files without a record (left by an interrupted intake) are notes, not problems: their bytes match
    their name, and adding the same file again adopts them. So is what interrupted commands left behind (temporary
    files, private scratch, unfinished outputs, each with its size), which ``tawthiq clean`` removes.
    """
    ensure(account, Action.VERIFY)
    report = VerifyReport()
    if on_total:
        on_total(stored_bytes(ws))
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
        report.notes.extend(leftover.describe() for leftover in find_leftovers(ws))
        report.problems.extend(p.describe() for p in walk_chain(session))
        report.audit_entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        _check_versions(session, report)
        _check_custody(session, report)
    return report


def _check_file(ws: Workspace, sha256: str, size: int, report: VerifyReport,
                on_bytes: Callable[[int], None] | None) -> None:
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


def _check_versions(session: Session, report: VerifyReport) -> None:
    """Each version must match the audit entry that wrote it; each record must match its latest version.

    Both checks stream joins, so memory stays flat however many records there are.
    """
    pairs = (
        select(RecordVersion.kind, RecordVersion.record_id, RecordVersion.version, RecordVersion.data,
               RecordVersion.audit_seq,
               AuditEntry.kind.label("a_kind"), AuditEntry.record_id.label("a_record"), AuditEntry.details)
        .outerjoin(AuditEntry, AuditEntry.seq == RecordVersion.audit_seq)
        .execution_options(yield_per=BATCH)
    )
    resealed = resealed_snapshots(session)  # snapshots whose protected values were sealed after they were written
    for kind, record_id, version, data, seq, a_kind, a_record, details in session.execute(pairs):
        digest = _sha256(data)
        if (a_kind, a_record) != (kind, record_id) or (
            (details or {}).get("snapshot") != digest and resealed.get((kind, record_id, version)) != digest
        ):
            report.problems.append(
                f"{kind} {record_id} version {version}: does not match audit entry {seq} (history altered)"
            )
    for spec in KINDS.values():
        table = Base.metadata.tables[spec.table]
        newer = aliased(RecordVersion)
        latest = (
            select(func.max(newer.version))
            .where(newer.kind == spec.name, newer.record_id == table.c.id)
            .correlate(table)
            .scalar_subquery()
        )
        rows = (
            select(table, RecordVersion.data.label("_snapshot"), latest.label("_latest"))
            .outerjoin(RecordVersion, and_(RecordVersion.kind == spec.name, RecordVersion.record_id == table.c.id,
                                           RecordVersion.version == table.c.version))
            .execution_options(yield_per=BATCH)
        )
        for row in session.execute(rows):
            values = dict(row._mapping)
            snapshot, newest = values.pop("_snapshot"), values.pop("_latest")
            report.records_checked += 1
            if snapshot is None:
                report.problems.append(
                    f"{spec.name} {values['id']}: has no recorded history (written around the system)"
                )
            elif newest != values["version"] or canonical_json(values) != snapshot:
                report.problems.append(
                    f"{spec.name} {values['id']}: differs from its last recorded version (edited around the system)"
                )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _check_custody(session: Session, report: VerifyReport) -> None:
    entries = (
        select(CustodyEntry.id, CustodyEntry.evidence_id, CustodyEntry.audit_seq, CustodyEntry.details,
               AuditEntry.details)
        .outerjoin(AuditEntry, AuditEntry.seq == CustodyEntry.audit_seq)
        .execution_options(yield_per=BATCH)
    )
    for entry_id, evidence_id, seq, details, audited in session.execute(entries):
        if audited != details:
            report.problems.append(
                f"custody entry {entry_id} of evidence {evidence_id}: does not match audit entry {seq}"
            )
