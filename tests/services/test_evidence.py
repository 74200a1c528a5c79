"""Evidence intake: content-addressed, write-once, custody for every action, metadata from content."""

import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from tawthiq.config import Settings
from tawthiq.db.models import CustodyEntry, EvidenceItem
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.evidence.store import add_evidence, show_evidence
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace, open_workspace
from tests.conftest import SAMPLES
from tests.support import OWNER


def _photo_with_gps(path: Path) -> Path:
    image = Image.new("RGB", (64, 48), "gray")
    exif = Image.Exif()
    exif[0x0110] = "Field phone"  # Model
    gps = {1: "N", 2: (34.0, 27.0, 0.0), 3: "E", 4: (40.0, 55.0, 6.96)}
    exif[0x8825] = gps
    exif.get_ifd(0x8769)[0x9003] = "2015:07:14 10:22:05"  # DateTimeOriginal
    image.save(path, "JPEG", exif=exif)
    return path


def _count(ws: Workspace, model: type) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_same_bytes_twice_are_one_item_with_two_custody_entries(ws: Workspace, tmp_path: Path) -> None:
    first = tmp_path / "a.bin"
    first.write_bytes(b"testimony audio" * 1000)
    second = tmp_path / "copy-from-whatsapp.bin"
    second.write_bytes(first.read_bytes())
    [a] = add_evidence(ws, OWNER, paths=[first])
    [b] = add_evidence(ws, OWNER, paths=[second])
    assert a.sha256 == b.sha256 and not a.duplicate and b.duplicate
    assert _count(ws, EvidenceItem) == 1
    item = show_evidence(ws, OWNER, ident=a.sha256[:12])
    assert [c["action"] for c in item["custody"]] == ["ingest", "ingest-duplicate"]
    assert [c["details"]["original_name"] for c in item["custody"]] == ["a.bin", "copy-from-whatsapp.bin"]
    assert item["original_name"] == "a.bin" and item["stored"] is True


def test_media_type_comes_from_content_and_photo_metadata_is_captured(ws: Workspace, tmp_path: Path) -> None:
    photo = _photo_with_gps(tmp_path / "IMG_0001.dat")
    [added] = add_evidence(ws, OWNER, paths=[photo])
    item = show_evidence(ws, OWNER, ident=added.sha256)
    assert item["media_type"] == "image/jpeg"
    assert item["captured_at"] == "2015-07-14T10:22:05"
    assert item["captured_latitude"] == pytest.approx(34.45, abs=1e-4)
    assert item["captured_longitude"] == pytest.approx(40.9186, abs=1e-3)
    assert item["extracted"]["width"] == 64


def test_a_directory_is_added_recursively_and_attached_to_an_event(ws: Workspace, tmp_path: Path) -> None:
    event = create_record(ws, kind="event", data={"title": "Raid on a village", "start": "2015-07-14"})
    (tmp_path / "case" / "audio").mkdir(parents=True)
    (tmp_path / "case" / "note.txt").write_text("شهادة", encoding="utf-8")
    (tmp_path / "case" / "audio" / "clip.bin").write_bytes(b"\x00\x01" * 500)
    added = add_evidence(ws, OWNER, paths=[tmp_path / "case"], event=event["id"][:8])
    assert sorted(Path(a.path).name for a in added) == ["clip.bin", "note.txt"]
    assert {a.media_type for a in added} == {"text/plain", "application/octet-stream"}
    for a in added:
        assert show_evidence(ws, OWNER, ident=a.sha256)["attached_to"] == [{"event": event["id"]}]


def test_missing_paths_and_unknown_targets_are_rejected_before_anything_is_stored(ws: Workspace,
                                                                                  tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("x")
    with pytest.raises(InvalidInput) as caught:
        add_evidence(ws, OWNER, paths=[good, tmp_path / "missing.jpg"])
    assert caught.value.problems[0].field == "path" and "missing.jpg" in caught.value.problems[0].reason
    with pytest.raises(InvalidInput) as caught:
        add_evidence(ws, OWNER, paths=[good], event="nonexistent-event")
    assert caught.value.problems[0].field == "event"
    assert _count(ws, EvidenceItem) == 0 and _count(ws, CustodyEntry) == 0
    assert list(ws.blobs.hashes()) == []


def test_stored_files_are_read_only_and_named_by_their_hash(sqlite_ws: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "photo.bin"
    source.write_bytes(b"original bytes")
    [added] = add_evidence(sqlite_ws, OWNER, paths=[source])
    stored = sqlite_ws.settings.data_dir / "evidence" / added.sha256[:2] / added.sha256[2:4] / added.sha256
    assert stored.read_bytes() == b"original bytes"
    assert stored.stat().st_mode & 0o222 == 0


@pytest.mark.parametrize("evidence_url", [None, "memory:"], ids=["folder", "memory"])
def test_metadata_describes_the_stored_bytes_even_if_the_file_is_replaced_during_intake(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, evidence_url: str | None) -> None:
    scratch = tmp_path / "scratch"  # where a store without local files has its temporary copy made
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    workspace = open_workspace(Settings(data_dir=tmp_path / "data", evidence_url=evidence_url, user="tester",
                                        samples_dir=SAMPLES))
    init_workspace(workspace)
    photo = _photo_with_gps(tmp_path / "IMG_0001.dat")

    def replace_the_file(_read: int) -> None:  # called once the store has read the bytes
        (tmp_path / "other.txt").write_text("not a photo")
        os.replace(tmp_path / "other.txt", photo)

    try:
        [added] = add_evidence(workspace, OWNER, paths=[photo], progress=replace_the_file)
        item = show_evidence(workspace, OWNER, ident=added.sha256)
    finally:
        workspace.close()
    assert photo.read_text() == "not a photo"
    assert item["media_type"] == "image/jpeg" and item["captured_latitude"] == pytest.approx(34.45, abs=1e-4)
    assert list(scratch.iterdir()) == []  # no copy left behind
