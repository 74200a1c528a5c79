"""Place resolution: the sample's places resolve, context decides, and a far same-named place is never picked."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from tawthiq.config import Settings
from tawthiq.domain.errors import InvalidInput
from tawthiq.services.coding.gazetteer import import_gazetteer, load_default_gazetteer
from tawthiq.services.coding.geocoding import open_resolver
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace, open_workspace
from tawthiq.text import match_key
from tests.conftest import SAMPLES
from tests.support import OWNER


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One SQLite workspace with the default gazetteer, shared by the read-only tests of this module."""
    ws = open_workspace(Settings(data_dir=tmp_path_factory.mktemp("gazetteer") / "data", user="tester"))
    init_workspace(ws)
    load_default_gazetteer(ws, OWNER)
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


@pytest.mark.parametrize("text",
                         ["قطع الإنترنت في البوكمال شرق دير الزور", "IS shelled Abu Kamal", "IS shelled AlbuKamal"])
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
        "Syria,SY,Deir-ez-Zor,دير الزور,SY09,Abu Kamal,البوكمال,SY0903,Hajin,هجين,SY090301,"
        "Al-Susah,السوسة,C6001,34.66,40.98\n",
        encoding="utf-8")
    counts = import_gazetteer(sqlite_ws, OWNER, path=table, fmt="cod-ab")
    assert counts["added"] >= 4
    places = {p["text"]: p for p in open_resolver(sqlite_ws).resolve("Airstrikes hit homes in al-Susah yesterday",
                                                                     "en")}
    assert places["al-Susah"]["precision"] == "exact" and places["al-Susah"]["lat"] == pytest.approx(34.66)


def test_a_bad_gazetteer_file_is_rejected_with_its_line(sqlite_ws: Workspace, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("admin0Name_en,admin0Pcode,admin1Name_en,admin1Pcode,latitude,longitude\nSyria,SY,Idlib,SY07,north,36\n",
                     encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_gazetteer(sqlite_ws, OWNER, path=table, fmt="cod-ab")
    assert "line 2" in caught.value.problems[0].reason
    # nothing written: the next resolver knows no Idlib
    assert not open_resolver(sqlite_ws).resolve("Shelling in Idlib", "en")


def test_loading_the_gazetteer_works_on_both_backends(ws: Workspace) -> None:
    counts = load_default_gazetteer(ws, OWNER, countries=["LB"])
    assert counts["added"] > 10
    assert load_default_gazetteer(ws, OWNER, countries=["LB"])["added"] == 0


def _by_text(ws: Workspace, text: str) -> dict[str, dict[str, Any]]:
    return {p["text"]: p for p in open_resolver(ws).resolve(text, "ar" if not text[:1].isascii() else "en")}


@pytest.mark.parametrize("text", ["وأضاف المصدر أن أمير ديوان الحسبة في الميادين معروف",
                                  "ويأتي ذلك بعد أيام من قرار التنظيم إغلاق المقاهي",
                                  "بالقرب من مسجد الحي، ما أدى إلى دمار كبير",
                                  "بأن فصيل فرقة السلطان سليمان شاه استولى على المحصول",
                                  "في محاولة لمنع الأهالي من العودة إلى منازلهم",
                                  "عذب معتقلون في سجن خلال التحقيق"])
def test_arabic_particles_and_common_words_make_no_place(region: Workspace, text: str) -> None:
    names = {p["name"] for p in open_resolver(region).resolve(text, "ar")}
    assert not names & {"Anamur", "Amman", "Al Ḩayy", "Diyala Governorate", "Ar Raqqah", "Al Maḩāwīl",
                        "Al Mazra‘ah"}, names


def test_a_site_named_after_a_town_falls_back_to_the_town_at_region_precision(region: Workspace) -> None:
    places = _by_text(region, "بحسب ما أفاد مصدر طبي في مشفى دركوش الذي نقلت إليه الجثة")
    site = places["مشفى دركوش"]
    assert site["precision"] == "region" and site["within"] == "Darkūsh" and "دركوش" not in places
    # in English "Kafranbel hospital" names the town's hospital by the town: the town is the place
    town = _by_text(region, "Russian warplanes put Kafranbel hospital out of service")["Kafranbel"]
    assert town["precision"] == "near" and town["lat"] == pytest.approx(35.61, abs=0.1)


def test_every_neighbourhood_of_a_list_falls_back_to_its_city(region: Workspace) -> None:
    places = _by_text(region, "يعيش نحو 200 ألف مدني في أحياء الجورة والقصور وهرابش الخاضعة لسيطرة قوات النظام "
                              "في مدينة دير الزور")
    for name in ("الجورة", "القصور", "هرابش"):
        assert places[name]["precision"] == "region" and places[name]["within"] == "Deir ez-Zor", places
    english = _by_text(region, "IS forced families from the al-Mashlab and al-Sinaa neighbourhoods in eastern Raqqah.")
    assert english["al-Mashlab"]["precision"] == english["al-Sinaa"]["precision"] == "region"


def test_a_neighbourhood_is_never_resolved_to_a_namesake_town(region: Workspace) -> None:
    places = _by_text(region, "وفي مدينة عفرين، قال المواطن إنه يقيم حالياً في غرفة مستأجرة في حي المحمودية.")
    assert places["المحمودية"]["precision"] in ("region", "unresolved") and places["المحمودية"].get("within") in (
        "‘Afrīn",
        None,
    )


def test_a_possessive_gives_the_neighbourhood_its_city(region: Workspace) -> None:
    places = _by_text(region, "In Afrin's Mahmoudiya neighbourhood, members of the Hamza Division took over homes.")
    assert places["Mahmoudiya"]["within"] == "‘Afrīn" and places["Afrin"]["precision"] == "near"


@pytest.mark.parametrize(("text", "mention", "name"), [
    ("families who asked at the group's offices in Idlib and Harem were told nothing", "Harem", "Ḩārim"),
    ("In the village of Kafr Safra, near Jindires, a farmer said", "Jindires", "Jindayris"),
    ("the mukhtar of the town of Thiban, in the eastern countryside of Dayr az-Zawr", "Thiban", "Dhībān"),
    ("crossing into Iraqi Kurdistan near al-Yarubiyah", "Iraqi Kurdistan", "Iraqi Kurdistan"),
    ("Movement between Abu Kamal and al-Qaim, on the Iraqi side of the border, is controlled", "al-Qaim", "Al Qā’im"),
])
def test_spelling_variants_resolve_where_the_text_says_they_are_places(region: Workspace, text: str, mention: str,
                                                                        name: str) -> None:
    assert _by_text(region, text)[mention]["name"] == name


def test_a_town_abroad_that_nothing_in_the_text_is_near_stays_unresolved(region: Workspace) -> None:
    text = "Shells fired from positions in Maan hit a school in Kafr Zita, in the northern countryside of Hama."
    maan = _by_text(region, text)["Maan"]
    assert maan["precision"] in ("unresolved", "region") and maan["gazetteer_id"] != "250258"  # not Jordan's Ma'an
    assert maan["lon"] is None or maan["lon"] < 38.0


def test_arabic_proclitics_and_coordinated_names(region: Workspace) -> None:
    places = _by_text(region, "داعش يستولي على عشرات المنازل في حي الحميدية بدير الزور")
    assert places["دير الزور"]["lat"] == pytest.approx(35.33, abs=0.1)
    assert places["الحميدية"]["within"] == "Deir ez-Zor"  # never GeoNames' Al Hamidiyah in Tartus
    joined = _by_text(region, "راجعت العائلة مقرات الهيئة في الدانا وسرمدا، إلا أن المسؤولين أنكروا وجوده")
    assert joined["سرمدا"]["precision"] in ("unresolved", "region") and joined["الدانا"]["precision"] == "near"


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("1,800 women and children from Sinjar are believed to remain captive", "Sinjar", "Sinjar are"),
    ("قالوا إن سعر كيلو السكر تجاوز 5000 ليرة سورية في المدينة", None, "سورية"),
    ("حصيلة الانتهاكات في شمال غرب سوريا خلال شهر آب", "سوريا", None),
    ("وقالت الشرطة التركية إنها اعتقلت 12 سورياً في أورفا", "أورفا", "سورياً"),
])
def test_a_name_ends_where_the_place_does_and_an_adjective_is_no_country(region: Workspace, text: str, kept: str | None,
                                                                         dropped: str | None) -> None:
    places = _by_text(region, text)
    assert kept is None or kept in places
    assert dropped is None or dropped not in places


