"""Evidence packages for accountability mechanisms: BagIt bags (RFC 8493) that verify without any database.

A bag holds the original files of the events' evidence, a JSON and a plain-text description of the events
and their acts, each item's chain of custody, the audit entries about these records, and an Ed25519
signature over the payload manifest by this instance. Protected identities are left out unless an
authorised user asks for them; that choice, and the package itself, are recorded in the audit log.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tawthiq.blobs import hash_stream
from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64, unb64
from tawthiq.db.models import (
    Act,
    AuditEntry,
    CustodyEntry,
    Event,
    EvidenceItem,
    EvidenceLink,
    Information,
    Involvement,
    Report,
    Victim,
)
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.services.audit import AuditChain, entry_hash
from tawthiq.services.protection import keys as protection
from tawthiq.services.protection.instance import instance_key
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.records.store import find_id, row_dict
from tawthiq.services.workspace import Workspace

BAGIT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
SIGNATURE = "tawthiq-signature.txt"
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass
class PackageCheck:
    files_checked: int = 0
    signer: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hash_stream(handle)[0]


def _collect(session: Session, event_ids: list[str], allowed: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The records that make up the events' case, by kind and id: those of an effective level in ``allowed``."""
    out: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in KINDS}

    def add(kind: str, *conditions: Any, live: bool = True) -> None:
        model = KINDS[kind].model
        alive = [model.deleted_at.is_(None)] if live else []
        for row in session.scalars(select(model).where(*alive, readable_clause(kind, allowed), *conditions)):
            out[kind][row.id] = row_dict(KINDS[kind], row)

    add("event", Event.id.in_(event_ids))
    add("act", Act.event_id.in_(event_ids))
    acts = list(out["act"])
    add("involvement", Involvement.act_id.in_(acts))
    add("victim", Victim.act_id.in_(acts))
    add("information", or_(Information.event_id.in_(event_ids), Information.act_id.in_(acts)))
    reports = [r["report_id"] for r in out["information"].values() if r["report_id"]]
    add("report", Report.id.in_(reports))
    add("evidence_link", or_(EvidenceLink.event_id.in_(event_ids), EvidenceLink.act_id.in_(acts),
                             EvidenceLink.report_id.in_(reports)))
    evidence = {r["evidence_id"] for r in out["evidence_link"].values()} | {
        r["evidence_id"] for r in out["report"].values() if r["evidence_id"]}
    add("evidence", EvidenceItem.id.in_(evidence))
    for kind, column, target in (("involvement", "actor_id", "actor"), ("involvement", "person_id", "person"),
                                 ("victim", "person_id", "person"), ("information", "source_id", "source"),
                                 ("report", "source_id", "source"), ("event", "place_id", "place")):
        wanted = {r[column] for r in out[kind].values() if r.get(column)}
        add(target, KINDS[target].model.id.in_(wanted), live=False)
    return out


def create_package(ws: Workspace, account: Principal, *, events: list[str], out: Path,
                   include_protected: bool = False) -> dict[str, Any]:
    """Write a signed BagIt package of ``events`` (ids or prefixes) to the new directory ``out``, as ``account``.

    Only records within the account's clearance go in. Raises InvalidInput (no events, ``out`` exists), NotFound,
    Forbidden (packages, or protected identities, without the right), or KeyLocked when protected identities are
    asked for without the key. Nothing is left at ``out`` on failure.
    """
    ensure(account, Action.PACKAGE)
    if include_protected:
        ensure(account, Action.REVEAL)
    if not events:
        raise InvalidInput.single("events", "name at least one event", "اذكر حدثاً واحداً على الأقل")
    if out.exists():
        raise InvalidInput.single("out", f"{out} exists already: packages are never overwritten", "المسار موجود مسبقاً")
    private = protection.unlock(ws) if include_protected else None
    allowed = readable_levels(account)
    with ws.reading() as session:
        event_ids = sorted({find_id(session, "event", e, allowed=allowed) for e in events})
        case = _collect(session, event_ids, allowed)
        ids = {i for rows in case.values() for i in rows}
        evidence_ids = list(case["evidence"])
        custody = session.execute(select(CustodyEntry).where(CustodyEntry.evidence_id.in_(evidence_ids))
                                  .order_by(CustodyEntry.id)).scalars().all()
        custody_rows = [{"evidence_id": c.evidence_id, "action": c.action, "actor": c.actor, "at": c.at.isoformat(),
                         "details": c.details, "audit_seq": c.audit_seq} for c in custody]
        seqs = {c["audit_seq"] for c in custody_rows}
        audit = session.execute(select(AuditEntry).where(or_(AuditEntry.record_id.in_(ids), AuditEntry.seq.in_(seqs)))
                                .order_by(AuditEntry.seq)).scalars().all()
        audit_rows = [{"seq": a.seq, "at": a.at, "actor": a.actor, "action": a.action, "kind": a.kind,
                       "record_id": a.record_id,
                       "details": a.details, "prev_hash": a.prev_hash, "hash": a.hash} for a in audit]
    revealed = 0
    for kind, rows in case.items():
        spec = KINDS[kind]
        for ident, record in rows.items():
            if spec.protected:
                if private is not None:
                    rows[ident] = protection.reveal_values(private, spec, record)
                    revealed += any(record.get(k) for k in spec.protected)
                else:
                    record.update({k: None for k in spec.protected})
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        files = _write_bag(ws, tmp, case, custody_rows, audit_rows, include_protected)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    with ws.transaction() as session:
        chain = AuditChain(session)
        chain.append(actor=account.username, action="package",
                     details={"events": event_ids, "files": files, "path": out.name,
                              "include_protected": include_protected, "revealed": revealed})
        chain.flush()
    return {"path": str(out), "events": len(event_ids), "files": files, "records": len(ids),
            "include_protected": include_protected}


