"""Backups: one encrypted file with a consistent snapshot of the database, the evidence it refers to, and the
keys, taken while the application runs; restored into an empty data directory.

The snapshot uses SQLite's online backup API (readers and writers carry on meanwhile). Evidence is
write-once and stored before the records that name it, so copying the files the snapshot names gives a
consistent whole. The archive is encrypted with a random key sealed to the organisation key; the wrapped
organisation key travels in the header, so a restore needs exactly the passphrase or key file of the
organisation, and nothing else. PostgreSQL installations back up the database with ``pg_dump`` instead
(docs/protection.md).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import nacl.utils
from nacl.public import PublicKey, SealedBox

from tawthiq.crypto.envelope import WrappedKey, b64, unb64
from tawthiq.crypto.stream import Encryptor, StreamDamaged, decrypt_stream
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import AuditChain
from tawthiq.services.protection import keys as protection
from tawthiq.services.protection.instance import KEY_FILE as INSTANCE_KEY
from tawthiq.services.records.access import acting
from tawthiq.services.workspace import Workspace

MAGIC = b"TAWTHIQ-BACKUP-1\n"
DB_NAME = "tawthiq.db"


def _sqlite_path(ws: Workspace) -> Path:
    url = ws.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise InvalidInput.single("database", "backup copies SQLite databases; back up PostgreSQL with pg_dump "
                                  "(see docs/protection.md)",
                                  "النسخ الاحتياطي لقواعد SQLite؛ استخدم pg_dump لـ PostgreSQL")
    return Path(url.database)


def create_backup(ws: Workspace, account: Principal, *, out: Path) -> dict[str, Any]:
    """Write an encrypted backup to ``out`` (never overwritten) as ``account``. Returns what it holds. Raises
    Forbidden unless the role may manage backups, InvalidInput."""
    ensure(account, Action.MANAGE_KEYS, what="(back up)")
    ws = acting(ws, account)
    if out.exists():
        raise InvalidInput.single("out", f"{out} exists already", "الملف موجود مسبقاً")
    database = _sqlite_path(ws)
    with ws.transaction() as session:  # recorded first, so the backup holds its own entry
        wrapped = protection.wrapped_key(session)
        if wrapped is None:
            raise InvalidInput.single("key", "there is no organisation key: run `tawthiq keys init`",
                                      "لا يوجد مفتاح للمنظمة")
        chain = AuditChain(session)
        chain.append(actor=ws.user, action="backup", details={"file": out.name})
        chain.flush()
    stream_key = nacl.utils.random(32)
    header = {"format": "tawthiq-backup", "version": 1, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "wrapped_key": asdict(wrapped),
              "sealed_key": b64(SealedBox(PublicKey(unb64(wrapped.public_key))).encrypt(stream_key))}
    tmp = out.with_name(out.name + ".partial")
    files = 0
    with tempfile.TemporaryDirectory(prefix="tawthiq-backup-") as scratch:
        snapshot = Path(scratch) / DB_NAME
        source = sqlite3.connect(database)
        target = sqlite3.connect(snapshot)
        try:
            source.backup(target)  # the online backup API: a consistent copy while others write
        finally:
            target.close()
            source.close()
        with sqlite3.connect(snapshot) as copy:
            hashes = [row[0] for row in copy.execute("SELECT sha256 FROM evidence_items ORDER BY sha256")]
        try:
            with tmp.open("wb") as handle:
                handle.write(MAGIC + json.dumps(header).encode() + b"\n")
                with (Encryptor(handle, stream_key) as encrypted,
                      tarfile.open(fileobj=encrypted, mode="w|") as archive):  # type: ignore[call-overload]
                    archive.add(snapshot, arcname=DB_NAME)
                    instance = ws.settings.data_dir / INSTANCE_KEY
                    if instance.exists():
                        archive.add(instance, arcname=INSTANCE_KEY.as_posix())
                    for sha256 in hashes:
                        with ws.blobs.open(sha256) as blob:
                            info = tarfile.TarInfo(f"evidence/{sha256}")
                            info.size = _size(blob)
                            archive.addfile(info, blob)
                        files += 1
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return {"file": str(out), "evidence_files": files, "bytes": out.stat().st_size}


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def read_header(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise InvalidInput.single("file", f"{path.name} is not a Tawthiq backup", "الملف ليس نسخة احتياطية لتوثيق")
        try:
            header: dict[str, Any] = json.loads(handle.readline())
        except json.JSONDecodeError:
            raise InvalidInput.single("file", "the backup's header is damaged", "ترويسة النسخة تالفة") from None
    return header


def restore_backup(ws: Workspace, *, path: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Restore ``path`` into the workspace's data directory, which must be empty (or not exist yet).

    The organisation key is unwrapped with ``passphrase``, ``TAWTHIQ_PASSPHRASE`` or the key file
    (``TAWTHIQ_KEY_FILE``). Raises InvalidInput (not a backup, damaged, directory not empty) or KeyLocked.
    """
    data = ws.settings.data_dir
    if data.exists() and any(data.iterdir()):
        raise InvalidInput.single("data_dir", f"{data} is not empty: restore into an empty data directory",
                                  "مجلد البيانات ليس فارغاً")
    _sqlite_path(ws)
    header = read_header(path)
    wrapped = WrappedKey(**header["wrapped_key"])
    private = protection.open_wrapped(ws, wrapped, passphrase=passphrase)
    try:
        stream_key = SealedBox(private).decrypt(unb64(header["sealed_key"]))
    except Exception:
        raise InvalidInput.single("file", "the backup's key does not open with this organisation key",
                                  "مفتاح النسخة لا يُفتح") from None
    data.mkdir(parents=True, exist_ok=True)
    files = 0
    with tempfile.TemporaryDirectory(prefix="tawthiq-restore-", dir=data.parent) as scratch:
        plain = Path(scratch) / "backup.tar"
        with path.open("rb") as handle, plain.open("wb") as out:
            handle.readline()
            handle.readline()
            try:
                decrypt_stream(handle, out, stream_key)
            except StreamDamaged:
                raise InvalidInput.single("file", "the backup is damaged or cut short; nothing was restored",
                                          "النسخة تالفة أو ناقصة؛ لم يُستعد شيء") from None
        with tarfile.open(plain, mode="r:") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                name = member.name
                source = archive.extractfile(member)
                if source is None:
                    continue
                if name.startswith("evidence/"):
                    ws.blobs.put(cast(BinaryIO, source))  # re-hashed on the way in
                    files += 1
                elif name in (DB_NAME, INSTANCE_KEY.as_posix()):
                    target = data / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with target.open("wb") as out:
                        shutil.copyfileobj(source, out, 1 << 20)
                    if name != DB_NAME:
                        target.chmod(0o600)
    ws.engine.dispose()  # connections opened before the file existed must not be reused
    return {"data_dir": str(data), "evidence_files": files}
