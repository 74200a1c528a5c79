"""`tawthiq profile …` and `tawthiq publication-log` as a user types them: list, show, save a new version, its
history, a bad key refused with exit 2 in both languages, and the withheld log of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tawthiq.cli import context
from tawthiq.services.publishing.collect import collect
from tawthiq.services.publishing.withheld import record_run


@pytest.fixture
def cli(run_cli: Any) -> Any:
    run_cli("init")
    return run_cli


def test_profiles_are_listed_shown_saved_as_new_versions_and_a_bad_key_is_refused(cli: Any, tmp_path: Path) -> None:
    listed = {p["name"]: p for p in json.loads(cli("profile", "list", "--json").stdout)}
    assert (listed["public"]["origin"], listed["minimal"]["version"]) == ("built-in", 1)
    data = json.loads(cli("profile", "show", "public", "--json").stdout)
    assert data["min_status"] == "corroborated" and "identity" not in data["fields"]["source"]
    mine = tmp_path / "monthly.json"
    mine.write_text(json.dumps({**data, "name": "monthly", "date_level": "month"}), encoding="utf-8")
    assert "saved as version 1" in cli("profile", "save", str(mine)).stdout
    assert "saved as version 2" in cli("profile", "save", str(mine)).stdout
    history = json.loads(cli("profile", "history", "monthly", "--json").stdout)
    assert [(v["version"], v["saved_by"]) for v in history] == [(1, "operator"), (2, "operator")]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "name": "leaky", "fields": {"source": ["identity"]}}), encoding="utf-8")
    refused = cli("profile", "save", str(bad), code=2)
    assert "fields.source" in refused.stderr and "may never be published" in refused.stderr
    assert "لا يجوز نشره" in refused.stderr
    assert "leaky" not in cli("profile", "list").stdout
    cli("profile", "show", "nowhere", code=3)


def test_the_publication_log_shows_runs_and_what_one_held_back(cli: Any, tmp_path: Path) -> None:
    event = json.loads(cli("event", "add", "--title", "Raid", "--start", "2015-07-14", "--status", "unverified",
                           "--confidentiality", "public", "--json").stdout)["id"]
    context.reset()
    ws, account = context.workspace(), context.operator()  # the operator, as the CLI's `publish` records its run
    run = record_run(ws, account, collect(ws, account), "data", str(tmp_path / "out"))
    runs = json.loads(cli("publication-log", "--json").stdout)
    assert [(r["id"], r["kind"], r["counts"]["withheld:not-verified"]) for r in runs] == [(run, "data", 1)]
    shown = cli("publication-log", run[:8]).stdout
    assert event[:8] in shown and "not-verified" in shown
    cli("publication-log", "0000", code=3)
