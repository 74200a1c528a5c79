"""The bundle file: encrypted for one instance, signed by another, checked whole before a byte of it is used.

A bundle is ``MAGIC``, a one-line JSON header (sender and recipient public keys, the stream key sealed to the
recipient), then an encrypted stream (crypto/stream.py) of a zip archive. The archive holds the members
(``records.jsonl``, ``audit.jsonl``, ``evidence/<sha256>``), ``manifest.json`` (every member's SHA-256 and size, with
the fields the writer adds) and ``manifest.sig``, the sender's Ed25519 signature of the manifest. No database, no
workspace, no accounts: what goes into a bundle and what an import does with it is services/protection/bundles.py.

Write with ``write_bundle``, read with ``open_bundle``; every refusal is ``refused(...)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

import nacl.utils
from nacl.signing import SigningKey

from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64, unb64
from tawthiq.crypto.stream import DecryptingReader, Encryptor, StreamDamaged
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput

MAGIC = b"TAWTHIQ-BUNDLE-1\n"
MAX_HEADER = 4096
MAX_MEMBERS = 1_000_000
MAX_RATIO = 200  # a compressed member may expand this much at most: more is an archive bomb
HASH_CHUNK = 1 << 20
_MEMBER = re.compile(r"^(manifest\.json|manifest\.sig|records\.jsonl|audit\.jsonl|evidence/[0-9a-f]{64})$")
_SIGNED = ("manifest.json", "manifest.sig")
_FORMAT = {"format": "tawthiq-bundle", "version": 1}
_DATE = (2000, 1, 1, 0, 0, 0)  # a member's own date would say nothing: the manifest's fields say when


def refused(reason: str, reason_ar: str) -> InvalidInput:
    """A bundle refused whole: ``reason`` in English and Arabic, and that nothing was imported."""
    return InvalidInput.single("bundle", f"{reason}; nothing was imported", f"{reason_ar}؛ لم يُستورد شيء")


# --- writing ----------------------------------------------------------------------------------------------


class BundleWriter:
    """The members of a bundle being written; made by ``write_bundle``."""

    def __init__(self, archive: zipfile.ZipFile, key: SigningKey, header: dict[str, Any]) -> None:
        self._archive, self._key, self._header = archive, key, header
        self._files: dict[str, dict[str, Any]] = {}
        self.finished = False

    def add(self, name: str, chunks: Iterable[bytes]) -> None:
        """Add the member ``name`` (``records.jsonl``, ``audit.jsonl``, ``evidence/<sha256>``) made of ``chunks``.
        Raises ValueError for a name that a reader would refuse, twice the same, or after ``finish``."""
        if self.finished or name in _SIGNED or name in self._files or not _MEMBER.match(name):
            raise ValueError(f"{name!r} cannot be added to this bundle")
        digest, size = hashlib.sha256(), 0
        # Stored, not compressed: evidence (photos, videos) does not compress, and storing is faster. The JSON lines
        # would compress, but every bundle written so far stores them, and the bytes stay the same.
        with self._archive.open(zipfile.ZipInfo(name, date_time=_DATE), "w", force_zip64=True) as member:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                member.write(chunk)
        self._files[name] = {"sha256": digest.hexdigest(), "size": size}

    def add_file(self, name: str, source: IO[bytes]) -> None:
        """Add the member ``name`` with what ``source`` holds, read in constant memory."""
        self.add(name, iter(partial(source.read, HASH_CHUNK), b""))

    def finish(self, fields: Mapping[str, Any]) -> None:
        """Write the manifest (``fields``, the format, both instances' keys and every member's digest and size)
        and its signature. Raises ValueError when ``fields`` would override what the format writes."""
        if self.finished or set(fields) & {*_FORMAT, "sender", "recipient", "files"}:
            raise ValueError("the manifest is written once, and its format fields are not the caller's")
        manifest = canonical_json({**_FORMAT, **fields, "sender": self._header["sender"],
                                   "recipient": self._header["recipient"], "files": self._files}).encode()
        self._archive.writestr("manifest.json", manifest, zipfile.ZIP_DEFLATED)
        self._archive.writestr("manifest.sig", signing.sign(self._key, manifest), zipfile.ZIP_STORED)
        self.finished = True


@contextmanager
def write_bundle(path: Path, *, key: SigningKey, recipient: str) -> Iterator[BundleWriter]:
    """Write a bundle to ``path`` that only ``recipient`` (an instance public key as exchanged, already checked
    with ``signing.parse_public_key``) can open, signed by ``key``: add the members, then ``finish``.

    The file appears at ``path`` when the block ends after ``finish``; on any error nothing is left behind. Raises
    RuntimeError for a block that ends without ``finish``.
    """
    partial_path = path.with_name(path.name + ".partial")
    stream_key = nacl.utils.random(32)
    header = {**_FORMAT, "sender": signing.public_key_text(key), "recipient": recipient.strip(),
              "sealed_key": b64(signing.seal_to(signing.parse_public_key(recipient), stream_key))}
    try:
        with os.fdopen(os.open(partial_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(MAGIC + json.dumps(header).encode() + b"\n")
            with (Encryptor(handle, stream_key) as encrypted,
                  zipfile.ZipFile(cast(IO[bytes], encrypted), "w") as archive):
                writer = BundleWriter(archive, key, header)
                yield writer
                if not writer.finished:
                    raise RuntimeError("a bundle without its manifest: call finish() before the block ends")
        partial_path.replace(path)
    except BaseException:
        partial_path.unlink(missing_ok=True)
        raise


# --- reading ----------------------------------------------------------------------------------------------


class Bundle:
    """A bundle opened and checked whole; made by ``open_bundle``."""

    def __init__(self, archive: zipfile.ZipFile, manifest: dict[str, Any], sender_name: str) -> None:
        self._archive = archive
        self.manifest = manifest
        self.sender_name = sender_name  # what ``trusted`` answered for the sender
        self.members: list[str] = list(manifest.get("files", {}))  # all but manifest.json and manifest.sig

    def open(self, name: str) -> IO[bytes]:
        """A member's bytes: already checked against the signed manifest."""
        return self._archive.open(name)


