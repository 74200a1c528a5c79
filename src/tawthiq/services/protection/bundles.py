"""Sealed bundles: offline sync between instances, carried on any medium.

A bundle (its file format: sync/archive.py) carries the records changed since a mark with the hashes of their
history, the sender's audit entries, and the evidence files. Import checks everything before it writes anything,
then writes in one transaction; a bundle imported twice changes nothing. Edits made on both sides while apart are
both kept: the record keeps the local version, the other one waits in ``sync_conflicts`` for review.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from nacl.signing import SigningKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tawthiq.crypto import signing
from tawthiq.db.base import Base
from tawthiq.db.models import AuditEntry, AuditHead, EvidenceItem, RecordVersion
from tawthiq.db.protection import BundleImport, SyncConflict, TrustedInstance
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import entry_hash
from tawthiq.services.disk import raise_storage_failure
from tawthiq.services.evidence.store import custody
from tawthiq.services.protection.instance import fingerprint, instance_key
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import BOOKKEEPING, KINDS, KindSpec
from tawthiq.services.records.store import References, Writer, jsonable
from tawthiq.services.records.validation import check_columns
from tawthiq.services.scratch import private_scratch
from tawthiq.services.workspace import Workspace
from tawthiq.sync.archive import (
    MAGIC as MAGIC,  # a bundle file's first bytes, for code that crafts one (tests)
    Bundle,
    open_bundle,
    refused,
    write_bundle,
)

# --- export -----------------------------------------------------------------------------------------------


def _changed(session: Session, since: int) -> dict[str, list[str]]:
    """Ids of the records written after audit entry ``since``, by kind."""
    rows = session.execute(select(AuditEntry.kind, AuditEntry.record_id).where(
        AuditEntry.seq > since, AuditEntry.kind.in_(list(KINDS)), AuditEntry.record_id.is_not(None)).distinct())
    out: dict[str, list[str]] = {}
    for kind, record_id in rows:
        if kind and record_id:
            out.setdefault(kind, []).append(record_id)
    return out


def _ordered(spec: KindSpec, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Oldest first, and parents before their children for kinds that refer to themselves."""
    rows = sorted(rows, key=lambda r: (r["created_at"], r["id"]))
    if "parent_id" not in rows[0]:
        return rows
    ids = {r["id"] for r in rows}
    done: set[str] = set()
    out: list[dict[str, Any]] = []
    pending = rows
    while pending:
        ready = [r for r in pending if r["parent_id"] not in ids or r["parent_id"] in done]
        if not ready:  # a cycle cannot be stored; keep the rest in date order
            ready = pending
        out.extend(ready)
        done |= {r["id"] for r in ready}
        pending = [r for r in pending if r["id"] not in done]
    return out


def export_bundle(ws: Workspace, account: Principal, *, since: int, recipient: str, out: Path) -> dict[str, Any]:
    """Write a bundle of what changed after audit entry ``since`` for the instance whose public key is
    ``recipient``, as ``account``. Returns the bundle id and ``mark``: the ``--since`` of the next bundle. Raises
    Forbidden unless the role exchanges bundles, InvalidInput."""
    ensure(account, Action.SYNC)
    ws = acting(ws, account)
    if out.exists():
        raise InvalidInput.single("out", f"{out} exists already", "الملف موجود مسبقاً")
    if not out.parent.is_dir():
        raise InvalidInput.single("out", f"the folder {out.parent} does not exist", "المجلد غير موجود")
    if since < 0:
        raise InvalidInput.single("since", "is an audit entry number (0 for everything)", "رقم قيد في سجل التدقيق")
    try:
        signing.parse_public_key(recipient)
    except ValueError:
        raise InvalidInput.single("to", "is not an instance public key (`tawthiq instance key` on the recipient)",
                                  "ليس مفتاحاً عاماً لنسخة") from None
    key = instance_key(ws)
    bundle_id = uuid.uuid4().hex
    counts = {"records": 0, "evidence_files": 0, "audit_entries": 0}
    # The scratch folder only marks the .partial file as this process's: killed midway, `verify` reports the file
    # and `clean` removes it. Nothing is written in it: the bundle is encrypted as it is written.
    partial = out.with_name(out.name + ".partial")
    try:
        with private_scratch(ws.settings.data_dir, "bundle", partial=partial):
            return _write(ws, out, key, recipient, since, bundle_id, counts)
    except OSError as exc:
        raise_storage_failure(exc, where=partial)
        raise


