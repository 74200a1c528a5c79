"""Copies of evidence: derived working copies linked to their original, and copies out of the store.

The original is never replaced or changed; each copy is a custody entry on the original.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import select

from tawthiq.blobs.base import CHUNK
from tawthiq.db.models import CustodyEntry, EvidenceItem
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.services.evidence.store import custody, find_evidence
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import Writer, jsonable, row_dict
from tawthiq.services.workspace import Workspace

STRIPPABLE = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/tiff": "TIFF"}


def derive_stripped_copy(ws: Workspace, account: Principal, *, ident: str) -> dict[str, Any]:
    """Make a copy of an image with every metadata block removed (EXIF, GPS, XMP, comments), for publishing, as
    ``account``.

    The copy is a new evidence item whose parent is the original; both get a custody entry. Deriving the
    same copy twice gives the same item. Raises NotFound (an original above the clearance), Forbidden (a role
    that may not create records), InvalidInput for media types that cannot be stripped yet.
    """

    def strip(blob: bytes, media_type: str) -> tuple[bytes, dict[str, Any]]:
        image_format = STRIPPABLE[media_type]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(blob)) as original:
                # Only the pixels travel: a new image carries none of the original's info blocks.
                pixels = Image.frombytes(original.mode, original.size, original.tobytes())
        buffer = io.BytesIO()
        pixels.save(buffer, image_format, **({"quality": 95} if image_format == "JPEG" else {}))
        return buffer.getvalue(), {"width": pixels.width, "height": pixels.height}

    return _derive(ws, account, ident=ident, derivation="metadata-stripped", prefix="stripped", make=strip,
                   refusal=("copies cannot be stripped of metadata yet (images only)",
                            "لا يمكن بعد تجريد هذا النوع من البيانات الوصفية (الصور فقط)"))


def derive_blurred_copy(ws: Workspace, account: Principal, *, ident: str) -> dict[str, Any]:
    """Make a copy of an image with every face found blurred and no metadata (pixels only), for publishing, as
    ``account``.

    As :func:`derive_stripped_copy`: a new evidence item (derivation ``faces-blurred``) whose parent is the
    original, which is never changed; custody entries on both, the parent's giving how many faces were found; the
    same copy twice gives the same item. The result carries ``faces_found``. An image in which no face is found
    may give the same bytes as its stripped copy: when that copy is already on record it is the item returned (one
    item per bytes), with its own derivation, and the original's custody records the blurring once (``derive``,
    ``faces-blurred``, its ``copy_sha256`` and ``faces_found`` 0). Raises NotFound, Forbidden, InvalidInput for
    media types other than JPEG, PNG, WebP and TIFF, and :class:`tawthiq.media.faces.FaceDetectorMissing` without
    OpenCV (the caller holds the image back: faces-not-blurred).
    """
    from tawthiq.media.faces import blur_faces

    def blur(blob: bytes, media_type: str) -> tuple[bytes, dict[str, Any]]:
        try:
            copy, found = blur_faces(blob, media_type)
        except ValueError as exc:
            raise InvalidInput.single("sha256", f"the stored file cannot be read as an image: {exc}",
                                      "تعذّرت قراءة الملف المخزن صورةً") from exc
        with Image.open(io.BytesIO(copy)) as image:
            return copy, {"width": image.width, "height": image.height, "faces_found": found}

    return _derive(ws, account, ident=ident, derivation="faces-blurred", prefix="blurred", make=blur,
                   refusal=("faces can be blurred on images only (JPEG, PNG, WebP, TIFF)",
                            "لا يمكن طمس الوجوه إلا في الصور"))


def _derive(ws: Workspace, account: Principal, *, ident: str, derivation: str, prefix: str,
            make: Callable[[bytes, str], tuple[bytes, dict[str, Any]]], refusal: tuple[str, str]) -> dict[str, Any]:
    """The path every derived copy takes: checks, the new bytes from ``make``, one item per bytes, custody."""
    with ws.reading() as session:
        parent = row_dict(KINDS["evidence"], find_evidence(session, ident, readable_levels(account)))
    ensure(account, Action.CREATE, what="evidence")
    ws = acting(ws, account)
    if parent["media_type"] not in STRIPPABLE:
        raise InvalidInput.single("media_type", f"{parent['media_type']} {refusal[0]}", refusal[1])
    with ws.blobs.open(parent["sha256"]) as stream:
        copy, extracted = make(stream.read(), parent["media_type"])
    stored = ws.blobs.put(io.BytesIO(copy))
    details = {"derivation": derivation, "copy_sha256": stored.sha256}
    if "faces_found" in extracted:
        details["faces_found"] = extracted["faces_found"]
    with ws.transaction() as session:
        existing = session.execute(
            select(EvidenceItem).where(EvidenceItem.sha256 == stored.sha256)
        ).scalar_one_or_none()
        writer = Writer(session, ws.user)
        if existing is not None:
            if existing.derivation != derivation and str(existing.parent_id) == parent["id"] and not any(
                    (entry.details or {}).get("derivation") == derivation
                    and entry.details.get("copy_sha256") == stored.sha256 for entry in session.scalars(
                        select(CustodyEntry).where(CustodyEntry.evidence_id == parent["id"],
                                                   CustodyEntry.action == "derive"))):
                # Another derivation of this original already gave these bytes (no face found: the stripped copy's
                # pixels). The original's custody says so once, and publishing reads it (services/publishing/files.py).
                custody(session, writer, parent["id"], "derive", details)
            return row_dict(KINDS["evidence"], existing) | _found(extracted)
        child = writer.insert(KINDS["evidence"], {
            "sha256": stored.sha256, "size": stored.size, "media_type": parent["media_type"],
            "original_name": f"{prefix}-{parent['original_name']}", "parent_id": parent["id"],
            "derivation": derivation, "extracted": extracted, "confidentiality": parent["confidentiality"],
        })
        writer.flush()
        custody(session, writer, parent["id"], "derive", details)
        custody(session, writer, child["id"], "derived-from", {"parent_sha256": parent["sha256"]})
    return {k: jsonable(v) for k, v in child.items()} | _found(extracted)


def _found(extracted: dict[str, Any]) -> dict[str, Any]:
    return {"faces_found": extracted["faces_found"]} if "faces_found" in extracted else {}


def copy_out(ws: Workspace, account: Principal, *, ident: str, out: Path, purpose: str) -> dict[str, Any]:
    """Copy a stored file out to ``out`` (never over an existing file), check the copy's hash, record custody in
    ``account``'s name: what a download is on the web.

    Raises NotFound (an item above the clearance), InvalidInput when ``out`` exists or its folder does not; a copy
    that does not hash right is removed.
    """
    ensure(account, Action.READ, what="evidence")
    ws = acting(ws, account)
    if out.exists():
        raise InvalidInput.single("out", f"{out} already exists; nothing is overwritten", "الملف موجود؛ لا يُكتب فوقه")
    if not out.parent.is_dir():
        raise InvalidInput.single("out", f"{out.parent} is not a folder", "ليس مجلداً")
    with ws.reading() as session:
        item = row_dict(KINDS["evidence"], find_evidence(session, ident, readable_levels(account)))
    partial = out.with_name(out.name + ".partial")
    digest = hashlib.sha256()
    try:
        with ws.blobs.open(item["sha256"]) as source, partial.open("xb") as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        if digest.hexdigest() != item["sha256"]:
            raise InvalidInput.single("sha256", "the stored file no longer matches its hash: run `tawthiq verify`",
                                      "الملف المخزن لا يطابق بصمته")
        shutil.move(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    with ws.transaction() as session:
        writer = Writer(session, ws.user)
        custody(session, writer, item["id"], "export", {"to": out.name, "purpose": purpose, "sha256_checked": True})
    return {"sha256": item["sha256"], "out": str(out), "size": item["size"]}

