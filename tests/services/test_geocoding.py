"""Place resolution: the sample's places resolve, context decides, and a far same-named place is never picked."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tawthiq.config import Settings
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.geocoding import open_resolver
from tawthiq.services.gazetteer import import_gazetteer, load_default_gazetteer
from tawthiq.services.records import create_record
from tawthiq.services.setup import init_workspace
from tawthiq.services.workspace import Workspace, open_workspace
from tawthiq.text import match_key
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One SQLite workspace with the default gazetteer, shared by the read-only tests of this module."""
    ws = open_workspace(Settings(data_dir=tmp_path_factory.mktemp("gazetteer") / "data", user="tester"))
    init_workspace(ws)
    load_default_gazetteer(ws)
    yield ws
    ws.close()


def _resolve(ws: Workspace, text: str) -> dict[str, dict[str, Any]]:
    return {p["text"]: p for p in open_resolver(ws).resolve(text, "en")}


def test_the_sample_report_places_resolve(region: Workspace) -> None:
    sample = SAMPLES / "albu-kamal-internet-cut.txt"
    text = sample.read_text(encoding="utf-8") if sample.is_file() else (
        "IS cut the internet in Albu Kamal east of Deir Ezzor, not in Qaim city in Iraq; battles of Hasaka province.")
    places = open_resolver(region).resolve(text, "en")
    resolved = {match_key(p["name"].removesuffix(" Governorate")): p for p in places if p["precision"] != "unresolved"}
    for name in ("Albu Kamal", "Deir ez-Zor", "Al-Qaim", "Al-Hasakah"):
        assert match_key(name) in resolved, (name, sorted(p["name"] for p in resolved.values()))
    kamal = resolved[match_key("Albu Kamal")]
    assert kamal["lat"] == pytest.approx(34.45, abs=0.1) and kamal["lon"] == pytest.approx(40.92, abs=0.1)
    qaim = resolved[match_key("Al-Qaim")]
    assert qaim["lon"] > 40.9 and qaim["gazetteer_id"]  # the Iraqi town across the border
    assert not [p for p in places if p["text"] in ("Saddam", "Chechen", "Omar", "There", "Syrian")]


@pytest.mark.parametrize("text", ["قطع الإنترنت في البوكمال شرق دير الزور", "IS shelled Abu Kamal", "IS shelled AlbuKamal"])
def test_both_scripts_and_many_spellings_resolve(region: Workspace, text: str) -> None:
    places = open_resolver(region).resolve(text, "en")
    assert any(p["lat"] and abs(p["lat"] - 34.45) < 0.1 for p in places)


def test_a_province_cue_means_the_governorate(region: Workspace) -> None:
    [place] = open_resolver(region).resolve("fighters lost in the battles of Hasaka province", "en")
    assert place["precision"] == "region"


def test_an_unknown_village_falls_back_to_the_area_named_around_it(region: Workspace) -> None:
    text = "Gunmen raided the village of Zahrat al-Mada in the countryside of Deir ez-Zor."
    places = _resolve(region, text)
    village = places["Zahrat al-Mada"]
    assert village["precision"] == "region" and village["within"] and "Deir" in village["within"]


@pytest.fixture
def far_twin(sqlite_ws: Workspace) -> Workspace:
    """A governorate with its city, and 300 km away a village that shares a name with an unlisted one there."""
    gov = create_record(sqlite_ws, kind="place", data={"name": "Deir ez-Zor Governorate", "name_ar": "محافظة دير الزور",
                                                       "alt_names": ["Deir ez-Zor"], "feature": "governorate",
                                                       "latitude": 35.0, "longitude": 40.5})
    create_record(sqlite_ws, kind="place", data={"name": "Deir ez-Zor", "name_ar": "دير الزور", "feature": "city",
                                                 "parent": gov["id"], "latitude": 35.336, "longitude": 40.141})
    hama = create_record(sqlite_ws, kind="place", data={"name": "Hama Governorate", "feature": "governorate",
                                                        "latitude": 35.2, "longitude": 36.9})
    create_record(sqlite_ws, kind="place", data={"name": "Al-Hamidiyah", "name_ar": "الحميدية", "feature": "village",
                                                 "parent": hama["id"], "latitude": 35.1, "longitude": 36.7})
    return sqlite_ws


@pytest.mark.parametrize("text", ["IS shelled the neighbourhood of al-Hamidiyah in Deir ez-Zor province.",
                                  "قصف حي الحميدية في محافظة دير الزور"])
def test_a_same_named_place_300_km_away_is_never_picked(far_twin: Workspace, text: str) -> None:
    places = open_resolver(far_twin).resolve(text, "en")
    hamidiyah = [p for p in places if "حميدية" in p["text"] or "Hamidiyah" in p["text"]]
    assert hamidiyah, places
    for p in hamidiyah:
        assert p["precision"] == "region" and p["lon"] > 39.0, p  # the Deir ez-Zor area: never Hama's village


def test_a_cod_ab_table_brings_villages_in(sqlite_ws: Workspace, tmp_path: Path) -> None:
    table = tmp_path / "syr_communities.csv"
    table.write_text(
        "admin0Name_en,admin0Pcode,admin1Name_en,admin1Name_ar,admin1Pcode,admin2Name_en,admin2Name_ar,admin2Pcode,"
        "admin3Name_en,admin3Name_ar,admin3Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,latitude,longitude\n"
        "Syria,SY,Deir-ez-Zor,دير الزور,SY09,Abu Kamal,البوكمال,SY0903,Hajin,هجين,SY090301,Al-Susah,السوسة,C6001,34.66,40.98\n",
        encoding="utf-8")
    counts = import_gazetteer(sqlite_ws, path=table, fmt="cod-ab")
    assert counts["added"] >= 4
    places = {p["text"]: p for p in open_resolver(sqlite_ws).resolve("Airstrikes hit homes in al-Susah yesterday", "en")}
    assert places["al-Susah"]["precision"] == "exact" and places["al-Susah"]["lat"] == pytest.approx(34.66)


def test_a_bad_gazetteer_file_is_rejected_with_its_line(sqlite_ws: Workspace, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("admin0Name_en,admin0Pcode,admin1Name_en,admin1Pcode,latitude,longitude\nSyria,SY,Idlib,SY07,north,36\n",
                     encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_gazetteer(sqlite_ws, path=table, fmt="cod-ab")
    assert "line 2" in caught.value.problems[0].reason
    # nothing written: the next resolver knows no Idlib
    assert not open_resolver(sqlite_ws).resolve("Shelling in Idlib", "en")


def test_loading_the_gazetteer_works_on_both_backends(ws: Workspace) -> None:
    counts = load_default_gazetteer(ws, countries=["LB"])
    assert counts["added"] > 10
    assert load_default_gazetteer(ws, countries=["LB"])["added"] == 0
