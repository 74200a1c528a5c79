"""Evidence intake: files into the write-once store, an item per distinct content, custody for every action."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from tawthiq.blobs import local_file
from tawthiq.db.models import CustodyEntry, EvidenceItem, EvidenceLink
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, Problem
from tawthiq.domain.policy import Action, Principal, Target, ensure, readable_levels
from tawthiq.media import MediaInfo, inspect_file
from tawthiq.services.disk import database_place, storage_failure
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import (
    ATTACHMENT_TARGETS,
    effective_level,
    item_level_for,
    readable_clause,
    readable_ids,
)
from tawthiq.services.records.store import References, Writer, hide_protected, jsonable, load_row, row_dict
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
    visible: bool = True  # False: the same bytes are on record above the adder's clearance (id left empty)


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
            problems.append(Problem("path", f"{path} does not exist or is not a file",
                                    f"\u200f{path} غير موجود أو ليس ملفاً"))
    for file in files:
        if not os.access(file, os.R_OK):
            problems.append(Problem("path", f"{file} cannot be read", f"\u200f{file} لا يمكن قراءته"))
    if problems:
        raise InvalidInput(problems)
    return files


def add_evidence(
    ws: Workspace, account: Principal, *, paths: list[Path], event: str | None = None, act: str | None = None,
    report: str | None = None, progress: Callable[[int], None] | None = None,
) -> list[AddedEvidence]:
    """Store each file and record it as ``account``, optionally attached to an event, act or report it may edit.

    Each file is its own transaction: a failure stops at that file, and what was added before stays.
    The same bytes twice make one item; the second file becomes a custody entry and a link.
    Raises Forbidden, or InvalidInput (nothing written) for missing or unreadable paths and unknown targets.
    """
    ensure(account, Action.CREATE, what="evidence")
    files = collect_files(paths)
    target = {k: v for k, v in {"event_id": event, "act_id": act, "report_id": report}.items() if v}
    if len(target) > 1:
        raise InvalidInput.single("event", "attach to one event, act or report at a time",
                                  "أرفق بحدث أو انتهاك أو تقرير واحد في كل مرة")
    target = attachment_target(ws, account, target)
    added: list[AddedEvidence] = []
    for file in files:
        try:
            with file.open("rb") as stream:
                stored = ws.blobs.put(stream, progress)
            info = inspect_stored(ws, stored.sha256)
            with ws.transaction() as session:
                added.append(record_file(session, account, file, stored.sha256, stored.size, info, target))
        except Exception as exc:  # a full disk: say which of the files before this one are stored
            failed = storage_failure(exc, where=database_place(ws.settings)) if added else None
            if failed is None:
                raise
            raise replace(failed, kept=tuple(Path(a.path).name for a in added)) from exc
    return added


def attachment_target(ws: Workspace, account: Principal, target: dict[str, str]) -> dict[str, str]:
    """``{"event_id": ident}`` (or act, report) resolved among the records ``account`` may read, and checked to be
    one it may edit. Raises InvalidInput (names no readable record) or Forbidden."""
    allowed = readable_levels(account)
    with ws.reading() as session:
        resolved: dict[str, str] = References(session, allowed=allowed).resolve(KINDS["evidence_link"], target)
        for column, ident in resolved.items():
            kind = ATTACHMENT_TARGETS[column]
            row = load_row(session, KINDS[kind], ident, allowed=allowed)
            ensure(account, Action.EDIT, Target(effective_level(session, kind, row), row.get("created_by")),
                   what=f"{kind} {ident}")
    return resolved


def inspect_stored(ws: Workspace, sha256: str) -> MediaInfo:
    """Media type and metadata of stored content, read from the stored copy (what the hash vouches for), never
    from a path a caller names. Raises BlobMissing."""
    with local_file(ws.blobs, sha256) as path:
        return inspect_file(path)


def record_file(
    session: Session, account: Principal, file: Path, sha256: str, size: int, info: MediaInfo, target: dict[str, str]
) -> AddedEvidence:
    """Record a stored file as an item (or link it to the item its bytes already are) and attach it to ``target``.

    A new item takes the level of what it is attached to (at least internal). The caller commits.
    """
    writer = Writer(session, account.username)
    existing = session.execute(select(EvidenceItem).where(EvidenceItem.sha256 == sha256)).scalar_one_or_none()
    if existing is None:
        item = writer.insert(KINDS["evidence"], {
            "sha256": sha256, "size": size, "media_type": info.media_type, "original_name": file.name,
            "captured_at": info.captured_at, "captured_latitude": info.latitude, "captured_longitude": info.longitude,
            "duration_seconds": info.duration_seconds, "extracted": _extracted(info),
            "confidentiality": item_level_for(session, target),
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
    if existing is not None and not readable_ids(session, "evidence", [evidence_id], readable_levels(account)):
        # the same bytes are on record above the adder's clearance: say so without naming the item
        return AddedEvidence(str(file), "", sha256, size, info.media_type, True, info.warnings, visible=False)
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
    session.execute(insert(CustodyEntry), [{"evidence_id": evidence_id, "action": action, "actor": writer.actor,
                                            "at": at, "details": details, "audit_seq": seq}])


def find_evidence(session: Session, ident: str, allowed: Sequence[str] | None = None) -> EvidenceItem:
    """An item by SHA-256, id, or a unique prefix of either (4+ characters); with ``allowed``, among the items of
    those effective levels only (any other answers exactly as a missing one)."""
    if len(ident) < 4:
        raise NotFound("evidence", ident)
    readable = [readable_clause("evidence", allowed)] if allowed is not None else []
    found = session.execute(
        select(EvidenceItem).where(or_(EvidenceItem.sha256.startswith(ident.lower(), autoescape=True),
                                       EvidenceItem.id.startswith(ident, autoescape=True)), *readable).limit(2)
    ).scalars().all()
    if not found:
        raise NotFound("evidence", ident)
    if len(found) > 1:
        raise Ambiguous("evidence", ident, len(found))
    return found[0]


def show_evidence(ws: Workspace, account: Principal, *, ident: str, include_deleted: bool = False) -> dict[str, Any]:
    """An item the account may read, with its custody log, what it is attached to, and its derived copies (the
    attachments and copies the account may read). Raises NotFound (missing, or above the clearance)."""
    allowed = readable_levels(account)
    if len(ident) not in (36, 64):  # neither a whole id nor a whole hash: counted as a lookup by prefix
        ws.lookups.spend(account.username, ident[:35])
    with ws.reading() as session:
        item = find_evidence(session, ident, allowed)
        if item.deleted_at is not None and not include_deleted:
            raise NotFound("evidence", ident)
        spec = KINDS["evidence"]
        out = hide_protected(spec, row_dict(spec, item))
        out["effective_level"] = effective_level(session, "evidence", out)
        out["stored"] = ws.blobs.exists(item.sha256)
        out["custody"] = [
            {"at": jsonable(c.at), "action": c.action, "actor": c.actor, "details": c.details}
            for c in session.execute(
                select(CustodyEntry).where(CustodyEntry.evidence_id == item.id).order_by(CustodyEntry.id)
            ).scalars()
        ]
        links = session.scalars(select(EvidenceLink).where(EvidenceLink.evidence_id == item.id,
                                                          EvidenceLink.deleted_at.is_(None))).all()
        out["attached_to"] = [{kind: getattr(link, column) for column, kind in ATTACHMENT_TARGETS.items()
                               if getattr(link, column)} for link in links]
        copies = session.scalars(select(EvidenceItem).where(EvidenceItem.parent_id == item.id,
                                                           readable_clause("evidence", allowed))).all()
        out["derived"] = [{"id": d.id, "sha256": d.sha256, "derivation": d.derivation} for d in copies]
    return out


def iter_items(session: Session) -> Iterator[tuple[str, str, int]]:
    """(id, sha256, size) of every item, deleted ones included: a deleted record's file is still kept."""
    yield from session.execute(
        select(EvidenceItem.id, EvidenceItem.sha256, EvidenceItem.size).order_by(EvidenceItem.sha256)
    )


def stored_bytes(ws: Workspace) -> int:
    """How many bytes the evidence store holds for the items on record (what ``verify`` re-hashes)."""
    with ws.reading() as session:
        return session.scalar(select(func.coalesce(func.sum(EvidenceItem.size), 0))) or 0
