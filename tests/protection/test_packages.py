"""Evidence packages: BagIt bags a mechanism can check without Tawthiq's database."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Forbidden, Role
from tawthiq.services.accounts.users import Account
from tawthiq.services.evidence import packages
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.protection import instance
from tawthiq.services.records.store import create_record, list_records, update_record
from tawthiq.services.workspace import Workspace
from tests.protection.conftest import PLANTED
from tests.support import OWNER


def _case(ws: Workspace, tmp_path: Path) -> str:
    event = create_record(ws, kind="event",
                          data={"title": "Shelling of the market", "start": "2015-07-14", "place_text": "Albu Kamal"})
    act = create_record(ws, kind="act", data={"event": event["id"], "type": "indiscriminate-attack", "killed": 4})
    create_record(ws, kind="involvement", data={"act": act["id"], "actor": "islamic-state", "degree": "carried-out"})
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    create_record(ws, kind="information", data={"source": source["id"], "event": event["id"]})
    photo = tmp_path / "market photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg " * 50)
    add_evidence(ws, OWNER, paths=[photo], event=event["id"])
    return str(event["id"])


def test_a_package_holds_originals_descriptions_custody_and_audit_and_verifies(instances: Callable[..., Workspace],
                                                                                 tmp_path: Path) -> None:
    ws = instances("hq")
    event = _case(ws, tmp_path)
    result = packages.create_package(ws, OWNER, events=[event[:8]], out=tmp_path / "bag")
    bag = tmp_path / "bag"
    assert (bag / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    manifest = (bag / "manifest-sha256.txt").read_text().splitlines()
    originals = [line for line in manifest if "data/evidence/" in line]
    assert len(originals) == 1 and originals[0].endswith("market photo.jpg")
    description = json.loads((bag / "data" / "description.json").read_text())
    assert [e["id"] for e in description["records"]["events"]] == [event]
    assert description["records"]["sources"][0]["identity"] is None
    assert (
        "Act" in (bag / "data" / "description.txt").read_text()
        and "Abu Khaled" in (bag / "data" / "description.txt").read_text()
    )
    custody = json.loads((bag / "data" / "custody.json").read_text())
    assert [c["action"] for c in custody] == ["ingest"]
    assert (bag / "data" / "audit.jsonl").read_text().count("\n") >= 6
    check = packages.verify_package(bag, expected_signer=instance.public_key(ws, OWNER))
    assert check.ok and check.files_checked == result["files"] == 5


@pytest.mark.parametrize("damage", ["alter", "add", "remove", "resign", "manifest"])
def test_verify_finds_every_kind_of_damage(instances: Callable[..., Workspace], tmp_path: Path, damage: str) -> None:
    ws = instances("hq")
    packages.create_package(ws, OWNER, events=[_case(ws, tmp_path)], out=tmp_path / "bag")
    bag = tmp_path / "bag"
    original = next((bag / "data" / "evidence").iterdir())
    if damage == "alter":
        original.write_bytes(original.read_bytes()[:-1] + b"!")
    elif damage == "add":
        (bag / "data" / "planted.txt").write_text("added later")
    elif damage == "remove":
        original.unlink()
    elif damage == "resign":  # a forger signs a changed manifest with their own key
        (bag / "data" / "description.txt").write_text("another story")
        forger = signing.new_signing_key()
        forged = signing.sign(forger, (bag / "manifest-sha256.txt").read_bytes())
        (bag / "tawthiq-signature.txt").write_text(f"ed25519 {signing.public_key_text(forger)} {b64(forged)}\n")
    else:
        (bag / "manifest-sha256.txt").write_text((bag / "manifest-sha256.txt").read_text().replace("a", "b", 1))
    check = packages.verify_package(bag, expected_signer=instance.public_key(ws, OWNER))
    assert not check.ok and check.problems


def test_verify_needs_no_database(instances: Callable[..., Workspace], tmp_path: Path,
                                  cli: Callable[..., object]) -> None:
    ws = instances("hq")
    packages.create_package(ws, OWNER, events=[_case(ws, tmp_path)], out=tmp_path / "bag")
    moved = tmp_path / "elsewhere" / "bag"
    shutil.copytree(tmp_path / "bag", moved)
    ws.close()
    shutil.rmtree(tmp_path / "hq")
    result = cli("package", "verify", str(moved))  # TAWTHIQ_DATA_DIR names a directory that does not exist
    assert "valid: 5 files checked" in result.stdout  # type: ignore[attr-defined]
    assert not (tmp_path / "data").exists()


def test_identities_go_into_a_package_only_for_an_authorised_user(instances: Callable[..., Workspace],
                                                                  tmp_path: Path) -> None:
    ws = instances("hq")
    event = _case(ws, tmp_path)
    with pytest.raises(Forbidden):
        packages.create_package(ws, Account("x", "analyst", Role.ANALYST, "en"), events=[event], out=tmp_path / "a",
                                include_protected=True)
    assert not (tmp_path / "a").exists()
    packages.create_package(ws, OWNER, events=[event], out=tmp_path / "b", include_protected=True)
    assert PLANTED in (tmp_path / "b" / "data" / "description.json").read_text()


def test_a_package_is_never_written_over(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    ws = instances("hq")
    event = _case(ws, tmp_path)
    (tmp_path / "bag").mkdir()
    with pytest.raises(InvalidInput):
        packages.create_package(ws, OWNER, events=[event], out=tmp_path / "bag")


def test_an_evidence_name_that_climbs_out_stays_inside_the_package(instances: Callable[..., Workspace],
                                                                   tmp_path: Path) -> None:
    ws = instances("hq")
    event = _case(ws, tmp_path)
    item = list_records(ws, kind="evidence")[0]
    update_record(ws, kind="evidence", ident=item["id"], data={"original_name": "../../../outside/evil.jpg"})
    packages.create_package(ws, OWNER, events=[event], out=tmp_path / "out" / "bag")
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to((tmp_path / "out" / "bag").resolve()) for p in written)
    assert not (tmp_path / "outside").exists()
    assert packages.verify_package(tmp_path / "out" / "bag").ok
