"""Gazetteer adapters: the shipped GeoNames places, GeoNames dumps and OCHA COD-AB files."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from tawthiq.geo import (
    COD_AB,
    DEFAULT_COUNTRIES,
    GEONAMES,
    GazetteerEntry,
    default_entries,
    geonames_feature,
    read_cod_ab,
    read_geonames_dump,
)
from tawthiq.geo.sources import pick_arabic_name, script_of, split_names

# --- the shipped gazetteer ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[GazetteerEntry]:
    return list(default_entries())


@pytest.fixture(scope="module")
def by_id(shipped: list[GazetteerEntry]) -> dict[str, GazetteerEntry]:
    return {entry.gazetteer_id: entry for entry in shipped}


def _place(entries: list[GazetteerEntry], name: str, country: str) -> GazetteerEntry:
    places = [e for e in entries if e.country_code == country and e.feature in ("city", "town", "village")]
    found = [e for e in places if e.name == name or name in e.alt_names]
    assert len(found) == 1, [e.name for e in found]
    return found[0]


def test_shipped_gazetteer_has_the_countries(by_id: dict[str, GazetteerEntry]) -> None:
    syria, iraq = by_id["163843"], by_id["99237"]
    assert (syria.name, syria.name_ar, syria.feature, syria.parent_id) == ("Syria", "سوريا", "country", None)
    assert (iraq.name, iraq.name_ar, iraq.country_code) == ("Iraq", "العراق", "IQ")
    countries = {e.country_code for e in by_id.values() if e.feature == "country"}
    assert countries == set(DEFAULT_COUNTRIES)


def test_deir_ez_zor_city_sits_in_its_governorate(
    shipped: list[GazetteerEntry], by_id: dict[str, GazetteerEntry]
) -> None:
    city = by_id["170794"]
    assert (city.name, city.name_ar, city.feature, city.country_code) == ("Deir ez-Zor", "دير الزور", "city", "SY")
    assert "Dayr az Zawr" in city.alt_names and "دير الزور" not in city.alt_names
    governorate = by_id[city.parent_id or ""]
    assert governorate.gazetteer_id == "geonames-admin1:SY.07"
    assert (governorate.name, governorate.name_ar, governorate.feature) == (
        "Deir ez-Zor Governorate",
        "محافظة دير الزور",
        "governorate",
    )
    assert governorate.parent_id == "163843"
    abu_kamal = _place(shipped, "Abu Kamal", "SY")
    assert "Albu Kamal" in abu_kamal.alt_names
    assert abu_kamal.parent_id == governorate.gazetteer_id


def test_al_qaim_is_in_anbar_iraq(shipped: list[GazetteerEntry], by_id: dict[str, GazetteerEntry]) -> None:
    qaim = _place(shipped, "Al Qa'im", "IQ")
    assert qaim.name_ar == "القائم"
    anbar = by_id[qaim.parent_id or ""]
    assert anbar.gazetteer_id == "geonames-admin1:IQ.01" and "Anbar" in anbar.alt_names
    assert anbar.parent_id == "99237"


def test_al_hasakah_is_in_al_hasakah_governorate(shipped: list[GazetteerEntry]) -> None:
    hasakah = _place(shipped, "Al-Hasakah", "SY")
    assert hasakah.name_ar == "الحسكة"
    assert hasakah.parent_id == "geonames-admin1:SY.01"


@pytest.mark.parametrize(
    ("geonameid", "governorate"),
    [  # the largest place of each Syrian governorate, against the admin1 code table
        ("170063", "Aleppo"), ("170654", "Damascus"), ("169577", "Homs"), ("170017", "Hama"),
        ("169389", "Idlib"), ("172955", "Raqqa"), ("173811", "Al-Hasakah"), ("170905", "Daraa"),
        ("173334", "Quneitra"), ("172408", "As-Suwayda"), ("163345", "Tartus"), ("173576", "Latakia"),
        ("170592", "Rif Dimashq"), ("170794", "Deir ez-Zor"),
    ],
)
def test_syrian_cities_get_the_right_governorate(
    by_id: dict[str, GazetteerEntry], geonameid: str, governorate: str
) -> None:
    parent = by_id[by_id[geonameid].parent_id or ""]
    assert parent.name == f"{governorate} Governorate"


def test_every_parent_comes_earlier_and_ids_are_unique(shipped: list[GazetteerEntry]) -> None:
    seen: set[str] = set()
    for entry in shipped:
        assert entry.parent_id is None or entry.parent_id in seen, entry
        assert entry.gazetteer_id not in seen
        seen.add(entry.gazetteer_id)


def test_every_default_place_has_a_first_level_area(shipped: list[GazetteerEntry]) -> None:
    # The admin1 table is complete for the default countries: no place falls back to its country.
    places = [e for e in shipped if e.feature in ("city", "town", "village")]
    assert all((e.parent_id or "").startswith("geonames-admin1:") for e in places)


def test_shipped_gazetteer_is_sane_and_deterministic(shipped: list[GazetteerEntry]) -> None:
    assert 4600 <= len(shipped) <= 4800
    assert shipped == list(default_entries())
    assert all(e.gazetteer == GEONAMES for e in shipped)
    for entry in shipped:
        if entry.latitude is not None and entry.longitude is not None:
            assert -90 <= entry.latitude <= 90 and -180 <= entry.longitude <= 180
        assert entry.name not in entry.alt_names and (entry.name_ar is None or entry.name_ar not in entry.alt_names)
        assert len(set(entry.alt_names)) == len(entry.alt_names)
        assert all(script_of(name) in ("latin", "arabic") for name in entry.alt_names if entry.feature != "country")
    levels = [{"country": 0, "governorate": 1}.get(e.feature, 2) for e in shipped]
    assert levels == sorted(levels)
    counts = Counter(e.feature for e in shipped)
    assert counts["country"] == 5 and counts["governorate"] == 134


def test_places_are_graded_by_population(shipped: list[GazetteerEntry]) -> None:
    for entry in shipped:
        if entry.feature in ("city", "town", "village"):
            population = entry.population or 0
            expected = "city" if population >= 100_000 else "town" if population >= 10_000 else "village"
            assert entry.feature == expected


def test_admin1_table_codes_are_unique() -> None:
    data = json.loads((resources.files("tawthiq.geo") / "data" / "admin1.json").read_text(encoding="utf-8"))
    keys = [(area["country"], area["code"]) for area in data["areas"]]
    assert len(keys) == len(set(keys)) == 134
    assert Counter(country for country, _ in keys) == {"TR": 81, "IQ": 19, "SY": 14, "JO": 12, "LB": 8}


def test_other_countries_hang_from_the_country() -> None:
    entries = list(default_entries(["SY", "IL"]))
    israel = next(e for e in entries if e.gazetteer_id == "294640")
    assert israel.name_ar == "إسرائيل"
    places = [e for e in entries if e.country_code == "IL" and e.feature != "country"]
    assert places and all(e.parent_id == "294640" for e in places)
    assert {e.country_code for e in entries} == {"SY", "IL"}


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError, match="XX"):
        default_entries(["SY", "XX"])


# --- Arabic names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("primary", "names", "expected"),
    [
        ("Latakia", ["اللاذقية", "لاذقية", "لاذقیه", "لاذقیہ"], "اللاذقية"),  # article, most variants
        ("Ţarţūs", ["ترطوس", "طرطوس"], "طرطوس"),  # emphatics in the romanisation
        ("Ḩamāh", ["حماة", "حماه"], "حماة"),
        ("Nawá", ["نوا", "نوى"], "نوى"),
        ("Amman", ["ئاممان", "امان", "عمان", "عمّان", "عَمّان", "عەممان"], "عمان"),
        ("Maskanah", ["بالس", "مسكنة"], "مسكنة"),  # not the ancient name
        ("Kuchka", ["کوجکا", "کوچکا"], "کوجکا"),  # no plain Arabic: the best Arabic-script one
        ("Aleppo", [], None),
    ],
)
def test_arabic_name_choice(primary: str, names: list[str], expected: str | None) -> None:
    assert pick_arabic_name(primary, names) == expected


def test_names_keep_latin_and_arabic_only() -> None:
    name_ar, alt = split_names("Homs", ["DAM", "Hims", "Ḩimş", "حمص", "Хомс", "ホムス", "bەghdad", " Hims ", "Homs"])
    assert name_ar == "حمص"
    assert alt == ("Hims", "Ḩimş")


# --- GeoNames dumps ------------------------------------------------------------------------------


def _dump_line(
    geonameid: int, name: str, alternates: str, lat: str, lon: str, fclass: str, fcode: str,
    admin1: str = "", admin2: str = "", population: int = 0,
) -> str:
    ascii_name = name.replace("ā", "a").replace("ī", "i").replace("Ḩ", "H")
    fields = [str(geonameid), name, ascii_name, alternates, lat, lon, fclass, fcode, "SY", "", admin1, admin2,
              "", "", str(population), "", "200", "Asia/Damascus", "2023-01-01"]
    return "\t".join(fields)


DUMP = [
    "# GeoNames extract for the tests",
    _dump_line(163843, "Syria", "Siria,Syrie,سوريا", "35", "38", "A", "PCLI", "00", population=22198110),
    _dump_line(170794, "Deir ez-Zor", "Dayr az Zawr,Deir Ezzor,دير الزور,DEZ", "35.33588", "40.14084", "P", "PPLA",
               "07", population=242565),
    _dump_line(170792, "Muḩāfaz̧at Dayr az Zawr", "Deir ez-Zor Governorate,محافظة دير الزور", "35", "40.5", "A",
               "ADM1", "07", population=1239000),
    "",
    _dump_line(7536036, "Al Ḩamīdīyah", "Al Hamidiyah,Hamidiyeh,الحميدية", "35.33828", "40.14566", "P", "PPLX",
               "07"),
    _dump_line(162311, "Dhībān", "Diban,ذيبان,ديبان", "35.01085", "40.50588", "P", "PPL", "07", "SY0902"),
    _dump_line(8131621, "Mintaqat al Mayādīn", "Al Mayadin District,منطقة الميادين", "34.9", "40.4", "A", "ADM2",
               "07", "SY0902"),
    _dump_line(11611400, "Tall al Ḩamām", "", "35.1", "40.2", "T", "HLL", "07"),
    _dump_line(11611401, "Mukhayyam al Hawl", "Al-Hol camp,مخيم الهول", "36.38", "41.15", "S", "CMPRF", "01"),
]


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.write_text("\n".join(DUMP) + "\n", encoding="utf-8")
    return path


def test_dump_features_and_parents(dump: Path) -> None:
    entries = list(read_geonames_dump(dump))
    by_id = {e.gazetteer_id: e for e in entries}
    assert [e.gazetteer_id for e in entries[:3]] == ["163843", "170792", "8131621"]  # divisions first, by level
    assert by_id["163843"].feature == "country" and by_id["163843"].parent_id is None
    governorate = by_id["170792"]
    assert (governorate.feature, governorate.parent_id) == ("governorate", "163843")
    assert governorate.name_ar == "محافظة دير الزور"
    city = by_id["170794"]
    assert (city.feature, city.parent_id, city.name_ar, city.population) == ("city", "170792", "دير الزور", 242565)
    assert "Deir ez-Zor" not in city.alt_names and "DEZ" not in city.alt_names and "Dayr az Zawr" in city.alt_names
    neighbourhood = by_id["7536036"]
    assert (neighbourhood.feature, neighbourhood.name_ar, neighbourhood.parent_id) == (
        "neighbourhood",
        "الحميدية",
        "170792",
    )
    assert "Al Hamidiyah" in neighbourhood.alt_names
    village = by_id["162311"]
    assert (village.feature, village.name_ar, village.parent_id, village.population) == (
        "village",
        "ذيبان",
        "8131621",  # its district, the most specific division the file has
        None,
    )
    assert by_id["8131621"].feature == "district" and by_id["8131621"].parent_id == "170792"
    assert by_id["11611400"].feature == "site"
    camp = by_id["11611401"]
    assert (camp.feature, camp.parent_id) == ("camp", "163843")  # no Hasakah ADM1 in the file
    seen: set[str] = set()
    for entry in entries:
        assert entry.parent_id is None or entry.parent_id in seen
        seen.add(entry.gazetteer_id)


def test_dump_without_landscape(dump: Path) -> None:
    ids = {e.gazetteer_id for e in read_geonames_dump(dump, landscape=False)}
    assert "11611400" not in ids and "11611401" in ids and len(ids) == len(DUMP) - 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (_dump_line(1, "Bad", "", "abc", "40", "P", "PPL"), "line 4: latitude: 'abc' is not a number"),
        (_dump_line(1, "Bad", "", "35", "400", "P", "PPL"), "line 4: longitude: 400.0 is out of range"),
        (_dump_line(1, "Bad", "", "nan", "40", "P", "PPL"), "line 4: latitude"),
        ("1\tBad\tBad", "line 4: expected 19 tab-separated fields, found 3"),
        (_dump_line(1, "Bad", "", "35", "40", "P", "PPL").replace("\tSY\t", "\tSYR\t"), "line 4: country code"),
        ("x" + _dump_line(1, "Bad", "", "35", "40", "P", "PPL"), "line 4: geonameid"),
        (_dump_line(1, "Bad", "", "35", "40", "Q", "PPL"), "line 4: feature class"),
        (_dump_line(1, "Bad", "", "35", "40", "P", "PPL", population=-5), "line 4: population"),
    ],
)
def test_dump_bad_line_names_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("\n".join([*DUMP[:3], line, *DUMP[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        list(read_geonames_dump(path))


def test_dump_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    bad = _dump_line(2, "Hé", "", "1", "1", "P", "PPL").encode("latin-1")
    path.write_bytes(("\n".join(DUMP[:2]) + "\n").encode() + bad)
    with pytest.raises(ValueError, match="line 3: not valid UTF-8"):
        list(read_geonames_dump(path))


@pytest.mark.parametrize(
    ("feature_class", "code", "population", "expected"),
    [
        ("A", "PCLI", None, "country"), ("A", "ADM1", None, "governorate"), ("A", "ADM2", None, "district"),
        ("A", "ADM3", None, "subdistrict"), ("A", "ADM1H", None, "locality"), ("P", "PPLC", None, "city"),
        ("P", "PPLA", 5000, "city"), ("P", "PPLA2", 57000, "town"), ("P", "PPLA3", None, "town"),
        ("P", "PPL", 150_000, "city"), ("P", "PPL", 12_000, "town"), ("P", "PPL", None, "village"),
        ("P", "PPLX", 500_000, "neighbourhood"), ("S", "CMPRF", None, "camp"), ("S", "SCH", None, "site"),
        ("L", "RGN", None, "locality"), ("T", "MT", None, "site"), ("H", "STM", None, "site"),
    ],
)
def test_geonames_feature_codes(feature_class: str, code: str, population: int | None, expected: str) -> None:
    assert geonames_feature(feature_class, code, population) == expected


# --- OCHA COD-AB ---------------------------------------------------------------------------------

COD_HEADER = (
    "admin0Name_en,admin0Pcode,admin1Name_en,admin1Name_ar,admin1Pcode,admin2Name_en,admin2Name_ar,admin2Pcode,"
    "admin3Name_en,admin3Name_ar,admin3Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,admin4AltName1_en,"
    "latitude,longitude,type"
)
COD_ROWS = [
    "Syria,SY,Deir-ez-Zor,دير الزور,SY09,Abu Kamal,البوكمال,SY0903,Abu Kamal,البوكمال,SY090300,"
    "Abu Kamal,البوكمال,C5052,Albu Kamal;Al-Bukamal,34.4523,40.9185,",
    "Syria,SY,Deir-ez-Zor,دير الزور,SY09,Abu Kamal,البوكمال,SY0903,Abu Kamal,البوكمال,SY090300,"
    "Hajin,هجين,C5063,,34.6939,40.8369,",
    "Syria,SY,Al-Hasakeh,الحسكة,SY08,Al-Hasakeh,الحسكة,SY0800,Al-Hasakeh,الحسكة,SY080000,"
    "Al-Hasakeh,الحسكة,C4200,Hasakah,36.5024,40.7477,",
    "Syria,SY,Al-Hasakeh,الحسكة,SY08,Al-Hasakeh,الحسكة,SY0800,Al-Hasakeh,الحسكة,SY080000,"
    "Ghweiran,غويران,C4201,,36.4810,40.7450,Neighbourhood",
]


def _cod(tmp_path: Path, header: str = COD_HEADER, rows: list[str] | None = None, bom: bool = True) -> Path:
    path = tmp_path / "syr_pplp_adm4.csv"
    text = "\n".join([header, *(COD_ROWS if rows is None else rows)]) + "\n"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def test_cod_ab_levels_and_parents(tmp_path: Path) -> None:
    entries = list(read_cod_ab(_cod(tmp_path)))
    assert [e.gazetteer_id for e in entries] == [
        "SY", "SY08", "SY09", "SY0800", "SY0903", "SY080000", "SY090300", "C4200", "C4201", "C5052", "C5063",
    ]
    by_id = {e.gazetteer_id: e for e in entries}
    assert all(e.gazetteer == COD_AB and e.country_code == "SY" for e in entries)
    assert (by_id["SY"].feature, by_id["SY"].parent_id) == ("country", None)
    assert (by_id["SY09"].name, by_id["SY09"].name_ar, by_id["SY09"].feature, by_id["SY09"].parent_id) == (
        "Deir-ez-Zor", "دير الزور", "governorate", "SY",
    )
    assert (by_id["SY0903"].feature, by_id["SY0903"].parent_id) == ("district", "SY09")
    assert (by_id["SY090300"].feature, by_id["SY090300"].parent_id) == ("subdistrict", "SY0903")
    assert by_id["SY090300"].latitude is None  # coordinates belong to the row's community
    abu_kamal = by_id["C5052"]
    assert (abu_kamal.name, abu_kamal.name_ar, abu_kamal.feature, abu_kamal.parent_id) == (
        "Abu Kamal", "البوكمال", "village", "SY090300",
    )
    assert abu_kamal.alt_names == ("Albu Kamal", "Al-Bukamal")
    assert (abu_kamal.latitude, abu_kamal.longitude) == (34.4523, 40.9185)
    assert by_id["C5063"].name_ar == "هجين" and by_id["C5063"].alt_names == ()
    assert (by_id["C4201"].feature, by_id["C4201"].parent_id) == ("neighbourhood", "SY080000")


def test_cod_ab_other_column_styles(tmp_path: Path) -> None:
    header = "ADM1_EN;ADM1_AR;ADM1_PCODE;ADM2_EN;ADM2_PCODE;X;Y"
    rows = ["Deir-ez-Zor;دير الزور;SY09;Abu Kamal;SY0903;40.9;34.4", "Deir-ez-Zor;دير الزور;SY09;Mayadin;SY0902;;"]
    entries = list(read_cod_ab(_cod(tmp_path, header, rows, bom=False)))
    assert [(e.gazetteer_id, e.feature, e.parent_id, e.country_code) for e in entries] == [
        ("SY09", "governorate", None, "SY"),
        ("SY0902", "district", "SY09", "SY"),
        ("SY0903", "district", "SY09", "SY"),
    ]
    assert (entries[2].latitude, entries[2].longitude) == (34.4, 40.9)
    assert entries[1].latitude is None


def test_cod_ab_missing_column(tmp_path: Path) -> None:
    header = COD_HEADER.replace("admin1Pcode,", "")
    rows = [row.replace(",SY09,", ",", 1).replace(",SY08,", ",", 1) for row in COD_ROWS]
    with pytest.raises(ValueError, match="missing column admin1Pcode"):
        read_cod_ab(_cod(tmp_path, header, rows))
    with pytest.raises(ValueError, match="missing column admin1Pcode"):
        read_cod_ab(_cod(tmp_path, "name,latitude,longitude", ["Hajin,34.6,40.8"]))
    with pytest.raises(ValueError, match="missing column admin2Name_en"):
        read_cod_ab(_cod(tmp_path, "admin1Name_en,admin1Pcode,admin2Pcode", ["A,SY01,SY0101"]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("34.6939", "north"), "line 3: latitude: 'north' is not a number"),
        (("34.6939", "134.6939"), "line 3: latitude: 134.6939 is out of range"),
        (("40.8369", "-190"), "line 3: longitude: -190.0 is out of range"),
        (("34.6939,40.8369", "34.6939,"), "line 3: latitude and longitude go together"),
        (
            ("SY090300,Hajin", "SY080000,Hajin"),  # the same subdistrict under two districts
            "line 4: admin3Pcode: SY080000 is under SY0800 here, under SY0903 on line 3",
        ),
        (("Hajin,هجين", ",هجين"), "line 3: admin4Name_en: empty"),
    ],
)
def test_cod_ab_bad_row_names_line_and_field(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    rows = list(COD_ROWS)
    rows[1] = rows[1].replace(*change)
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        read_cod_ab(_cod(tmp_path, rows=rows))


def test_cod_ab_skips_hxl_tags_and_takes_country_from_pcode(tmp_path: Path) -> None:
    header = "admin1Name_en,admin1Pcode"
    rows = ["#adm1+name,#adm1+code", "Idleb,SY07"]
    (entry,) = read_cod_ab(_cod(tmp_path, header, rows))
    assert (entry.gazetteer_id, entry.country_code, entry.feature) == ("SY07", "SY", "governorate")
    with pytest.raises(ValueError, match="line 2: cannot tell the country"):
        read_cod_ab(_cod(tmp_path, header, ["Idleb,0707"]))
    (entry,) = read_cod_ab(_cod(tmp_path, header, ["Idleb,0707"]), country_code="sy")
    assert entry.country_code == "SY"


def test_cod_ab_rejects_non_utf8_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((COD_HEADER + "\n" + COD_ROWS[0] + "\n").encode() + "Hé,SY".encode("latin-1"))
    with pytest.raises(ValueError, match="line 3: not valid UTF-8"):
        read_cod_ab(path)


def test_cod_ab_coordinate_columns(tmp_path: Path) -> None:
    rows = ["Idleb,SY07,35.9,36.6"]
    (entry,) = read_cod_ab(_cod(tmp_path, "admin1Name_en,admin1Pcode,Lat,Long", rows))
    assert (entry.latitude, entry.longitude) == (35.9, 36.6)
    with pytest.raises(ValueError, match="missing column longitude"):
        read_cod_ab(_cod(tmp_path, "admin1Name_en,admin1Pcode,latitude,elevation", rows))
