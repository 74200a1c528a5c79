"""The web commands as a user types them: serve, user add, token create."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tawthiq.config import Settings
from tawthiq.web import create_app
from tests.conftest import _free_port


@pytest.fixture
def cli(run_cli: Any) -> Any:
    run_cli("init")
    return run_cli


def test_user_add_reads_the_password_from_stdin_and_the_user_can_log_in(cli: Any, tmp_path: Path) -> None:
    cli("user", "add", "salma", "--role", "analyst", "--password-stdin", stdin="a long secret phrase\n")
    users = json.loads(cli("user", "list", "--json").stdout)  # what GET /api/v1/admin/users answers
    # the operator who ran `init` on the new data directory is its admin
    assert [(u["username"], u["role"], u["language"], u["active"]) for u in users] == [
        ("operator", "admin", "en", True), ("salma", "analyst", "en", True)]
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as client:
        ok = client.post("/api/v1/auth/login", json={"username": "salma", "password": "a long secret phrase"})
        assert ok.status_code == 200 and ok.json()["role"] == "analyst"


@pytest.mark.parametrize(("args", "stdin", "field"), [
    (["salma", "--role", "superuser"], "a long secret phrase\n", "role"),
    (["salma", "--role", "viewer"], "short\n", "password"),
    (["Bad Name", "--role", "viewer"], "a long secret phrase\n", "username"),
])
def test_user_add_refuses_bad_input_naming_the_field(cli: Any, args: list[str], stdin: str, field: str) -> None:
    result = cli("user", "add", *args, "--password-stdin", code=2, stdin=stdin)
    assert field in result.output
    assert [u["username"] for u in json.loads(cli("user", "list", "--json").stdout)] == ["operator"]


def test_user_creation_is_in_the_audit_chain_without_the_password(cli: Any) -> None:
    cli("user", "add", "omar", "--role", "documenter", "--password-stdin", stdin="another long phrase\n")
    verify = cli("verify", "--json")
    assert json.loads(verify.stdout)["ok"] is True
    db = Path(os.environ["TAWTHIQ_DATA_DIR"]) / "tawthiq.db"
    assert b"another long phrase" not in db.read_bytes()


def test_token_create_prints_a_token_that_the_api_accepts(cli: Any, tmp_path: Path) -> None:
    cli("user", "add", "omar", "--role", "documenter", "--password-stdin", stdin="another long phrase\n")
    token = cli("token", "create", "omar", "--name", "scripts").stdout.strip()
    cli("token", "create", "nobody", code=2)
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "omar"


def _workers(pid: int) -> int:
    """How many uvicorn worker processes (multiprocessing children) the server ``pid`` runs."""
    count = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            count += parent == pid and b"spawn_main" in (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
    return count


def test_serve_on_a_fresh_data_directory_makes_an_admin_and_says_where_to_log_in(tmp_path: Path) -> None:
    env = {**os.environ, "TAWTHIQ_DATA_DIR": str(tmp_path / "data")}
    tawthiq = [sys.executable, "-c", "from tawthiq.cli import main; main()"]
    subprocess.run([*tawthiq, "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen([*tawthiq, "serve", "--port", str(port), "--workers", "2"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = process.stdout.readline() if process.stdout else ""
        second = process.stdout.readline() if process.stdout else ""
        assert f"http://localhost:{port}/ (2 worker processes)" in first and "admin-password.txt" in second
        password_file = tmp_path / "data" / "admin-password.txt"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        if Path("/proc/self/stat").exists():  # each worker built its own application from the environment
            while _workers(process.pid) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _workers(process.pid) == 2
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
