"""The demo case: the sample report coded by hand, its sources protected, loaded once."""

from pathlib import Path

from tawthiq.services.evidence.store import show_evidence
from tawthiq.services.records.demo import demo_id, load_demo
from tawthiq.services.records.store import get_record, list_records, related_records
from tawthiq.services.workspace import Workspace
from tests.conftest import SAMPLES
from tests.support import OWNER


def test_the_demo_codes_the_events_of_the_sample_report(sqlite_ws: Workspace) -> None:
    result = load_demo(sqlite_ws, OWNER)
    assert result["loaded"] is True
    titles = " | ".join(e["title"] for e in list_records(sqlite_ws, kind="event"))
    for words in ("internet", "satellite internet", "evacuation", "Sharia irregularities"):
        assert words in titles
    types = {a["type_id"] for a in list_records(sqlite_ws, kind="act")}
    assert {"violation-types:restriction-of-communication", "violation-types:forced-displacement",
            "violation-types:forced-recruitment", "violation-types:arbitrary-detention"} <= types
    commanders = {p["name"] for p in list_records(sqlite_ws, kind="person")}
    assert {"Abu Omar the Belgian", "Omar the Chechen", "Saddam al-Jamal", "Abu Muhammad al-Adnani"} <= commanders


def test_the_demo_sources_are_protected(sqlite_ws: Workspace) -> None:
    load_demo(sqlite_ws, OWNER)
    insider = get_record(sqlite_ws, kind="source", ident=demo_id("abu-khaled"))
    assert insider["pseudonym"] == "Abu Khaled" and insider["identity"] == "[protected]"
    assert insider["confidentiality"] == "restricted" and insider["kind_id"] == "source-kinds:insider"
    private = get_record(sqlite_ws, kind="source", ident=demo_id("private-sources"))
    assert private["identity"] == "[protected]" and private["confidentiality"] == "restricted"


def test_the_sample_file_is_stored_as_evidence_of_the_report(sqlite_ws: Workspace) -> None:
    load_demo(sqlite_ws, OWNER)
    report = get_record(sqlite_ws, kind="report", ident=demo_id("report"))
    sample = SAMPLES / "albu-kamal-internet-cut.txt"
    if sample.is_file():
        assert report["text"] == sample.read_text(encoding="utf-8")
        item = show_evidence(sqlite_ws, OWNER, ident=report["evidence_id"])
        assert item["original_name"] == sample.name and item["media_type"] == "text/plain"
        assert item["attached_to"] == [{"report": report["id"]}]
    else:
        assert report["text"].startswith("Summary")
    assert len(related_records(sqlite_ws, kind="report", ident=report["id"])["information"]) == 8


def test_loading_the_demo_twice_changes_nothing(sqlite_ws: Workspace) -> None:
    load_demo(sqlite_ws, OWNER)
    assert load_demo(sqlite_ws, OWNER)["loaded"] is False
    assert len(list_records(sqlite_ws, kind="event")) == 6


def test_the_demo_does_not_copy_the_sample_text_into_the_package() -> None:
    demo = (Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "demo" / "albu-kamal.json").read_text(
        encoding="utf-8"
    )
    sample = SAMPLES / "albu-kamal-internet-cut.txt"
    if sample.is_file():
        sentences = [s.strip() for s in sample.read_text(encoding="utf-8").split(".") if len(s.strip()) > 60]
        assert not any(s in demo for s in sentences)
