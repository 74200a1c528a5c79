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
import os
import shutil
import sqlite3
import tarfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import nacl.utils
from nacl.public import PublicKey, SealedBox

from tawthiq.crypto.envelope import WrappedKey, b64, unb64
from tawthiq.crypto.stream import CHUNK, DecryptingReader, Encryptor, StreamDamaged
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import AuditChain
from tawthiq.services.disk import raise_storage_failure
from tawthiq.services.protection import keys as protection
from tawthiq.services.protection.instance import KEY_FILE as INSTANCE_KEY
from tawthiq.services.records.access import acting
from tawthiq.services.scratch import interrupted, private_scratch
from tawthiq.services.workspace import Workspace

MAGIC = b"TAWTHIQ-BACKUP-1\n"
MAX_HEADER = 64 * 1024
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
    Forbidden unless the role may manage backups, InvalidInput, StorageFailed (a full disk: nothing is left, not
    even the partial file).

    The snapshot of the database lies in the data directory's private scratch (services/scratch.py) while the
    archive is written, never in the system's temporary folder: a backup killed midway leaves it where only the
    data directory's owner can read it, and ``tawthiq clean`` (or the next ``init``) removes it.
    """
    ensure(account, Action.MANAGE_KEYS, what="(back up)")
    ws = acting(ws, account)
    if out.exists():
        raise InvalidInput.single("out", f"{out} exists already", "الملف موجود مسبقاً")
    if not out.parent.is_dir():
        raise InvalidInput.single("out", f"the folder {out.parent} does not exist", "المجلد غير موجود")
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
    needed = database.stat().st_size
    try:
        with private_scratch(ws.settings.data_dir, "backup", partial=tmp) as scratch:
            snapshot = scratch / DB_NAME
            try:
                _snapshot(database, snapshot)
            except (OSError, sqlite3.Error) as exc:
                raise_storage_failure(exc, where=scratch, needed=needed)
                raise
            with sqlite3.connect(snapshot) as copy:
                hashes = [row[0] for row in copy.execute("SELECT sha256 FROM evidence_items ORDER BY sha256")]
                needed += sum(row[0] or 0 for row in copy.execute("SELECT size FROM evidence_items"))
            try:
                with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
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
    except (OSError, sqlite3.Error) as exc:
        raise_storage_failure(exc, where=tmp, needed=needed)
        raise
    return {"file": str(out), "evidence_files": files, "bytes": out.stat().st_size}


def _snapshot(database: Path, snapshot: Path) -> None:
    """A consistent copy of the live database (SQLite's online backup API, while others read and write), 0600."""
    os.close(os.open(snapshot, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # SQLite keeps the mode it finds
    source = sqlite3.connect(database)
    target = sqlite3.connect(snapshot)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def read_header(path: Path) -> dict[str, Any]:
    """The backup's clear header (format, date, wrapped key). Raises InvalidInput: not a backup, or damaged."""
    try:
        with path.open("rb") as handle:
            header, _start = _header(handle, path)
    except OSError as exc:
        raise InvalidInput.single("file", f"{path} cannot be read ({exc.strerror})", "لا يمكن قراءة الملف") from None
    return header


def _header(handle: IO[bytes], path: Path) -> tuple[dict[str, Any], int]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise InvalidInput.single("file", f"{path.name} is not a Tawthiq backup", "الملف ليس نسخة احتياطية لتوثيق")
    try:
        header: dict[str, Any] = json.loads(handle.readline(MAX_HEADER))
        WrappedKey(**header["wrapped_key"])
        unb64(header["sealed_key"])
    except (ValueError, KeyError, TypeError):
        raise _damaged("the backup's header is damaged", "ترويسة النسخة تالفة") from None
    return header, handle.tell()


def _damaged(reason: str, reason_ar: str) -> InvalidInput:
    return InvalidInput.single("file", f"{reason}; nothing was restored", f"{reason_ar}؛ لم يُستعد شيء")


def restore_backup(ws: Workspace, *, path: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Restore ``path`` into the workspace's data directory, which must be empty (or not exist yet).

    The organisation key is unwrapped with ``passphrase``, ``TAWTHIQ_PASSPHRASE`` or the key file
    (``TAWTHIQ_KEY_FILE``). The whole encrypted stream is checked before anything is written, and the archive is
    read in place, decrypted as it is read: no plaintext copy of the backup is made anywhere. A restore that fails
    midway (a full disk) takes back what it wrote. Raises InvalidInput (not a backup, altered, cut short, directory
    not empty), KeyLocked or StorageFailed. A data directory that holds only what a killed restore wrote counts as
    empty: it is emptied first.
    """
    data = ws.settings.data_dir
    if data.exists() and any(data.iterdir()) and not interrupted(data, "restore"):
        raise InvalidInput.single("data_dir", f"{data} is not empty: restore into an empty data directory",
                                  "مجلد البيانات ليس فارغاً")
    _sqlite_path(ws)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidInput.single("file", f"{path} cannot be read ({exc.strerror})", "لا يمكن قراءة الملف") from None
    with handle:
        header, start = _header(handle, path)
        private = protection.open_wrapped(ws, WrappedKey(**header["wrapped_key"]), passphrase=passphrase)
        try:
            stream_key = SealedBox(private).decrypt(unb64(header["sealed_key"]))
        except Exception:
            raise InvalidInput.single("file", "the backup's key does not open with this organisation key",
                                      "مفتاح النسخة لا يُفتح") from None
        try:
            plain = DecryptingReader(handle, stream_key, start=start)
            while plain.read(CHUNK):  # every chunk authenticated before a byte is written
                pass
        except StreamDamaged:
            raise _damaged("the backup is damaged, altered or cut short", "النسخة تالفة أو معدلة أو ناقصة") from None
        plain.seek(0)
        made = not data.exists()
        try:
            _take_back(data, made=False)  # what a killed restore wrote, if anything: the directory was empty before it
            data.mkdir(mode=0o700, parents=True, exist_ok=True)
            data.chmod(0o700)
            with private_scratch(data, "restore") as scratch:  # marks the directory as being restored meanwhile
                return _extract(ws, plain, data, scratch)
        except BaseException as exc:
            _take_back(data, made)
            if isinstance(exc, StreamDamaged):  # the file changed while it was read
                raise _damaged("the backup changed while it was restored", "تغيرت النسخة أثناء الاستعادة") from None
            if isinstance(exc, OSError):
                raise_storage_failure(exc, where=data, needed=plain.size)
            raise


def _extract(ws: Workspace, plain: DecryptingReader, data: Path, scratch: Path) -> dict[str, Any]:
    """The evidence into the store, then the database and the instance key into place: until the database is there
    at the very end, the directory is no data directory to any command (only ``restore`` again, which empties it)."""
    files = 0
    held: list[tuple[Path, Path]] = []
    with tarfile.open(fileobj=cast(IO[bytes], plain), mode="r:") as archive:
        for member in archive:
            source = archive.extractfile(member) if member.isfile() else None
            if source is None:
                continue
            if member.name.startswith("evidence/"):
                ws.blobs.put(cast(BinaryIO, source))  # re-hashed on the way in
                files += 1
            elif member.name in (DB_NAME, INSTANCE_KEY.as_posix()):
                kept = scratch / Path(member.name).name
                with os.fdopen(os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                    shutil.copyfileobj(source, out, CHUNK)
                    out.flush()
                    os.fsync(out.fileno())
                held.append((kept, data / member.name))
    for kept, target in sorted(held, key=lambda pair: pair[1].name == DB_NAME):  # the database last
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        kept.replace(target)
    ws.engine.dispose()  # connections opened before the file existed must not be reused
    return {"data_dir": str(data), "evidence_files": files}


def _take_back(data: Path, made: bool) -> None:
    """Empty the data directory a failed restore wrote into (it was empty before), or remove it if it made it."""
    if made:
        shutil.rmtree(data, ignore_errors=True)
        return
    for child in data.iterdir() if data.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
