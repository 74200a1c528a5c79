"""The organisation key: made once, unlocked by a passphrase or a key file, used to reveal protected fields.

Writes need only the public key (services/protection/sealing.py). Reading a protected value back needs the private key,
which is stored only wrapped; each reveal is an audit entry naming who, which record and why.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nacl.public import PrivateKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tawthiq.crypto import envelope
from tawthiq.crypto.envelope import WrappedKey, WrongKey, is_sealed
from tawthiq.db.base import Base
from tawthiq.db.models import AuditEntry, RecordVersion
from tawthiq.db.protection import OrganisationKey
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput, TawthiqError
from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.services.audit import AuditChain
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import KINDS, KindSpec
from tawthiq.services.records.store import hide_protected, load_row, spec_for
from tawthiq.services.workspace import Workspace

RESEAL_ACTION = "protect-history"
# Unwrapping with Argon2id costs a fifth of a second: keep what was unlocked for this process, keyed by the
# wrapped key and a hash of the secret, so a wrong or changed secret never reuses it.
_unlocked: dict[tuple[str, str], PrivateKey] = {}


class KeyLocked(TawthiqError):
    """The organisation key could not be unlocked: no secret given, or the wrong one."""

    def __init__(self, reason: str, reason_ar: str) -> None:
        super().__init__(reason)
        self.reason, self.reason_ar = reason, reason_ar

    def __str__(self) -> str:
        return f"organisation key: {self.reason} / مفتاح المنظمة: {self.reason_ar}"


def wrapped_key(session: Session) -> WrappedKey | None:
    row = session.get(OrganisationKey, 1)
    if row is None:
        return None
    return WrappedKey(row.method, row.public_key, row.wrapped, row.salt, row.opslimit, row.memlimit)


def _check_key_file_place(ws: Workspace, path: Path) -> None:
    data = ws.settings.data_dir.resolve()
    if path.resolve().is_relative_to(data):
        raise InvalidInput.single("key_file",
                                  "must be kept outside the data directory (a copy of it must not hold the key)",
                                  "يجب أن يكون خارج مجلد البيانات")


def read_key_file(path: Path) -> bytes:
    """The 32-byte key of a key file. Raises KeyLocked when it is missing or malformed."""
    try:
        raw = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (OSError, ValueError):
        raise KeyLocked(f"the key file {path} cannot be read", "لا يمكن قراءة ملف المفتاح") from None
    if len(raw) != 32:
        raise KeyLocked(f"{path} is not a Tawthiq key file", "الملف ليس ملف مفتاح") from None
    return raw


def _write_key_file(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(base64.b64encode(key).decode("ascii") + "\n")


def _settings_passphrase(ws: Workspace) -> str | None:
    secret = ws.settings.passphrase
    return secret.get_secret_value() if secret is not None and secret.get_secret_value() else None


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < envelope.MIN_PASSPHRASE:
        raise InvalidInput.single("passphrase", f"needs at least {envelope.MIN_PASSPHRASE} characters",
                                  f"تحتاج إلى {envelope.MIN_PASSPHRASE} حرفاً على الأقل")


def check_new_key(ws: Workspace, *, passphrase: str | None = None) -> None:
    """Raise InvalidInput for what would stop a new organisation key from being wrapped (a short passphrase, a key
    file inside the data directory), writing nothing: ``tawthiq init`` asks before it makes anything."""
    secret = passphrase or _settings_passphrase(ws)
    if secret:
        _check_passphrase(secret)
    else:
        _check_key_file_place(ws, ws.settings.resolved_key_file())


def _wrap(ws: Workspace, private: PrivateKey, passphrase: str | None) -> tuple[WrappedKey, dict[str, Any]]:
    """Wrap ``private`` by ``passphrase``, or (None) by the key file, made when missing. Raises InvalidInput."""
    if passphrase:
        _check_passphrase(passphrase)
        return envelope.wrap_with_passphrase(private, passphrase), {}
    path = ws.settings.resolved_key_file()
    _check_key_file_place(ws, path)
    made: dict[str, Any] = {}
    if not path.exists():
        _write_key_file(path, envelope.new_file_key())
        made["key_file_created"] = str(path)
    return envelope.wrap_with_file_key(private, read_key_file(path)), made


def key_method(ws: Workspace) -> str | None:
    """``passphrase`` or ``key-file``, or None before ``keys init``."""
    with ws.reading() as session:
        wrapped = wrapped_key(session)
    return wrapped.method if wrapped else None


def init_keys(ws: Workspace, account: Principal, *, passphrase: str | None = None) -> dict[str, Any]:
    """Make the organisation key if there is none, then seal every protected value still stored in plain text
    (records and their whole history), as ``account``. Safe to repeat.

    The key is wrapped by ``passphrase`` (or ``TAWTHIQ_PASSPHRASE``) when there is one, otherwise by the key
    file (``TAWTHIQ_KEY_FILE``, default ``DATA_DIR.key``), made when missing. Raises Forbidden unless the role may
    manage keys; InvalidInput for a short passphrase or a key file inside the data directory.
    """
    ensure(account, Action.MANAGE_KEYS, what="(make the organisation key)")
    return setup_keys(acting(ws, account), passphrase=passphrase)


def setup_keys(ws: Workspace, *, passphrase: str | None = None) -> dict[str, Any]:
    """:func:`init_keys` without an account: for ``tawthiq init``, which sets up a data directory before any
    account exists (and checks the account itself on one that has them)."""
    secret = passphrase or _settings_passphrase(ws)
    with ws.reading() as session:
        existing = wrapped_key(session)
    made: dict[str, Any] = {}
    if existing is None:
        wrapped, made = _wrap(ws, envelope.new_key_pair(), secret)
        with ws.transaction() as session:
            if session.get(OrganisationKey, 1) is None:
                session.add(OrganisationKey(id=1, method=wrapped.method, public_key=wrapped.public_key,
                                            wrapped=wrapped.wrapped,
                                            salt=wrapped.salt, opslimit=wrapped.opslimit, memlimit=wrapped.memlimit,
                                            created_at=datetime.now(UTC), created_by=ws.user))
                chain = AuditChain(session)
                chain.append(actor=ws.user, action="key-create", details={"method": wrapped.method,
                                                                          "public_key": wrapped.public_key})
                chain.flush()
        existing = wrapped
    sealed = seal_plaintext(ws)
    return {"method": existing.method, "public_key": existing.public_key, **made, **sealed}


def seal_plaintext(ws: Workspace) -> dict[str, int]:
    """Seal protected values stored in plain text (written before encryption existed), in the records and in
    every snapshot of their history, in one transaction.

    Snapshots are rewritten in place (the same ciphertext as the record, so the record still matches its
    last version); one audit entry lists each rewritten snapshot's new hash, which ``verify`` accepts in place
    of the hash the snapshot was first written with.
    """
    counts = {"sealed_records": 0, "sealed_versions": 0}
    with ws.transaction() as session:
        public_key = session.scalar(select(OrganisationKey.public_key).where(OrganisationKey.id == 1))
        if public_key is None:
            return counts
        rewritten: dict[str, str] = {}
        for spec in KINDS.values():
            if spec.protected:
                _seal_kind(session, spec, public_key, rewritten, counts)
        if rewritten:
            chain = AuditChain(session)
            chain.append(actor=ws.user, action=RESEAL_ACTION, details={"snapshots": rewritten})
            chain.flush()
    if counts["sealed_records"] or counts["sealed_versions"]:
        _scrub_free_pages(ws)
    return counts


def _scrub_free_pages(ws: Workspace) -> None:
    """Old plain-text pages linger in SQLite's free pages and write-ahead log: rewrite the file and empty the log.
    (PostgreSQL keeps dead rows until VACUUM FULL; docs/protection.md says to run it.)"""
    if ws.engine.dialect.name != "sqlite":
        return
    ws.engine.dispose()  # pooled connections must not hold read snapshots of the old pages
    connection = ws.engine.raw_connection()  # outside SQLAlchemy's BEGIN: VACUUM cannot run in a transaction
    try:
        cursor = connection.cursor()
        for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
            cursor.execute(statement)
        cursor.close()
    finally:
        connection.close()


def _seal_kind(session: Session, spec: KindSpec, public_key: str, rewritten: dict[str, str],
               counts: dict[str, int]) -> None:
    table = Base.metadata.tables[spec.table]
    columns = sorted(spec.protected)
    ciphertexts: dict[tuple[str, str], str] = {}  # (record, plaintext) -> one ciphertext for the row and its history

    def sealed(record_id: str, value: Any) -> Any:
        if not isinstance(value, str) or not value or is_sealed(value):
            return value
        return ciphertexts.setdefault((record_id, value), envelope.seal(public_key, value))

    for row in session.execute(select(table.c.id, *[table.c[c] for c in columns])).all():
        values = dict(row._mapping)
        changes = {c: sealed(values["id"], values[c]) for c in columns if sealed(values["id"], values[c]) != values[c]}
        if changes:
            session.execute(update(table).where(table.c.id == values["id"]).values(**changes))
            counts["sealed_records"] += 1
    versions = session.execute(select(RecordVersion).where(RecordVersion.kind == spec.name)).scalars()
    for version in versions:
        data = json.loads(version.data)
        new = {**data, **{c: sealed(version.record_id, data.get(c)) for c in columns if c in data}}
        if new != data:
            version.data = canonical_json(new)
            rewritten[f"{spec.name}/{version.record_id}/{version.version}"] = hashlib.sha256(
                version.data.encode()
            ).hexdigest()
            counts["sealed_versions"] += 1
    session.flush()


def resealed_snapshots(session: Session) -> dict[tuple[str, str, int], str]:
    """(kind, record id, version) -> hash of each snapshot rewritten by ``seal_plaintext``, from the audit log."""
    out: dict[tuple[str, str, int], str] = {}
    for details in session.scalars(select(AuditEntry.details).where(AuditEntry.action == RESEAL_ACTION)):
        for key, digest in (details or {}).get("snapshots", {}).items():
            kind, rest = key.split("/", 1)
            record_id, version = rest.rsplit("/", 1)
            out[(kind, record_id, int(version))] = digest
    return out


def unlock(ws: Workspace, *, passphrase: str | None = None) -> PrivateKey:
    """The organisation's private key, unwrapped by ``passphrase``, ``TAWTHIQ_PASSPHRASE`` or the key file.

    Raises KeyLocked when there is no key yet, no secret, or the wrong one.
    """
    with ws.reading() as session:
        wrapped = wrapped_key(session)
    if wrapped is None:
        raise KeyLocked("there is none yet: run `tawthiq keys init`", "لا يوجد بعد: شغّل tawthiq keys init")
    return open_wrapped(ws, wrapped, passphrase=passphrase)


def open_wrapped(ws: Workspace, wrapped: WrappedKey, *, passphrase: str | None = None) -> PrivateKey:
    """Unwrap ``wrapped`` (from the database or a backup's header) with the secret the settings give."""
    if wrapped.method == envelope.PASSPHRASE:
        secret = passphrase or _settings_passphrase(ws)
        if not secret:
            raise KeyLocked("locked: set TAWTHIQ_PASSPHRASE or give the passphrase", "مقفل: أدخل عبارة المرور")
        material = secret.encode("utf-8")
    else:
        material = read_key_file(ws.settings.resolved_key_file())
    cache_key = (wrapped.wrapped, hashlib.sha256(material).hexdigest())
    if cache_key in _unlocked:
        return _unlocked[cache_key]
    try:
        if wrapped.method == envelope.PASSPHRASE:
            private = envelope.unwrap(wrapped, passphrase=material.decode("utf-8"))
        else:
            private = envelope.unwrap(wrapped, file_key=material)
    except WrongKey:
        raise KeyLocked("the passphrase or key file does not open it", "عبارة المرور أو ملف المفتاح لا يفتحه") from None
    _unlocked[cache_key] = private
    return private


def rewrap(ws: Workspace, account: Principal, *, new_passphrase: str | None, passphrase: str | None = None
           ) -> dict[str, Any]:
    """Wrap the organisation key anew, as ``account``: by ``new_passphrase``, or (None) by the key file (made when
    missing). Needs the current secret. Recorded in the audit log. Raises Forbidden unless the role may manage
    keys, KeyLocked without the current secret."""
    ensure(account, Action.MANAGE_KEYS, what="(rewrap the organisation key)")
    ws = acting(ws, account)
    wrapped, made = _wrap(ws, unlock(ws, passphrase=passphrase), new_passphrase)
    with ws.transaction() as session:
        session.execute(update(OrganisationKey).where(OrganisationKey.id == 1).values(
            method=wrapped.method, wrapped=wrapped.wrapped, salt=wrapped.salt, opslimit=wrapped.opslimit,
            memlimit=wrapped.memlimit))
        chain = AuditChain(session)
        chain.append(actor=ws.user, action="key-rewrap", details={"method": wrapped.method})
        chain.flush()
    return {"method": wrapped.method, **made}


def reveal_target(ws: Workspace, account: Principal, *, kind: str, ident: str) -> dict[str, Any]:
    """The record whose protected fields ``account`` asks to see (shown before the purpose is given).

    Raises Forbidden (role), NotFound, or InvalidInput (a kind without protected fields).
    """
    ensure(account, Action.REVEAL)
    spec = spec_for(kind)
    if not spec.protected:
        raise InvalidInput.single("kind", f"{spec.name} records have no protected fields", "لا حقول محمية لهذا النوع")
    with ws.reading() as session:
        row = load_row(session, spec, ident, include_deleted=True, allowed=readable_levels(account))
    return {**hide_protected(spec, row), "kind": spec.name}


def reveal(ws: Workspace, account: Principal, *, kind: str, ident: str, purpose: str, passphrase: str | None = None
           ) -> dict[str, Any]:
    """The protected fields of one record in plain text, for an authorised account that gives a purpose.

    Each call is an audit entry (who, which record, which fields, why). Raises Forbidden, KeyLocked, NotFound,
    or InvalidInput (no purpose, or a kind without protected fields).
    """
    spec = spec_for(kind)
    ensure(account, Action.REVEAL)
    if not spec.protected:
        raise InvalidInput.single("kind", f"{spec.name} records have no protected fields", "لا حقول محمية لهذا النوع")
    if not purpose.strip():
        raise InvalidInput.single("purpose", "say why the identity is needed (it is recorded)",
                                  "اذكر سبب الحاجة إلى الهوية")
    private = unlock(ws, passphrase=passphrase)
    with ws.transaction() as session:
        row = load_row(session, spec, ident, include_deleted=True, allowed=readable_levels(account))
        values = {c: envelope.unseal(private, row[c]) if is_sealed(row[c]) else row[c] for c in sorted(spec.protected)}
        chain = AuditChain(session)
        chain.append(actor=account.username, action="reveal", kind=spec.name, record_id=row["id"],
                     details={"fields": sorted(spec.protected), "purpose": purpose.strip()})
        chain.flush()
    return {"id": row["id"], **values}


def reveal_values(private: PrivateKey, spec: KindSpec, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with its sealed protected values opened (for an export an authorised user asked for)."""
    return {k: (envelope.unseal(private, v) if k in spec.protected and is_sealed(v) else v) for k, v in record.items()}
