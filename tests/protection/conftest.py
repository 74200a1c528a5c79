"""Protection test harness: instances in temporary directories and the command line as a user types it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tawthiq.config import Settings
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.workspace import Workspace, open_workspace
from tests.conftest import SAMPLES

# The web harness, imported as fixtures: a seeded copy of a data directory per test, one user per role (admin and
# coordinator with a second factor), a client from the app factory.
from tests.web.conftest import _seeded_template, app_client, seeded, web_settings, web_ws  # noqa: F401

PLANTED = "Planted Identity Qx7731"  # a source identity that must never leave except when revealed
PLANTED_CONTACT = "+963 PLANTED 4417"


def make_instance(root: Path, name: str, **extra: Any) -> Workspace:
    """An initialised SQLite instance in ``root/name``; its key file lies beside it, outside the data directory."""
    extra.setdefault("user", f"{name}-user")
    workspace = open_workspace(Settings(data_dir=root / name, samples_dir=SAMPLES, **extra))
    init_workspace(workspace)
    return workspace


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[Callable[..., Workspace]]:
    opened: list[Workspace] = []

    def make(name: str, **extra: Any) -> Workspace:
        opened.append(make_instance(tmp_path, name, **extra))
        return opened[-1]

    yield make
    for workspace in opened:
        workspace.close()


@pytest.fixture
def cli(run_cli: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command on the data directory ``tmp_path/data``; asserts the exit code."""
    return run_cli

