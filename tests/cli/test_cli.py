"""The `tawthiq` command as a user types it: JSON output, exit codes, bilingual errors."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tawthiq.cli.app import build_app
from tawthiq.cli.context import reset


@pytest.fixture
def cli(run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("TAWTHIQ_USER", "documenter1")
    run_cli("init")
    return run_cli


def _json(result: Any) -> Any:
    return json.loads(result.stdout)


def test_event_lifecycle_from_the_command_line(cli: Any) -> None:
    event = _json(cli("event", "add", "--title", "Shelling of Albu Kamal market", "--start", "2015-07-14",
                      "--place-text", "البوكمال", "--json"))
    act = _json(cli("act", "add", "--event", event["id"][:8], "--type", "indiscriminate-attack", "--method", "shelling",
                    "--killed", "4", "--json"))
    cli("involvement", "add", "--act", act["id"], "--actor", "syrian-government-forces", "--degree", "suspected")
    cli("event", "update", event["id"][:8], "--status", "corroborated")
    shown = _json(cli("event", "show", event["id"][:8], "--json"))
    assert shown["status"] == "corroborated" and shown["related"]["acts"][0]["killed"] == 4
    history = _json(cli("history", "event", event["id"], "--json"))
    assert history[1]["by"] == "documenter1"
    assert history[1]["fields"] == [{"field": "status", "before": "unverified", "after": "corroborated"}]
    cli("event", "delete", event["id"], "--reason", "entered twice")
    assert _json(cli("event", "list", "--json")) == []
    assert len(_json(cli("event", "list", "--deleted", "--json"))) == 1


def test_bad_input_exits_2_with_the_field_named_in_english_and_arabic(cli: Any) -> None:
    result = cli("event", "add", "--title", "x", "--start", "2016", "--end", "2015", code=2)
    assert "end" in result.output and "nothing was written" in result.output and "لم يُكتب شيء" in result.output
    result = cli("event", "add", "--title", "x", "--latitude", "91", "--longitude", "40", code=2)
    assert "latitude" in result.output and "out of range" in result.output
    assert _json(cli("event", "list", "--json")) == []


def test_unknown_records_exit_3(cli: Any) -> None:
    result = cli("event", "show", "deadbeef", code=3)
    assert "not found" in result.output


def test_deleting_needs_a_reason(cli: Any) -> None:
    event = _json(cli("event", "add", "--title", "x", "--json"))
    cli("event", "delete", event["id"], code=2)


def test_vocabulary_listing(cli: Any) -> None:
    names = {v["slug"] for v in _json(cli("vocab", "list", "--json"))}
    assert "violation-types" in names
    concepts = _json(cli("vocab", "list", "violation-types", "--json"))
    assert any(c["slug"] == "extrajudicial-execution" and c["parent"] for c in concepts)
    cli("vocab", "list", "no-such-vocabulary", code=2)


def test_evidence_add_show_and_verify(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "from-the-field"
    (folder / "day2").mkdir(parents=True)
    (folder / "statement.txt").write_text("إفادة شاهد", encoding="utf-8")
    (folder / "day2" / "statement-copy.txt").write_text("إفادة شاهد", encoding="utf-8")
    added = _json(cli("evidence", "add", str(folder), "--json"))
    assert [a["duplicate"] for a in added] == [False, True]
    item = _json(cli("evidence", "show", added[0]["sha256"][:10], "--json"))
    assert item["media_type"] == "text/plain" and len(item["custody"]) == 2
    assert _json(cli("verify", "--json"))["ok"] is True
    cli("evidence", "add", str(tmp_path / "nope.jpg"), code=2)


def test_verify_exits_1_and_names_the_tampered_file(cli: Any, tmp_path: Path) -> None:
    photo = tmp_path / "p.bin"
    photo.write_bytes(b"\x89PNG" + os.urandom(200))
    [added] = _json(cli("evidence", "add", str(photo), "--json"))
    stored = tmp_path / "data" / "evidence" / added["sha256"][:2] / added["sha256"][2:4] / added["sha256"]
    stored.chmod(0o644)
    data = stored.read_bytes()
    stored.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))  # always another byte ("!" was the last one 1 time in 256)
    result = cli("verify", code=1)
    assert added["sha256"] in result.output


def test_export_and_import_through_the_command_line(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("demo")
    out = tmp_path / "all.jsonl"
    cli("export", "--format", "jsonl", "--out", str(out))
    monkeypatch.setenv("TAWTHIQ_DATA_DIR", str(tmp_path / "second"))
    cli("init")
    result = cli("import", str(out))
    assert "records imported" in result.output
    assert len(_json(cli("event", "list", "--json"))) == 6
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "event", "record": {"title": "ok"}}\nnot json\n', encoding="utf-8")
    result = cli("import", str(bad), code=2)
    assert "line 2" in result.output


def test_commands_refuse_an_uninitialised_data_directory(cli: Any, monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setenv("TAWTHIQ_DATA_DIR", str(tmp_path / "never-initialised"))
    reset()
    result = CliRunner().invoke(build_app(), ["event", "list"])
    assert result.exit_code != 0


def test_status_counts_records(cli: Any) -> None:
    cli("demo")
    status = _json(cli("status", "--json"))
    assert status["schema_current"] is True and status["records"]["events"] == 6


def test_a_process_killed_while_adding_a_large_file_leaves_no_partial_item(tmp_path: Path) -> None:
    env = {**os.environ, "TAWTHIQ_DATA_DIR": str(tmp_path / "data")}
    tawthiq = [sys.executable, "-c", "from tawthiq.cli import main; main()"]
    subprocess.run([*tawthiq, "init"], env=env, check=True, capture_output=True)
    big = tmp_path / "video.bin"
    with big.open("wb") as handle:
        for _ in range(400):
            handle.write(os.urandom(1 << 20))
    incoming = tmp_path / "data" / "evidence" / ".tmp"
    process = subprocess.Popen([*tawthiq, "evidence", "add", str(big)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (incoming.is_dir()
                                               and any(p.stat().st_size > 0 for p in incoming.iterdir())):
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the intake finished before it could be killed"
    listed = subprocess.run([*tawthiq, "evidence", "list", "--json"], env=env, check=True, capture_output=True,
                            text=True)
    assert json.loads(listed.stdout) == []
    verified = subprocess.run([*tawthiq, "verify"], env=env, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # adding the file again after the crash works and stores it whole
    again = subprocess.run([*tawthiq, "evidence", "add", str(big), "--json"], env=env, check=True, capture_output=True,
                           text=True)
    assert json.loads(again.stdout)[0]["size"] == 400 << 20
