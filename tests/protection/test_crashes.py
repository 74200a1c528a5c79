"""Nothing left behind: a command killed (SIGKILL) at any of these points leaves no plaintext outside the data
directory, `verify` lists what it left (with sizes) and `clean` removes it, with an audit entry.

Each kill point runs the real command in a subprocess (tests/protection/killpoints.py stops it there), with its own
temporary folder (TMPDIR), and looks for the planted words in every file outside the data directories. Inside, every
new file must lie where `verify` looks for leftovers (the private scratch folder, evidence/.tmp/), or be the
database's log or an evidence file stored whole under its hash; after `clean`, only the last two.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tawthiq.cli import context
from tawthiq.cli.app import build_app
from tawthiq.config import Settings
from tawthiq.db.models import AuditEntry
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.protection import backup, bundles, instance
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import open_workspace
from tests.protection.conftest import PLANTED, make_instance
from tests.support import OWNER

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Planted title Zr41 of the market raid"  # plain in the database, and only there
EVIDENCE = b"Planted evidence Zr41 " * 1000  # in the evidence store, and only there
MARKERS = (TITLE.encode(), b"Planted evidence Zr41", PLANTED.encode())
MIB = 1 << 20


def _evidence_file(path: Path, size: int = 3 * MIB) -> Path:
    path.write_bytes(EVIDENCE + os.urandom(size))  # several 1 MiB chunks: a kill can fall between them
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two instances: hq (records, a source, two evidence files of 3 MiB, a backup, a bundle for field) and
    field (trusting hq); the files a command adds lie in inputs/."""
    root = tmp_path_factory.mktemp("crash-template")
    inputs = root / "inputs"
    inputs.mkdir()
    hq, field = make_instance(root, "hq"), make_instance(root, "field")
    try:
        create_record(hq, kind="event", data={"title": TITLE, "start": "2015-07-14"})
        create_record(hq, kind="source", data={"pseudonym": "Abu Khaled", "identity": PLANTED})
        add_evidence(hq, OWNER, paths=[_evidence_file(inputs / "a.bin"), _evidence_file(inputs / "b.bin")])
        _evidence_file(inputs / "new.bin")
        (inputs / "report.html").write_text(f"<html><body><!-- {'0' * 3 * MIB} --><h1>{TITLE}</h1>"
                                            "<p>The market was shelled.</p></body></html>")  # 3 MiB, short text
        field_key = instance.public_key(field, OWNER)
        (root / "field.pub").write_text(field_key)
        instance.trust(field, OWNER, key=instance.public_key(hq, OWNER), name="hq")
        bundles.export_bundle(hq, OWNER, since=0, recipient=field_key, out=root / "hq-to-field.tqs")
        backup.create_backup(hq, OWNER, out=root / "hq.tqb")
    finally:
        hq.close()
        field.close()
    return root


@pytest.fixture
def work(template: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "w"
    shutil.copytree(template, copy)
    (copy / "systmp").mkdir()
    yield copy
    context.reset()


def _env(work: Path, name: str) -> dict[str, str]:
    owner = "hq" if name == "restored" else name  # a restored hq opens with hq's key file and has hq's accounts
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAWTHIQ_")}
    env.update(TAWTHIQ_DATA_DIR=str(work / name), TAWTHIQ_KEY_FILE=str(work / f"{owner}.key"),
               TAWTHIQ_USER=f"{owner}-user", TMPDIR=str(work / "systmp"))
    return env


def _cli(work: Path, name: str, *args: str, code: int = 0) -> Any:
    context.reset()
    result = CliRunner().invoke(build_app(), list(args), env=_env(work, name))
    assert result.exit_code == code, result.output
    return result


def _kill_at(point: str, work: Path, name: str, *args: str) -> None:
    """Run ``tawthiq ARGS`` on instance ``name`` until it reaches ``point``, then SIGKILL it."""
    ready = work / "systmp" / f"{point}.ready"
    log = work / "systmp" / f"{point}.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "tests.protection.killpoints", point, str(ready), "--",
                                    *args], cwd=ROOT, env=_env(work, name), stdout=output, stderr=output)
    deadline = time.monotonic() + 120
    while not ready.exists():
        if process.poll() is not None:
            pytest.fail(f"{point}: the command ended before the kill point: {log.read_text()[-2000:]}")
        assert time.monotonic() < deadline, f"{point}: the kill point was not reached"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    ready.unlink()
    log.unlink()
    assert process.returncode == -signal.SIGKILL


def _plaintext_outside(work: Path, since: set[str]) -> list[str]:
    """Files outside the data directories (and inputs/) holding a planted word: in the work folder, in the command's
    TMPDIR, and anything new in the system's temporary folder."""
    places = [p for p in work.iterdir() if p.name not in ("hq", "field", "restored", "inputs")]
    system = Path(tempfile.gettempdir())
    places += [system / n for n in os.listdir(system) if n not in since and n.startswith(("tawthiq", "tmp"))]
    found = []
    for place in places:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()] if place.is_dir() else []
        for file in files:
            try:
                content = file.read_bytes()
            except OSError:
                continue
            found += [f"{file}: {marker[:20]!r}" for marker in MARKERS if marker in content]
    return found


def _files(data: Path) -> set[str]:
    return {str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()} if data.is_dir() else set()


def _unexplained(data: Path, before: set[str], *, scratch: bool) -> list[str]:
    """Files new in the data directory since ``before`` that are none of: the database's log and index, an evidence
    file under its own SHA-256 (content that was stored whole), and, when ``scratch``, what `verify` lists as
    leftovers (private scratch folders, intake temporary files)."""
    found = []
    for name in sorted(_files(data) - before):
        path = data / name
        if name.startswith("tawthiq.db-") or (name.startswith("evidence/") and not name.startswith("evidence/.tmp/")
                                               and path.name == hashlib.sha256(path.read_bytes()).hexdigest()):
            continue
        if scratch and name.startswith((".private/", "evidence/.tmp/incoming-")):
            continue
        found.append(name)
    return found