@contextmanager
def open_bundle(path: Path, *, key: SigningKey, trusted: Callable[[str], str]) -> Iterator[Bundle]:
    """Decrypt and check the bundle at ``path`` sent to ``key``'s instance: recipient, sender, stream, archive layout
    and sizes, signature, every member's digest. Yields it with its manifest and members.

    ``trusted`` gets the sender's public key before anything is decrypted and returns the name it is known by, or
    raises to refuse it. The archive is read in place, decrypted chunk by chunk as it is read: no plaintext is ever
    written, so a process killed midway leaves none behind. Raises InvalidInput (``refused``) naming the first thing
    wrong, also when the file changes under the block and a later read finds it altered.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise refused(f"{path.name} cannot be read ({exc.strerror})", "لا يمكن قراءة الملف") from None
    with handle:
        header = _read_header(handle)
        if header["recipient"] != signing.public_key_text(key):
            raise refused("the bundle was made for another instance", "الحزمة مرسلة إلى نسخة أخرى")
        sender_name = trusted(header["sender"])
        try:
            stream_key = signing.open_sealed(key, unb64(header["sealed_key"]))
        except (signing.NotForUs, ValueError):
            raise refused("the bundle's key does not open with this instance's key", "مفتاح الحزمة لا يُفتح") from None
        try:
            plain = DecryptingReader(handle, stream_key, start=handle.tell())
            archive = zipfile.ZipFile(cast(IO[bytes], plain))
        except StreamDamaged:
            raise _damaged() from None
        except zipfile.BadZipFile:
            raise refused("the bundle's archive is damaged", "أرشيف الحزمة تالف") from None
        with archive:
            try:
                _check_archive(archive, plain.size)
                manifest = _check_manifest(archive, header)
                yield Bundle(archive, manifest, sender_name)
            except StreamDamaged:
                raise _damaged() from None


def _damaged() -> InvalidInput:
    return refused("the bundle is damaged, altered or cut short", "الحزمة تالفة أو معدلة أو ناقصة")


def _read_header(handle: IO[bytes]) -> dict[str, Any]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise refused("this file is not a Tawthiq bundle", "الملف ليس حزمة توثيق")
    line = handle.readline(MAX_HEADER)
    try:
        header: dict[str, Any] = json.loads(line)
        for field in ("sender", "recipient", "sealed_key"):
            if not isinstance(header.get(field), str):
                raise ValueError(field)
    except (json.JSONDecodeError, ValueError):
        raise refused("the bundle's header is damaged", "ترويسة الحزمة تالفة") from None
    return header


def _check_archive(archive: zipfile.ZipFile, plain_size: int) -> None:
    """Refuse names that could escape (zip slip), links, duplicates, and sizes out of proportion (bombs)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise refused("the bundle has too many files", "الحزمة فيها ملفات كثيرة جداً")
    seen: set[str] = set()
    total = 0
    for info in members:
        if not _MEMBER.match(info.filename) or info.filename in seen or info.is_dir():
            raise refused(f"the bundle holds an unexpected file name ({info.filename[:80]!r})",
                          "الحزمة تحوي اسم ملف غير متوقع")
        seen.add(info.filename)
        if info.external_attr >> 16 & 0o170000 not in (0, 0o100000):  # only plain files: no links or devices
            raise refused("the bundle holds something that is not a plain file", "الحزمة تحوي ما ليس ملفاً عادياً")
        if info.compress_type != zipfile.ZIP_STORED and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb()
        total += info.file_size
    if total > MAX_RATIO * max(plain_size, 1):
        raise _bomb()


