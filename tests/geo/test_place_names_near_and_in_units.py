"""One capitalised word after "near" that ends its clause is a place the gazetteer may lack, kept unresolved with its
text ("a house near Hawi, in the northwest of Mosul"); a known place there stays itself, and a word the clause goes on
after, a group or a time is no place. A city named in a police force's name ("شرطة طوارئ السليمانية",
"لشرطة السليمانية") is the city the force serves, no place of the events; the same city after "في" still is one."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("iq", "Iraq", "country", "IQ", None, 33.0, 44.0, ["العراق"]),
    ("mosul", "Mosul", "city", "IQ", "iq", 36.34, 43.13, []),
    ("hawija", "Hawija", "town", "IQ", "iq", 35.32, 43.76, []),
    ("sul", "Sulaymaniyah", "city", "IQ", "iq", 35.56, 45.43, ["السليمانية"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


@pytest.mark.parametrize("text", [
    "A coalition airstrike hit a house near Hawi, in the northwest of Mosul.",
    "Shells fell on a farm near Hawi.",
    "The family had fled to a camp near Hawi; two children died there.",
])
def test_one_unknown_word_after_near_is_an_unresolved_place(resolver: GazetteerResolver, text: str) -> None:
    found = places_in(resolver, text)
    assert "Hawi" in found
    assert found["Hawi"]["precision"] == "unresolved" and found["Hawi"]["gazetteer_id"] is None
    # a known place after "near" stays itself; a word the clause goes on after, a group or a time is no place
    assert places_in(resolver, "A drone struck a car near Hawija, killing two.")["Hawija"]["gazetteer_id"] == "hawija"
    for other in ("Gunmen were seen near Assad loyalists in the market.", "Clashes near Hawi killed two.",
                  "The raid came near Christmas.", "The men were held near Daesh.", "Fighting resumed near Monday."):
        assert not {"Assad", "Hawi", "Christmas", "Daesh", "Monday"} & set(places_in(resolver, other))


@pytest.mark.parametrize("text", [
    "وصلت قوات شرطة طوارئ السليمانية إلى مكان الحادث بعد الهجوم على القرية.",
    "اعتقلت دورية تابعة لشرطة طوارئ السليمانية شاباً من القرية.",
    "وقال مصدر في شرطة السليمانية إن مسلحين قتلوا ثلاثة مدنيين في القرية.",
])
def test_a_city_in_a_police_force_name_is_no_place(resolver: GazetteerResolver, text: str) -> None:
    assert places_in(resolver, text) == {}
    # the same city after "في" or "إلى" still is one
    assert [p["gazetteer_id"] for p in places_in(resolver, "قتل مسلحون ثلاثة مدنيين في السليمانية.").values()] == [
        "sul"]