def _write_bag(ws: Workspace, root: Path, case: dict[str, dict[str, dict[str, Any]]], custody: list[dict[str, Any]],
               audit: list[dict[str, Any]], include_protected: bool) -> int:
    data = root / "data"
    (data / "evidence").mkdir(parents=True)
    payload: list[tuple[str, str]] = []  # (sha256, path relative to the bag)
    names: dict[str, str] = {}
    for item in sorted(case["evidence"].values(), key=lambda r: r["sha256"]):
        safe = _UNSAFE.sub("_", Path(item["original_name"]).name).strip(". ") or "file"
        relative = f"data/evidence/{item['sha256'][:16]}-{safe}"
        with ws.blobs.open(item["sha256"]) as source, (root / relative).open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        if _sha256_file(root / relative) != item["sha256"]:
            raise InvalidInput.single("evidence",
                                      f"stored file {item['sha256']} does not match its hash: run `tawthiq verify`",
                                      "الملف المخزن لا يطابق بصمته")
        names[item["id"]] = relative
        payload.append((item["sha256"], relative))
    description = {
        "format": "tawthiq-package", "version": 1, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "created_by": ws.user, "include_protected": include_protected,
        "records": {KINDS[k].plural: sorted(rows.values(), key=lambda r: r["id"]) for k, rows in case.items() if rows},
        "evidence_files": names,
    }
    for relative, text in (("data/description.json",
                            json.dumps(description, ensure_ascii=False, indent=1, sort_keys=True)),
                           ("data/description.txt", _human(case, names)),
                           ("data/custody.json", json.dumps(custody, ensure_ascii=False, indent=1, sort_keys=True)),
                           ("data/audit.jsonl", "".join(canonical_json(a) + "\n" for a in audit))):
        (root / relative).write_text(text, encoding="utf-8")
        payload.append((_sha256_file(root / relative), relative))
    payload.sort(key=lambda p: p[1])
    manifest = "".join(f"{digest}  {relative}\n" for digest, relative in payload)
    (root / "manifest-sha256.txt").write_text(manifest, encoding="utf-8")
    octets = sum((root / r).stat().st_size for _d, r in payload)
    (root / "bagit.txt").write_text(BAGIT, encoding="utf-8")
    key = instance_key(ws)
    (root / "bag-info.txt").write_text(
        f"Source-Organization: Tawthiq\nBagging-Date: {datetime.now(UTC).date().isoformat()}\n"
        f"Payload-Oxum: {octets}.{len(payload)}\n"
        f"External-Description: evidence package of {len(case['event'])} event(s)\n"
        f"Tawthiq-Signer-Key: {signing.public_key_text(key)}\n", encoding="utf-8")
    signature = signing.sign(key, manifest.encode("utf-8"))
    (root / SIGNATURE).write_text(f"ed25519 {signing.public_key_text(key)} {b64(signature)}\n", encoding="utf-8")
    tags = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", SIGNATURE]
    (root / "tagmanifest-sha256.txt").write_text("".join(f"{_sha256_file(root / t)}  {t}\n" for t in tags),
                                                 encoding="utf-8")
    return len(payload)