def _write(ws: Workspace, out: Path, key: SigningKey, recipient: str, since: int, bundle_id: str,
           counts: dict[str, int]) -> dict[str, Any]:
    with write_bundle(out, key=key, recipient=recipient) as bundle, ws.reading() as session:
        mark = session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0
        evidence: list[str] = []
        bundle.add("records.jsonl", (line.encode() for line in _record_lines(session, since, mark, counts, evidence)))
        audit = session.execute(select(AuditEntry).where(AuditEntry.seq > since, AuditEntry.seq <= mark)
                                .order_by(AuditEntry.seq).execution_options(yield_per=5000)).scalars()
        bundle.add("audit.jsonl", ((canonical_json(_entry(a)) + "\n").encode() for a in audit))
        counts["audit_entries"] = mark - since if mark > since else 0
        for sha256 in evidence:
            with ws.blobs.open(sha256) as blob:
                bundle.add_file(f"evidence/{sha256}", blob)
            counts["evidence_files"] += 1
        bundle.finish({"bundle_id": bundle_id, "since": since, "mark": mark,
                       "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "created_by": ws.user})
    return {"file": str(out), "bundle_id": bundle_id, "since": since, "mark": mark, **counts}


def _entry(a: AuditEntry) -> dict[str, Any]:
    return {"seq": a.seq, "at": a.at, "actor": a.actor, "action": a.action, "kind": a.kind, "record_id": a.record_id,
            "details": a.details, "prev_hash": a.prev_hash, "hash": a.hash}


def _record_lines(session: Session, since: int, mark: int, counts: dict[str, int],
                  evidence: list[str]) -> Iterator[str]:
    """One line per changed record, in the order an import can write them; the hashes of evidence files the
    records name go to ``evidence``."""
    changed = _changed(session, since)
    for spec in KINDS.values():
        ids = changed.get(spec.name)
        if not ids:
            continue
        table = Base.metadata.tables[spec.table]
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            rows.extend({k: jsonable(v) for k, v in r._mapping.items()}
                        for r in session.execute(select(table).where(table.c.id.in_(part))))
        if not rows:
            continue
        history: dict[str, list[str]] = {}
        settled: dict[str, list[str]] = {}
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            for record_id, data in session.execute(select(RecordVersion.record_id, RecordVersion.data).where(
                    RecordVersion.kind == spec.name, RecordVersion.record_id.in_(part))
                    .order_by(RecordVersion.version)):
                history.setdefault(record_id, []).append(hashlib.sha256(data.encode()).hexdigest())
            for record_id, details in session.execute(select(AuditEntry.record_id, AuditEntry.details).where(
                    AuditEntry.action == "conflict-resolve", AuditEntry.kind == spec.name,
                    AuditEntry.record_id.in_(part))):
                if record_id and details.get("incoming_snapshot"):
                    settled.setdefault(record_id, []).append(details["incoming_snapshot"])
        for row in _ordered(spec, rows):
            counts["records"] += 1
            if spec.name == "evidence":
                evidence.append(row["sha256"])
            versions = _with_settled(history.get(row["id"], []), settled.get(row["id"], []))
            yield canonical_json({"kind": spec.name, "record": row, "history": versions}) + "\n"


def _with_settled(history: list[str], settled: list[str]) -> list[str]:
    """The hashes of a record's versions, with the other side's versions that a resolved conflict settled: the other
    instance then sees that the resolution builds on its version and takes it. The last hash stays this side's
    latest."""
    if not settled or not history:
        return history
    return history[:-1] + settled + history[-1:]


# --- import -----------------------------------------------------------------------------------------------


def import_bundle(ws: Workspace, account: Principal, *, path: Path) -> dict[str, Any]:
    """Check a bundle whole, then import it in one transaction as ``account``; a bundle already imported changes
    nothing.

    Returns counts: imported, unchanged and conflicts (records changed on both sides; both versions kept).
    Raises Forbidden unless the role exchanges bundles; InvalidInput with a clear reason for a bundle that is not
    trusted, altered, cut short or unsafe.
    """
    ensure(account, Action.SYNC)
    ws = acting(ws, account)
    with open_bundle(path, key=instance_key(ws), trusted=partial(_trusted_name, ws)) as bundle:
        bundle_id = str(bundle.manifest["bundle_id"])
        with ws.reading() as session:
            if session.get(BundleImport, bundle_id) is not None:
                return {"bundle_id": bundle_id, "already_imported": True, "imported": 0, "unchanged": 0, "conflicts": 0}
        _check_audit_segment(bundle)
        for name in bundle.members:
            if name.startswith("evidence/"):
                with bundle.open(name) as blob:
                    stored = ws.blobs.put(cast(BinaryIO, blob))  # content-addressed: a file already here is kept
                if stored.sha256 != name.removeprefix("evidence/"):
                    raise refused(f"{name} changed while it was stored", "تغير ملف أثناء تخزينه")
        return _import_records(ws, bundle)


def _trusted_name(ws: Workspace, sender: str) -> str:
    """The name the sending instance is trusted under here; asked before a byte of its bundle is decrypted."""
    with ws.reading() as session:
        trusted = session.get(TrustedInstance, sender)
    if trusted is None:
        raise refused(f"the sending instance ({fingerprint(sender)}) is not trusted: compare its key in person, "
                      "then `tawthiq instance trust`", "النسخة المرسلة غير موثوقة")
    return trusted.name


def _check_audit_segment(bundle: Bundle) -> None:
    previous: str | None = None
    with bundle.open("audit.jsonl") as handle:
        for line in handle:
            entry = json.loads(line)
            if entry_hash(entry) != entry["hash"] or (previous is not None and entry["prev_hash"] != previous):
                raise refused(f"the sender's audit entry {entry.get('seq')} does not hold", "قيد تدقيق المرسل غير سليم")
            previous = entry["hash"]


def _import_records(ws: Workspace, bundle: Bundle) -> dict[str, Any]:
    counts = {"imported": 0, "unchanged": 0, "conflicts": 0}
    manifest, sender_name = bundle.manifest, bundle.sender_name
    bundle_id, sender = str(manifest["bundle_id"]), str(manifest["sender"])
    provenance = f"bundle {bundle_id[:12]} from {sender_name} ({fingerprint(sender)})"
    with ws.transaction() as session:
        writer = Writer(session, ws.user)
        refs = References(session, include_deleted=True)
        evidence_ids: dict[str, str] = {}  # incoming evidence id -> the local item with the same bytes
        with bundle.open("records.jsonl") as handle, session.no_autoflush:
            for batch in _batches(handle):
                stored = _stored_ids(session, batch)  # one query per kind and batch, not one per record
                for number, spec, item in batch:
                    raw = {k: (evidence_ids.get(v, v) if k == "evidence_id"
                               or (spec.name == "evidence" and k == "parent_id") else v)
                           for k, v in item["record"].items()}
                    outcome = _import_one(session, writer, refs, spec, raw, item.get("history", []), evidence_ids,
                                          number, sender, bundle_id, provenance, exists=raw.get("id") in stored)
                    counts[outcome] += 1
                writer.flush()
        session.add(BundleImport(bundle_id=bundle_id, sender=sender, imported_at=datetime.now(UTC),
                                 imported_by=ws.user, counts=counts))
        writer.chain.append(actor=ws.user, action="bundle-import", details={
            "bundle": bundle_id, "from": sender, "name": sender_name, "since": manifest.get("since"),
            "mark": manifest.get("mark"), **counts})
        writer.flush()
    return {"bundle_id": bundle_id, "already_imported": False, "from": sender_name, **counts}


def _batches(handle: IO[bytes], size: int = 2000) -> Iterator[list[tuple[int, KindSpec, dict[str, Any]]]]:
    batch: list[tuple[int, KindSpec, dict[str, Any]]] = []
    for number, line in enumerate(handle, start=1):
        item = json.loads(line)
        spec = KINDS.get(item.get("kind", ""))
        if spec is None or not isinstance(item.get("record"), dict):
            raise refused(f"record {number} is of an unknown kind", "سجل من نوع غير معروف")
        batch.append((number, spec, item))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _stored_ids(session: Session, batch: list[tuple[int, KindSpec, dict[str, Any]]]) -> set[str]:
    by_kind: dict[str, list[str]] = {}
    for _number, spec, item in batch:
        by_kind.setdefault(spec.name, []).append(str(item["record"].get("id")))
    found: set[str] = set()
    for kind, ids in by_kind.items():
        table = Base.metadata.tables[KINDS[kind].table]
        found.update(session.scalars(select(table.c.id).where(table.c.id.in_(ids))))
    return found


def _import_one(session: Session, writer: Writer, refs: References, spec: KindSpec, raw: dict[str, Any],
                history: list[str], evidence_ids: dict[str, str], number: int, sender: str, bundle_id: str,
                provenance: str, *, exists: bool) -> str:
    values = check_columns(spec, raw, partial=False, line=number)
    values = refs.resolve(spec, values, exact=True, line=number)
    table = Base.metadata.tables[spec.table]
    stored = session.execute(select(table).where(table.c.id == values["id"])).first() if exists else None
    if stored is None and spec.name == "evidence":
        same = session.scalar(select(EvidenceItem.id).where(EvidenceItem.sha256 == values["sha256"]))
        if same is not None:  # the same bytes were added here independently: one item, the local one
            evidence_ids[values["id"]] = same
            refs.add(spec.name, same)
            return "unchanged"
    if stored is None:
        writer.insert(spec, values, change="sync", keep_bookkeeping=True)
        writer.versions[-1]["reason"] = provenance
        refs.add(spec.name, values["id"])
        if spec.name == "evidence":
            writer.flush()
            custody(session, writer, values["id"], "sync-import",
                    {"sha256": values["sha256"], "bundle": bundle_id, "from": sender})
        return "imported"
    current = dict(stored._mapping)
    local = {hashlib.sha256(d.encode()).hexdigest(): v for v, d in session.execute(
        select(RecordVersion.version, RecordVersion.data).where(RecordVersion.kind == spec.name,
                                                                RecordVersion.record_id == values["id"]))}
    latest_local = next((h for h, v in local.items() if v == current["version"]), None)
    if not history or history[-1] in local:
        return "unchanged"  # the same, or an older state of what is here
    if latest_local in history:  # the other side built on what is here: take its newer version
        writer.change(spec, current, {k: v for k, v in values.items() if k != "id"}, change="sync",
                      reason=provenance, version=values["version"])
        return "imported"
    if all(jsonable(current.get(k)) == jsonable(v) for k, v in values.items() if k not in BOOKKEEPING):
        return "unchanged"  # both sides wrote the same content while apart: nothing to review
    incoming = canonical_json({k: jsonable(v) for k, v in values.items()})
    already = session.scalar(select(func.count()).select_from(SyncConflict).where(
        SyncConflict.record_id == values["id"], SyncConflict.incoming == incoming))
    if not already:
        session.add(SyncConflict(kind=spec.name, record_id=values["id"], local_version=current["version"],
                                 incoming_version=values["version"], incoming=incoming, sender=sender,
                                 bundle_id=bundle_id, created_at=datetime.now(UTC)))
        writer.chain.append(actor=writer.actor, action="sync-conflict", kind=spec.name, record_id=values["id"],
                            details={"local_version": current["version"], "incoming_version": values["version"],
                                     "bundle": bundle_id, "from": sender, "incoming_snapshot": history[-1]})
    return "conflicts"

