"""Evidence packages: BagIt bags a mechanism can check without Tawthiq's database."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bagit
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

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
    assert check.ok and check.files_checked == result["files"] == 5 and not check.warnings
    assert check.signed == ["tagmanifest-sha256.txt", "bag-info.txt", "bagit.txt", "manifest-sha256.txt"]
    bagit.Bag(str(bag)).validate()  # the Library of Congress validator agrees


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _retag(bag: Path) -> None:
    """What a forger does after editing a tag file: the tag manifest's hashes made to fit again."""
    lines = (bag / "tagmanifest-sha256.txt").read_text().splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    (bag / "tagmanifest-sha256.txt").write_text("".join(f"{_sha256(bag / n)}  {n}\n" for n in names))


def _package(ws: Workspace, tmp_path: Path) -> Path:
    packages.create_package(ws, OWNER, events=[_case(ws, tmp_path)], out=tmp_path / "bag")
    return tmp_path / "bag"


def test_the_signature_covers_bag_info_so_its_organisation_and_signer_cannot_be_edited(
        instances: Callable[..., Workspace], tmp_path: Path) -> None:
    ws = instances("hq")
    bag = _package(ws, tmp_path)
    assert "tawthiq-signature.txt" not in (bag / "tagmanifest-sha256.txt").read_text()
    assert (bag / "tawthiq-signature.txt").read_text().split()[3] == "tagmanifest-sha256.txt"
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("Source-Organization: Tawthiq", "Source-Organization: Another body"))
    assert [f.code for f in packages.verify_package(bag).findings] == ["checksum"]  # the tag manifest tells
    _retag(bag)
    check = packages.verify_package(bag)
    assert not check.ok and [f.code for f in check.findings if f.severity == "problem"] == ["signature"]
    assert check.bagit_valid  # a valid bag still: only the signature tells


def _as_made_before_bag_info_was_signed(ws: Workspace, bag: Path) -> None:
    """A package as Tawthiq wrote them before: signed over manifest-sha256.txt, the tag manifest listing the
    signature."""
    key = instance.instance_key(ws)
    signature = signing.sign(key, (bag / "manifest-sha256.txt").read_bytes())
    (bag / "tawthiq-signature.txt").write_text(f"ed25519 {signing.public_key_text(key)} {b64(signature)}\n")
    names = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tawthiq-signature.txt"]
    (bag / "tagmanifest-sha256.txt").write_text("".join(f"{_sha256(bag / n)}  {n}\n" for n in names))


def test_a_package_made_before_bag_info_was_signed_verifies_and_says_what_its_signature_leaves_out(
        instances: Callable[..., Workspace], tmp_path: Path) -> None:
    ws = instances("hq")
    bag = _package(ws, tmp_path)
    _as_made_before_bag_info_was_signed(ws, bag)
    check = packages.verify_package(bag, expected_signer=instance.public_key(ws, OWNER))
    assert check.ok and check.signed == ["manifest-sha256.txt"]
    assert [f.code for f in check.findings] == ["legacy-signature"] and "bag-info.txt" in check.warnings[0]
    (bag / "data" / "description.txt").write_text("another story")  # its payload is still covered
    assert not packages.verify_package(bag).ok


def test_a_tag_file_added_after_signing_is_reported(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    bag = _package(instances("hq"), tmp_path)
    (bag / "read-me-first.txt").write_text("These files were given by another organisation.")
    check = packages.verify_package(bag)
    assert check.bagit_valid and not check.ok
    assert [(f.code, f.path) for f in check.findings] == [("unsigned", "read-me-first.txt")]


@pytest.mark.parametrize("damage", ["not-json", "array", "fields", "deep", "bytes", "description"])
def test_damaged_json_inside_gives_problem_lines_and_json_not_a_traceback(instances: Callable[..., Workspace],
                                                                         tmp_path: Path, cli: Callable[..., Any],
                                                                         damage: str) -> None:
    bag = _package(instances("hq"), tmp_path)
    audit = bag / "data" / "audit.jsonl"
    lines = audit.read_text().splitlines()
    broken = {"not-json": "{not json", "array": "[1, 2]", "fields": '{"seq": 1, "hash": "x"}',
              "deep": "[" * 100_000 + "]" * 100_000}
    if damage in broken:
        audit.write_text("\n".join([broken[damage], *lines[1:]]) + "\n")
    elif damage == "bytes":
        audit.write_bytes(b"\xff\xfe" + audit.read_bytes())
    else:
        (bag / "data" / "description.json").write_text('{"records": [')
    result = cli("package", "verify", str(bag), "--json", code=1)
    answer = json.loads(result.stdout)
    assert answer["ok"] is False and "checksum" in {f["code"] for f in answer["findings"]}
    assert {"audit", "json"} & {f["code"] for f in answer["findings"]}
    assert all(" / " in problem for problem in answer["problems"])  # English / Arabic
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["symlink", "fifo", "symlinked-dir"])
def test_links_and_fifos_in_a_package_are_refused_without_being_followed(instances: Callable[..., Workspace],
                                                                        tmp_path: Path, cli: Callable[..., Any],
                                                                        kind: str) -> None:
    bag = _package(instances("hq"), tmp_path)
    original = next((bag / "data" / "evidence").iterdir())
    (tmp_path / "elsewhere").mkdir()
    if kind == "symlink":  # the same bytes, elsewhere: only the link is wrong
        shutil.move(original, tmp_path / "elsewhere" / original.name)
        original.symlink_to(tmp_path / "elsewhere" / original.name)
    elif kind == "fifo":
        os.mkfifo(bag / "data" / "evidence" / "pipe")
    else:
        (bag / "data" / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    answer = json.loads(cli("package", "verify", str(bag), "--json", code=1).stdout)
    assert "not-regular" in {f["code"] for f in answer["findings"]}


def test_bagit_only_checks_a_bag_made_by_another_tool(tmp_path: Path, cli: Callable[..., Any]) -> None:
    bag = tmp_path / "bag"
    (bag / "statements").mkdir(parents=True)
    (bag / "statements" / "witness 1.txt").write_text("\u0634\u0647\u0627\u062f\u0629\n")
    bagit.make_bag(str(bag), {"Source-Organization": "Another documentation group"}, checksums=["sha512"])
    answer = json.loads(cli("package", "verify", str(bag), "--bagit-only", "--json").stdout)
    assert answer["ok"] and answer["files_checked"] == 1 and answer["bagit_version"] in ("0.97", "1.0")
    answer = json.loads(cli("package", "verify", str(bag), "--json", code=1).stdout)
    assert answer["bagit_valid"] and [f["code"] for f in answer["findings"]] == ["no-signature"]


def test_a_path_that_is_no_package_is_a_problem_line(tmp_path: Path, cli: Callable[..., Any]) -> None:
    result = cli("package", "verify", str(tmp_path / "nothing"), code=1)
    assert "not a directory" in result.output and "NOT valid" in result.stdout


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400) | st.lists(st.text(max_size=60), max_size=6).map(
    lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")))
def test_no_audit_log_content_makes_verify_raise(packaged: Path, content: bytes) -> None:
    (packaged / "data" / "audit.jsonl").write_bytes(content)
    check = packages.verify_package(packaged)
    assert not check.ok and all(" / " in problem for problem in check.problems)


@pytest.fixture
def packaged(instances: Callable[..., Workspace], tmp_path: Path) -> Path:
    return _package(instances("hq"), tmp_path)
