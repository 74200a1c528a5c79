"""Sealed bundles between two instances: convergence with nothing lost, and every bad bundle refused whole."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nacl.utils
import pytest
from sqlalchemy import func, select

from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64
from tawthiq.crypto.stream import Encryptor
from tawthiq.db.models import AuditEntry
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.protection import bundles, instance
from tawthiq.services.protection.conflicts import list_conflicts
from tawthiq.services.records.store import create_record, get_record, list_records, update_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER


def _pair(instances: Callable[..., Workspace]) -> tuple[Workspace, Workspace]:
    field, hq = instances("field"), instances("hq")
    instance.trust(field, OWNER, key=instance.public_key(hq, OWNER), name="headquarters")
    instance.trust(hq, OWNER, key=instance.public_key(field, OWNER), name="field office")
    return field, hq


def _send(sender: Workspace, receiver: Workspace, path: Path, since: int = 0) -> dict[str, Any]:
    made = bundles.export_bundle(sender, OWNER, since=since, recipient=instance.public_key(receiver, OWNER), out=path)
    return {**bundles.import_bundle(receiver, OWNER, path=path), "mark": made["mark"]}


def _audit_count(ws: Workspace) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _titles(ws: Workspace) -> list[str]:
    return sorted(e["title"] for e in list_records(ws, kind="event"))


def test_two_instances_edit_apart_and_converge_both_ways_with_nothing_lost(instances: Callable[..., Workspace],
                                                                            tmp_path: Path) -> None:
    field, hq = _pair(instances)
    shared = create_record(field, kind="event", data={"title": "Shelling of the market", "start": "2015-07-14"})
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"field photo" * 500)
    add_evidence(field, OWNER, paths=[photo], event=shared["id"])
    first = _send(field, hq, tmp_path / "1.tqs")
    assert (first["imported"], first["conflicts"]) == (3, 0)  # the event, the evidence item, its link
    assert hq.blobs.exists(get_record(hq, kind="evidence", ident=list_records(hq, kind="evidence")[0]["id"])["sha256"])
    # apart: each side writes new records, and hq corrects the shared event
    create_record(field, kind="event", data={"title": "Raid on the bakery"})
    create_record(hq, kind="event", data={"title": "Detentions at the checkpoint"})
    update_record(hq, kind="event", ident=shared["id"], data={"status": "verified"})
    back = _send(hq, field, tmp_path / "2.tqs")
    assert back["conflicts"] == 0
    again = _send(field, hq, tmp_path / "3.tqs", since=first["mark"])
    assert again["conflicts"] == 0
    expected = ["Detentions at the checkpoint", "Raid on the bakery", "Shelling of the market"]
    assert _titles(field) == _titles(hq) == expected
    assert get_record(field, kind="event", ident=shared["id"])["status"] == "verified"
    for ws in (field, hq):
        report = verify_workspace(ws, OWNER)
        assert report.ok, report.problems


def test_importing_a_bundle_twice_changes_nothing(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    field, hq = _pair(instances)
    create_record(field, kind="event", data={"title": "Shelling of the market"})
    _send(field, hq, tmp_path / "1.tqs")
    before = _audit_count(hq)
    second = bundles.import_bundle(hq, OWNER, path=tmp_path / "1.tqs")
    assert second["already_imported"] and _audit_count(hq) == before


def test_concurrent_edits_keep_both_versions_and_flag_a_conflict(instances: Callable[..., Workspace],
                                                                 tmp_path: Path) -> None:
    field, hq = _pair(instances)
    event = create_record(field, kind="event", data={"title": "Shelling of the market"})
    _send(field, hq, tmp_path / "1.tqs")
    update_record(field, kind="event", ident=event["id"], data={"title": "Shelling of the old market"})
    update_record(hq, kind="event", ident=event["id"], data={"title": "Shelling of the market (12 killed)"})
    result = _send(field, hq, tmp_path / "2.tqs")
    assert result["conflicts"] == 1
    assert get_record(hq, kind="event", ident=event["id"])["title"] == "Shelling of the market (12 killed)"
    conflicts = list_conflicts(hq, OWNER)
    assert [c["incoming"]["title"] for c in conflicts] == ["Shelling of the old market"]
    assert bundles.import_bundle(hq, OWNER, path=tmp_path / "2.tqs")["already_imported"]
    assert len(list_conflicts(hq, OWNER)) == 1


def _refused(hq: Workspace, path: Path, words: str) -> None:
    before, titles = _audit_count(hq), _titles(hq)
    with pytest.raises(InvalidInput) as caught:
        bundles.import_bundle(hq, OWNER, path=path)
    assert words in str(caught.value) and "nothing was imported" in str(caught.value)
    assert _audit_count(hq) == before and _titles(hq) == titles


@pytest.mark.parametrize(("damage", "words"), [
    ("flip", "damaged, altered or cut short"),
    ("truncate", "damaged, altered or cut short"),
    ("not-a-bundle", "not a Tawthiq bundle"),
])
def test_tampered_and_truncated_bundles_are_refused_whole(instances: Callable[..., Workspace], tmp_path: Path,
                                                          damage: str, words: str) -> None:
    field, hq = _pair(instances)
    create_record(field, kind="event", data={"title": "Shelling of the market"})
    path = tmp_path / "1.tqs"
    bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=path)
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0x01
    elif damage == "truncate":
        raw = raw[: len(raw) - 40]
    else:
        raw = bytearray(b"PK\x03\x04 a zip, not a bundle")
    path.write_bytes(bytes(raw))
    _refused(hq, path, words)


def test_a_bundle_from_an_untrusted_instance_is_refused(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    stranger, hq = instances("stranger"), instances("hq")
    create_record(stranger, kind="event", data={"title": "Planted story"})
    bundles.export_bundle(stranger, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=tmp_path / "x.tqs")
    _refused(hq, tmp_path / "x.tqs", "is not trusted")


def test_a_bundle_for_another_instance_is_refused(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    field, hq = _pair(instances)
    other = instances("other")
    bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(other, OWNER), out=tmp_path / "x.tqs")
    _refused(hq, tmp_path / "x.tqs", "made for another instance")


def _crafted(sender: Workspace, receiver: Workspace, members: dict[str, bytes], path: Path,
             compress: int = zipfile.ZIP_STORED, sign: bool = True) -> None:
    """A bundle built by hand with the sender's real key: what an insider (or a stolen key) could send."""
    key = instance.instance_key(sender)
    recipient = instance.public_key(receiver, OWNER)
    files = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in members.items()}
    manifest = canonical_json({"bundle_id": "f" * 32, "sender": signing.public_key_text(key), "recipient": recipient,
                               "since": 0, "mark": 0, "files": files}).encode()
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress)
        archive.writestr("manifest.json", manifest)
        archive.writestr("manifest.sig", signing.sign(key, manifest) if sign else b"\0" * 64)
    stream_key = nacl.utils.random(32)
    header = {"sender": signing.public_key_text(key), "recipient": recipient,
              "sealed_key": b64(signing.seal_to(signing.parse_public_key(recipient), stream_key))}
    with path.open("wb") as handle:
        handle.write(bundles.MAGIC + json.dumps(header).encode() + b"\n")
        with Encryptor(handle, stream_key) as out:
            out.write(plain.getvalue())


