"""`tawthiq import --kind person` and `tawthiq link` as a user types them."""

import json
from pathlib import Path
from typing import Any

import pytest

from tawthiq.linkage.synth import generate_victim_lists
from tests.linkage.test_service import write_list


@pytest.fixture
def cli(run_cli: Any) -> Any:
    run_cli("init")
    return run_cli


def test_victim_list_to_reviewed_merge(cli: Any, tmp_path: Path) -> None:
    lists = generate_victim_lists(persons=30, setting="easy", seed=9)
    path = write_list(tmp_path / "victims.csv", lists.records)
    assert "imported" in cli("import", str(path), "--kind", "person").stdout
    out = json.loads(cli("link", "persons", "--threshold", "0.9", "--json").stdout)
    cluster = out["clusters"][0]
    assert set(cluster) >= {"id", "members", "probability"} and 0.9 <= cluster["probability"] <= 1.0
    assert all(set(m) == {"source", "external_id"} for m in cluster["members"])
    pending = json.loads(cli("link", "review", "--json").stdout)["pending"]
    first, second = pending[0]["id"], pending[1]["id"]
    decided = json.loads(cli("link", "review", "--accept", str(first), "--reject", str(second), "--json").stdout)
    assert [d["decision"] for d in decided["decided"]] == ["accept", "reject"]
    merge = decided["decided"][0]["merge"]
    walked = json.loads(cli("link", "review", "--walk", "--json", stdin="r\nq\n").stdout)
    assert len(walked["decided"]) == 1 and walked["decided"][0]["decision"] == "reject"
    cli("link", "unmerge", merge, "--reason", "checked with the family")
    cli("link", "unmerge", merge, "--reason", "again", code=2)


def test_bad_victim_list_exits_2_naming_row_and_field(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("source,external_id,full_name,sex\nS1,1,Ahmad,male\nS1,2,Ali,robot\n", encoding="utf-8")
    result = cli("import", str(path), "--kind", "person", code=2)
    assert "line 3: sex" in result.stderr
    assert json.loads(cli("person", "list", "--json").stdout) == []
    cli("link", "persons", "--threshold", "1.5", code=2)


def test_merge_by_hand_needs_two_records(cli: Any) -> None:
    person = json.loads(cli("person", "add", "--name", "Ahmad", "--json").stdout)
    cli("link", "merge", person["id"], person["id"], code=2)
    other = json.loads(cli("person", "add", "--name", "أحمد", "--json").stdout)
    merged = json.loads(cli("link", "merge", person["id"], other["id"][:8], "--json").stdout)
    assert sorted(m["id"] for m in merged["members"]) == sorted([person["id"], other["id"]])


def test_corroboration_of_an_event_grows_with_a_merge(cli: Any) -> None:
    events = [
        json.loads(cli("event", "add", "--title", f"Shelling {i}", "--start", "2015-07-14", "--json").stdout)["id"]
        for i in range(2)
    ]
    assert "0 independent sources" in cli("link", "corroboration", events[0]).stdout
    cli("link", "merge", *events, "--kind", "event")
    shown = json.loads(cli("link", "corroboration", events[0][:8], "--json").stdout)
    assert sorted([shown["event"], *(m["id"] for m in shown["merged"])]) == sorted(events)
    cli("link", "corroboration", "nosuchevent", code=3)