def _leftovers(work: Path, name: str) -> list[str]:
    notes = json.loads(_cli(work, name, "verify", "--json").stdout)["notes"]
    return [n for n in notes if n.startswith("leftover")]


# point, instance, command, what `verify` must list afterwards (by kind)
CASES = [
    ("evidence-mid-copy", "hq", ["evidence", "add", "{w}/inputs/new.bin"], ["intake"]),
    ("evidence-stored-not-recorded", "hq", ["evidence", "add", "{w}/inputs/new.bin"], []),
    ("ingest-mid-copy", "hq", ["ingest", "{w}/inputs/report.html"], ["intake"]),
    ("backup-after-snapshot", "hq", ["backup", "--out", "{w}/out.tqb"], ["scratch"]),
    ("backup-mid-archive", "hq", ["backup", "--out", "{w}/out.tqb"], ["partial", "scratch"]),  # after a.bin
    ("bundle-export-mid-write", "hq", ["bundle", "export", "--since", "0", "--to", "{field}", "--out", "{w}/out.tqs"],
     ["partial", "scratch"]),
    ("bundle-import-mid-check", "field", ["bundle", "import", "{w}/hq-to-field.tqs"], []),
    ("bundle-import-mid-store", "field", ["bundle", "import", "{w}/hq-to-field.tqs"], ["intake"]),
]
KINDS = {"intake": "interrupted evidence intake", "scratch": "private scratch folder",
         "partial": "unfinished output file"}


@pytest.mark.parametrize(("point", "name", "command", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_killed_command_leaves_no_plaintext_outside_and_verify_lists_what_clean_removes(
        work: Path, point: str, name: str, command: list[str], expected: list[str]) -> None:
    before = set(os.listdir(tempfile.gettempdir()))
    data, files = work / name, _files(work / name)
    args = [a.format(w=work, field=(work / "field.pub").read_text()) for a in command]
    _kill_at(point, work, name, *args)
    assert _plaintext_outside(work, before) == []
    assert _unexplained(data, files, scratch=True) == []  # inside: only where verify looks, or stored whole
    left = _leftovers(work, name)
    assert sorted(next(k for k, words in KINDS.items() if words in note) for note in left) == expected, left
    assert all(int(note.split(" (")[1].split(" bytes")[0].replace(",", "")) > 0 for note in left)  # sizes told
    if point == "bundle-import-mid-check":  # read in place: the bundle's content reached no file at all
        assert not any(marker in p.read_bytes() for p in (work / "field").rglob("*") if p.is_file()
                       for marker in MARKERS)
    cleaned = json.loads(_cli(work, name, "clean", "--json").stdout)
    assert len(cleaned["removed"]) == len(expected)
    assert _leftovers(work, name) == []
    assert not list(work.glob("*.partial"))
    assert _unexplained(data, files, scratch=False) == []  # and clean left nothing of the killed command
    report = json.loads(_cli(work, name, "verify", "--json").stdout)
    assert report["ok"], report["problems"]
    _cli(work, name, *args)  # and the command, run again, does what it was asked
    assert _leftovers(work, name) == []
    print(f"\nKILL {point}: {len(left)} leftover(s) listed by verify and removed by clean: {left}")


def test_a_killed_restore_leaves_no_data_directory_and_restoring_again_works(work: Path) -> None:
    before = set(os.listdir(tempfile.gettempdir()))
    _kill_at("restore-mid-extract", work, "restored", "restore", str(work / "hq.tqb"))
    assert _plaintext_outside(work, before) == []
    assert not (work / "restored" / "tawthiq.db").exists()  # no command takes it for a data directory
    _cli(work, "restored", "status", code=2)  # not initialised
    _cli(work, "restored", "restore", str(work / "hq.tqb"))  # what the killed restore wrote is emptied first
    report = json.loads(_cli(work, "restored", "verify", "--json").stdout)
    assert report["ok"] and report["files_checked"] == 2, report
    assert [n for n in report["notes"] if n.startswith("leftover")] == []
    assert not (work / "restored" / ".private").exists() or not any((work / "restored" / ".private").iterdir())
    print("\nKILL restore-mid-extract: 0 leftovers after restoring again")


def test_clean_is_recorded_and_work_in_progress_is_left_alone(work: Path) -> None:
    from tawthiq.services.scratch import private_scratch

    with private_scratch(work / "hq", "backup") as busy:  # a live operation of this process
        (busy / "tawthiq.db").write_bytes(b"snapshot in progress")
        _kill_at("evidence-mid-copy", work, "hq", "evidence", "add", str(work / "inputs" / "new.bin"))
        assert len(_leftovers(work, "hq")) == 1  # the killed intake, not the live folder
        cleaned = json.loads(_cli(work, "hq", "clean", "--json").stdout)
        assert [item["what"] for item in cleaned["removed"]] == ["intake"] and cleaned["bytes"] > 0
        assert (busy / "tawthiq.db").exists()
    assert json.loads(_cli(work, "hq", "verify", "--json").stdout)["ok"]
    ws = open_workspace(Settings(data_dir=work / "hq", key_file=work / "hq.key", user="hq-user"))
    try:
        with ws.reading() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "clean")).one()
    finally:
        ws.close()
    assert (entry.actor, entry.details["removed"], entry.details["kinds"]) == ("hq-user", 1, {"intake": 1})
    assert entry.details["bytes"] == cleaned["bytes"]