def test_zip_slip_names_are_refused_before_anything_is_written(instances: Callable[..., Workspace],
                                                               tmp_path: Path) -> None:
    field, hq = _pair(instances)
    _crafted(field, hq, {"records.jsonl": b"", "audit.jsonl": b"", "../../escaped.txt": b"owned"},
             tmp_path / "slip.tqs")
    _refused(hq, tmp_path / "slip.tqs", "unexpected file name")
    assert not list(tmp_path.rglob("escaped.txt"))


def test_an_archive_bomb_is_refused_without_expanding_it(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    field, hq = _pair(instances)
    _crafted(field, hq, {"records.jsonl": b"\n" * (50 << 20), "audit.jsonl": b""}, tmp_path / "bomb.tqs",
             zipfile.ZIP_DEFLATED)
    assert (tmp_path / "bomb.tqs").stat().st_size < 1 << 20
    _refused(hq, tmp_path / "bomb.tqs", "archive bomb")


def test_a_forged_signature_is_refused(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    field, hq = _pair(instances)
    _crafted(field, hq, {"records.jsonl": b"", "audit.jsonl": b""}, tmp_path / "forged.tqs", sign=False)
    _refused(hq, tmp_path / "forged.tqs", "signature does not match")


def test_the_command_line_carries_a_bundle(instances: Callable[..., Workspace], cli: Callable[..., Any],
                                           tmp_path: Path) -> None:
    cli("init")
    hq = instances("hq")
    cli("event", "add", "--title", "Raid on the bakery")
    field_key = json.loads(cli("instance", "key", "--json").stdout)["public_key"]
    instance.trust(hq, OWNER, key=field_key, name="field office")
    exported = cli("bundle", "export", "--to", instance.public_key(hq, OWNER), "--out", str(tmp_path / "b.tqs")).stdout
    assert "--since" in exported
    assert bundles.import_bundle(hq, OWNER, path=tmp_path / "b.tqs")["imported"] >= 1
    assert "Raid on the bakery" in _titles(hq)
    assert "is not an instance public key" in cli("instance", "trust", "nonsense", "--name", "x", code=2).output
