"""Export and import: a round trip through an empty data directory gives the same records; bad files write nothing."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tawthiq.config import Settings
from tawthiq.db.models import AuditEntry, Event
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.records.demo import load_demo
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record, delete_record, update_record
from tawthiq.services.records.transfer import export_records, import_records
from tawthiq.services.workspace import Workspace, open_workspace
from tests.support import OWNER


def _records(path: Path) -> list[str]:
    """The record lines of a JSON Lines export (the header line is left out)."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if '"record"' in line]


def _fresh(tmp_path: Path, name: str) -> Workspace:
    ws = open_workspace(Settings(data_dir=tmp_path / name, user="importer"))
    init_workspace(ws)
    return ws


def _event_count(ws: Workspace) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_import_export_gives_the_same_records(ws: Workspace, tmp_path: Path, fmt: str) -> None:
    load_demo(ws, OWNER)
    extra = create_record(ws, kind="event", data={"title": "Arrest campaign in الميادين", "start": "2015-W29"})
    update_record(ws, kind="event", ident=extra["id"], data={"status": "disputed"})
    delete_record(ws, kind="event", ident=extra["id"], reason="merged elsewhere")
    first = tmp_path / f"first.{fmt}"
    count = export_records(ws, OWNER, out=first, fmt=fmt)
    target = _fresh(tmp_path, "target")
    result = import_records(target, OWNER, path=first)
    assert result["imported"] + result["unchanged"] == count
    second = tmp_path / f"second.{fmt}"
    export_records(target, OWNER, out=second, fmt=fmt)
    if fmt == "jsonl":
        assert _records(first) == _records(second)
    else:
        assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    # the import is itself a write the target's audit chain vouches for (evidence files do not travel in exports)
    assert not any("history" in p or "audit" in p for p in verify_workspace(target, OWNER).problems)


def test_importing_the_same_file_twice_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    create_record(ws, kind="event", data={"title": "Siege of a neighbourhood", "start": "2016"})
    path = tmp_path / "out.jsonl"
    export_records(ws, OWNER, out=path, fmt="jsonl")
    target = _fresh(tmp_path, "target")
    import_records(target, OWNER, path=path)
    again = import_records(target, OWNER, path=path)
    assert again["imported"] == 0 and _event_count(target) == 1


def test_protected_identities_are_left_out_of_exports_unless_asked(ws: Workspace, tmp_path: Path) -> None:
    create_record(ws, kind="source",
                  data={"pseudonym": "Abu Khaled", "identity": "Real Name 987", "contact": "+963 99 000"})
    plain, full = tmp_path / "plain.jsonl", tmp_path / "full.jsonl"
    export_records(ws, OWNER, out=plain, fmt="jsonl")
    export_records(ws, OWNER, out=full, fmt="jsonl", include_protected=True)
    assert "Real Name 987" not in plain.read_text(encoding="utf-8") and "+963" not in plain.read_text(encoding="utf-8")
    assert "Real Name 987" in full.read_text(encoding="utf-8")
    with ws.reading() as session:
        details = session.execute(select(AuditEntry.details).where(AuditEntry.action == "export")).scalars().all()
    assert [d["include_protected"] for d in details] == [False, True]


def _write_jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_a_malformed_line_is_reported_with_its_number_and_nothing_of_the_file_is_written(
    ws: Workspace, tmp_path: Path
) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", [
        {"kind": "event", "record": {"title": "first"}},
        {"kind": "event", "record": {"title": "second"}},
        '{"kind": "event", "record": {"title": ',
    ])
    with pytest.raises(InvalidInput) as caught:
        import_records(ws, OWNER, path=path)
    assert caught.value.problems[0].line == 3 and caught.value.problems[0].field == "json"
    assert _event_count(ws) == 0


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"kind": "event", "record": {"title": "x", "start_date": "2015-02-30"}}, "start_date"),
        ({"kind": "event", "record": {"title": "x", "start_date": "2016-01-01", "end_date": "2015-01-01"}}, "end_date"),
        ({"kind": "event", "record": {"title": "x", "latitude": 200, "longitude": 1}}, "latitude"),
        ({"kind": "act", "record": {"event_id": "missing", "type_id": "killing"}}, "event"),
        ({"kind": "weather", "record": {}}, "kind"),
        ({"kind": "event", "record": {"id": "e9", "title": "x", "version": 1, "created_at": "2015-01-01T10:00:00",
                                      "created_by": "a", "updated_at": "2015-01-01T10:00:00+00:00",
                                      "updated_by": "a"}}, "created_at"),
    ],
)
def test_bad_fields_are_reported_with_line_and_field(ws: Workspace, tmp_path: Path, record: dict[str, object],
                                                     field: str) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", [{"kind": "event", "record": {"title": "fine"}}, record])
    with pytest.raises(InvalidInput) as caught:
        import_records(ws, OWNER, path=path)
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, field)
    assert _event_count(ws) == 0


def test_an_unknown_vocabulary_slug_in_a_file_is_rejected(ws: Workspace, tmp_path: Path) -> None:
    event = {"kind": "event", "record": {"id": "e1", "title": "x"}}
    act = {"kind": "act", "record": {"event_id": "e1", "type_id": "not-a-violation"}}
    with pytest.raises(InvalidInput) as caught:
        import_records(ws, OWNER, path=_write_jsonl(tmp_path / "bad.jsonl", [event, act]))
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, "type")
    assert _event_count(ws) == 0


def test_a_csv_row_with_a_bad_cell_is_reported_with_its_line(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("kind,title,killed,event_id,type_id,id\nevent,ok,,,,e1\nact,,-3,e1,killing,\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_records(ws, OWNER, path=path)
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (3, "killed")
    assert _event_count(ws) == 0


def test_new_records_from_a_file_get_ids_and_history(ws: Workspace, tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "new.jsonl", [
        {"kind": "event",
         "record": {"id": "e1", "title": "Airstrike on a bakery", "start_date": "2016-03-01", "end_date": "2016-03-01",
                    "date_precision": "day"}},
        {"kind": "act",
         "record": {"event_id": "e1", "type_id": "indiscriminate-attack", "method_id": "airstrike", "killed": 12}},
    ])
    assert import_records(ws, OWNER, path=path) == {"imported": 2, "unchanged": 0}
    assert verify_workspace(ws, OWNER).ok


def test_a_file_that_is_not_text_is_rejected_cleanly(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"{\xff\xfe\x00 binary")
    with pytest.raises(InvalidInput) as caught:
        import_records(ws, OWNER, path=path)
    assert caught.value.problems[0].field == "file" and "UTF-8" in caught.value.problems[0].reason
    assert _event_count(ws) == 0
