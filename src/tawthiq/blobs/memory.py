"""In-memory evidence store: the fake for tests, with the same write-once behaviour."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tawthiq.blobs.base import BlobMissing, Progress, PutResult, hash_stream, read_range


class MemoryBlobStore:
    """Bytes in a dict: no local files (``local_path`` is None) and nothing left behind by a failed write."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def put(self, stream: BinaryIO, progress: Progress | None = None) -> PutResult:
        data = stream.read()
        sha256, size = hash_stream(io.BytesIO(data), progress)
        if sha256 in self.blobs:
            return PutResult(sha256, size, created=False)
        self.blobs[sha256] = data
        return PutResult(sha256, size, created=True)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return io.BytesIO(self.blobs[sha256])
        except KeyError:
            raise BlobMissing(sha256) from None

    def exists(self, sha256: str) -> bool:
        return sha256 in self.blobs

    def hashes(self) -> Iterator[str]:
        return iter(list(self.blobs))

    def size(self, sha256: str) -> int:
        try:
            return len(self.blobs[sha256])
        except KeyError:
            raise BlobMissing(sha256) from None

    def open_range(self, sha256: str, start: int, stop: int) -> Iterator[bytes]:
        return read_range(self.open(sha256), start, stop, self.size(sha256))

    def local_path(self, sha256: str) -> Path | None:
        if sha256 not in self.blobs:
            raise BlobMissing(sha256)
        return None

    def leftovers(self) -> list[tuple[str, int]]:
        return []

    def clean_incoming(self, older_than_seconds: float) -> int:
        return 0
