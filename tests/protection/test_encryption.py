"""Protected fields are sealed at rest: a copy of the database holds no identity, history included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select, text

from tawthiq.config import Settings
from tawthiq.db.models import AuditEntry, RecordVersion
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Forbidden, Role
from tawthiq.services.accounts.users import Account
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.protection import keys as protection
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import Writer, create_record, record_history, update_record
from tawthiq.services.workspace import Workspace, open_workspace
from tests.protection.conftest import PLANTED, PLANTED_CONTACT
from tests.support import OWNER


def _files_of(ws: Workspace) -> list[Path]:
    data = ws.settings.data_dir
    return [p for p in (data / "tawthiq.db", data / "tawthiq.db-wal") if p.exists()]


def test_a_copy_of_the_database_and_its_wal_holds_no_identity_of_any_version(
    instances: Callable[..., Workspace],
) -> None:
    ws = instances("hq")
    source = create_record(ws, kind="source",
                           data={"pseudonym": "Abu Khaled", "identity": PLANTED, "contact": PLANTED_CONTACT})
    update_record(ws, kind="source", ident=source["id"], data={"identity": PLANTED + " (second spelling)"})
    person = create_record(ws, kind="person", data={"name": "Witness", "protected_notes": PLANTED})
    files = _files_of(ws)
    assert files, "the SQLite file is where the test expects it"
    for file in files:
        raw = file.read_bytes()
        assert PLANTED.encode() not in raw and PLANTED_CONTACT.encode() not in raw, file.name
    with ws.reading() as session:
        snapshots = session.scalars(
            select(RecordVersion.data).where(RecordVersion.record_id.in_([source["id"], person["id"]]))
        ).all()
    assert len(snapshots) == 3 and all(PLANTED not in s for s in snapshots)
    assert verify_workspace(ws, OWNER).ok


def test_an_authorised_reveal_opens_the_identity_and_is_recorded_with_its_purpose(
    instances: Callable[..., Workspace],
) -> None:
    ws = instances("hq")
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    shown = protection.reveal(ws, OWNER, kind="source", ident=source["id"], purpose="request of the mechanism")
    assert shown["identity"] == PLANTED and shown["contact"] is None
    with ws.reading() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "reveal")).one()
    assert (entry.record_id, entry.actor, entry.details["purpose"]) == (source["id"], OWNER.username,
                                                                        "request of the mechanism")


@pytest.mark.parametrize("role", [Role.ANALYST, Role.DOCUMENTER, Role.VIEWER])
def test_roles_without_the_right_cannot_reveal_and_nothing_is_recorded(instances: Callable[..., Workspace],
                                                                       role: Role) -> None:
    ws = instances("hq")
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    with pytest.raises(Forbidden):
        protection.reveal(ws, Account("u", "u", role, "en"), kind="source", ident=source["id"], purpose="curious")
    with ws.reading() as session:
        assert session.scalar(select(AuditEntry.seq).where(AuditEntry.action == "reveal")) is None


def test_a_reveal_needs_a_purpose(instances: Callable[..., Workspace]) -> None:
    ws = instances("hq")
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    with pytest.raises(InvalidInput) as caught:
        protection.reveal(ws, OWNER, kind="source", ident=source["id"], purpose="  ")
    assert caught.value.problems[0].field == "purpose"


def test_a_passphrase_key_opens_only_with_the_passphrase_and_can_move_to_a_key_file(
    instances: Callable[..., Workspace],
) -> None:
    ws = instances("field", passphrase=SecretStr("a long passphrase for the field"))
    assert protection.key_method(ws) == "passphrase"
    assert not ws.settings.resolved_key_file().exists()  # no key file was made: the passphrase wraps the key
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    ws.settings.passphrase = SecretStr("the wrong passphrase here")
    with pytest.raises(protection.KeyLocked):
        protection.reveal(ws, OWNER, kind="source", ident=source["id"], purpose="check")
    ws.settings.passphrase = None
    with pytest.raises(protection.KeyLocked):
        protection.unlock(ws)
    assert protection.reveal(ws, OWNER, kind="source", ident=source["id"], purpose="check",
                             passphrase="a long passphrase for the field")["identity"] == PLANTED
    protection.rewrap(ws, OWNER, new_passphrase=None, passphrase="a long passphrase for the field")
    assert protection.key_method(ws) == "key-file" and ws.settings.resolved_key_file().exists()
    assert protection.reveal(ws, OWNER, kind="source", ident=source["id"], purpose="check")["identity"] == PLANTED


def test_a_key_file_inside_the_data_directory_is_refused(tmp_path: Path) -> None:
    ws = open_workspace(Settings(data_dir=tmp_path / "data", key_file=tmp_path / "data" / "org.key"))
    try:
        with pytest.raises(InvalidInput) as caught:
            init_workspace(ws)
        assert caught.value.problems[0].field == "key_file"
        assert not (tmp_path / "data" / "org.key").exists()
    finally:
        ws.close()


class _NoSealing:
    """Stands in for the sealer to write records as versions before encryption did: in plain text."""

    def seal(self, spec: Any, values: dict[str, Any]) -> dict[str, Any]:
        return values


def test_keys_init_seals_plaintext_written_before_encryption_and_verify_still_holds(
    instances: Callable[..., Workspace],
) -> None:
    ws = instances("old")
    with ws.transaction() as session:
        writer = Writer(session, "old-user")
        writer.sealer = _NoSealing()  # type: ignore[assignment]
        row = writer.insert(KINDS["source"], {"pseudonym": "Abu Khaled", "identity": PLANTED})
        writer.flush()
        writer.change(KINDS["source"], row, {"contact": PLANTED_CONTACT}, change="update")
        writer.flush()
    with ws.engine.connect() as connection:
        assert connection.execute(text("SELECT identity FROM sources")).scalar() == PLANTED
    result = protection.init_keys(ws, OWNER)
    assert (result["sealed_records"], result["sealed_versions"]) == (1, 2)
    for file in _files_of(ws):
        assert PLANTED.encode() not in file.read_bytes()
    report = verify_workspace(ws, OWNER)
    assert report.ok, report.problems
    assert protection.reveal(ws, OWNER, kind="source", ident=row["id"], purpose="check") == {
        "id": row["id"], "identity": PLANTED, "contact": PLANTED_CONTACT}
    assert protection.init_keys(ws, OWNER)["sealed_records"] == 0  # safe to repeat
    # one ciphertext per plaintext: no false change
    assert [c.field for c in record_history(ws, kind="source", ident=row["id"])[1].changes] == ["contact"]


def test_a_snapshot_altered_after_sealing_is_still_caught_by_verify(instances: Callable[..., Workspace]) -> None:
    ws = instances("hq")
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
    with ws.transaction() as session:
        version = session.scalars(select(RecordVersion).where(RecordVersion.record_id == source["id"])).one()
        data = json.loads(version.data)
        version.data = json.dumps({**data, "pseudonym": "Someone else"})
    assert any("history altered" in p for p in verify_workspace(ws, OWNER).problems)
