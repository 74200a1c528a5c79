"""Two-factor secrets at rest: kept in the database file alone, which only its owner may read; never in a backup's
plain bytes, an export, a package, a bundle, the audit log or any command's output but the enrolment's own.

Why they are not sealed with the organisation key (a server checking codes would have to hold the key that opens
every source identity) is in docs/protection.md, "What encryption does not cover".
"""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def open_umask() -> Iterator[None]:
    before = os.umask(0)  # the loosest: what protects the secrets must not depend on the operator's umask
    yield
    os.umask(before)


def test_a_two_factor_secret_lies_only_in_the_owners_database_file(
        open_umask: None, cli: Callable[..., Any], tmp_path: Path) -> None:
    cli("init")
    cli("user", "add", "salma", "--role", "coordinator", "--password-stdin", stdin="a long secret phrase\n")
    enrolled = json.loads(cli("user", "totp", "salma", "--json").stdout)
    secret = enrolled["secret"]
    forms = (secret.encode(), base64.b32decode(secret))  # as the app types it, and the raw key
    event = json.loads(cli("event", "add", "--title", "Raid on the bakery", "--json").stdout)["id"]
    witness = tmp_path / "witness.txt"
    witness.write_text("what the witness saw")
    cli("evidence", "add", str(witness), "--event", event)
    shown = [cli("status", "--json").stdout, cli("verify", "--json").stdout, cli("user", "list", "--json").stdout,
             cli("history", "event", event).stdout]
    (tmp_path / "out").mkdir()
    cli("backup", "--out", str(tmp_path / "out" / "b.tqb"))
    cli("export", "--format", "jsonl", "--out", str(tmp_path / "out" / "all.jsonl"))
    cli("export", "--format", "csv", "--out", str(tmp_path / "out" / "csv"))
    cli("package", event, "--out", str(tmp_path / "out" / "package"))
    own = json.loads(cli("instance", "key", "--json").stdout)["public_key"]
    cli("bundle", "export", "--since", "0", "--to", own, "--out", str(tmp_path / "out" / "b.tqs"))

    assert not any(form.decode("latin-1") in text for text in shown for form in forms[:1])
    holding = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()
                     and any(form in p.read_bytes() for form in forms))
    assert holding and set(holding) <= {"data/tawthiq.db", "data/tawthiq.db-wal"}, holding
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert {p: stat.S_IMODE((tmp_path / p).stat().st_mode) for p in holding} == {p: 0o600 for p in holding}
