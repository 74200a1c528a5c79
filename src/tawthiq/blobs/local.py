"""Evidence in a local folder: ``ab/cd/abcd…`` files, read-only once written."""

from __future__ import annotations

import hashlib
import os
import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tawthiq.blobs.base import CHUNK, BlobMissing, Progress, PutResult, read_range

_HEX = frozenset("0123456789abcdef")


class LocalBlobStore:
    """Content-addressed folder. Writes go to ``.tmp/`` first, are fsynced, then linked under their hash."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / ".tmp"

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not set(sha256) <= _HEX:
            raise BlobMissing(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, stream: BinaryIO, progress: Progress | None = None) -> PutResult:
        self.tmp.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="incoming-")
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                sha256, size = _copy_hashing(stream, out, progress)
                out.flush()
                os.fsync(out.fileno())
            final = self.path_for(sha256)
            if final.exists():
                return PutResult(sha256, size, created=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp_path, 0o444)
            try:
                # link, not rename: never replaces a file another writer put there meanwhile
                os.link(tmp_path, final)
            except FileExistsError:
                return PutResult(sha256, size, created=False)
            _fsync_dir(final.parent)
            return PutResult(sha256, size, created=True)
        finally:
            tmp_path.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError:
            raise BlobMissing(sha256) from None

    def exists(self, sha256: str) -> bool:
        try:
            return self.path_for(sha256).is_file()
        except BlobMissing:
            return False

    def hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if first.name == ".tmp" or not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                for item in sorted(second.iterdir()):
                    yield item.name

    def clean_incoming(self, older_than_seconds: float) -> int:
        """Temporary files of intakes that were killed, in ``.tmp/``."""
        if not self.tmp.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        stale = [p for p in self.tmp.iterdir() if p.name.startswith("incoming-") and p.stat().st_mtime < cutoff]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def size(self, sha256: str) -> int:
        try:
            return self.path_for(sha256).stat().st_size
        except FileNotFoundError:
            raise BlobMissing(sha256) from None

    def open_range(self, sha256: str, start: int, stop: int) -> Iterator[bytes]:
        stream = self.open(sha256)
        return read_range(stream, start, stop, os.fstat(stream.fileno()).st_size)

    def local_path(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if not path.is_file():
            raise BlobMissing(sha256)
        return path


def _copy_hashing(stream: BinaryIO, out: BinaryIO, progress: Progress | None) -> tuple[str, int]:
    """Hash in this thread while another thread writes: the two overlap, since both release the GIL.

    A file that fits in one chunk is written inline: a thread would cost more than it saves.
    """
    first = stream.read(CHUNK)
    second = stream.read(CHUNK) if first else b""
    if not second:  # the whole content was one read (short reads alone do not mean the end)
        out.write(first)
        if progress and first:
            progress(len(first))
        return hashlib.sha256(first).hexdigest(), len(first)
    digest = hashlib.sha256(first)
    digest.update(second)
    size = len(first) + len(second)
    if progress:
        progress(size)
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    failure: list[BaseException] = []

    def write() -> None:
        try:
            while (chunk := pending.get()) is not None:
                out.write(chunk)
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)
            while pending.get() is not None:
                pass

    writer = threading.Thread(target=write, name="evidence-writer", daemon=True)
    writer.start()
    pending.put(first)
    pending.put(second)
    try:
        while chunk := stream.read(CHUNK):
            pending.put(chunk)
            digest.update(chunk)
            size += len(chunk)
            if progress:
                progress(len(chunk))
    finally:
        pending.put(None)
        writer.join()
    if failure:
        raise failure[0]
    return digest.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
