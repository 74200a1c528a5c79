"""One record per real place: migration 0009 (and every gazetteer load) merges hand-entered duplicates of gazetteer
places on evidence only, moving references and keeping the history verifiable; the demo and accepted suggestions
use the gazetteer's records instead of making duplicates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select

from tawthiq.config import Settings
from tawthiq.db import schema
from tawthiq.db.models import AuditEntry, RecordVersion
from tawthiq.services.browse.search import Filters, search
from tawthiq.services.coding.duplicates import find_same_place
from tawthiq.services.coding.gazetteer import load_default_gazetteer, place_id
from tawthiq.services.coding.reportdesk import decide, intake_text
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.records.demo import demo_id, load_demo
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record, get_record, list_records
from tawthiq.services.workspace import Workspace, open_workspace
from tests.conftest import SAMPLES
from tests.support import OWNER

ACTOR = "tawthiq-migration-0009"


def _rerun_0009(ws: Workspace) -> None:
    """Stamp the database back to 0008 and upgrade: migration 0009 runs on what is there."""
    with ws.engine.begin() as connection:
        config = schema.alembic_config()
        config.attributes["connection"] = connection
        command.stamp(config, "0008")
    schema.upgrade(ws.engine)


def _versions(ws: Workspace) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(RecordVersion)) or 0


def _gazetteer_place(ws: Workspace, gid: str, **data: Any) -> str:
    return str(create_record(ws, kind="place", data={"gazetteer": "geonames", "gazetteer_id": gid,
                                                     "confidentiality": "public", **data})["id"])


def _place(ws: Workspace, **data: Any) -> str:
    return str(create_record(ws, kind="place", data={"confidentiality": "public", **data})["id"])


def test_the_migration_merges_duplicates_moves_references_and_still_verifies(ws: Workspace) -> None:
    # the gazetteer's places…
    syria = _gazetteer_place(ws, "163843", name="Syria", name_ar="سوريا", feature="country", country_code="SY",
                             latitude=35.0, longitude=38.0)
    iraq = _gazetteer_place(ws, "99237", name="Iraq", feature="country", country_code="IQ")
    anbar = _gazetteer_place(ws, "IQ.01", name="Al Anbar Governorate", feature="governorate", country_code="IQ",
                             parent=iraq)
    governorate = _gazetteer_place(ws, "SY.07", name="Deir ez-Zor Governorate", feature="governorate",
                                   country_code="SY", parent=syria, latitude=35.3359, longitude=40.1408)
    city = _gazetteer_place(ws, "170794", name="Deir ez-Zor", name_ar="دير الزور", feature="city", country_code="SY",
                            parent=governorate, latitude=35.33588, longitude=40.14084)
    kamal = _gazetteer_place(ws, "174448", name="Ālbū Kamāl", name_ar="البو كمال", alt_names=["Abu Kamal"],
                             feature="town", country_code="SY", parent=governorate, latitude=34.45, longitude=40.92)
    qaim = _gazetteer_place(ws, "92138", name="Al Qā’im", alt_names=["Al-Qaim"], feature="town", country_code="IQ",
                            parent=anbar, latitude=34.39251, longitude=40.98945)
    aleppo = _gazetteer_place(ws, "SY.09", name="Aleppo Governorate", feature="governorate", country_code="SY",
                              parent=syria)
    _gazetteer_place(ws, "163345", name="Tadmur", feature="town", country_code="SY", parent=governorate,
                     latitude=34.56, longitude=38.28)
    # …and the copies an earlier demo wrote beside them
    d_syria = _place(ws, name="Syria", name_ar="سوريا", feature="country", country_code="SY")
    d_iraq = _place(ws, name="Iraq", name_ar="العراق", feature="country", country_code="IQ")
    d_governorate = _place(ws, name="Deir ez-Zor Governorate", alt_names=["Deir Ezzor"], feature="governorate",
                           country_code="SY", parent=d_syria, latitude=35.0, longitude=40.5)
    d_city = _place(ws, name="Deir ez-Zor", alt_names=["Dayr az Zawr"], feature="city", country_code="SY",
                    parent=d_governorate, latitude=35.336, longitude=40.141)
    airport = _place(ws, name="Deir ez-Zor military airport", feature="site", country_code="SY", parent=d_city)
    d_kamal = _place(ws, name="Albu Kamal", name_ar="البوكمال", feature="city", country_code="SY",
                     parent=d_governorate, latitude=34.452, longitude=40.918)
    d_qaim = _place(ws, name="Al-Qaim", feature="city", country_code="IQ", parent=d_iraq, latitude=34.368,
                    longitude=41.095)
    # not the same places: another area, or nothing to say where it lies
    elsewhere = _place(ws, name="Tadmur", feature="village", country_code="SY", parent=aleppo, latitude=36.2,
                       longitude=37.1)
    nowhere = _place(ws, name="Albu Kamal", feature="village", country_code="SY", parent=syria)
    internet_cut = create_record(ws, kind="event", data={"title": "IS cuts the internet", "place": d_kamal})["id"]
    siege = create_record(ws, kind="event", data={"title": "Siege of the airport", "place": airport})["id"]
    fronts = create_record(ws, kind="event", data={"title": "Sent to the fronts", "place": d_city})["id"]
    person = create_record(ws, kind="person", data={"name": "Omar the Chechen", "origin_place": d_qaim})["id"]
    before = _versions(ws)

    _rerun_0009(ws)

    def place_of(kind: str, ident: str, column: str) -> str:
        return str(get_record(ws, kind=kind, ident=ident)[column])

    assert place_of("event", internet_cut, "place_id") == kamal
    assert place_of("event", fronts, "place_id") == city
    assert place_of("event", siege, "place_id") == airport and place_of("place", airport, "parent_id") == city
    assert place_of("person", person, "origin_place_id") == qaim
    merged = {d_syria: syria, d_iraq: iraq, d_governorate: governorate, d_city: city, d_kamal: kamal, d_qaim: qaim}
    for duplicate, target in merged.items():
        gone = get_record(ws, kind="place", ident=duplicate)
        assert gone["deleted_at"] and gone["deleted_by"] == ACTOR and target in gone["deletion_reason"]
    assert "10.1 km apart" in get_record(ws, kind="place", ident=d_qaim)["deletion_reason"]
    for kept in (elsewhere, nowhere):
        assert get_record(ws, kind="place", ident=kept)["deleted_at"] is None
    with ws.reading() as session:
        by_migration = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == ACTOR))
    # 6 deletions; 2 events, 1 person and the airport moved
    assert by_migration == _versions(ws) - before == 10
    assert verify_workspace(ws, OWNER).ok
    # filtering by the gazetteer's governorate finds what lies in it, and Syria is one facet value
    found = search(ws, OWNER, query="", filters=Filters(kinds=["event"], places=[governorate]))
    assert {h.record_id for h in found.hits} == {internet_cut, siege, fronts}
    assert [v.label for v in found.facets["place"]].count("Syria") == 1
    # run again (a database stamped back): nothing left to merge
    _rerun_0009(ws)
    assert _versions(ws) - before == 10


def test_two_gazetteer_places_that_fit_leave_the_duplicate_alone(ws: Workspace) -> None:
    syria = _gazetteer_place(ws, "163843", name="Syria", feature="country", country_code="SY")
    hama = _gazetteer_place(ws, "SY.11", name="Hama Governorate", feature="governorate", country_code="SY",
                            parent=syria)
    for gid, lat in (("1", 35.10), ("2", 35.12)):  # two Şūrān three kilometres apart in one governorate
        _gazetteer_place(ws, gid, name="Şūrān", feature="village", country_code="SY", parent=hama, latitude=lat,
                         longitude=36.7)
    duplicate = _place(ws, name="Suran", feature="village", country_code="SY", parent=hama, latitude=35.11,
                       longitude=36.7)
    _rerun_0009(ws)
    assert get_record(ws, kind="place", ident=duplicate)["deleted_at"] is None


@pytest.fixture(scope="module")
def _region_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("region") / "data"
    ws = open_workspace(Settings(data_dir=data, user="tester", samples_dir=SAMPLES))
    init_workspace(ws)
    load_default_gazetteer(ws, OWNER, countries=["SY", "IQ"])
    ws.close()
    return data


@pytest.fixture
def region(_region_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh copy of a data directory with the packaged gazetteer of Syria and Iraq."""
    shutil.copytree(_region_template, tmp_path / "data")
    ws = open_workspace(Settings(data_dir=tmp_path / "data", user="tester", samples_dir=SAMPLES))
    yield ws
    ws.close()


