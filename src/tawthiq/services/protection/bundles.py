"""Sealed bundles: offline sync between instances, carried on any medium.

A bundle is one file: a short clear header (sender, recipient, the stream key sealed to the recipient's
key), then an encrypted stream (crypto/stream.py) of a zip archive. The archive holds ``manifest.json``
(every member's SHA-256 and size), its Ed25519 signature by the sender, the changed records with the hashes
of their history, the sender's audit entries, and the evidence files. Import checks everything (recipient,
trusted sender, stream, archive layout and sizes, signature, every hash) before it writes anything, then
writes in one transaction. Edits made on both sides while apart are both kept: the record keeps the local
version, the other one waits in ``sync_conflicts`` for review.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import nacl.utils
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64, unb64
from tawthiq.crypto.stream import Encryptor, StreamDamaged, decrypt_stream
from tawthiq.db.base import Base
from tawthiq.db.models import AuditEntry, AuditHead, EvidenceItem, RecordVersion
from tawthiq.db.protection import BundleImport, SyncConflict, TrustedInstance
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import entry_hash
from tawthiq.services.evidence.store import custody
from tawthiq.services.protection.instance import fingerprint, instance_key
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import BOOKKEEPING, KINDS, KindSpec
from tawthiq.services.records.store import References, Writer, jsonable
from tawthiq.services.records.validation import check_columns
from tawthiq.services.workspace import Workspace

MAGIC = b"TAWTHIQ-BUNDLE-1\n"
MAX_HEADER = 4096
MAX_MEMBERS = 1_000_000
MAX_RATIO = 200  # a compressed member may expand this much at most: more is an archive bomb
_MEMBER = re.compile(r"^(manifest\.json|manifest\.sig|records\.jsonl|audit\.jsonl|evidence/[0-9a-f]{64})$")
HASH_CHUNK = 1 << 20


def _refused(reason: str, reason_ar: str) -> InvalidInput:
    return InvalidInput.single("bundle", f"{reason}; nothing was imported", f"{reason_ar}؛ لم يُستورد شيء")


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
    if since < 0:
        raise InvalidInput.single("since", "is an audit entry number (0 for everything)", "رقم قيد في سجل التدقيق")
    try:
        recipient_key = signing.parse_public_key(recipient)
    except ValueError:
        raise InvalidInput.single("to", "is not an instance public key (`tawthiq instance key` on the recipient)",
                                  "ليس مفتاحاً عاماً لنسخة") from None
    key = instance_key(ws)
    bundle_id = uuid.uuid4().hex
    stream_key = nacl.utils.random(32)
    header = {"format": "tawthiq-bundle", "version": 1, "sender": signing.public_key_text(key), "recipient": recipient.strip(),
              "sealed_key": b64(signing.seal_to(recipient_key, stream_key))}
    tmp = out.with_name(out.name + ".partial")
    counts = {"records": 0, "evidence_files": 0, "audit_entries": 0}
    try:
        with ws.reading() as session, tmp.open("wb") as handle:
            mark = session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0
            handle.write(MAGIC + json.dumps(header).encode() + b"\n")
            with Encryptor(handle, stream_key) as encrypted, zipfile.ZipFile(cast(IO[bytes], encrypted), "w") as archive:
                files: dict[str, dict[str, Any]] = {}
                records = _write_member(archive, "records.jsonl", _record_lines(session, since, mark, counts), files)
                audit = session.execute(select(AuditEntry).where(AuditEntry.seq > since, AuditEntry.seq <= mark)
                                        .order_by(AuditEntry.seq).execution_options(yield_per=5000)).scalars()
                _write_member(archive, "audit.jsonl", (canonical_json(_entry(a)) + "\n" for a in audit), files)
                counts["audit_entries"] = mark - since if mark > since else 0
                for sha256 in records.get("evidence", []):
                    with ws.blobs.open(sha256) as blob:
                        _write_blob(archive, f"evidence/{sha256}", blob, files)
                    counts["evidence_files"] += 1
                manifest = canonical_json({"format": "tawthiq-bundle", "version": 1, "bundle_id": bundle_id,
                                           "sender": header["sender"], "recipient": header["recipient"], "since": since,
                                           "mark": mark, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                           "created_by": ws.user, "files": files}).encode()
                archive.writestr("manifest.json", manifest, zipfile.ZIP_DEFLATED)
                archive.writestr("manifest.sig", signing.sign(key, manifest), zipfile.ZIP_STORED)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"file": str(out), "bundle_id": bundle_id, "since": since, "mark": mark, **counts}


def _entry(a: AuditEntry) -> dict[str, Any]:
    return {"seq": a.seq, "at": a.at, "actor": a.actor, "action": a.action, "kind": a.kind, "record_id": a.record_id,
            "details": a.details, "prev_hash": a.prev_hash, "hash": a.hash}


def _record_lines(session: Session, since: int, mark: int, counts: dict[str, int]) -> Iterator[str]:
    changed = _changed(session, since)
    for spec in KINDS.values():
        ids = changed.get(spec.name)
        if not ids:
            continue
        table = Base.metadata.tables[spec.table]
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            rows.extend({k: jsonable(v) for k, v in r._mapping.items()} for r in session.execute(select(table).where(table.c.id.in_(part))))
        if not rows:
            continue
        history: dict[str, list[str]] = {}
        settled: dict[str, list[str]] = {}
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            for record_id, data in session.execute(select(RecordVersion.record_id, RecordVersion.data).where(
                    RecordVersion.kind == spec.name, RecordVersion.record_id.in_(part)).order_by(RecordVersion.version)):
                history.setdefault(record_id, []).append(hashlib.sha256(data.encode()).hexdigest())
            for record_id, details in session.execute(select(AuditEntry.record_id, AuditEntry.details).where(
                    AuditEntry.action == "conflict-resolve", AuditEntry.kind == spec.name, AuditEntry.record_id.in_(part))):
                if record_id and details.get("incoming_snapshot"):
                    settled.setdefault(record_id, []).append(details["incoming_snapshot"])
        for row in _ordered(spec, rows):
            counts["records"] += 1
            yield canonical_json({"kind": spec.name, "record": row,
                                  "history": _with_settled(history.get(row["id"], []), settled.get(row["id"], []))}) + "\n"


def _with_settled(history: list[str], settled: list[str]) -> list[str]:
    """The hashes of a record's versions, with the other side's versions that a resolved conflict settled: the other
    instance then sees that the resolution builds on its version and takes it. The last hash stays this side's latest."""
    if not settled or not history:
        return history
    return history[:-1] + settled + history[-1:]


