"""Evidence uploaded through the web: each file streamed into the store and attached to an event.

The bytes are read in chunks (the web server spools an upload to disk past 1 MiB), so a file of any size is
never held whole in memory. The media type comes from the content, never from the name the browser sent.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from tawthiq.blobs import BlobMissing, BlobStore
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Action, ensure
from tawthiq.services.accounts.users import Account
from tawthiq.services.evidence.store import AddedEvidence, inspect_stored, record_file, show_evidence
from tawthiq.services.records import access
from tawthiq.services.workspace import Workspace

MAX_NAME = 255


def safe_name(name: str) -> str:
    """The last part of a browser-sent file name, without folders, control characters or leading dots.

    Raises InvalidInput when nothing usable is left ("../", "", "..").
    """
    last = PureWindowsPath(PurePosixPath(name).name).name  # either separator: "..\\..\\x" is a name from Windows
    cleaned = "".join(ch for ch in last if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if not cleaned:
        raise InvalidInput.single("file", "the file has no usable name", "لا اسم صالحاً للملف")
    return cleaned[:MAX_NAME]


def upload_evidence(ws: Workspace, account: Account, *, event: str, name: str, stream: BinaryIO) -> AddedEvidence:
    """Store one uploaded file and attach it to ``event`` as ``account``; one transaction per file.

    Raises NotFound (an event the account may not read), Forbidden (may not edit it), InvalidInput (an empty
    file or an unusable name); nothing is recorded then.
    """
    target = access.read_record(ws, account, kind="event", ident=event)
    ensure(account, Action.EDIT, access.target(target, target["effective_level"]), what=f"event {event}")
    filename = safe_name(name)
    if not stream.read(1):
        raise InvalidInput.single("file", f"{filename!r} is empty (0 bytes)", f"\u200f{filename!r} فارغ (0 بايت)")
    stream.seek(0)
    stored = ws.blobs.put(stream)
    info = inspect_stored(ws, stored.sha256)
    with access.acting(ws, account).transaction() as session:
        return record_file(session, account, Path(filename), stored.sha256, stored.size, info,
                           {"event_id": target["id"]})


def read_evidence(ws: Workspace, account: Account, *, ident: str) -> dict[str, Any]:
    """An evidence item with its custody log and attachments, if the account may read it; NotFound otherwise."""
    return show_evidence(ws, account, ident=ident)


@dataclass(frozen=True)
class Download:
    """The stored bytes of an item the caller may read, with what a download names them by."""

    name: str
    media_type: str
    size: int
    sha256: str
    blobs: BlobStore

    def read(self, start: int, stop: int) -> Iterator[bytes]:
        """Bytes ``start`` up to ``stop`` in chunks; see ``BlobStore.open_range``."""
        return self.blobs.open_range(self.sha256, start, stop)


def evidence_download(ws: Workspace, account: Account, *, ident: str) -> Download:
    """An item's stored file, from any store, for serving whole or by ranges.

    Raises NotFound alike for an item above the account's clearance, a missing one and one whose file is gone.
    """
    item = read_evidence(ws, account, ident=ident)
    try:
        size = ws.blobs.size(item["sha256"])
    except BlobMissing:
        raise NotFound("evidence", ident) from None
    return Download(item["original_name"], item["media_type"], size, item["sha256"], ws.blobs)
