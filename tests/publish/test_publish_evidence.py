"""`tawthiq publish --derive-copies`: evidence reaches the public site only as a derived copy (faces blurred and
metadata removed, with the "public" profile), made on the way and linked to its original in custody; without the
option an image with no copy is held back and logged."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

from tests.publish.test_site import _records


def _portrait_with_gps(path: Path) -> bytes:
    import skimage.data

    image = Image.fromarray(skimage.data.astronaut())
    exif = Image.Exif()
    exif[0x010F] = "PlantedCameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (34.0, 27.0, 13.0)}  # GPS latitude
    image.save(path, "JPEG", exif=exif, quality=92)
    return path.read_bytes()


def _public_evidence(data_dir: Path, sha256: str) -> None:
    from tawthiq.config import Settings
    from tawthiq.services.records.store import list_records, update_record
    from tawthiq.services.workspace import open_workspace

    ws = open_workspace(Settings(data_dir=data_dir, user="operator"))
    try:
        item = next(r for r in list_records(ws, kind="evidence") if r["sha256"] == sha256)
        update_record(ws, kind="evidence", ident=item["id"], data={"confidentiality": "public"})
        for link in list_records(ws, kind="evidence_link"):
            update_record(ws, kind="evidence_link", ident=link["id"], data={"confidentiality": "public"})
    finally:
        ws.close()


def test_publish_derives_a_blurred_copy_and_never_publishes_the_original(run_cli: Any, tmp_path: Path) -> None:
    import hashlib

    run_cli("init")
    ids = _records(tmp_path / "data")
    original = _portrait_with_gps(tmp_path / "portrait.jpg")
    sha = hashlib.sha256(original).hexdigest()
    run_cli("evidence", "add", str(tmp_path / "portrait.jpg"), "--event", ids["published"])
    _public_evidence(tmp_path / "data", sha)

    held = tmp_path / "held"
    run_cli("publish", "--out", str(held))
    assert not (held / "files").exists() or not any((held / "files").iterdir())
    log = json.loads(run_cli("publication-log", "--json").output)
    assert "evidence-not-derived" in json.dumps(log)

    site = tmp_path / "site"
    run_cli("publish", "--out", str(site), "--derive-copies")
    published = sorted((site / "files").iterdir())
    assert len(published) == 1
    copy = published[0].read_bytes()
    assert copy != original and hashlib.sha256(copy).hexdigest() != sha
    with Image.open(io.BytesIO(copy)) as image:
        assert not image.getexif() and "exif" not in image.info
    everything = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert b"PlantedCameraMaker" not in everything and sha.encode() not in everything
    custody = run_cli("evidence", "show", sha).output
    assert "derive" in custody  # the original's custody names the copy made from it
    assert hashlib.sha256((tmp_path / "portrait.jpg").read_bytes()).hexdigest() == sha
