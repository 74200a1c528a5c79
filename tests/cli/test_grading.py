"""`tawthiq grade` as a user types it: the grade with its reason and min–max figures, overrides with a reason,
clearing, and the exit codes for bad input and for roles that may not."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture
def cli(run_cli: Any) -> Any:
    run_cli("init")
    return run_cli


def add(cli: Any, *args: str) -> str:
    return str(json.loads(cli(*args, "--json").stdout)["id"])


def test_grade_shows_reason_and_figures_and_an_override_needs_a_reason(cli: Any) -> None:
    event = add(cli, "event", "add", "--title", "Shelling of the market", "--start", "2015-07-14",
                "--confidentiality", "public")
    add(cli, "act", "add", "--event", event, "--type", "indiscriminate-attack", "--killed", "4", "--injured", "9")
    source = add(cli, "source", "add", "--pseudonym", "Abu Khaled", "--confidentiality", "public")
    add(cli, "information", "add", "--event", event, "--source", source)

    out = cli("grade", event[:8]).stdout
    assert "weak" in out and "one source" in out and "killed: 4 (1 accounts)" in out and "injured: 9" in out
    shown = json.loads(cli("grade", event, "--json").stdout)
    assert (shown["grade"], shown["computed"], shown["override"]) == ("weak", "weak", None)
    assert shown["figures"] == {"killed": {"min": 4, "max": 4, "accounts": 1},
                                "injured": {"min": 9, "max": 9, "accounts": 1}}

    refused = cli("grade", event, "--override", "confirmed", code=2)
    assert "reason" in refused.stderr and "سبب" in refused.stderr
    assert "grade" in cli("grade", event, "--override", "certain", "--reason", "video", code=2).stderr
    cli("grade", event, "--override", "fair", "--clear", "--reason", "both", code=2)
    cli("grade", event, "--clear", "--reason", "nothing set", code=2)
    assert json.loads(cli("grade", event, "--json").stdout)["grade"] == "weak"  # nothing was written

    set_ = json.loads(cli("grade", event, "--override", "confirmed", "--reason", "geolocated video", "--json").stdout)
    assert (set_["grade"], set_["computed"], set_["override"]["reason"]) == ("confirmed", "weak", "geolocated video")
    assert "computed: weak" in cli("grade", event).stdout
    cli("verify")  # the audit chain holds with the override's entries

    cleared = json.loads(cli("grade", event, "--clear", "--reason", "the video is older", "--json").stdout)
    assert (cleared["grade"], cleared["override"]) == ("weak", None)
    cli("grade", "nosuchevent", code=3)


def test_only_admins_and_coordinators_may_override(cli: Any) -> None:
    event = add(cli, "event", "add", "--title", "Raid", "--start", "2015-07-14", "--confidentiality", "public")
    cli("user", "add", "reader", "--role", "analyst", "--password-stdin", stdin="a long secret phrase\n")
    env = {"TAWTHIQ_USER": "reader"}
    assert json.loads(cli("grade", event, "--json", env=env).stdout)["grade"] == "weak"
    cli("grade", event, "--override", "confirmed", "--reason", "seen", code=4, env=env)
    assert json.loads(cli("grade", event, "--json").stdout)["grade"] == "weak"
