"""One use case, one count: the command line, the API and the event page give the same number of independent
sources, with a source that was soft-deleted (the command line once counted it: 2 against the page's 1)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tawthiq.config import Settings
from tawthiq.services.accounts.users import create_user
from tawthiq.services.workspace import open_workspace
from tawthiq.web import create_app
from tests.conftest import SAMPLES


def test_corroboration_is_the_same_through_the_cli_the_api_and_the_page(run_cli: Any, tmp_path: Path) -> None:
    def made(*args: str) -> str:
        return str(json.loads(run_cli(*args, "--json").stdout)["id"])

    run_cli("init")
    event = made("event", "add", "--title", "Shelling of the market", "--confidentiality", "internal")
    for pseudonym in ("Abu Khaled", "Umm Ahmad"):
        source = made("source", "add", "--pseudonym", pseudonym, "--confidentiality", "internal")
        made("information", "add", "--event", event, "--source", source)
    run_cli("source", "delete", source, "--reason", "the same person as Abu Khaled")

    cli_count = json.loads(run_cli("link", "corroboration", event, "--json").stdout)["sources"]
    settings = Settings(data_dir=tmp_path / "data", user="operator", samples_dir=SAMPLES)
    workspace = open_workspace(settings)
    create_user(workspace, username="analyst", role="analyst", password="a long enough password")
    workspace.close()
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/v1/auth/login", json={"username": "analyst", "password": "a long enough password"}
                           ).status_code == 200
        api_count = client.get(f"/api/v1/events/{event}/corroboration").json()["sources"]
        page = client.get(f"/events/{event}").text
    shown = re.search(r'id="corroboration">Independent sources: (\d+)', page)
    assert shown is not None
    assert cli_count == api_count == int(shown.group(1)) == 1
