"""Resolving sync conflicts: the kept version becomes the next one, and the other is never lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tawthiq.db.models import AuditEntry
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.protection import bundles, instance
from tawthiq.services.protection.conflicts import list_conflicts, resolve_conflict
from tawthiq.services.records.store import create_record, get_record, record_history, update_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER
from tests.web.conftest import Seeded, login

OURS, THEIRS = "Shelling of the market (12 killed)", "Shelling of the old market"


def _conflict(field: Workspace, hq: Workspace, tmp_path: Path, ident: str | None = None) -> tuple[str, int]:
    """The same event edited on both sides while apart, then carried from the field to hq: one conflict at hq."""
    instance.trust(field, OWNER, key=instance.public_key(hq, OWNER), name="headquarters")
    instance.trust(hq, OWNER, key=instance.public_key(field, OWNER), name="field office")
    if ident is None:
        ident = create_record(field, kind="event", data={"title": "Shelling of the market"})["id"]
        bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=tmp_path / "1.tqs")
        bundles.import_bundle(hq, OWNER, path=tmp_path / "1.tqs")
    else:
        bundles.export_bundle(hq, OWNER, since=0, recipient=instance.public_key(field, OWNER), out=tmp_path / "1.tqs")
        bundles.import_bundle(field, OWNER, path=tmp_path / "1.tqs")
    update_record(field, kind="event", ident=ident, data={"title": THEIRS})
    update_record(hq, kind="event", ident=ident, data={"title": OURS})
    bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=tmp_path / "2.tqs")
    assert bundles.import_bundle(hq, OWNER, path=tmp_path / "2.tqs")["conflicts"] == 1
    return ident, list_conflicts(hq, OWNER)[0]["id"]


def _audit(ws: Workspace, action: str) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)) or 0


def test_keeping_the_remote_version_writes_it_as_the_next_version_and_keeps_ours_in_history(
        instances: Callable[..., Workspace], tmp_path: Path) -> None:
    field, hq = instances("field"), instances("hq")
    ident, conflict = _conflict(field, hq, tmp_path)
    before = get_record(hq, kind="event", ident=ident)["version"]
    result = resolve_conflict(hq, OWNER, conflict_id=conflict, keep="remote")
    assert result["version"] == before + 1
    assert get_record(hq, kind="event", ident=ident)["title"] == THEIRS
    history = record_history(hq, kind="event", ident=ident)
    titles = [c.after for entry in history for c in entry.changes if c.field == "title"]
    assert titles[-2:] == [OURS, THEIRS] and history[-1].change == "sync-resolve"
    assert list_conflicts(hq, OWNER) == []
    assert [c["incoming"]["title"] for c in list_conflicts(hq, OWNER, include_resolved=True)] == [THEIRS]
    assert _audit(hq, "conflict-resolve") == 1
    report = verify_workspace(hq, OWNER)
    assert report.ok, report.problems


def test_keeping_the_local_version_records_the_decision_as_a_new_version(instances: Callable[..., Workspace],
                                                                         tmp_path: Path) -> None:
    field, hq = instances("field"), instances("hq")
    ident, conflict = _conflict(field, hq, tmp_path)
    before = get_record(hq, kind="event", ident=ident)["version"]
    resolve_conflict(hq, OWNER, conflict_id=conflict, keep="local")
    after = get_record(hq, kind="event", ident=ident)
    assert (after["title"], after["version"]) == (OURS, before + 1)
    assert "kept the local version" in (record_history(hq, kind="event", ident=ident)[-1].reason or "")
    assert list_conflicts(hq, OWNER, include_resolved=True)[0]["incoming"]["title"] == THEIRS  # the other side is kept


def test_a_merged_record_from_a_file_is_written_by_the_command_line(instances: Callable[..., Workspace],
                                                                    tmp_path: Path, cli: Callable[..., Any]) -> None:
    field, hq = instances("field"), instances("data", user="operator")  # the cli fixture works on tmp_path/data
    ident, conflict = _conflict(field, hq, tmp_path)
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps({"title": "Shelling of the old market (12 killed)"}), encoding="utf-8")
    listed = json.loads(cli("bundle", "conflicts", "--json").stdout)
    assert [c["id"] for c in listed] == [conflict]
    cli("bundle", "resolve", str(conflict), "--keep", str(merged))
    assert get_record(hq, kind="event", ident=ident)["title"] == "Shelling of the old market (12 killed)"
    assert json.loads(cli("bundle", "conflicts", "--json").stdout) == []
    again = cli("bundle", "resolve", str(conflict), "--keep", "remote", code=2)
    assert "was resolved by" in again.output


@pytest.mark.parametrize("keep", ["local", "remote"])
def test_a_resolution_carried_back_settles_the_other_side_too(instances: Callable[..., Workspace], tmp_path: Path,
                                                              keep: str) -> None:
    field, hq = instances("field"), instances("hq")
    ident, conflict = _conflict(field, hq, tmp_path)
    resolve_conflict(hq, OWNER, conflict_id=conflict, keep=keep)
    back = bundles.export_bundle(hq, OWNER, since=0, recipient=instance.public_key(field, OWNER),
                                 out=tmp_path / "3.tqs")
    assert bundles.import_bundle(field, OWNER, path=tmp_path / "3.tqs")["conflicts"] == 0
    bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=tmp_path / "4.tqs")
    assert bundles.import_bundle(hq, OWNER, path=tmp_path / "4.tqs")["conflicts"] == 0
    kept = THEIRS if keep == "remote" else OURS
    assert (
        get_record(field, kind="event", ident=ident)["title"]
        == get_record(hq, kind="event", ident=ident)["title"]
        == kept
    )
    assert list_conflicts(field, OWNER) == [] and list_conflicts(hq, OWNER) == [] and back["records"] > 0


def test_the_same_edit_on_both_sides_is_no_conflict(instances: Callable[..., Workspace], tmp_path: Path) -> None:
    field, hq = instances("field"), instances("hq")
    instance.trust(hq, OWNER, key=instance.public_key(field, OWNER), name="field office")
    ident = create_record(field, kind="event", data={"title": "Shelling of the market"})["id"]
    bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=tmp_path / "1.tqs")
    bundles.import_bundle(hq, OWNER, path=tmp_path / "1.tqs")
    for ws in (field, hq):
        update_record(ws, kind="event", ident=ident, data={"title": OURS})
    bundles.export_bundle(field, OWNER, since=0, recipient=instance.public_key(hq, OWNER), out=tmp_path / "2.tqs")
    assert bundles.import_bundle(hq, OWNER, path=tmp_path / "2.tqs")["conflicts"] == 0
    assert list_conflicts(hq, OWNER) == []


@pytest.mark.parametrize(("keep", "record", "words"), [
    ("both", None, "local, remote or a merged record"),
    ("merged", {"titel": "typo"}, "no such field"),
    ("merged", {"start": "not a date at all"}, "start"),
    ("remote", {"title": "x"}, "only then"),
])
def test_a_bad_resolution_is_refused_and_writes_nothing(instances: Callable[..., Workspace], tmp_path: Path,
                                                        keep: str, record: dict[str, Any] | None, words: str) -> None:
    field, hq = instances("field"), instances("hq")
    ident, conflict = _conflict(field, hq, tmp_path)
    audit_before = _audit(hq, "conflict-resolve")
    with pytest.raises(InvalidInput) as caught:
        resolve_conflict(hq, OWNER, conflict_id=conflict, keep=keep, record=record)
    assert words in str(caught.value)
    assert get_record(hq, kind="event", ident=ident)["title"] == OURS
    assert len(list_conflicts(hq, OWNER)) == 1 and _audit(hq, "conflict-resolve") == audit_before


def test_the_api_lets_coordinators_resolve_and_refuses_documenters(app_client: TestClient, seeded: Seeded,
                                                                   web_ws: Workspace,
                                                                   instances: Callable[..., Workspace],
                                                                   tmp_path: Path) -> None:
    ident, conflict = _conflict(instances("field"), web_ws, tmp_path, ident=seeded.events["public"])
    csrf = login(app_client, "documenter")
    assert app_client.get("/api/v1/sync/conflicts").status_code == 403
    refused = app_client.post(f"/api/v1/sync/conflicts/{conflict}/resolve", json={"keep": "remote"},
                              headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403 and len(list_conflicts(web_ws, OWNER)) == 1
    csrf = login(app_client, "coordinator")
    assert [c["id"] for c in app_client.get("/api/v1/sync/conflicts").json()] == [conflict]
    no_token = app_client.post(f"/api/v1/sync/conflicts/{conflict}/resolve", json={"keep": "remote"})
    assert no_token.status_code == 403 and len(list_conflicts(web_ws, OWNER)) == 1
    done = app_client.post(f"/api/v1/sync/conflicts/{conflict}/resolve", json={"keep": "remote"},
                           headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text
    assert get_record(web_ws, kind="event", ident=ident)["title"] == THEIRS
    assert record_history(web_ws, kind="event", ident=ident)[-1].changed_by == "coordinator"
