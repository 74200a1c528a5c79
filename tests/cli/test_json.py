"""The command line's --json prints what the API returns for the same thing, to the same account."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tawthiq.config import Settings
from tawthiq.web import create_app
from tests.conftest import SAMPLES

PASSWORD = "a long enough password"


def test_records_history_search_corroboration_evidence_and_suggestions_print_as_the_api_returns_them(
        run_cli: Any, tmp_path: Path) -> None:
    def made(*args: str) -> Any:
        return json.loads(run_cli(*args, "--json").stdout)

    run_cli("init")
    event = made("event", "add", "--title", "Shelling of the market", "--start", "2015-07-14")["id"]
    run_cli("event", "update", event, "--status", "corroborated")
    made("act", "add", "--event", event, "--type", "killing", "--killed", "3")
    source = made("source", "add", "--pseudonym", "Abu Khaled", "--confidentiality", "internal")["id"]
    made("information", "add", "--event", event, "--source", source)
    (tmp_path / "notes.txt").write_text("notes of the witness", encoding="utf-8")
    item = made("evidence", "add", str(tmp_path / "notes.txt"), "--event", event)[0]["evidence_id"]
    report = made("report", "add", "--title", "Witness report", "--text", "Shelling of the market.")["id"]
    run_cli("user", "add", "analyst", "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")

    def as_analyst(*args: str) -> Any:
        return json.loads(run_cli(*args, "--json", env={"TAWTHIQ_USER": "analyst"}).stdout)

    shown = as_analyst("event", "show", event)
    del shown["related"]  # the command also lists the records that point at it
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", samples_dir=SAMPLES))) as client:
        assert client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}).status_code == 200
        pairs = [
            (shown, f"/api/v1/records/event/{event}"),
            (as_analyst("history", "event", event), f"/api/v1/records/event/{event}/history"),
            (as_analyst("search", "market"), "/api/v1/search?q=market"),
            (as_analyst("link", "corroboration", event), f"/api/v1/events/{event}/corroboration"),
            (as_analyst("evidence", "show", item), f"/api/v1/evidence/{item}"),
            (as_analyst("review", report), f"/api/v1/reports/{report}/suggestions"),
        ]
        for printed, path in pairs:
            assert printed == client.get(path).json(), path
    assert shown["status"] == "corroborated" and pairs[2][0]["total"] >= 1  # not two empty answers
