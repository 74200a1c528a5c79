"""A place's name has more parts than its first word: a second word after a settlement cue ("بلدة سحم الجولان") or
a usual tail ("درعا البلد") makes a longer name that is not the known place of the first word; "و" before a word of
kind ("بلدات وقرى") names no place; nor does a place in a gathering's name ("تجمع أحرار حوران")."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا"]),
    ("daraa", "Daraa", "city", "SY", "sy", 32.6, 36.1, ["درعا"]),
    ("saham", "Saham al Kaffarat", "village", "SY", "sy", 32.7, 35.9, ["سحم"]),
    ("shajara", "Ash Shajarah", "village", "SY", "sy", 32.7, 35.95, ["الشجرة"]),
    ("hauran", "Hauran", "region", "SY", "sy", 32.7, 36.2, ["حوران"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


def test_a_second_word_after_a_settlement_cue_goes_on_the_name(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "قتل شاب على الطريق بين بلدتي سحم الجولان والشجرة غربي درعا.")
    # the village the gazetteer lacks is kept whole, never the village of its first word; the list goes on after it
    assert found["سحم الجولان"]["gazetteer_id"] != "saham"
    assert found["الشجرة"]["gazetteer_id"] == "shajara"
    # an adjective of the cue word, or a time, is no part of the name
    assert places_in(resolver, "سقطت قذيفة على بلدة الشجرة الخاضعة لسيطرة الفصائل.")["الشجرة"]["gazetteer_id"] \
        == "shajara"
    assert places_in(resolver, "قتل رجل في بلدة الشجرة الثلاثاء الماضي.")["الشجرة"]["gazetteer_id"] == "shajara"
    # a word read on that makes no known name leaves the place the gazetteer names by its first word alone
    assert places_in(resolver, "قتل رجل في بلدة الشجرة البارحة.")["الشجرة"]["gazetteer_id"] == "shajara"


def test_a_usual_tail_makes_another_place_than_the_town(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "عثر الأهالي على جثة على أطراف درعا البلد صباح اليوم.")
    assert all(p["gazetteer_id"] != "daraa" for p in found.values())
    assert places_in(resolver, "عثر الأهالي على جثة في ريف درعا الغربي.")["درعا"]["gazetteer_id"] == "daraa"


@pytest.mark.parametrize("text", [
    "استهدفت الغارات بلدات وقرى عدة في الريف الغربي.",
    "وقالت مصادر لتجمع أحرار حوران إن الشاب قتل برصاص مجهولين.",
])
def test_words_of_kind_and_names_of_gatherings_are_no_places(resolver: GazetteerResolver, text: str) -> None:
    assert places_in(resolver, text) == {}
