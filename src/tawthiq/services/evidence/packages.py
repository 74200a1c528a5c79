"""Evidence packages for accountability mechanisms: BagIt bags (RFC 8493) that verify without any database.

A bag holds the original files of the events' evidence, a JSON and a plain-text description of the events
and their acts, each item's chain of custody, the audit entries about these records, and an Ed25519
signature by this instance over the tag manifest, which covers bag-info.txt and the payload manifest. Protected
identities are left out unless an authorised user asks for them; that choice, and the package itself, are
recorded in the audit log. Verifying is BagIt first (``tawthiq.bagit``: any tool's bags), the signature second.
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

from tawthiq.bagit import BagCheck, Finding, validate_bag
from tawthiq.bagit.report import PROBLEM, WARNING
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
SIGNED = "tagmanifest-sha256.txt"  # what the signature covers since bag-info.txt is signed
LEGACY_SIGNED = "manifest-sha256.txt"  # what packages made before that signed: the payload only
# Signed before the tag manifest: a package signature can never pass for a bundle's or an older package's.
SIGNATURE_CONTEXT = b"tawthiq evidence package: tag manifest\n"
COVERED = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")  # the signed tag manifest must list these
READ_LIMIT = 512 << 20  # JSON files and the audit log of a package are parsed up to this size
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass
class PackageCheck:
    """What ``verify_package`` found: problems (not valid) and warnings, each in English and Arabic."""

    files_checked: int = 0
    signer: str = ""
    bagit_version: str = ""
    bagit_valid: bool = False  # the bag alone, whatever the signature
    signed: list[str] = field(default_factory=list)  # tag files the signature covers (directly or by their hash)
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f.describe() for f in self.findings if f.severity == PROBLEM]

    @property
    def warnings(self) -> list[str]:
        return [f.describe() for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, code: str, path: str, reason: str, reason_ar: str, line: int | None = None) -> None:
        self.findings.append(Finding(PROBLEM, code, path, reason, reason_ar, line))


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
    tag_manifest = "".join(f"{_sha256_file(root / t)}  {t}\n" for t in COVERED)
    (root / SIGNED).write_text(tag_manifest, encoding="utf-8")
    signature = signing.sign(key, SIGNATURE_CONTEXT + tag_manifest.encode("utf-8"))
    (root / SIGNATURE).write_text(f"ed25519 {signing.public_key_text(key)} {b64(signature)} {SIGNED}\n",
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


def verify_package(path: Path, *, expected_signer: str | None = None, bagit_only: bool = False) -> PackageCheck:
    """Check a package with no database: first as any BagIt bag (``tawthiq.bagit.validate_bag``: the declaration,
    every manifest and hash, fetch.txt, Payload-Oxum, no link or special file), then, unless ``bagit_only``, as a
    Tawthiq package: the signature over the tag manifest, that it covers every tag file, the signer, each audit
    entry's own hash and the JSON files. Never raises for what is in the package: whatever is found is a finding."""
    check = PackageCheck()
    try:
        bag = validate_bag(path)
        check.findings += bag.findings
        check.files_checked, check.bagit_version, check.bagit_valid = bag.files_checked, bag.version_text, bag.ok
        if not bagit_only and bag.root.is_dir():
            _check_signature(bag, expected_signer, check)
            _check_contents(bag, check)
    except Exception as exc:  # a verifier fails closed: an unforeseen package is reported as not valid, no traceback
        check.problem("unfinished", str(path), f"the check could not finish ({type(exc).__name__}): not shown valid",
                      "تعذّر إتمام الفحص: لا تُعدّ الحزمة سليمة")
    return check


