"""Test harness: a fresh workspace per test on a real SQLite file, and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tawthiq.cli import context
from tawthiq.cli.app import build_app
from tawthiq.config import Settings
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.workspace import Workspace, open_workspace

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root: as root, run the cluster as the postgres user.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL 15 cluster in a temp dir on 127.0.0.1, for this test session only. Yields its admin URL."""
    bindir = Path(os.environ.get("TAWTHIQ_PG_BINDIR", "/usr/lib/postgresql/15/bin"))
    if not (bindir / "initdb").exists():
        pytest.fail(f"PostgreSQL binaries not found in {bindir}: run `make test` (it installs postgresql-15 as root)")
    root = Path(tempfile.mkdtemp(prefix="tawthiq-pg-"))
    os.chmod(root, 0o777)
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    os.chmod(sockets, 0o777)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "tawthiq", "--auth=trust", "-E", "UTF8",
                                 "--locale=C.UTF-8"]), check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off -c full_page_writes=off"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
                                 "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://tawthiq@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


_databases = itertools.count()


def _fresh_postgres_database(server: str) -> str:
    name = f"t{next(_databases)}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the throwaway cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'tawthiq.db'}"
    return _fresh_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, user="tester", samples_dir=SAMPLES)


@pytest.fixture
def ws(settings: Settings) -> Iterator[Workspace]:
    """An initialised workspace (schema and shipped vocabularies), on each database backend."""
    workspace = open_workspace(settings)
    init_workspace(workspace)
    yield workspace
    workspace.close()


@pytest.fixture
def sqlite_ws(tmp_path: Path) -> Iterator[Workspace]:
    """An initialised workspace on SQLite only, for tests about files and the command line."""
    workspace = open_workspace(Settings(data_dir=tmp_path / "data", user="tester", samples_dir=SAMPLES))
    init_workspace(workspace)
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def _forget_cli_workspace() -> Iterator[None]:
    yield
    context.reset()


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Run a command as a user types it, on the data directory ``tmp_path/data`` (its key file beside it, no
    passphrase), as "operator"; asserts the exit code. Modules add their own ``cli`` fixture on top."""
    monkeypatch.setenv("TAWTHIQ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TAWTHIQ_USER", "operator")
    monkeypatch.setenv("TAWTHIQ_SAMPLES_DIR", str(SAMPLES))
    for name in ("TAWTHIQ_DATABASE_URL", "TAWTHIQ_PASSPHRASE", "TAWTHIQ_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    runner, app = CliRunner(), build_app()

    def run(*args: str, code: int = 0, stdin: str | None = None, env: dict[str, str] | None = None) -> Any:
        context.reset()
        result = runner.invoke(app, list(args), input=stdin, env=env)
        assert result.exit_code == code, result.output
        return result

    return run


CHROMIUM = Path("/usr/bin/chromium")  # Debian's, which `make test` installs as root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium: run `make test` (it installs the Debian package as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()