def test_the_resolver_is_kept_until_a_place_changes(sqlite_ws: Workspace) -> None:
    first = open_resolver(sqlite_ws)
    assert open_resolver(sqlite_ws) is first
    assert not first.resolve("Shelling in Zahrat al-Mada", "en")
    create_record(sqlite_ws, kind="place", data={"name": "Zahrat al-Mada", "feature": "village", "country_code": "SY",
                                                 "latitude": 35.1, "longitude": 40.2})
    fresh = open_resolver(sqlite_ws)
    assert fresh is not first
    [place] = fresh.resolve("Shelling in Zahrat al-Mada", "en")
    assert place["lat"] == pytest.approx(35.1)


_WORDS = ["Deir", "ez-Zor", "al-Bab", "Abu", "Kamal", "Abd", "al", "Ras", "al-Ain", "Tal", "Abyad", "of", "in", "2015",
          "ʿAyn", "Maarat", "al-Numan", "Dayr", "az", "Zawr", "دير", "الزور", "أبو", "كمال", "عبد", "الله", "في",
          "بدير", "وحلب", "٢٠١٥", "Jisr", "ash-Shughur", "Kafr", "Nabl", "El", "Hol"]


@given(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=5))
@settings(max_examples=300, deadline=None)
def test_the_key_of_a_run_begins_with_the_key_of_its_first_words(words: list[str]) -> None:
    # the resolver stops growing a run once its key begins no gazetteer key: that is only safe while this holds
    for k in range(1, len(words)):
        assert match_key(" ".join(words)).startswith(match_key(" ".join(words[:k])))


@pytest.mark.parametrize(("text", "wrong"), [("The Sham Legion and Jaysh al-Ahrar clashed near Atarib.", "Damascus"),
                                             ("اعتقل شاب على حاجز قرب باب الهوى", "Al Bāb")])
def test_the_levant_and_a_bare_name_head_are_no_place(region: Workspace, text: str, wrong: str) -> None:
    assert wrong not in {p["name"] for p in _by_text(region, text).values()}


def test_a_capitalised_site_is_a_site_and_a_particle_stays_out_of_the_span(region: Workspace) -> None:
    hospital = _by_text(region, "Fighters took over the Afrin Hospital on Monday.")["Afrin Hospital"]
    assert hospital["precision"] == "region" and hospital["within"] == "‘Afrīn"
    places = _by_text(region, "أعدم عناصر التنظيم رجلين في ساحة الساعة بالرقة")
    assert places["الرقة"]["name"] == "Ar Raqqah" and places["ساحة الساعة"]["within"] == "Ar Raqqah"