def _live(ws: Workspace, name: str) -> list[dict[str, Any]]:
    return list_records(ws, kind="place", where={"name": name})


def test_the_demo_uses_the_gazetteers_places(region: Workspace) -> None:
    load_demo(region, OWNER)
    for name in ("Syria", "Iraq", "Deir ez-Zor Governorate", "Deir ez-Zor"):
        assert len(_live(region, name)) == 1, name
    assert not _live(region, "Albu Kamal")
    [kamal] = _live(region, "Ālbū Kamāl")
    assert kamal["id"] == demo_id("albu-kamal") == place_id("geonames", "174448")
    assert get_record(region, kind="event", ident=demo_id("internet-cut"))["place_id"] == kamal["id"]
    airport = get_record(region, kind="place", ident=demo_id("deir-ez-zor-airport"))
    assert airport["parent_id"] == place_id("geonames", "170794")


def test_a_gazetteer_loaded_after_the_demo_takes_its_places_over(sqlite_ws: Workspace) -> None:
    load_demo(sqlite_ws, OWNER)
    counts = load_default_gazetteer(sqlite_ws, OWNER, countries=["SY", "IQ"])
    assert counts["updated"] == 6 and counts["merged"] == 0
    [kamal] = _live(sqlite_ws, "Ālbū Kamāl")
    assert kamal["id"] == demo_id("albu-kamal") and kamal["version"] == 2
    assert len(_live(sqlite_ws, "Syria")) == 1 and verify_workspace(sqlite_ws, OWNER).ok