def _write_member(archive: zipfile.ZipFile, name: str, lines: Iterator[str], files: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    digest, size = hashlib.sha256(), 0
    evidence: list[str] = []
    with archive.open(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), "w", force_zip64=True) as member:
        for line in lines:
            data = line.encode("utf-8")
            digest.update(data)
            size += len(data)
            member.write(data)
            if name == "records.jsonl" and line.startswith('{"history"') and '"kind":"evidence"' in line:
                evidence.append(json.loads(line)["record"]["sha256"])
    files[name] = {"sha256": digest.hexdigest(), "size": size}
    return {"evidence": evidence}


def _write_blob(archive: zipfile.ZipFile, name: str, blob: IO[bytes], files: dict[str, dict[str, Any]]) -> None:
    digest, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED  # photos and videos do not compress; storing them is faster
    with archive.open(info, "w", force_zip64=True) as member:
        while chunk := blob.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            member.write(chunk)
    files[name] = {"sha256": digest.hexdigest(), "size": size}


# --- import -----------------------------------------------------------------------------------------------


def _read_header(handle: IO[bytes]) -> dict[str, Any]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise _refused("this file is not a Tawthiq bundle", "الملف ليس حزمة توثيق")
    line = handle.readline(MAX_HEADER)
    try:
        header: dict[str, Any] = json.loads(line)
        for field in ("sender", "recipient", "sealed_key"):
            if not isinstance(header.get(field), str):
                raise ValueError(field)
    except (json.JSONDecodeError, ValueError):
        raise _refused("the bundle's header is damaged", "ترويسة الحزمة تالفة") from None
    return header


