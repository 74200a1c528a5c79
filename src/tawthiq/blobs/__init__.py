"""Evidence store: one small interface, a local-folder implementation and an in-memory fake."""

from __future__ import annotations

from tawthiq.blobs.base import BlobMissing, BlobStore, PutResult, hash_stream, local_file
from tawthiq.blobs.local import LocalBlobStore
from tawthiq.blobs.memory import MemoryBlobStore

__all__ = ["BlobMissing", "BlobStore", "LocalBlobStore", "MemoryBlobStore", "PutResult", "hash_stream", "local_file",
           "open_blob_store"]


def open_blob_store(url: str) -> BlobStore:
    """The store named by ``url``: ``file:///path`` (a local folder) or ``memory:`` (tests)."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalBlobStore(Path(unquote(parsed.path)))
    if parsed.scheme == "memory":
        return MemoryBlobStore()
    raise ValueError(f"evidence_url: unsupported store {parsed.scheme!r} (use file:// or memory:)")
