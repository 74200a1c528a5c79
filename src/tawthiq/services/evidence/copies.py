"""Copies of evidence: derived working copies linked to their original, and copies out of the store.

The original is never replaced or changed; each copy is a custody entry on the original.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import select

from tawthiq.blobs.base import CHUNK
from tawthiq.db.models import EvidenceItem
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
    with ws.reading() as session:
        parent = row_dict(KINDS["evidence"], find_evidence(session, ident, readable_levels(account)))
    ensure(account, Action.CREATE, what="evidence")
    ws = acting(ws, account)
    image_format = STRIPPABLE.get(parent["media_type"])
    if image_format is None:
        raise InvalidInput.single(
            "media_type", f"{parent['media_type']} copies cannot be stripped of metadata yet (images only)",
            "لا يمكن بعد تجريد هذا النوع من البيانات الوصفية (الصور فقط)",
        )
    with ws.blobs.open(parent["sha256"]) as stream, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(stream) as original:
            # Only the pixels travel: a new image carries none of the original's info blocks.
            pixels = Image.frombytes(original.mode, original.size, original.tobytes())
    buffer = io.BytesIO()
    pixels.save(buffer, image_format, **({"quality": 95} if image_format == "JPEG" else {}))
    buffer.seek(0)
    stored = ws.blobs.put(buffer)
    with ws.transaction() as session:
        existing = session.execute(
            select(EvidenceItem).where(EvidenceItem.sha256 == stored.sha256)
        ).scalar_one_or_none()
        writer = Writer(session, ws.user)
        if existing is not None:
            return row_dict(KINDS["evidence"], existing)
        child = writer.insert(KINDS["evidence"], {
            "sha256": stored.sha256, "size": stored.size, "media_type": parent["media_type"],
            "original_name": f"stripped-{parent['original_name']}", "parent_id": parent["id"],
            "derivation": "metadata-stripped", "extracted": {"width": pixels.width, "height": pixels.height},
            "confidentiality": parent["confidentiality"],
        })
        writer.flush()
        custody(session, writer, parent["id"], "derive",
                {"derivation": "metadata-stripped", "copy_sha256": stored.sha256})
        custody(session, writer, child["id"], "derived-from", {"parent_sha256": parent["sha256"]})
    return {k: jsonable(v) for k, v in child.items()}


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