def _check_archive(archive: zipfile.ZipFile, plain_size: int) -> None:
    """Refuse names that could escape (zip slip), links, duplicates, and sizes out of proportion (bombs)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refused("the bundle has too many files", "الحزمة فيها ملفات كثيرة جداً")
    seen: set[str] = set()
    total = 0
    for info in members:
        if not _MEMBER.match(info.filename) or info.filename in seen or info.is_dir():
            raise _refused(f"the bundle holds an unexpected file name ({info.filename[:80]!r})", "الحزمة تحوي اسم ملف غير متوقع")
        seen.add(info.filename)
        if info.external_attr >> 16 & 0o170000 not in (0, 0o100000):  # only plain files: no links or devices
            raise _refused("the bundle holds something that is not a plain file", "الحزمة تحوي ما ليس ملفاً عادياً")
        if info.compress_type != zipfile.ZIP_STORED and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refused("the bundle expands far beyond its size (an archive bomb)", "الحزمة تتمدد أكثر بكثير من حجمها")
        total += info.file_size
    if total > MAX_RATIO * max(plain_size, 1):
        raise _refused("the bundle expands far beyond its size (an archive bomb)", "الحزمة تتمدد أكثر بكثير من حجمها")


def _member_digest(archive: zipfile.ZipFile, name: str, limit: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(name) as member:
        while chunk := member.read(HASH_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _refused(f"{name} is larger than its manifest says", "ملف أكبر مما يذكره البيان")
            digest.update(chunk)
    return digest.hexdigest(), size


def open_bundle(ws: Workspace, path: Path, scratch: Path) -> tuple[zipfile.ZipFile, dict[str, Any], str]:
    """Decrypt and check a bundle without writing to the data directory: the archive, its manifest and the
    trusted sender's name. Raises InvalidInput naming the first thing wrong."""
    key = instance_key(ws)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _refused(f"{path.name} cannot be read ({exc.strerror})", "لا يمكن قراءة الملف") from None
    with handle:
        header = _read_header(handle)
        if header["recipient"] != signing.public_key_text(key):
            raise _refused("the bundle was made for another instance", "الحزمة مرسلة إلى نسخة أخرى")
        with ws.reading() as session:
            trusted = session.get(TrustedInstance, header["sender"])
        if trusted is None:
            raise _refused(f"the sending instance ({fingerprint(header['sender'])}) is not trusted: compare its key in person, "
                           "then `tawthiq instance trust`", "النسخة المرسلة غير موثوقة")
        try:
            stream_key = signing.open_sealed(key, unb64(header["sealed_key"]))
        except (signing.NotForUs, ValueError):
            raise _refused("the bundle's key does not open with this instance's key", "مفتاح الحزمة لا يُفتح") from None
        plain = scratch / "bundle.zip"
        size = path.stat().st_size
        try:
            with plain.open("wb") as out:
                decrypt_stream(handle, out, stream_key, limit=size)
        except StreamDamaged:
            raise _refused("the bundle is damaged, altered or cut short", "الحزمة تالفة أو معدلة أو ناقصة") from None
    try:
        archive = zipfile.ZipFile(plain)
    except zipfile.BadZipFile:
        raise _refused("the bundle's archive is damaged", "أرشيف الحزمة تالف") from None
    _check_archive(archive, plain.stat().st_size)
    try:
        manifest_bytes = archive.read("manifest.json")
        signing.verify(signing.parse_public_key(header["sender"]), manifest_bytes, archive.read("manifest.sig"))
        manifest: dict[str, Any] = json.loads(manifest_bytes)
    except (KeyError, ValueError, signing.BadSignature):
        archive.close()
        raise _refused("the bundle's signature does not match (altered, or not from the instance it names)",
                       "توقيع الحزمة غير مطابق") from None
    if manifest.get("sender") != header["sender"] or manifest.get("recipient") != header["recipient"]:
        archive.close()
        raise _refused("the bundle's manifest names other instances than its header", "البيان لا يطابق الترويسة")
    files: dict[str, dict[str, Any]] = manifest.get("files", {})
    present = {i.filename for i in archive.infolist()} - {"manifest.json", "manifest.sig"}
    if present != set(files):
        archive.close()
        raise _refused("the bundle's files differ from its manifest", "ملفات الحزمة تختلف عن بيانها")
    for name, expected in files.items():
        if _member_digest(archive, name, int(expected["size"])) != (expected["sha256"], expected["size"]):
            archive.close()
            raise _refused(f"{name} does not match its hash in the manifest", "ملف لا يطابق بصمته")
        if name.startswith("evidence/") and name.removeprefix("evidence/") != expected["sha256"]:
            archive.close()
            raise _refused(f"{name} is not named by its hash", "ملف دليل لا يحمل اسم بصمته")
    return archive, manifest, trusted.name


