"""Evidence in a local folder: ``ab/cd/abcd…`` files, read-only once written, readable by their owner only."""

from __future__ import annotations

import fcntl
import hashlib
import os
import queue
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tawthiq.blobs.base import CHUNK, BlobMissing, Progress, PutResult, read_range
from tawthiq.domain.errors import StorageFailed, storage_cause

_HEX = frozenset("0123456789abcdef")
FILE_MODE = 0o400  # evidence is never written again, and no other account on the machine reads it
DIR_MODE = 0o700


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
        """See BlobStore.put. Raises StorageFailed (a full, read-only or failing disk) with the space the content
        needed where its size can be told; the temporary file is removed then too."""
        try:
            _private_dir(self.root)
            _private_dir(self.tmp)
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="incoming-")  # 0600 whatever the umask
        except OSError as exc:
            raise self._failed(exc, stream) from exc
        tmp_path = Path(tmp_name)
        # Held until the write ends, on its own descriptor: `clean` removes only files nobody holds (a killed intake).
        lock = os.open(tmp_path, os.O_RDONLY)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with os.fdopen(fd, "wb") as out:
                sha256, size = _copy_hashing(stream, out, progress)
                out.flush()
                os.fsync(out.fileno())
            final = self.path_for(sha256)
            if final.exists():
                return PutResult(sha256, size, created=False)
            _private_dir(final.parent.parent)
            _private_dir(final.parent)
            os.chmod(tmp_path, FILE_MODE)
            try:
                # link, not rename: never replaces a file another writer put there meanwhile
                os.link(tmp_path, final)
            except FileExistsError:
                return PutResult(sha256, size, created=False)
            _fsync_dir(final.parent)
            return PutResult(sha256, size, created=True)
        except OSError as exc:
            # removed and let go of before the free space is told: the message says what is free with nothing kept
            tmp_path.unlink(missing_ok=True)
            os.close(lock)
            lock = -1
            raise self._failed(exc, stream) from exc
        finally:
            tmp_path.unlink(missing_ok=True)
            if lock >= 0:
                os.close(lock)

    def _failed(self, exc: OSError, stream: BinaryIO) -> OSError | StorageFailed:
        cause = storage_cause(exc)
        if cause is None:
            return exc
        return StorageFailed(str(self.root), cause, needed=_stream_size(stream), free=_free(self.root))

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

    def leftovers(self) -> list[tuple[str, int]]:
        """Temporary files in ``.tmp/`` that no intake is writing (theirs were killed), with their sizes."""
        if not self.tmp.is_dir():
            return []
        found = []
        for path in sorted(self.tmp.iterdir()):
            if path.name.startswith("incoming-") and not _held(path):
                try:
                    found.append((str(path), path.stat().st_size))
                except FileNotFoundError:  # its intake just finished
                    continue
        return found

    def clean_incoming(self, older_than_seconds: float) -> int:
        """Temporary files of intakes that were killed (nobody holds their lock), untouched for that long."""
        cutoff = time.time() - older_than_seconds
        removed = 0
        for name, _size in self.leftovers():
            path = Path(name)
            try:
                if path.stat().st_mtime <= cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

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


def _private_dir(path: Path) -> None:
    """``path`` made if missing, readable by its owner only whatever the umask."""
    if path.is_dir():
        return
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path.chmod(DIR_MODE)  # mkdir's mode passes through the umask, which may take the owner's bits too


def _held(path: Path) -> bool:
    """Whether a live writer holds the lock of ``path`` (the lock of a killed one went with it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True  # gone, or not ours to judge
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also lets go of the lock just taken
    return False


def _stream_size(stream: BinaryIO) -> int | None:
    # Seeking first: fileno() would move a web upload's in-memory spool to the system's temporary folder.
    try:
        here = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(here)
        return end
    except (OSError, ValueError, AttributeError):
        pass
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None  # a pipe's size says nothing


def _free(path: Path) -> int | None:
    place = path
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        return shutil.disk_usage(place).free
    except OSError:
        return None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
