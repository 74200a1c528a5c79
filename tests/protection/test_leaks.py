"""A planted identity never leaves: not in exports, packages, bundles, backups, logs, command output, error
messages, pages or API responses; only an explicit, recorded request shows it."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.config import Settings
from tawthiq.crypto import signing
from tawthiq.crypto.envelope import unb64
from tawthiq.crypto.stream import decrypt_stream
from tawthiq.db.models import AuditEntry
from tawthiq.services.protection import bundles, instance
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace, open_workspace
from tests.protection.conftest import PLANTED, PLANTED_CONTACT
from tests.support import OWNER
from tests.web.conftest import Seeded, login

SECRETS = (PLANTED, PLANTED_CONTACT)


def _clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{where} shows a protected value"


def _ids(cli: Callable[..., Any]) -> tuple[str, str]:
    cli("init")
    source = json.loads(cli("source", "add", "--pseudonym", "Abu Khaled", "--identity", PLANTED, "--contact",
                            PLANTED_CONTACT, "--confidentiality", "restricted", "--json").stdout)
    event = json.loads(cli("event", "add", "--title", "Shelling of the market", "--start", "2015-07-14",
                           "--json").stdout)
    cli("information", "add", "--source", source["id"], "--event", event["id"])
    return source["id"], event["id"]


def test_every_output_of_the_command_line_carries_the_pseudonym_only(cli: Callable[..., Any], tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    source, event = _ids(cli)
    outputs = [
        cli("source", "list", "--json").output, cli("source", "show", source).output,
        cli("source", "show", source, "--json").output,
        cli("history", "source", source).output, cli("history", "source", source, "--json").output,
        cli("event", "show", event, "--json").output, cli("status").output, cli("verify").output,
        cli("search", "Abu Khaled").output,
        # errors: a bad update that carries the identity, an unknown field next to it
        cli("source", "update", source, "--identity", PLANTED, "--reliability", "no-such-grade", code=2).output,
        cli("source", "add", "--pseudonym", "", "--identity", PLANTED, code=2).output,
    ]
    for fmt in ("jsonl", "csv"):
        cli("export", "--format", fmt, "--out", str(tmp_path / f"all.{fmt}"))
        outputs.append((tmp_path / f"all.{fmt}").read_text(encoding="utf-8"))
    cli("package", event, "--out", str(tmp_path / "package"))
    outputs.extend(p.read_text(encoding="utf-8") for p in (tmp_path / "package").rglob("*") if p.is_file())
    cli("backup", "--out", str(tmp_path / "backup.tqb"))
    outputs.append((tmp_path / "backup.tqb").read_bytes().decode("latin-1"))
    outputs.append(caplog.text)
    for number, text in enumerate(outputs):
        _clean(text, f"output {number}")
    assert "Abu Khaled" in outputs[0]  # the pseudonym is what is shown
    for file in (tmp_path / "data").rglob("*"):
        if file.is_file():
            _clean(file.read_bytes().decode("latin-1"), file.name)


def test_only_an_explicit_request_shows_the_identity_and_it_is_recorded(cli: Callable[..., Any],
                                                                        tmp_path: Path) -> None:
    source, event = _ids(cli)
    assert PLANTED in cli("reveal", "source", source, "--purpose", "court order 12", "--json").stdout
    cli("export", "--format", "jsonl", "--out", str(tmp_path / "full.jsonl"), "--include-protected")
    assert PLANTED in (tmp_path / "full.jsonl").read_text(encoding="utf-8")
    cli("package", event, "--out", str(tmp_path / "with-identities"), "--include-protected")
    assert PLANTED in (tmp_path / "with-identities" / "data" / "description.json").read_text(encoding="utf-8")
    workspace = open_workspace(Settings(data_dir=tmp_path / "data"))
    try:
        with workspace.reading() as session:
            details = {a: d for a, d in session.execute(select(AuditEntry.action, AuditEntry.details).where(
                AuditEntry.action.in_(["reveal", "export", "package"])))}
    finally:
        workspace.close()
    assert details["reveal"]["purpose"] == "court order 12"
    assert details["export"]["include_protected"] is True and details["export"]["revealed"] == 1
    assert details["package"]["include_protected"] is True


def test_a_bundle_carries_identities_sealed_only(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    sender, receiver = instances("field"), instances("hq")
    create_record(sender, kind="source",
                  data={"pseudonym": "Abu Khaled", "identity": PLANTED, "contact": PLANTED_CONTACT})
    bundle = tmp_path / "out.tqs"
    bundles.export_bundle(sender, OWNER, since=0, recipient=instance.public_key(receiver, OWNER), out=bundle)
    with bundle.open("rb") as handle:  # open it as the recipient would, and read every member
        handle.readline()
        header = json.loads(handle.readline())
        key = signing.open_sealed(instance.instance_key(receiver), unb64(header["sealed_key"]))
        plain = io.BytesIO()
        decrypt_stream(handle, plain, key)
    with zipfile.ZipFile(plain) as archive:
        text = "".join(archive.read(name).decode("latin-1") for name in archive.namelist())
    assert "Abu Khaled" in text
    _clean(text, "the bundle")


@pytest.mark.parametrize("path", [
    "/api/v1/records/sources", "/api/v1/records/sources/{source}", "/api/v1/records/sources/{source}/history",
    "/api/v1/search?q=Khaled", "/api/v1/events/{event}", "/records/sources/{source}", "/events/{event}", "/events",
    "/records/sources/{source}/edit", "/api/v1/records/sources/{source}/nothing", "/",
])
def test_no_page_or_api_response_shows_an_identity(app_client: TestClient, seeded: Seeded, path: str) -> None:
    login(app_client, "admin")  # the highest role: still pseudonyms only
    response = app_client.get(path.format(source=seeded.source, event=seeded.events["public"]))
    assert "Real Name Khaled" not in response.text
