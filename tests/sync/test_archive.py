"""The bundle file format alone: what is written opens as it was, and every unsafe or altered bundle is refused
whole, in English and Arabic, with nothing left behind. No database, no workspace."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import nacl.utils
import pytest
from nacl.signing import SigningKey

from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64
from tawthiq.crypto.stream import Encryptor
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.errors import InvalidInput
from tawthiq.sync import archive

EVIDENCE = b"\xff\xd8\xff" + b"field photo" * 500
EVIDENCE_NAME = f"evidence/{hashlib.sha256(EVIDENCE).hexdigest()}"
RECORDS = b'{"history":[],"kind":"event","record":{"id":"e1","title":"Shelling of the market"}}\n'


@pytest.fixture
def keys() -> tuple[SigningKey, SigningKey]:
    """The sending and the receiving instance's keys, as instance.instance_key makes them."""
    return signing.new_signing_key(), signing.new_signing_key()


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where an opened bundle's plaintext goes, so a test can see that nothing stays there."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _trusted_as(sender: SigningKey, name: str = "field office") -> Callable[[str], str]:
    """What the service asks of its trusted instances: the sender's name, or a refusal."""
    def trusted(key_text: str) -> str:
        if key_text != signing.public_key_text(sender):
            raise InvalidInput.single("bundle", "not trusted", "غير موثوقة")
        return name
    return trusted


def _write(path: Path, sender: SigningKey, recipient: SigningKey) -> None:
    with archive.write_bundle(path, key=sender, recipient=signing.public_key_text(recipient)) as bundle:
        bundle.add("records.jsonl", iter([RECORDS[:20], RECORDS[20:]]))
        bundle.add("audit.jsonl", [])
        bundle.add_file(EVIDENCE_NAME, io.BytesIO(EVIDENCE))
        bundle.finish({"bundle_id": "b" * 32, "since": 0, "mark": 7})


def _crafted(path: Path, sender: SigningKey, recipient: SigningKey, members: dict[str, bytes],
             listed: dict[str, bytes] | None = None, compress: int = zipfile.ZIP_STORED) -> None:
    """A bundle built by hand and signed with the sender's real key (an insider, or a stolen key): ``listed`` is
    what the signed manifest says the members hold."""
    files = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
             for name, data in (listed or members).items()}
    sender_text, recipient_text = signing.public_key_text(sender), signing.public_key_text(recipient)
    manifest = canonical_json({"bundle_id": "f" * 32, "sender": sender_text, "recipient": recipient_text,
                               "files": files}).encode()
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data, compress)
        zipped.writestr("manifest.json", manifest)
        zipped.writestr("manifest.sig", signing.sign(sender, manifest))
    stream_key = nacl.utils.random(32)
    header = {"sender": sender_text, "recipient": recipient_text,
              "sealed_key": b64(signing.seal_to(recipient.verify_key, stream_key))}
    with path.open("wb") as handle:
        handle.write(archive.MAGIC + json.dumps(header).encode() + b"\n")
        with Encryptor(handle, stream_key) as out:
            out.write(plain.getvalue())


def test_a_bundle_opens_with_its_manifest_and_members_as_written(keys: tuple[SigningKey, SigningKey],
                                                                 tmp_path: Path, scratch: Path) -> None:
    sender, recipient = keys
    path = tmp_path / "1.tqs"
    _write(path, sender, recipient)
    assert [p.name for p in tmp_path.iterdir() if p.name != "scratch"] == ["1.tqs"]  # no .partial left
    assert path.read_bytes().startswith(archive.MAGIC)
    with archive.open_bundle(path, key=recipient, trusted=_trusted_as(sender)) as bundle:
        assert bundle.sender_name == "field office"
        assert list(scratch.iterdir()) == []  # read in place: no plaintext is written, not even while it is open
        assert bundle.members == sorted(["records.jsonl", "audit.jsonl", EVIDENCE_NAME])
        assert {k: bundle.manifest[k] for k in ("format", "version", "bundle_id", "since", "mark")} == {
            "format": "tawthiq-bundle", "version": 1, "bundle_id": "b" * 32, "since": 0, "mark": 7}
        assert bundle.manifest["sender"] == signing.public_key_text(sender)
        assert bundle.manifest["files"]["records.jsonl"] == {"sha256": hashlib.sha256(RECORDS).hexdigest(),
                                                             "size": len(RECORDS)}
        with bundle.open("records.jsonl") as records, bundle.open(EVIDENCE_NAME) as evidence:
            assert (records.read(), evidence.read()) == (RECORDS, EVIDENCE)
    assert list(scratch.iterdir()) == []


def _refused(path: Path, recipient: SigningKey, sender: SigningKey, scratch: Path, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        with archive.open_bundle(path, key=recipient, trusted=_trusted_as(sender)):
            pytest.fail("a refused bundle was handed out")
    [problem] = caught.value.problems
    assert problem.field == "bundle"
    assert words in problem.reason and problem.reason.endswith("nothing was imported")
    assert re.search("[\u0600-\u06ff]", problem.reason_ar) and problem.reason_ar.endswith("لم يُستورد شيء")
    assert list(scratch.iterdir()) == []


def test_a_damaged_header_is_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path, scratch: Path) -> None:
    sender, recipient = keys
    path = tmp_path / "1.tqs"
    _write(path, sender, recipient)
    raw = bytearray(path.read_bytes())
    raw[len(archive.MAGIC)] = ord("x")  # the header's opening brace
    path.write_bytes(bytes(raw))
    _refused(path, recipient, sender, scratch, "header is damaged")


