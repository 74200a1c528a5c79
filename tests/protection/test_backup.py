"""Backups: encrypted, consistent, restored into an empty data directory where verify holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from tawthiq.config import Settings
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.protection import backup, instance, keys as protection
from tawthiq.services.records.store import create_record, list_records
from tawthiq.services.workspace import Workspace, open_workspace
from tests.protection.conftest import PLANTED
from tests.support import OWNER


def _filled(ws: Workspace, tmp_path: Path) -> str:
    create_record(ws, kind="event", data={"title": "Shelling of the market", "start": "2015-07-14"})
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    file = tmp_path / "witness.txt"
    file.write_text("what the witness saw, in full " * 1000)
    add_evidence(ws, OWNER, paths=[file])
    return str(source["id"])


def test_a_backup_restores_into_an_empty_directory_where_verify_holds(instances: Callable[..., Workspace],
                                                                      tmp_path: Path) -> None:
    ws = instances("hq")
    source = _filled(ws, tmp_path)
    key = instance.public_key(ws, OWNER)
    result = backup.create_backup(ws, OWNER, out=tmp_path / "hq.tqb")
    assert result["evidence_files"] == 1
    raw = (tmp_path / "hq.tqb").read_bytes()
    assert PLANTED.encode() not in raw and b"what the witness saw" not in raw  # encrypted
    target = open_workspace(Settings(data_dir=tmp_path / "restored", key_file=ws.settings.resolved_key_file()))
    try:
        backup.restore_backup(target, path=tmp_path / "hq.tqb")
        report = verify_workspace(target, OWNER)
        assert report.ok and report.files_checked == 1, report.problems
        assert [e["title"] for e in list_records(target, kind="event")] == ["Shelling of the market"]
        assert (
            protection.reveal(target, OWNER, kind="source", ident=source, purpose="restore check")["identity"]
            == PLANTED
        )
        assert instance.public_key(target, OWNER) == key  # the instance keeps its identity
    finally:
        target.close()


def test_a_passphrase_backup_needs_the_passphrase(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    ws = instances("field", passphrase=SecretStr("a long passphrase for the field"))
    _filled(ws, tmp_path)
    backup.create_backup(ws, OWNER, out=tmp_path / "field.tqb")
    target = open_workspace(Settings(data_dir=tmp_path / "restored", passphrase=SecretStr("not the passphrase at all")))
    try:
        with pytest.raises(protection.KeyLocked):
            backup.restore_backup(target, path=tmp_path / "field.tqb")
        assert not (tmp_path / "restored" / "tawthiq.db").exists()
        target.settings.passphrase = SecretStr("a long passphrase for the field")
        backup.restore_backup(target, path=tmp_path / "field.tqb")
        assert verify_workspace(target, OWNER).ok
    finally:
        target.close()


def test_restore_refuses_a_directory_in_use_and_a_damaged_backup(instances: Callable[..., Workspace],
                                                                 tmp_path: Path) -> None:
    ws = instances("hq")
    _filled(ws, tmp_path)
    backup.create_backup(ws, OWNER, out=tmp_path / "hq.tqb")
    with pytest.raises(InvalidInput) as caught:
        backup.restore_backup(ws, path=tmp_path / "hq.tqb")
    assert caught.value.problems[0].field == "data_dir"
    cut = tmp_path / "cut.tqb"
    cut.write_bytes((tmp_path / "hq.tqb").read_bytes()[:-100])
    target = open_workspace(Settings(data_dir=tmp_path / "restored", key_file=ws.settings.resolved_key_file()))
    try:
        with pytest.raises(InvalidInput) as caught:
            backup.restore_backup(target, path=cut)
        assert "cut short" in str(caught.value)
        assert not (tmp_path / "restored" / "tawthiq.db").exists() and not any((tmp_path / "restored").rglob("*.db"))
    finally:
        target.close()


def test_backup_and_restore_from_the_command_line(cli: Callable[..., object], tmp_path: Path) -> None:
    cli("init")
    cli("event", "add", "--title", "Raid on the bakery")
    cli("backup", "--out", str(tmp_path / "b.tqb"))
    env = {"TAWTHIQ_DATA_DIR": str(tmp_path / "new"), "TAWTHIQ_KEY_FILE": str(tmp_path / "data.key")}
    cli("restore", str(tmp_path / "b.tqb"), env=env)
    assert "all hold" in cli("verify", env=env).stdout  # type: ignore[attr-defined]
    assert "Raid on the bakery" in cli("event", "list", env=env).stdout  # type: ignore[attr-defined]
