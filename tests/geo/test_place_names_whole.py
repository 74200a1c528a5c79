"""Names read whole, or not as places at all: a capital after its cue, an area of two words after "منطقة", a
checkpoint named by its village, a possessive owner ("Iraq’s Anbar province"), a village whose head word follows its
name ("Kurin village"); and no place from a camp's purpose ("مخيم للنازحين"), a unit's name ("لواء “شهداء حمص”"), a
figure passed ("حاجز الربع مليون"), a state named for its government ("Ankara’s operation") or a head word alone
("the city of Deir ezzor")."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا", "سورية"]),
    ("iq", "Iraq", "country", "IQ", None, 33.0, 44.0, ["العراق"]),
    ("tr", "Turkey", "country", "TR", None, 39.0, 35.0, ["تركيا"]),
    ("anbar", "Al Anbar Governorate", "governorate", "IQ", "iq", 33.4, 42.0, ["Anbar"]),
    ("ankara", "Ankara", "city", "TR", "tr", 39.9, 32.9, ["أنقرة"]),
    ("homs", "Homs", "city", "SY", "sy", 34.73, 36.72, ["حمص"]),
    ("hama-gov", "Hama Governorate", "governorate", "SY", "sy", 35.2, 36.9, ["محافظة حماة"]),
    ("idlib", "Idlib", "city", "SY", "sy", 35.93, 36.63, ["إدلب"]),
    ("dawr", "Ad Dawr", "town", "IQ", "iq", 34.45, 43.79, ["Dour"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


@pytest.mark.parametrize(("text", "name"), [
    ("وقال المتحدث من مكتبه في العاصمة الفرنسية باريس إن القصف استمر.", "باريس"),
    ("سقطت قذائف على منطقة الوادي الأخضر شرق المدينة.", "الوادي الأخضر"),
    ("اعتقلت الدورية شاباً على حاجز تل شهاب قرب المدينة.", "حاجز تل شهاب"),
    ("Shells fell on Kurin village in Idlib province at dawn.", "Kurin"),
])
def test_a_place_the_gazetteer_lacks_is_read_whole_after_its_cue(resolver: GazetteerResolver, text: str,
                                                                  name: str) -> None:
    found = places_in(resolver, text)
    assert name in found and found[name]["gazetteer_id"] in (None, "idlib", "homs")
    assert found[name]["precision"] in ("unresolved", "region")


def test_a_possessive_owner_and_the_place_it_owns_are_both_places(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "Militias detained dozens of men in Iraq’s Anbar province last June.")
    assert found["Iraq"]["gazetteer_id"] == "iq" and found["Anbar"]["gazetteer_id"] == "anbar"
    # a capital named for its government owns no place: it is none
    assert "Ankara" not in places_in(resolver, "Ankara’s military operation entered its second week.")


@pytest.mark.parametrize("text", [
    "أصابت القذائف مخيماً قرب إدلب ومخيم للمهجرين شمالها.",
    "هاجم عناصر لواء “شهداء حمص” مقراً للشرطة.",
    "تجاوز عدد الضحايا حاجز الربع مليون شخص.",
    "He worked for the Deir ezzor relief council before he was displaced.",
    "He was displaced from the city of Deir ezzor two years ago.",
])
def test_words_that_only_look_like_places_are_no_place(resolver: GazetteerResolver, text: str) -> None:
    found = places_in(resolver, text)
    assert not any(w in found for w in ("للمهجرين", "مخيم للمهجرين", "حمص", "حاجز الربع", "الربع", "Deir"))
    assert "dawr" not in {p["gazetteer_id"] for p in found.values()}