def import_bundle(ws: Workspace, account: Principal, *, path: Path) -> dict[str, Any]:
    """Check a bundle whole, then import it in one transaction as ``account``; a bundle already imported changes
    nothing.

    Returns counts: imported, unchanged and conflicts (records changed on both sides; both versions kept).
    Raises Forbidden unless the role exchanges bundles; InvalidInput with a clear reason for a bundle that is not
    trusted, altered, cut short or unsafe.
    """
    ensure(account, Action.SYNC)
    ws = acting(ws, account)
    with tempfile.TemporaryDirectory(prefix="tawthiq-bundle-") as scratch:
        archive, manifest, sender_name = open_bundle(ws, path, Path(scratch))
        with archive:
            bundle_id = str(manifest["bundle_id"])
            with ws.reading() as session:
                if session.get(BundleImport, bundle_id) is not None:
                    return {"bundle_id": bundle_id, "already_imported": True, "imported": 0, "unchanged": 0, "conflicts": 0}
            _check_audit_segment(archive)
            for name in manifest["files"]:
                if name.startswith("evidence/"):
                    with archive.open(name) as blob:
                        stored = ws.blobs.put(cast(BinaryIO, blob))  # content-addressed: a file already here is kept as it is
                    if stored.sha256 != name.removeprefix("evidence/"):
                        raise _refused(f"{name} changed while it was stored", "تغير ملف أثناء تخزينه")
            return _import_records(ws, archive, manifest, sender_name)


def _check_audit_segment(archive: zipfile.ZipFile) -> None:
    previous: str | None = None
    with archive.open("audit.jsonl") as handle:
        for line in handle:
            entry = json.loads(line)
            if entry_hash(entry) != entry["hash"] or (previous is not None and entry["prev_hash"] != previous):
                raise _refused(f"the sender's audit entry {entry.get('seq')} does not hold", "قيد تدقيق المرسل غير سليم")
            previous = entry["hash"]


def _import_records(ws: Workspace, archive: zipfile.ZipFile, manifest: dict[str, Any], sender_name: str) -> dict[str, Any]:
    counts = {"imported": 0, "unchanged": 0, "conflicts": 0}
    bundle_id, sender = str(manifest["bundle_id"]), str(manifest["sender"])
    provenance = f"bundle {bundle_id[:12]} from {sender_name} ({fingerprint(sender)})"
    with ws.transaction() as session:
        writer = Writer(session, ws.user)
        refs = References(session, include_deleted=True)
        evidence_ids: dict[str, str] = {}  # incoming evidence id -> the local item with the same bytes
        with archive.open("records.jsonl") as handle, session.no_autoflush:
            for batch in _batches(handle):
                stored = _stored_ids(session, batch)  # one query per kind and batch, not one per record
                for number, spec, item in batch:
                    raw = {k: (evidence_ids.get(v, v) if k == "evidence_id" or (spec.name == "evidence" and k == "parent_id")
                               else v) for k, v in item["record"].items()}
                    outcome = _import_one(session, writer, refs, spec, raw, item.get("history", []), evidence_ids,
                                          number, sender, bundle_id, provenance, exists=raw.get("id") in stored)
                    counts[outcome] += 1
                writer.flush()
        session.add(BundleImport(bundle_id=bundle_id, sender=sender, imported_at=datetime.now(UTC), imported_by=ws.user,
                                 counts=counts))
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
            raise _refused(f"record {number} is of an unknown kind", "سجل من نوع غير معروف")
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


def _import_one(session: Session, writer: Writer, refs: References, spec: KindSpec, raw: dict[str, Any], history: list[str],
                evidence_ids: dict[str, str], number: int, sender: str, bundle_id: str, provenance: str, *,
                exists: bool) -> str:
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
            custody(session, writer, values["id"], "sync-import", {"sha256": values["sha256"], "bundle": bundle_id, "from": sender})
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
                                 incoming_version=values["version"], incoming=incoming, sender=sender, bundle_id=bundle_id,
                                 created_at=datetime.now(UTC)))
        writer.chain.append(actor=writer.actor, action="sync-conflict", kind=spec.name, record_id=values["id"],
                            details={"local_version": current["version"], "incoming_version": values["version"],
                                     "bundle": bundle_id, "from": sender, "incoming_snapshot": history[-1]})
    return "conflicts"

