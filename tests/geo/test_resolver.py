"""A place name of several words is matched whole or not at all: never resolved from its first word."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names)
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا"]),
    ("idlib-gov", "Idlib Governorate", "governorate", "SY", "sy", 35.8, 36.6, ["محافظة إدلب"]),
    ("rif", "Rif Dimashq Governorate", "governorate", "SY", "sy", 33.5, 36.6, ["ريف دمشق"]),
    ("damascus", "Damascus", "city", "SY", "rif", 33.51, 36.29, ["دمشق"]),
    ("aleppo", "Aleppo", "city", "SY", "sy", 36.2, 37.16, ["حلب"]),
    ("jisr", "Jisr ash Shughur", "town", "SY", "idlib-gov", 35.81, 36.32, ["جسر الشغور"]),
    # big towns far from Syria's north that share the first word of village names there
    ("hammam", "Hammam", "town", "IQ", None, 33.0, 44.5, ["حمام"]),
    ("tal", "Tal Town", "town", "IQ", None, 31.0, 46.0, ["Tel"]),
    ("dali", "Dali", "town", "TR", None, 38.0, 40.0, ["دالي"]),
    ("raqqa", "Ar Raqqah", "city", "SY", "sy", 35.95, 39.01, ["Raqqa", "الرقة"]),
    ("bsharri", "Bsharri", "town", "LB", None, 34.25, 36.01, ["Bashar"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


@pytest.mark.parametrize(("text", "whole"), [
    ("Two civilians were killed by shelling in Hammam Turkman on Monday.", "Hammam Turkman"),
    ("A drone struck a car in Tel Amees in June.", "Tel Amees"),
    ("Families fled from Dali Hasan after the raid.", "Dali Hasan"),
    ("قتل مدنيان بقصف مدفعي في حمام التركمان أمس.", "حمام التركمان"),
    ("اقتحمت دورية قرية حمام الشيخ عيسى فجراً.", "حمام الشيخ عيسى"),
])
def test_a_longer_unknown_name_is_never_resolved_from_its_first_word(resolver: GazetteerResolver, text: str,
                                                                      whole: str) -> None:
    found = places_in(resolver, text)
    assert found[whole]["precision"] == "unresolved" and found[whole]["lat"] is None
    assert not [p for p in found.values() if p["gazetteer_id"] in ("hammam", "tal", "dali")]


@pytest.mark.parametrize(("text", "mention", "place"), [
    ("A third was killed in strikes on the town of Jisr al Shughur, it added.", "Jisr al Shughur", "jisr"),
    ("سقطت قذائف على قرية مديرا شرق محافظة ريف دمشق، ما أدى إلى أضرار.", "ريف دمشق", "rif"),
    ("Shells fell in Aleppo City on Monday.", "Aleppo", "aleppo"),
    ("Regime Shells Hammam Killing Five", "Hammam", "hammam"),  # a headline capitalises every word
])
def test_a_known_name_of_several_words_is_matched_whole(resolver: GazetteerResolver, text: str, mention: str,
                                                        place: str) -> None:
    assert places_in(resolver, text)[mention]["gazetteer_id"] == place


@pytest.mark.parametrize("text", [
    "Barrel bombs were dropped by the regime of Bashar al-Assad on the town.",
    "The strike was reported by the local monitoring group Raqqa Watch on Tuesday.",
])
def test_a_person_or_a_body_named_after_a_place_is_no_place(resolver: GazetteerResolver, text: str) -> None:
    assert places_in(resolver, text) == {}
