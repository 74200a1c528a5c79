"""`tawthiq publish` again after a change (issue 15 §4): only the changed incidents are read again and only the files
they touch are written, and the folder is then byte for byte what publishing everything afresh gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tawthiq.publish.manifest import STATE


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != STATE}  # the writer's own state holds modification times


def test_a_second_publish_reads_and_writes_only_what_changed(run_cli: Any, tmp_path: Path) -> None:
    cli = run_cli
    cli("init")

    def add(*args: str) -> str:
        return str(json.loads(cli(*args, "--json").stdout)["id"])

    def publish(out: Path) -> dict[str, Any]:
        return dict(json.loads(cli("publish", "--profile", "public", "--out", str(out), "--json").stdout))

    town = add("place", "add", "--name", "Hajin", "--name-ar", "هجين", "--feature", "village", "--latitude",
               "34.69", "--longitude", "40.83", "--confidentiality", "public")
    market = add("event", "add", "--title", "Shelling of the market", "--start", "2015-07-14", "--place", town,
                 "--status", "verified", "--confidentiality", "public")
    add("act", "add", "--event", market, "--type", "indiscriminate-attack", "--killed", "5", "--confidentiality",
        "public")
    bakery = add("event", "add", "--title", "Strike on the bakery", "--start", "2016-02", "--status", "verified",
                 "--confidentiality", "public")
    add("act", "add", "--event", bakery, "--type", "indiscriminate-attack", "--injured", "12", "--confidentiality",
        "public")
    site = tmp_path / "site"
    first = publish(site)
    assert (first["collected"], first["events"]) == ("full", 2)
    again = publish(site)
    assert (again["collected"], again["written"], again["manifest_changed"]) == ("unchanged", 0, False)

    cli("event", "update", bakery, "--title", "Airstrike on the bakery")
    changed = publish(site)
    assert (changed["collected"], changed["events_read"]) == ("incremental", 1)
    assert 0 < changed["written"] < changed["unchanged"]
    page = (site / "en" / "incidents" / f"{bakery}.html").read_text(encoding="utf-8")
    assert "Airstrike on the bakery" in page
    afresh = tmp_path / "afresh"
    publish(afresh)
    assert _tree(site) == _tree(afresh)
