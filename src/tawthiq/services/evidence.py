"""Evidence intake: files into the write-once store, an item per distinct content, custody for every action."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from tawthiq.blobs import LocalBlobStore
from tawthiq.db.models import CustodyEntry, EvidenceItem, EvidenceLink
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, Problem
from tawthiq.media import MediaInfo, inspect_file
from tawthiq.services.kinds import KINDS
from tawthiq.services.records import References, Writer, hide_protected, jsonable, row_dict
from tawthiq.services.workspace import Workspace


@dataclass(frozen=True)
class AddedEvidence:
    path: str
    evidence_id: str
    sha256: str
    size: int
    media_type: str
    duplicate: bool  # the same bytes were already an item: this file was linked to it
    warnings: list[str]


def collect_files(paths: list[Path]) -> list[Path]:
    """Every file the paths name, directories walked recursively in name order.

    Raises InvalidInput before anything is written when a path is missing or unreadable.
    """
    problems: list[Problem] = []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                files.extend(Path(root) / n for n in sorted(names))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem("path", f"{path} does not exist or is not a file", f"‏{path} غير موجود أو ليس ملفاً"))
    for file in files:
        if not os.access(file, os.R_OK):
            problems.append(Problem("path", f"{file} cannot be read", f"‏{file} لا يمكن قراءته"))
    if problems:
        raise InvalidInput(problems)
    return files


def add_evidence(
    ws: Workspace, *, paths: list[Path], event: str | None = None, act: str | None = None, report: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[AddedEvidence]:
    """Store each file and record it, optionally attached to an event, act or report.

    Each file is its own transaction: a failure stops at that file, and what was added before stays.
    The same bytes twice make one item; the second file becomes a custody entry and a link.
    Raises InvalidInput (nothing written) for missing or unreadable paths and unknown targets.
    """
    files = collect_files(paths)
    target = {k: v for k, v in {"event_id": event, "act_id": act, "report_id": report}.items() if v}
    if len(target) > 1:
        raise InvalidInput.single("event", "attach to one event, act or report at a time", "أرفق بحدث أو انتهاك أو تقرير واحد في كل مرة")
    with ws.reading() as session:
        target = References(session).resolve(KINDS["evidence_link"], target)
    added = []
    for file in files:
        with file.open("rb") as stream:
            stored = ws.blobs.put(stream, progress)
        info = inspect_stored(ws, file, stored.sha256)
        with ws.transaction() as session:
            added.append(record_file(session, ws.user, file, stored.sha256, stored.size, info, target))
    return added


def inspect_stored(ws: Workspace, file: Path, sha256: str) -> MediaInfo:
    # Read metadata from the stored copy when there is one: it is what the hash vouches for.
    path = ws.blobs.local_path(sha256) if isinstance(ws.blobs, LocalBlobStore) else file
    return inspect_file(path)


def record_file(
    session: Session, actor: str, file: Path, sha256: str, size: int, info: MediaInfo, target: dict[str, str]
) -> AddedEvidence:
    writer = Writer(session, actor)
    existing = session.execute(select(EvidenceItem).where(EvidenceItem.sha256 == sha256)).scalar_one_or_none()
    if existing is None:
        item = writer.insert(KINDS["evidence"], {
            "sha256": sha256, "size": size, "media_type": info.media_type, "original_name": file.name,
            "captured_at": info.captured_at, "captured_latitude": info.latitude, "captured_longitude": info.longitude,
            "duration_seconds": info.duration_seconds, "extracted": _extracted(info),
        })
        evidence_id = item["id"]
    else:
        evidence_id = existing.id
    writer.flush()
    custody(session, writer, evidence_id, "ingest" if existing is None else "ingest-duplicate",
            {"original_name": file.name, "size": size, "sha256": sha256})
    if target:
        writer.insert(KINDS["evidence_link"], {"evidence_id": evidence_id, **target})
    writer.flush()
    return AddedEvidence(str(file), evidence_id, sha256, size, info.media_type, existing is not None, info.warnings)


def _extracted(info: MediaInfo) -> dict[str, Any]:
    data = dict(info.metadata)
    if info.warnings:
        data["enrichment_warnings"] = list(info.warnings)
    return data


def custody(session: Session, writer: Writer, evidence_id: str, action: str, details: dict[str, Any]) -> None:
    """Append a chain-of-custody entry, itself covered by the audit chain. The caller commits."""
    at = datetime.now(UTC)
    seq = writer.chain.append(actor=writer.actor, action=f"custody:{action}", kind="evidence", record_id=evidence_id,
                              details=details, at=at)
    writer.chain.flush()
    session.execute(insert(CustodyEntry), [{"evidence_id": evidence_id, "action": action, "actor": writer.actor, "at": at,
                                            "details": details, "audit_seq": seq}])


def find_evidence(session: Session, ident: str) -> EvidenceItem:
    """An item by SHA-256, id, or a unique prefix of either (4+ characters)."""
    if len(ident) < 4:
        raise NotFound("evidence", ident)
    found = session.execute(
        select(EvidenceItem).where(or_(EvidenceItem.sha256.startswith(ident.lower(), autoescape=True),
                                       EvidenceItem.id.startswith(ident, autoescape=True))).limit(2)
    ).scalars().all()
    if not found:
        raise NotFound("evidence", ident)
    if len(found) > 1:
        raise Ambiguous("evidence", ident, len(found))
    return found[0]


def show_evidence(ws: Workspace, *, ident: str) -> dict[str, Any]:
    """An item with its custody log, what it is attached to, and its derived copies."""
    with ws.reading() as session:
        item = find_evidence(session, ident)
        spec = KINDS["evidence"]
        out = hide_protected(spec, row_dict(spec, item))
        out["stored"] = ws.blobs.exists(item.sha256)
        out["custody"] = [
            {"at": jsonable(c.at), "action": c.action, "actor": c.actor, "details": c.details}
            for c in session.execute(select(CustodyEntry).where(CustodyEntry.evidence_id == item.id).order_by(CustodyEntry.id)).scalars()
        ]
        out["attached_to"] = [
            {k: v for k, v in (("event", link.event_id), ("act", link.act_id), ("report", link.report_id)) if v}
            for link in session.execute(select(EvidenceLink).where(EvidenceLink.evidence_id == item.id, EvidenceLink.deleted_at.is_(None))).scalars()
        ]
        out["derived"] = [
            {"id": d.id, "sha256": d.sha256, "derivation": d.derivation}
            for d in session.execute(select(EvidenceItem).where(EvidenceItem.parent_id == item.id)).scalars()
        ]
    return out


def iter_items(session: Session) -> Iterator[tuple[str, str, int]]:
    """(id, sha256, size) of every item, deleted ones included: a deleted record's file is still kept."""
    yield from session.execute(select(EvidenceItem.id, EvidenceItem.sha256, EvidenceItem.size).order_by(EvidenceItem.sha256))


def stored_bytes(ws: Workspace) -> int:
    """How many bytes the evidence store holds for the items on record (what ``verify`` re-hashes)."""
    with ws.reading() as session:
        return session.scalar(select(func.coalesce(func.sum(EvidenceItem.size), 0))) or 0
