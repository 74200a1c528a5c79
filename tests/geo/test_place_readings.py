"""How a text names places beyond "in X": a city of the region named for itself, a dateline, a list of places, the
countries of a border, a quoted village after its cue, Syria's other Arabic spelling; and a name only like a village's
in a list stays unknown rather than becoming the wrong village."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا", "سورية"]),
    ("tr", "Turkey", "country", "TR", None, 39.0, 35.0, ["تركيا"]),
    ("iq", "Iraq", "country", "IQ", None, 33.0, 44.0, ["العراق"]),
    ("idlib-gov", "Idlib Governorate", "governorate", "SY", "sy", 35.8, 36.6, ["محافظة إدلب"]),
    ("nineveh", "Nineveh Governorate", "governorate", "IQ", "iq", 36.3, 43.0, []),
    ("mosul", "Mosul", "city", "IQ", "nineveh", 36.33, 43.12, ["الموصل"]),
    ("homs", "Homs", "city", "SY", "sy", 34.73, 36.72, ["حمص"]),
    ("jisr", "Jisr ash Shughur", "town", "SY", "idlib-gov", 35.81, 36.32, ["Jisr al-Shughur", "جسر الشغور"]),
    ("maarra", "Maarrat an Numan", "town", "SY", "idlib-gov", 35.64, 36.67, ["Maarrat al-Numan"]),
    ("binnish", "Binnish", "town", "SY", "idlib-gov", 35.95, 36.71, ["بنش"]),
    ("ballut", "Ballut", "village", "SY", "idlib-gov", 35.9, 36.5, []),
    ("misrin", "Maarrat Misrin", "town", "SY", "idlib-gov", 36.01, 36.67, ["Maaratmisrin"]),
    ("ceylan", "Ceylanpinar", "town", "TR", "tr", 36.84, 40.05, ["Ras al-Ain"]),
    ("rasain", "Ras al-Ain", "town", "SY", "sy", 36.85, 40.07, ["Ras al Ain"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


@pytest.mark.parametrize(("text", "mention", "place"), [
    ("Families were trapped for weeks in the battle for west Mosul last spring.", "Mosul", "mosul"),
    ("MOSUL, Iraq - Residents returned to the old city on Sunday.", "MOSUL", "mosul"),
])
def test_a_city_of_the_region_spelled_as_the_gazetteer_spells_it_is_named_without_in(
        resolver: GazetteerResolver, text: str, mention: str, place: str) -> None:
    assert places_in(resolver, text)[mention]["gazetteer_id"] == place
    # a short word that is no city of the region still needs "in"
    assert places_in(resolver, "Omar met Ali at noon. Hit by shrapnel, she was taken away.") == {}


def test_the_unknown_names_of_a_list_of_places_are_places_left_unresolved(resolver: GazetteerResolver) -> None:
    text = ("The raids hit Kafr Lusin, Qurqania, Jisr al-Shughur, Binnish, Maarrat al-Numan and Tal Hadiya on "
            "Friday.")
    found = places_in(resolver, text)
    assert found["Jisr al-Shughur"]["gazetteer_id"] == "jisr" and found["Binnish"]["gazetteer_id"] == "binnish"
    for unknown in ("Kafr Lusin", "Qurqania", "Tal Hadiya"):
        assert found[unknown]["precision"] == "unresolved" and found[unknown]["lat"] is None
    # a list of people makes no places
    found = places_in(resolver, "Ahmad Saleh, Omar Hamdan, Khaled Youssef and Rami Nasser were detained in Binnish.")
    assert set(found) == {"Binnish"}


def test_a_name_only_like_a_village_in_a_list_of_places_stays_unknown(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "Strikes hit Jisr al-Shughur, Binnish, Ma’artmisrin and Maarrat al-Numan.")
    assert found["Ma’artmisrin"]["precision"] == "unresolved"
    assert "misrin" not in {p["gazetteer_id"] for p in found.values()}


def test_a_border_names_both_countries_and_draws_no_town_abroad(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "Shells fell on the Syria-Turkey border town of Ras al-Ain on Monday.")
    assert found["Syria"]["gazetteer_id"] == "sy" and found["Turkey"]["gazetteer_id"] == "tr"
    assert found["Ras al-Ain"]["gazetteer_id"] == "rasain"


def test_a_village_head_and_a_name_after_in_is_a_place_not_the_village_of_its_second_word(
        resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "A checkpoint was set up in Deir Ballut last week.")
    assert found["Deir Ballut"]["precision"] == "unresolved"
    assert "ballut" not in {p["gazetteer_id"] for p in found.values()}


def test_a_quoted_village_after_its_cue_is_a_place(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "خطف مسلحون طفلاً من قرية “كفرزيتا” في ريف المدينة.")
    assert found["كفرزيتا"]["precision"] == "unresolved"


def test_a_space_after_the_article_keeps_the_name_whole(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "Warplanes struck the town of al- Bu Kamel at dawn.")
    assert found["al- Bu Kamel"]["precision"] == "unresolved"


def test_syria_spelled_with_ta_marbuta_is_the_country_after_a_preposition(resolver: GazetteerResolver) -> None:
    assert set(places_in(resolver, "قتل تسعة مدنيين في مناطق متفرقة من سورية أمس.")) == {"سورية"}
    assert places_in(resolver, "دفع المواطن ألف ليرة سورية ثمناً للخبز.") == {}  # the Syrian pound: an adjective


def test_a_direction_before_syria_spelled_with_ta_marbuta_makes_it_the_country(resolver: GazetteerResolver) -> None:
    assert set(places_in(resolver, "قصفت الطائرات بلدة في شمال غربي سورية.")) == {"سورية"}
