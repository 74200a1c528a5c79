"""The evidence store interface: content in, SHA-256 out; content back by SHA-256; nothing ever overwritten."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1 << 20  # 1 MiB: large enough for hashlib to release the GIL, small enough for constant memory

Progress = Callable[[int], None]


class BlobMissing(Exception):
    """No stored content has that hash."""


@dataclass(frozen=True)
class PutResult:
    sha256: str
    size: int
    created: bool  # False when the same bytes were already stored


class BlobStore(Protocol):
    """Write-once, content-addressed storage of evidence bytes."""

    def put(self, stream: BinaryIO, progress: Progress | None = None) -> PutResult:
        """Store the bytes read from ``stream`` in constant memory; atomic: a crash leaves nothing under the hash."""
        ...

    def open(self, sha256: str) -> BinaryIO:
        """Read the stored bytes. Raises BlobMissing."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def hashes(self) -> Iterator[str]:
        """Every hash stored, in no particular order."""
        ...

    def size(self, sha256: str) -> int:
        """How many bytes are stored under the hash. Raises BlobMissing."""
        ...

    def open_range(self, sha256: str, start: int, stop: int) -> Iterator[bytes]:
        """Bytes ``start`` up to (not including) ``stop``, in chunks of at most CHUNK: constant memory for a range
        of any length (HTTP range requests, seeking in audio and video).

        Raises BlobMissing, and ValueError unless ``0 <= start <= stop <= size``, when called (not on the first
        chunk). OSError while iterating if the stored file ends early.
        """
        ...

    def local_path(self, sha256: str) -> Path | None:
        """Where the stored file lies on this machine, for readers that need a path; None where the store keeps
        no local files (use ``local_file`` then). Never write to it. Raises BlobMissing."""
        ...

    def leftovers(self) -> list[tuple[str, int]]:
        """What writes killed midway left behind and nobody is writing now, as (name, size in bytes): for
        ``verify`` to report and ``clean`` to remove. Empty where nothing can be left behind."""
        ...

    def clean_incoming(self, older_than_seconds: float) -> int:
        """Remove what writes killed midway left behind, untouched for ``older_than_seconds``; how many were
        removed (0 where nothing can be left behind). Stored content is never touched."""
        ...


def hash_stream(stream: BinaryIO, progress: Progress | None = None) -> tuple[str, int]:
    """SHA-256 (hex) and size of what ``stream`` yields, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if progress:
            progress(len(chunk))
    return digest.hexdigest(), size


def read_range(stream: BinaryIO, start: int, stop: int, size: int) -> Iterator[bytes]:
    """``open_range`` over an open ``stream`` of ``size`` bytes, which it closes. Checks the range now, reads later."""
    if not 0 <= start <= stop <= size:
        stream.close()
        raise ValueError(f"range {start}-{stop} is outside 0-{size}")
    return _chunks(stream, start, stop)


def _chunks(stream: BinaryIO, start: int, stop: int) -> Iterator[bytes]:
    with stream:
        stream.seek(start)
        left = stop - start
        while left:
            chunk = stream.read(min(CHUNK, left))
            if not chunk:  # a served range must never end short without an error: the client would take it whole
                raise OSError(f"stored content ended {left} bytes before {stop}")
            left -= len(chunk)
            yield chunk


@contextmanager
def local_file(store: BlobStore, sha256: str) -> Iterator[Path]:
    """A path to the stored bytes: the stored file itself where the store has one, otherwise a private temporary
    copy removed on leaving. For readers that need a real file (media inspection). Raises BlobMissing."""
    path = store.local_path(sha256)
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="tawthiq-") as folder:  # readable by this user only
        copy = Path(folder) / "stored"
        with store.open(sha256) as source, copy.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        yield copy
