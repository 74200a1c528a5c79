"""The evidence store contract, for the local folder and the in-memory fake alike."""

import hashlib
import io
import os
from pathlib import Path

import pytest

from tawthiq.blobs import BlobMissing, BlobStore, LocalBlobStore, MemoryBlobStore, open_blob_store


@pytest.fixture(params=["local", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    return LocalBlobStore(tmp_path / "evidence") if request.param == "local" else MemoryBlobStore()


def test_content_is_stored_once_under_its_sha256(store: BlobStore) -> None:
    first = store.put(io.BytesIO(b"video bytes"))
    second = store.put(io.BytesIO(b"video bytes"))
    assert first.sha256 == hashlib.sha256(b"video bytes").hexdigest()
    assert first.created and not second.created and first.sha256 == second.sha256
    assert list(store.hashes()) == [first.sha256]
    with store.open(first.sha256) as stream:
        assert stream.read() == b"video bytes"


def test_missing_content_raises_and_is_not_reported_as_existing(store: BlobStore) -> None:
    with pytest.raises(BlobMissing):
        store.open("0" * 64)
    assert not store.exists("0" * 64)


def test_progress_is_reported_in_bytes(store: BlobStore) -> None:
    seen: list[int] = []
    store.put(io.BytesIO(os.urandom(3 * 1024 * 1024 + 5)), seen.append)
    assert sum(seen) == 3 * 1024 * 1024 + 5


def test_a_failed_read_leaves_nothing_behind_in_the_local_store(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "evidence")

    class Broken(io.RawIOBase):
        def __init__(self) -> None:
            self.calls = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            self.calls += 1
            if self.calls > 2:
                raise OSError("device unplugged")
            buffer[:4] = b"abcd"
            return 4

    with pytest.raises(OSError):
        store.put(Broken())  # type: ignore[arg-type]
    assert list(store.hashes()) == []
    assert list((tmp_path / "evidence" / ".tmp").iterdir()) == []


def test_paths_that_are_not_hashes_are_refused(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "evidence")
    with pytest.raises(BlobMissing):
        store.open("../../etc/passwd")
    assert not store.exists("../" * 5)


def test_store_urls_select_the_implementation(tmp_path: Path) -> None:
    assert isinstance(open_blob_store((tmp_path / "e").as_uri()), LocalBlobStore)
    assert isinstance(open_blob_store("memory:"), MemoryBlobStore)
    with pytest.raises(ValueError, match="evidence_url"):
        open_blob_store("ftp://example")


def test_leftovers_of_killed_intakes_are_cleaned_but_fresh_ones_kept(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "evidence")
    kept = store.put(io.BytesIO(b"kept"))
    store.tmp.mkdir(parents=True, exist_ok=True)
    old, fresh = store.tmp / "incoming-old", store.tmp / "incoming-fresh"
    old.write_bytes(b"partial")
    fresh.write_bytes(b"partial")
    os.utime(old, (1, 1))
    assert store.clean_incoming(3600) == 1
    assert not old.exists() and fresh.exists() and store.exists(kept.sha256)