def _human(case: dict[str, dict[str, dict[str, Any]]], names: dict[str, str]) -> str:
    lines = ["Evidence package (Tawthiq)", "=" * 26, ""]
    for event in sorted(case["event"].values(), key=lambda r: (r["start_date"] or "", r["id"])):
        when = event["start_date"] or "date unknown"
        if event["end_date"] and event["end_date"] != event["start_date"]:
            when += f" to {event['end_date']}"
        lines += [f"Event {event['id']}: {event['title']}", f"  When: {when} (precision: {event['date_precision']})",
                  f"  Where: {event['place_text'] or '-'}", f"  Status: {event['status']}", ""]
        for act in sorted((a for a in case["act"].values() if a["event_id"] == event["id"]), key=lambda a: a["id"]):
            counts = ", ".join(f"{k} {act[k]}" for k in ("killed", "injured", "detained", "displaced")
                               if act[k] is not None)
            lines.append(f"  Act {act['id']}: {act['type_id']}"
                         + (f" by {act['method_id']}" if act["method_id"] else "")
                         + (f" ({counts})" if counts else ""))
            for inv in (i for i in case["involvement"].values() if i["act_id"] == act["id"]):
                who = (case["actor"].get(inv["actor_id"] or "", {}).get("name")
                       or case["person"].get(inv["person_id"] or "", {}).get("name"))
                lines.append(f"    Involved: {who} ({inv['degree_id']})")
        for info in (i for i in case["information"].values() if i["event_id"] == event["id"]):
            source = case["source"].get(info["source_id"] or "", {}).get("pseudonym", "-")
            report = case["report"].get(info["report_id"] or "", {}).get("title", "-")
            lines.append(f"  Information: {info['relation']}; source {source}; report {report}")
        lines.append("")
    lines.append("Files")
    for item in sorted(case["evidence"].values(), key=lambda r: r["sha256"]):
        lines.append(f"  {names[item['id']]}  sha256 {item['sha256']}  {item['media_type']}  {item['size']} bytes")
    lines += ["", "Check with: tawthiq package verify PATH (or any BagIt validator), and compare the signer key",
              "in bag-info.txt with the one the sending organisation gave you in person."]
    return "\n".join(lines) + "\n"


def _read_manifest(path: Path, check: PackageCheck) -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _sep, relative = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not relative:
            check.problems.append(f"{path.name} line {number}: malformed")
            continue
        entries[relative] = digest
    return entries


def verify_package(path: Path, *, expected_signer: str | None = None) -> PackageCheck:
    """Check a package with no database: the tag manifest, every payload file's hash, that no file was added
    or removed, the Payload-Oxum, the audit entries' own hashes, and the signature over the manifest."""
    check = PackageCheck()
    root = path.resolve()
    for required in ("bagit.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", SIGNATURE):
        if not (root / required).is_file():
            check.problems.append(f"{required}: missing (not a Tawthiq package, or damaged)")
    if check.problems:
        return check
    for relative, digest in _read_manifest(root / "tagmanifest-sha256.txt", check).items():
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            check.problems.append(f"{relative}: listed in the tag manifest but missing")
        elif _sha256_file(target) != digest:
            check.problems.append(f"{relative}: altered (its hash does not match the tag manifest)")
    manifest = _read_manifest(root / "manifest-sha256.txt", check)
    octets = 0
    for relative, digest in manifest.items():
        target = (root / relative).resolve()
        if not relative.startswith("data/") or not target.is_relative_to(root / "data"):
            check.problems.append(f"{relative}: outside the payload")
            continue
        if not target.is_file():
            check.problems.append(f"{relative}: missing")
            continue
        check.files_checked += 1
        octets += target.stat().st_size
        if _sha256_file(target) != digest:
            check.problems.append(f"{relative}: altered (its hash does not match the manifest)")
    present = {p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file()}
    check.problems.extend(f"{extra}: not in the manifest (added)" for extra in sorted(present - set(manifest)))
    info = (root / "bag-info.txt").read_text(encoding="utf-8") if (root / "bag-info.txt").is_file() else ""
    oxum = re.search(r"^Payload-Oxum: (\d+)\.(\d+)$", info, re.MULTILINE)
    if oxum and (int(oxum.group(1)), int(oxum.group(2))) != (octets, len(present)):
        check.problems.append("bag-info.txt: Payload-Oxum does not match the payload")
    _check_audit(root / "data" / "audit.jsonl", check)
    _check_signature(root, expected_signer, check)
    return check


def _check_audit(path: Path, check: PackageCheck) -> None:
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry_hash(entry) != entry.get("hash"):
            check.problems.append(f"audit entry {entry.get('seq')}: its content does not match its hash")


def _check_signature(root: Path, expected_signer: str | None, check: PackageCheck) -> None:
    parts = (root / SIGNATURE).read_text(encoding="utf-8").split()
    if len(parts) != 3 or parts[0] != "ed25519":
        check.problems.append(f"{SIGNATURE}: malformed")
        return
    try:
        key = signing.parse_public_key(parts[1])
        signing.verify(key, (root / "manifest-sha256.txt").read_bytes(), unb64(parts[2]))
    except (ValueError, signing.BadSignature):
        check.problems.append("signature: does not match the manifest (the package was altered or re-signed)")
        return
    check.signer = parts[1]
    if expected_signer and expected_signer.strip() != parts[1]:
        check.problems.append("signature: made by another key than the one expected")

