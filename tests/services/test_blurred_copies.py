"""Face-blurred copies for publishing: a new item linked to its untouched original, with custody on both, the face
obscured and no metadata; the same copy twice is one item; and `tawthiq evidence derive --blur-faces`."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy
import pytest
from PIL import Image
from skimage import data
from sqlalchemy import func, select

from tawthiq.db.models import EvidenceItem
from tawthiq.domain.errors import InvalidInput
from tawthiq.media import inspect_file
from tawthiq.services.evidence.copies import copy_out, derive_blurred_copy, derive_stripped_copy
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.evidence.store import add_evidence, show_evidence
from tawthiq.services.workspace import Workspace
from tests.support import OWNER

FACE = (slice(66, 161), slice(177, 272))  # the astronaut's face in skimage's portrait (rows, columns)


def _portrait_with_gps(path: Path) -> Path:
    exif = Image.Exif()
    exif[0x0110] = "Field phone"  # Model
    exif[0x8825] = {1: "N", 2: (34.0, 27.0, 0.0), 3: "E", 4: (40.0, 55.0, 6.96)}
    exif.get_ifd(0x8769)[0x9003] = "2015:07:14 10:22:05"  # DateTimeOriginal
    Image.fromarray(data.astronaut()).save(path, "JPEG", exif=exif, quality=92)
    return path


def _items(ws: Workspace) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(EvidenceItem)) or 0


def test_a_blurred_copy_hides_the_face_and_the_gps_and_leaves_the_original_untouched(
        ws: Workspace, tmp_path: Path) -> None:
    photo = _portrait_with_gps(tmp_path / "portrait.jpg")
    [original] = add_evidence(ws, OWNER, paths=[photo])
    with ws.blobs.open(original.sha256) as stream:
        stored_before = stream.read()

    child = derive_blurred_copy(ws, OWNER, ident=original.sha256[:12])
    assert child["parent_id"] == original.evidence_id and child["derivation"] == "faces-blurred"
    assert child["faces_found"] == 1 and child["extracted"]["faces_found"] == 1

    copy = tmp_path / "published.jpg"
    copy_out(ws, OWNER, ident=child["sha256"], out=copy, purpose="publication")
    info = inspect_file(copy)
    assert info.latitude is None and info.captured_at is None and b"Field phone" not in copy.read_bytes()
    with Image.open(copy) as published, Image.open(photo) as source:
        after = numpy.asarray(published.convert("RGB"), dtype=numpy.int16)
        before = numpy.asarray(source.convert("RGB"), dtype=numpy.int16)
    assert numpy.abs(after[FACE] - before[FACE]).mean() > 20

    with ws.blobs.open(original.sha256) as stream:
        assert stream.read() == stored_before == photo.read_bytes()
    assert hashlib.sha256(stored_before).hexdigest() == original.sha256
    parent = show_evidence(ws, OWNER, ident=original.sha256)
    assert parent["captured_latitude"] is not None  # the original's metadata is kept on record
    assert parent["derived"] == [{"id": child["id"], "sha256": child["sha256"], "derivation": "faces-blurred"}]
    assert [c["action"] for c in parent["custody"]] == ["ingest", "derive"]
    assert parent["custody"][-1]["details"] == {"derivation": "faces-blurred", "copy_sha256": child["sha256"],
                                                "faces_found": 1}
    assert [c["action"] for c in show_evidence(ws, OWNER, ident=child["sha256"])["custody"]] == ["derived-from",
                                                                                                   "export"]
    assert verify_workspace(ws, OWNER).ok


def test_the_same_blurred_copy_twice_is_one_item(ws: Workspace, tmp_path: Path) -> None:
    [original] = add_evidence(ws, OWNER, paths=[_portrait_with_gps(tmp_path / "portrait.jpg")])
    first = derive_blurred_copy(ws, OWNER, ident=original.sha256)
    second = derive_blurred_copy(ws, OWNER, ident=original.sha256)
    assert second["id"] == first["id"] and second["sha256"] == first["sha256"] and _items(ws) == 2
    stripped = derive_stripped_copy(ws, OWNER, ident=original.sha256)
    assert stripped["sha256"] != first["sha256"] and stripped["derivation"] == "metadata-stripped"
    assert len(show_evidence(ws, OWNER, ident=original.sha256)["derived"]) == 2


def test_files_that_are_not_images_are_refused_and_nothing_is_stored(ws: Workspace, tmp_path: Path) -> None:
    text = tmp_path / "statement.txt"
    text.write_text("what the witness said")
    [added] = add_evidence(ws, OWNER, paths=[text])
    with pytest.raises(InvalidInput) as caught:
        derive_blurred_copy(ws, OWNER, ident=added.sha256)
    problem = caught.value.problems[0]
    assert problem.field == "media_type" and "faces" in problem.reason and problem.reason_ar
    assert _items(ws) == 1 and len(show_evidence(ws, OWNER, ident=added.sha256)["custody"]) == 1


@pytest.fixture
def cli(run_cli: Any) -> Any:
    run_cli("init")
    return run_cli


def test_the_command_line_derives_a_blurred_copy(cli: Any, tmp_path: Path) -> None:
    photo = _portrait_with_gps(tmp_path / "portrait.jpg")
    cli("evidence", "add", str(photo))
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    child = json.loads(cli("evidence", "derive", sha[:10], "--blur-faces", "--json").stdout)
    assert child["derivation"] == "faces-blurred" and child["faces_found"] == 1
    plain = json.loads(cli("evidence", "derive", sha[:10], "--json").stdout)
    assert plain["derivation"] == "metadata-stripped"  # without the option: as before


def test_without_opencv_the_command_says_so_and_stores_nothing(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = _portrait_with_gps(tmp_path / "portrait.jpg")
    cli("evidence", "add", str(photo))
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    monkeypatch.setitem(sys.modules, "cv2", None)  # what a Python without the `faces` extra sees
    refused = cli("evidence", "derive", sha, "--blur-faces", code=2)
    assert "blur_faces" in refused.stderr and "OpenCV" in refused.stderr and "الوجوه" in refused.stderr
    assert len(json.loads(cli("evidence", "list", "--json").stdout)) == 1


def test_an_image_without_a_face_that_matches_its_stripped_copy_is_recorded_as_blurred_too(
        ws: Workspace, tmp_path: Path) -> None:
    photo = tmp_path / "rocket.jpg"
    Image.fromarray(data.rocket()).save(photo, "JPEG", quality=90)  # no person in it
    [original] = add_evidence(ws, OWNER, paths=[photo])
    stripped = derive_stripped_copy(ws, OWNER, ident=original.sha256)
    blurred = derive_blurred_copy(ws, OWNER, ident=original.sha256)
    assert blurred["faces_found"] == 0 and blurred["id"] == stripped["id"] and _items(ws) == 2  # one item per bytes
    custody = show_evidence(ws, OWNER, ident=original.sha256)["custody"]
    assert [(c["action"], c["details"].get("derivation")) for c in custody] == [
        ("ingest", None), ("derive", "metadata-stripped"), ("derive", "faces-blurred")]
    assert custody[-1]["details"] == {"derivation": "faces-blurred", "copy_sha256": stripped["sha256"],
                                      "faces_found": 0}
    derive_blurred_copy(ws, OWNER, ident=original.sha256)  # the blurring was recorded once: no more entries
    assert len(show_evidence(ws, OWNER, ident=original.sha256)["custody"]) == 3
