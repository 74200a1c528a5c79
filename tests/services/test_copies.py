"""Derived copies never replace their original; copies out are checked and recorded in custody."""

from pathlib import Path

import pytest
from PIL import Image

from tawthiq.domain.errors import InvalidInput
from tawthiq.media import inspect_file
from tawthiq.services.evidence.copies import copy_out, derive_stripped_copy
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.evidence.store import add_evidence, show_evidence
from tawthiq.services.workspace import Workspace
from tests.services.test_evidence import _photo_with_gps
from tests.support import OWNER


def test_a_stripped_copy_has_no_gps_and_links_to_its_untouched_original(ws: Workspace, tmp_path: Path) -> None:
    [original] = add_evidence(ws, OWNER, paths=[_photo_with_gps(tmp_path / "photo.jpg")])
    child = derive_stripped_copy(ws, OWNER, ident=original.sha256)
    assert child["parent_id"] == original.evidence_id and child["derivation"] == "metadata-stripped"
    assert child["sha256"] != original.sha256
    copy = tmp_path / "published.jpg"
    copy_out(ws, OWNER, ident=child["sha256"], out=copy, purpose="publication")
    info = inspect_file(copy)
    assert info.latitude is None and info.captured_at is None and info.metadata["width"] == 64
    parent = show_evidence(ws, OWNER, ident=original.sha256)
    assert parent["captured_latitude"] is not None
    assert parent["derived"] == [{"id": child["id"], "sha256": child["sha256"], "derivation": "metadata-stripped"}]
    assert [c["action"] for c in parent["custody"]] == ["ingest", "derive"]
    assert ws.blobs.exists(original.sha256)
    assert verify_workspace(ws, OWNER).ok


def test_only_images_can_be_stripped_for_now(ws: Workspace, tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("statement")
    [added] = add_evidence(ws, OWNER, paths=[text])
    with pytest.raises(InvalidInput) as caught:
        derive_stripped_copy(ws, OWNER, ident=added.sha256)
    assert caught.value.problems[0].field == "media_type"


def test_copy_out_records_custody_and_never_overwrites(ws: Workspace, tmp_path: Path) -> None:
    photo = tmp_path / "p.png"
    Image.new("RGB", (8, 8), "red").save(photo)
    [added] = add_evidence(ws, OWNER, paths=[photo])
    out = tmp_path / "for-the-mechanism.png"
    copy_out(ws, OWNER, ident=added.sha256, out=out, purpose="sent to the IIIM")
    assert out.read_bytes() == photo.read_bytes()
    custody = show_evidence(ws, OWNER, ident=added.sha256)["custody"]
    assert custody[-1]["action"] == "export" and custody[-1]["details"]["purpose"] == "sent to the IIIM"
    with pytest.raises(InvalidInput) as caught:
        copy_out(ws, OWNER, ident=added.sha256, out=out, purpose="again")
    assert caught.value.problems[0].field == "out"
    assert len(show_evidence(ws, OWNER, ident=added.sha256)["custody"]) == 2
