"""Evidence uploaded through the web: each file streamed into the store and attached to an event.

The bytes are read in chunks (the web server spools an upload to disk past 1 MiB), so a file of any size is
never held whole in memory. The media type comes from the content, never from the name the browser sent.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from tawthiq.blobs import LocalBlobStore
from tawthiq.blobs.base import CHUNK

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Action, ensure
from tawthiq.media import MediaInfo, inspect_file
from tawthiq.services.records import access
from tawthiq.services.accounts.users import Account
from tawthiq.services.evidence.store import AddedEvidence, inspect_stored, record_file, show_evidence
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
        raise InvalidInput.single("file", f"{filename!r} is empty (0 bytes)", f"‏{filename!r} فارغ (0 بايت)")
    stream.seek(0)
    stored = ws.blobs.put(stream)
    info = _inspect(ws, stored.sha256, filename)
    with access.acting(ws, account).transaction() as session:
        return record_file(session, account, Path(filename), stored.sha256, stored.size, info, {"event_id": target["id"]})


def _inspect(ws: Workspace, sha256: str, filename: str) -> MediaInfo:
    if isinstance(ws.blobs, LocalBlobStore):
        return inspect_stored(ws, Path(filename), sha256)
    # another store: inspect a temporary copy (never a path named by the browser)
    with tempfile.TemporaryDirectory() as folder, ws.blobs.open(sha256) as source:
        copy = Path(folder) / "upload"
        with copy.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        return inspect_file(copy)


def read_evidence(ws: Workspace, account: Account, *, ident: str) -> dict[str, Any]:
    """An evidence item with its custody log and attachments, if the account may read it; NotFound otherwise."""
    return show_evidence(ws, account, ident=ident)


def evidence_path(ws: Workspace, account: Account, *, ident: str) -> tuple[Path, dict[str, Any]]:
    """The stored file of an item the account may read (local store), for serving with range requests."""
    item = read_evidence(ws, account, ident=ident)
    if not isinstance(ws.blobs, LocalBlobStore) or not item["stored"]:
        raise NotFound("evidence", ident)
    return ws.blobs.local_path(item["sha256"]), item
