"""The evidence store interface: content in, SHA-256 out; content back by SHA-256; nothing ever overwritten."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
