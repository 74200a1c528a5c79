"""The evidence store contract, for the local folder and the in-memory fake alike."""

import hashlib
import io
import os
from pathlib import Path

import pytest

from tawthiq.blobs import BlobMissing, BlobStore, LocalBlobStore, MemoryBlobStore, local_file, open_blob_store
from tawthiq.blobs.base import CHUNK


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


DATA = os.urandom(2 * CHUNK + 123)


@pytest.mark.parametrize(("start", "stop"), [(0, len(DATA)), (0, 1), (7, 7), (CHUNK - 1, CHUNK + 1),
                                             (CHUNK, 2 * CHUNK), (len(DATA) - 1, len(DATA))])
def test_a_range_streams_exactly_its_bytes_in_chunks_of_at_most_chunk(store: BlobStore, start: int, stop: int) -> None:
    sha256 = store.put(io.BytesIO(DATA)).sha256
    chunks = list(store.open_range(sha256, start, stop))
    assert b"".join(chunks) == DATA[start:stop]
    assert all(0 < len(chunk) <= CHUNK for chunk in chunks)
    assert store.size(sha256) == len(DATA)


@pytest.mark.parametrize(("start", "stop"), [(-1, 3), (5, 4), (0, len(DATA) + 1), (len(DATA) + 1, len(DATA) + 2)])
def test_a_range_outside_the_content_is_refused_when_asked_for(store: BlobStore, start: int, stop: int) -> None:
    sha256 = store.put(io.BytesIO(DATA)).sha256
    with pytest.raises(ValueError, match="outside"):
        store.open_range(sha256, start, stop)  # not iterated: the refusal comes before any byte is sent


def test_missing_content_has_no_size_range_or_path(store: BlobStore) -> None:
    for call in (lambda: store.size("0" * 64), lambda: store.open_range("0" * 64, 0, 0),
                 lambda: store.local_path("0" * 64)):
        with pytest.raises(BlobMissing):
            call()


def test_the_local_folder_gives_the_stored_file_and_the_fake_no_path(store: BlobStore) -> None:
    sha256 = store.put(io.BytesIO(b"witness statement")).sha256
    path = store.local_path(sha256)
    if isinstance(store, LocalBlobStore):
        assert path is not None and path.read_bytes() == b"witness statement"
    else:
        assert path is None


def test_local_file_reads_the_stored_bytes_and_removes_only_its_own_copy(store: BlobStore) -> None:
    sha256 = store.put(io.BytesIO(DATA)).sha256
    with local_file(store, sha256) as path:
        assert path.read_bytes() == DATA
    assert path.exists() is (store.local_path(sha256) is not None)  # the stored file stays; a copy goes
    with pytest.raises(BlobMissing), local_file(store, "0" * 64):
        pass


def test_a_completed_write_leaves_nothing_for_clean_incoming(store: BlobStore) -> None:
    kept = store.put(io.BytesIO(b"kept")).sha256
    assert store.clean_incoming(0) == 0
    assert store.exists(kept)


def test_a_stored_file_cut_short_fails_a_range_loudly_instead_of_ending_early(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "evidence")
    sha256 = store.put(io.BytesIO(DATA)).sha256
    chunks = store.open_range(sha256, 0, len(DATA))  # checked against the whole file
    path = store.path_for(sha256)
    path.chmod(0o644)
    path.write_bytes(DATA[:100])  # then cut short (the same file, truncated in place) before it is read
    with pytest.raises(OSError, match="ended"):
        list(chunks)