def test_a_flipped_byte_in_the_stream_is_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path,
                                                 scratch: Path) -> None:
    sender, recipient = keys
    path = tmp_path / "1.tqs"
    _write(path, sender, recipient)
    raw = bytearray(path.read_bytes())
    raw[-100] ^= 0x01
    path.write_bytes(bytes(raw))
    _refused(path, recipient, sender, scratch, "damaged, altered or cut short")


def test_a_bundle_for_another_instance_is_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path,
                                                  scratch: Path) -> None:
    sender, recipient = keys
    _write(tmp_path / "1.tqs", sender, recipient)
    _refused(tmp_path / "1.tqs", signing.new_signing_key(), sender, scratch, "made for another instance")


def test_a_sender_refused_by_trusted_is_never_decrypted(keys: tuple[SigningKey, SigningKey], tmp_path: Path,
                                                        scratch: Path) -> None:
    sender, recipient = keys
    _write(tmp_path / "1.tqs", sender, recipient)
    with pytest.raises(InvalidInput, match="not trusted"):
        with archive.open_bundle(tmp_path / "1.tqs", key=recipient, trusted=_trusted_as(signing.new_signing_key())):
            pytest.fail("an untrusted bundle was handed out")
    assert list(scratch.iterdir()) == []


def test_a_tampered_member_is_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path, scratch: Path) -> None:
    sender, recipient = keys
    altered = RECORDS.replace(b"market", b"MARKET")
    _crafted(tmp_path / "1.tqs", sender, recipient, {"records.jsonl": altered, "audit.jsonl": b""},
             listed={"records.jsonl": RECORDS, "audit.jsonl": b""})
    _refused(tmp_path / "1.tqs", recipient, sender, scratch, "records.jsonl does not match its hash")


@pytest.mark.parametrize("name", ["../../escaped.txt", "notes.txt", "evidence/not-a-hash", "evidence/"])
def test_an_unexpected_member_name_is_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path, scratch: Path,
                                              name: str) -> None:
    sender, recipient = keys
    _crafted(tmp_path / "1.tqs", sender, recipient, {"records.jsonl": b"", "audit.jsonl": b"", name: b"owned"})
    _refused(tmp_path / "1.tqs", recipient, sender, scratch, "unexpected file name")
    assert not list(tmp_path.rglob("escaped.txt"))


def test_an_archive_bomb_is_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path, scratch: Path) -> None:
    sender, recipient = keys
    _crafted(tmp_path / "bomb.tqs", sender, recipient, {"records.jsonl": b"\n" * (8 << 20), "audit.jsonl": b""},
             compress=zipfile.ZIP_DEFLATED)
    assert (tmp_path / "bomb.tqs").stat().st_size < (8 << 20) // archive.MAX_RATIO
    _refused(tmp_path / "bomb.tqs", recipient, sender, scratch, "archive bomb")


def test_too_many_members_are_refused(keys: tuple[SigningKey, SigningKey], tmp_path: Path, scratch: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    sender, recipient = keys
    _write(tmp_path / "1.tqs", sender, recipient)  # five members with the manifest and its signature
    monkeypatch.setattr(archive, "MAX_MEMBERS", 4)  # a million real ones would take the test minutes to build
    _refused(tmp_path / "1.tqs", recipient, sender, scratch, "too many files")


@pytest.mark.parametrize("name", ["manifest.json", "../escaped.txt", "evidence/abc", "records.jsonl"])
def test_the_writer_refuses_a_member_a_reader_would_refuse_and_leaves_nothing(
        keys: tuple[SigningKey, SigningKey], tmp_path: Path, name: str) -> None:
    sender, recipient = keys
    with pytest.raises(ValueError, match="cannot be added"):
        with archive.write_bundle(tmp_path / "1.tqs", key=sender, recipient=signing.public_key_text(recipient)) as b:
            b.add("records.jsonl", [RECORDS])
            b.add(name, [b"x"])
    assert list(tmp_path.iterdir()) == []


def _failing() -> Iterator[bytes]:
    yield b"half a member"
    raise OSError("the disk is full")


def test_a_bundle_that_fails_while_written_leaves_nothing(keys: tuple[SigningKey, SigningKey], tmp_path: Path) -> None:
    sender, recipient = keys
    with pytest.raises(OSError, match="disk is full"):
        with archive.write_bundle(tmp_path / "1.tqs", key=sender, recipient=signing.public_key_text(recipient)) as b:
            b.add("records.jsonl", _failing())
    assert list(tmp_path.iterdir()) == []


def test_a_bundle_never_finished_is_not_left_as_one(keys: tuple[SigningKey, SigningKey], tmp_path: Path) -> None:
    sender, recipient = keys
    with pytest.raises(RuntimeError, match="finish"):
        with archive.write_bundle(tmp_path / "1.tqs", key=sender, recipient=signing.public_key_text(recipient)) as b:
            b.add("records.jsonl", [RECORDS])
    assert list(tmp_path.iterdir()) == []
