"""Frames of place that are no preposition: on the outskirts of a place ("على أطراف درعا البلد") a longer name is a
place as after "في"; a word of time after a site's head ("قرب مدرسة أثناء خروج التلاميذ") is no name."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا"]),
    ("daraa", "Daraa", "city", "SY", "sy", 32.6, 36.1, ["درعا"]),
    ("rifat", "Tall Rifat", "town", "SY", "sy", 36.5, 37.1, ["تل رفعت"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


@pytest.mark.parametrize("text", [
    "عثر مدنيون على جثة على أطراف درعا البلد، ملفوفة وملقاة في حفرة.",
    "سقطت قذيفة في محيط درعا البلد مساء أمس.",
])
def test_a_longer_name_on_the_outskirts_of_a_place_is_a_place(resolver: GazetteerResolver, text: str) -> None:
    found = places_in(resolver, text)
    assert "درعا البلد" in found
    assert found["درعا البلد"]["gazetteer_id"] != "daraa"


def test_a_word_of_time_after_a_sites_head_is_no_name(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "وقع القصف قرب مدرسة أثناء خروج التلاميذ منها في تل رفعت.")
    assert not [name for name in found if "أثناء" in name]
    assert found["تل رفعت"]["gazetteer_id"] == "rifat"


_LATIN = resolver_of([
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, []),
    ("hasakah", "Al-Hasakah", "city", "SY", "sy", 36.5, 40.7, ["Al Hasakah"]),
    ("kafraya", "Kafraya", "town", "SY", "sy", 35.98, 36.7, ["Kafrayya"]),
])


def test_a_name_written_with_an_apostrophe_goes_on_a_list_of_towns() -> None:
    found = places_in(_LATIN, "Shells fell on the towns of Kafrayya and al-Fou’aa, inhabited by Shiites.")
    assert "al-Fou’aa" in found
    assert found["al-Fou’aa"]["precision"] in ("unresolved", "region")


def test_an_article_and_a_capitalised_word_after_in_are_a_place() -> None:
    found = places_in(_LATIN, "Fourteen civilians were killed when an airstrike struck homes in Al Sha’afa.")
    assert found["Al Sha’afa"]["precision"] in ("unresolved", "region")
    # a known place stays that place
    known = places_in(_LATIN, "Two men were detained in Al-Hasakah on Monday.")
    assert known["Al-Hasakah"]["gazetteer_id"] == "hasakah"


def test_a_subdistrict_names_its_place(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "داهمت الدورية منازل في قرية بعية التابعة لناحية شيراوا في ريف درعا.")
    assert "شيراوا" in found
    assert found["شيراوا"]["precision"] in ("unresolved", "region")


def test_an_area_with_the_countryside_it_lies_in_is_a_place(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "استهدفت طائرة مستشفى في منطقة عابدين في الريف الجنوبي لدرعا.")
    assert found["عابدين"]["precision"] in ("unresolved", "region")
    assert "الماكف" in places_in(resolver, "فجر رجل سيارة قرب حاجز في منطقة الماكف بريف درعا.")
    # one word after منطقة alone may be anything
    assert not [name for name in places_in(resolver, "قتل مدنيان في منطقة التصعيد أمس.") if "التصعيد" in name]


def test_a_name_before_city_is_a_place() -> None:
    found = places_in(_LATIN, "SDF personnel arrested a media activist from Abu Hamam city in the east.")
    assert found["Abu Hamam"]["precision"] in ("unresolved", "region")


def test_the_place_a_named_site_lies_in_is_a_place() -> None:
    found = places_in(_LATIN, "Patients were transferred to nearby Baghdad Hospital in Awejel, two miles away.")
    assert found["Awejel"]["precision"] in ("unresolved", "region")
    assert "Baghdad Hospital" in found


def test_an_owner_after_in_al_is_no_place() -> None:
    assert "Al Jazeera’s" not in places_in(_LATIN, "The claim was repeated in Al Jazeera’s evening bulletin.")