def _bomb() -> InvalidInput:
    return refused("the bundle expands far beyond its size (an archive bomb)", "الحزمة تتمدد أكثر بكثير من حجمها")


def _check_manifest(archive: zipfile.ZipFile, header: dict[str, Any]) -> dict[str, Any]:
    """The signed manifest, once it names the header's instances and every member matches it."""
    try:
        manifest_bytes = archive.read("manifest.json")
        signing.verify(signing.parse_public_key(header["sender"]), manifest_bytes, archive.read("manifest.sig"))
        manifest: dict[str, Any] = json.loads(manifest_bytes)
    except (KeyError, ValueError, signing.BadSignature):
        raise refused("the bundle's signature does not match (altered, or not from the instance it names)",
                      "توقيع الحزمة غير مطابق") from None
    if manifest.get("sender") != header["sender"] or manifest.get("recipient") != header["recipient"]:
        raise refused("the bundle's manifest names other instances than its header", "البيان لا يطابق الترويسة")
    files: dict[str, dict[str, Any]] = manifest.get("files", {})
    if {i.filename for i in archive.infolist()} - set(_SIGNED) != set(files):
        raise refused("the bundle's files differ from its manifest", "ملفات الحزمة تختلف عن بيانها")
    for name, expected in files.items():
        if _member_digest(archive, name, int(expected["size"])) != (expected["sha256"], expected["size"]):
            raise refused(f"{name} does not match its hash in the manifest", "ملف لا يطابق بصمته")
        if name.startswith("evidence/") and name.removeprefix("evidence/") != expected["sha256"]:
            raise refused(f"{name} is not named by its hash", "ملف دليل لا يحمل اسم بصمته")
    return manifest


def _member_digest(archive: zipfile.ZipFile, name: str, limit: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(name) as member:
        while chunk := member.read(HASH_CHUNK):
            size += len(chunk)
            if size > limit:
                raise refused(f"{name} is larger than its manifest says", "ملف أكبر مما يذكره البيان")
            digest.update(chunk)
    return digest.hexdigest(), size