def _check_signature(bag: BagCheck, expected_signer: str | None, check: PackageCheck) -> None:
    if SIGNATURE not in bag.tree.files:
        check.problem("no-signature", SIGNATURE, "missing: not a Tawthiq package, or its signature was removed "
                      "(check a bag made by another tool with --bagit-only)", "مفقود: ليست حزمة توثيق أو أُزيل توقيعها")
        return
    raw = bag.read(SIGNATURE, 4096) or b""
    parts = raw.decode("ascii", errors="replace").split()
    if len(parts) == 4 and parts[0] == "ed25519" and parts[3] == SIGNED:
        signed_name, context = SIGNED, SIGNATURE_CONTEXT
    elif len(parts) == 3 and parts[0] == "ed25519":
        signed_name, context = LEGACY_SIGNED, b""
    else:
        check.problem("signature", SIGNATURE, "malformed", "بصيغة غير صحيحة")
        return
    signed = bag.read(signed_name, 256 << 20)
    if signed is None:
        check.problem("signature", signed_name, "missing: the signature covers nothing", "مفقود: التوقيع لا يغطي شيئاً")
        return
    try:
        signing.verify(signing.parse_public_key(parts[1]), context + signed, unb64(parts[2]))
    except (ValueError, signing.BadSignature):
        check.problem("signature", SIGNATURE, f"does not match {signed_name} (the package was altered or re-signed)",
                      "لا يطابق: عُدّلت الحزمة أو أُعيد توقيعها")
        return
    check.signer = parts[1]
    if expected_signer and expected_signer.strip() != parts[1]:
        check.problem("signer", SIGNATURE, "made by another key than the one expected", "موقّع بمفتاح غير المتوقع")
    stated = [value for label, value in bag.info if label.lower() == "tawthiq-signer-key"]
    if stated and stated[-1].strip() != parts[1]:
        check.problem("signer", "bag-info.txt", "Tawthiq-Signer-Key is not the key that signed",
                      "Tawthiq-Signer-Key ليس المفتاح الموقِّع")
    listed = set(bag.manifests.get(SIGNED, {}))
    if signed_name == SIGNED:
        check.signed = [SIGNED, *sorted(listed)]
        for name in COVERED:
            if name not in listed:
                check.problem("unsigned", name, f"not listed in {SIGNED}, so not covered by the signature",
                              "غير مذكور في بيان الوسوم الموقَّع: لا يغطيه التوقيع")
    else:
        check.signed = [LEGACY_SIGNED]
        check.findings.append(Finding(
            WARNING, "legacy-signature", SIGNATURE, "made before Tawthiq signed the tag manifest: the signature covers "
            "manifest-sha256.txt, and so the payload, but not bag-info.txt (Source-Organization, Tawthiq-Signer-Key)",
            "صُنعت قبل توقيع بيان الوسوم: التوقيع يغطي الحمولة دون bag-info.txt"))
    covered = {SIGNATURE, *check.signed}
    for name in sorted(p for p in bag.tree.files if not p.startswith("data/")):
        if signed_name == SIGNED and name not in covered and not name.startswith(("manifest-", "tagmanifest-")):
            check.problem("unsigned", name, "a tag file the signature does not cover (added after the package was "
                          "made)", "ملف وسوم لا يغطيه التوقيع (أضيف بعد صنع الحزمة)")


def _check_contents(bag: BagCheck, check: PackageCheck) -> None:
    """The JSON a package holds parses, and each audit entry matches its own hash."""
    for name in ("data/description.json", "data/custody.json", "data/audit.jsonl"):
        size = bag.tree.files.get(name)
        if size is None:
            continue
        if size > READ_LIMIT:
            check.findings.append(Finding(WARNING, "not-parsed", name, f"over {READ_LIMIT >> 20} MiB: its hash was "
                                          "checked, its JSON was not read", "كبير جداً: فُحصت بصمته ولم يُقرأ"))
            continue
        data = bag.read(name, READ_LIMIT)
        if data is None:
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            check.problem("json", name, "not UTF-8 text (damaged)", "ليس نصاً بترميز UTF-8 (تالف)")
            continue
        if name.endswith(".jsonl"):
            _check_audit(name, text, check)
        elif _json(text) is _BAD:
            check.problem("json", name, "not valid JSON (damaged)", "ليس JSON صالحاً (تالف)")


_BAD = object()


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: a deeply nested document
        return _BAD


def _check_audit(name: str, text: str, check: PackageCheck) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        entry = _json(line)
        if not isinstance(entry, dict):
            check.problem("audit", name, "not a JSON object (damaged)", "ليس كائن JSON (تالف)", number)
            continue
        try:
            matches = entry_hash(entry) == entry.get("hash")
        except (KeyError, TypeError, ValueError, RecursionError):
            check.problem("audit", name, "not an audit entry (fields missing or odd)", "ليس قيداً من سجل التدقيق",
                          number)
            continue
        if not matches:
            seq = entry.get("seq") if isinstance(entry.get("seq"), int) else "?"
            check.problem("audit", name, f"audit entry {seq}: its content does not match its hash",
                          "محتوى القيد لا يطابق بصمته", number)
