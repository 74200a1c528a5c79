"""What the words around a name say of the place (Stop 15, second round, of docs/extraction.md): an owner with an
article ("al-Wazir’s") is no name of its own; a desert or a steppe is no town; a sub-district, a valley and a plain
name unknown places; a country whose war or uprising the text tells of is a place of it."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا"]),
    ("iq", "Iraq", "country", "IQ", None, 33.0, 44.0, []),
    ("tr", "Turkey", "country", "TR", None, 39.0, 35.0, []),
    ("baghdad", "Baghdad", "city", "IQ", "iq", 33.3, 44.4, []),
    ("hasakah", "Al-Hasakah", "city", "SY", "sy", 36.5, 40.7, ["al-Hasakah"]),
    ("dohuk", "Dohuk", "governorate", "IQ", "iq", 36.9, 43.0, ["Duhok"]),
    # a Turkish city one of whose names ("Aziris") has the key ("zrs") of a possessive "al-Wazir’s"
    ("erzincan", "Erzincan", "city", "TR", "tr", 39.7, 39.5, ["Aziris"]),
    # an Iraqi town known by another name that is also a wide region's
    ("suwayrah", "As Suwayrah", "town", "IQ", "iq", 32.9, 44.8, ["Jazira"]),
    ("jazira", "Jazira", "region", "SY", "sy", 36.5, 40.5, []),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


def test_an_owner_written_with_its_article_is_no_place_of_that_key(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "Families held a sit-in in front of al-Wazir’s Rest base, which the coalition runs.")
    assert not [p for p in found.values() if p["gazetteer_id"] == "erzincan"]


@pytest.mark.parametrize("text", [
    'In Iraq, "there are sleeper cells in the thousands of square kilometers of Jazira," the vast desert stretching '
    "from the west of Baghdad, a tribal leader said.",
    "In Iraq, the group still roams Jazira, a desert region west of Baghdad.",
])
def test_a_name_called_a_desert_is_no_town(resolver: GazetteerResolver, text: str) -> None:
    found = places_in(resolver, text)
    assert found.get("Jazira", {}).get("gazetteer_id") != "suwayrah"
    assert found["Baghdad"]["gazetteer_id"] == "baghdad"
    # a town of that name, called a town, is still the town
    town = places_in(resolver, "In Iraq, gunmen killed two farmers in Jazira town.")
    assert town["Jazira"]["gazetteer_id"] == "suwayrah"


@pytest.mark.parametrize(("text", "name"), [
    ("Three friends lived in Duhok’s Shiladze sub-district, near the border.", "Shiladze"),
    ("People flocked to the scene near the village of Sidan, Balanda Valley, on foot.", "Balanda"),
    ("Shelling hit farms in the Ghardin Plain on Friday.", "Ghardin"),
])
def test_a_sub_district_a_valley_and_a_plain_name_a_place(resolver: GazetteerResolver, text: str,
                                                          name: str) -> None:
    assert name in places_in(resolver, text)


def test_a_country_whose_uprising_the_text_tells_of_is_a_place(resolver: GazetteerResolver) -> None:
    assert "Syria" in places_in(resolver, "Most are from Daraa, the defeated cradle of Syria’s 2011 uprising.")
    assert "Turkey" not in places_in(resolver, "Turkey’s operation displaced thousands of families.")


def test_two_words_of_kind_open_one_arabic_list_of_villages(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "استهدفت الغارات قرى وبلدات ترملا والرفة وسرجة جنوب إدلب.")
    assert {"ترملا", "الرفة", "سرجة"} <= set(found)
    # "several", a verb and "a centre" after a word of kind are no names
    text = "استهدفت الغارات بلدات وقرى عدة، وهو رابع مشفى يتم إخراجه عن الخدمة، ودمرت مشفى ومركزا طبيا."
    assert not {"عدة", "مشفى يتم", "مشفى ومركزا"} & set(places_in(resolver, text))
