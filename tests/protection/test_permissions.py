"""Files at rest: the data directory 0700, the database and keys 0600, evidence 0400, whatever the umask; `init`
tightens what is looser and says so; `status` warns."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def test_everything_the_data_directory_holds_is_its_owners_alone_whatever_the_umask(
        umask: int, cli: Callable[..., Any], tmp_path: Path) -> None:
    cli("init")
    cli("event", "add", "--title", "Raid on the bakery")
    witness = tmp_path / "witness.txt"
    witness.write_text("what the witness saw")
    cli("evidence", "add", str(witness))
    cli("instance", "key")  # makes the instance key
    cli("backup", "--out", str(tmp_path / "b.tqb"))
    data = tmp_path / "data"
    assert _mode(data) == 0o700
    assert _mode(data / "tawthiq.db") == 0o600
    assert _mode(tmp_path / "data.key") == 0o600  # the key file beside the data directory
    assert _mode(data / "keys" / "instance.key") == 0o600
    assert _mode(tmp_path / "b.tqb") == 0o600  # encrypted, and still nobody else's
    folders = [p for p in data.rglob("*") if p.is_dir()]
    assert folders and {_mode(p) for p in folders if p.name != "keys"} == {0o700}
    stored = [p for p in (data / "evidence").rglob("*") if p.is_file()]
    assert len(stored) == 1 and _mode(stored[0]) == 0o400
    loose = [f"{p} {_mode(p):o}" for p in data.rglob("*") if p.is_file() and _mode(p) & 0o077]
    assert loose == []


def test_init_tightens_a_loose_data_directory_and_says_so(cli: Callable[..., Any], tmp_path: Path) -> None:
    cli("init")
    witness = tmp_path / "witness.txt"
    witness.write_text("what the witness saw")
    cli("evidence", "add", str(witness))
    data = tmp_path / "data"
    stored = next(p for p in (data / "evidence").rglob("*") if p.is_file())
    data.chmod(0o755)  # as an older version left it under the usual umask
    (data / "tawthiq.db").chmod(0o644)
    stored.chmod(0o444)
    stored.parent.chmod(0o755)
    (tmp_path / "data.key").chmod(0o644)
    said = json.loads(cli("init", "--json").stdout)["permissions_tightened"]
    assert f"{data.resolve()} (0755 -> 0700)" in said
    assert f"{(data / 'tawthiq.db').resolve()} (0644 -> 0600)" in said
    assert f"{stored.resolve()} (0444 -> 0400)" in said
    assert f"{(tmp_path / 'data.key').resolve()} (0644 -> 0600)" in said
    assert [_mode(p) for p in (data, data / "tawthiq.db", stored, stored.parent)] == [0o700, 0o600, 0o400, 0o700]
    assert json.loads(cli("init", "--json").stdout)["permissions_tightened"] == []  # nothing left to tighten


def test_status_warns_when_others_could_read_the_data(cli: Callable[..., Any], tmp_path: Path) -> None:
    cli("init")
    assert "warning" not in cli("status").stderr
    (tmp_path / "data").chmod(0o755)
    (tmp_path / "data" / "tawthiq.db").chmod(0o644)
    result = cli("status")  # still exit 0: a warning, not a failure
    assert "warning:" in result.stderr and "tawthiq init" in result.stderr and "تحذير" in result.stderr
    assert f"{(tmp_path / 'data').resolve()} (0755)" in result.stderr
    shown = json.loads(cli("status", "--json").stdout)
    assert f"{(tmp_path / 'data' / 'tawthiq.db').resolve()} (0644)" in shown["loose_permissions"]
    cli("init")
    assert "loose_permissions" not in json.loads(cli("status", "--json").stdout)