def test_a_gazetteer_load_merges_the_places_entered_before_it(region: Workspace) -> None:
    syria = _live(region, "Syria")[0]["id"]
    mine = _place(region, name="Deir ez-Zor Governorate", feature="governorate", country_code="SY", parent=syria)
    event = create_record(region, kind="event", data={"title": "Shelling", "place": mine})["id"]
    assert load_default_gazetteer(region, OWNER, countries=["SY"])["merged"] == 1
    assert get_record(region, kind="event", ident=event)["place_id"] == place_id("geonames", "geonames-admin1:SY.07")


def test_two_reports_on_one_unknown_village_make_one_place(region: Workspace) -> None:
    text = "Shelling of the village of Khirbet Zahra in the eastern countryside of Deir ez-Zor killed four civilians."
    made, areas = [], []
    for n in range(2):
        report = intake_text(region, OWNER, title=f"Report {n}", text=text, confidentiality="public")
        places = report["suggestions"]["places"]
        index = next(i for i, p in enumerate(places) if p["text"] == "Khirbet Zahra")
        areas.append(places[index]["gazetteer_id"])
        outcome = decide(region, OWNER, report=report["id"], accept=[f"places:{index}"], reject=[])
        made.append(get_record(region, kind="event", ident=str(outcome.event_id))["place_id"])
    assert made[0] == made[1] and len(_live(region, "Khirbet Zahra")) == 1
    # inside the area the resolver fell back on the first time
    assert get_record(region, kind="place", ident=made[0])["parent_id"] == place_id("geonames", areas[0])


def test_an_accepted_suggestion_of_a_place_merged_since_links_the_gazetteers(region: Workspace) -> None:
    governorate = place_id("geonames", "geonames-admin1:SY.07")
    mine = _place(region, name="Albu Kamal", name_ar="البوكمال", feature="city", country_code="SY",
                  parent=governorate, latitude=34.452, longitude=40.918)
    report = intake_text(region, OWNER, title="Report", text="IS cut the internet in Albu Kamal.",
                         confidentiality="public")
    [index] = [i for i, p in enumerate(report["suggestions"]["places"]) if p.get("place_id") == mine]
    _rerun_0009(region)  # the suggestion still names the hand-entered place, now merged into the gazetteer's
    outcome = decide(region, OWNER, report=report["id"], accept=[f"places:{index}"], reject=[])
    assert get_record(region, kind="event", ident=str(outcome.event_id))["place_id"] == place_id("geonames", "174448")


def test_a_same_named_place_is_found_only_when_there_is_exactly_one_in_the_area(region: Workspace) -> None:
    city, governorate = place_id("geonames", "170794"), place_id("geonames", "geonames-admin1:SY.07")
    first = _place(region, name="Khirbet Zahra", feature="locality", parent=city)
    with region.reading() as session:
        assert find_same_place(session, "Khirbet Zahra", parent=city) == first
        assert find_same_place(session, "khirbet zahra", parent=city) == first  # spelled alike
        assert find_same_place(session, "Khirbet Zahra", parent=governorate) is None  # another area
        assert find_same_place(session, "Khirbet Zuhur", parent=city) is None
    _place(region, name="Khirbet Zahra", feature="village", parent=city)
    with region.reading() as session:
        assert find_same_place(session, "Khirbet Zahra", parent=city) is None  # two: no guess
