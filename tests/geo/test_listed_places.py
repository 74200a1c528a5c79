"""Names the text itself calls places though the gazetteer lacks them (Stop 16, second round, of docs/extraction.md):
the names a plural word of places lists ("مناطق عدة، منها X وY", "several areas, including X and Y"), a name in quotes
or brackets after its cue ("منطقة “X”", "قرية (X)"), a dam ("سد X"), an area that the text puts in a countryside
("منطقة بيت X التابعة لريف Y"); and what stays no place: the zones of agreements ("منطقة “خفض التصعيد”") and the
words after a list. Every sentence here is made up."""

from __future__ import annotations

import pytest

from tawthiq.geo.resolver import GazetteerResolver
from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_PLACES = [
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا"]),
    ("damascus", "Damascus", "city", "SY", "sy", 33.5, 36.3, ["دمشق"]),
    ("kiswah", "Al Kiswah", "town", "SY", "sy", 33.3, 36.2, ["الكسوة", "al-Kiswah"]),
    ("daraa", "Daraa", "city", "SY", "sy", 32.6, 36.1, ["درعا"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return resolver_of(_PLACES)


def _unresolved(found: dict[str, dict[str, object]], name: str) -> bool:
    return name in found and found[name]["precision"] in ("unresolved", "region")


@pytest.mark.parametrize(("text", "names"), [
    ("شملت المداهمات مناطق عدة، منها العسالي وجوبر بالإضافة إلى الزاهرة والكسوة، وأخرى في الريف.",
     ["العسالي", "جوبر", "الزاهرة"]),
    ("داهمت الدوريات أحياء من بينها المزة والميدان في دمشق.", ["المزة", "الميدان"]),
    ("اعتقلت القوات 30 شاباً في مناطق كل من “المحطة” و”الجسر القديم” و”دوار الساعة” في المدينة.",
     ["المحطة", "الجسر القديم", "دوار الساعة"]),
    ("Raids hit several areas, including Assali and Jobar, on Monday.", ["Assali", "Jobar"]),
    ("Shelling struck villages such as Hamouriya and Zamalka at dawn.", ["Hamouriya", "Zamalka"]),
])
def test_the_names_a_plural_word_of_places_lists_are_places(resolver: GazetteerResolver, text: str,
                                                              names: list[str]) -> None:
    found = places_in(resolver, text)
    assert all(_unresolved(found, name) for name in names), found
    # a known place in the list stays that place, and what follows the list is none
    assert not [name for name in found if name.startswith(("وأخرى", "الريف"))]


def test_a_known_place_in_a_list_keeps_its_place(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "شملت الاعتقالات مناطق عدة، منها العسالي والكسوة.")
    assert found["الكسوة"]["gazetteer_id"] == "kiswah"
    assert _unresolved(found, "العسالي")


@pytest.mark.parametrize(("text", "name"), [
    ("هاجم مسلحون قرية (الزهراء) ليلاً وقتلوا راعياً.", "الزهراء"),
    ("اعتقلت الدورية شابين قرب منطقة “المعامل” شرق المدينة.", "المعامل"),
    ("قصفت طائرة مسيرة نقطة قرب سد الحمرة في الريف الشرقي.", "سد الحمرة"),
    ("وفي منطقة بيت سابر التابعة لريف دمشق اعتقلت الدورية شاباً.", "بيت سابر"),
    ("وفي منطقة الحميدية الواقعة في ريف درعا قتل مدني برصاص مجهولين.", "الحميدية"),
    # the plural or dual of a countryside or a governorate names each place after it
    ("وتشهد أرياف درعا والصنمين حملة قصف عنيفة.", "الصنمين"),
    ("قصفت قوات النظام أرياف الصنمين ودرعا الجنوبي.", "الصنمين"),
])
def test_a_name_the_text_calls_a_place_is_a_place(resolver: GazetteerResolver, text: str, name: str) -> None:
    assert _unresolved(places_in(resolver, text), name)


@pytest.mark.parametrize("text", [
    "ارتفع عدد القتلى ضمن منطقة “خفض التصعيد” إلى مئة، بينهم عشرة في منطقة “المعامل”.",
    "قتل مدنيان في منطقة خفض التصعيد، وثالث في منطقة “المعامل” بريف درعا.",
])
def test_the_zone_of_an_agreement_is_no_place_beside_a_quoted_area(resolver: GazetteerResolver, text: str) -> None:
    found = places_in(resolver, text)
    assert not [name for name in found if "التصعيد" in name]
    assert _unresolved(found, "المعامل")


def test_the_direction_after_a_countryside_in_a_list_is_the_countrysides(resolver: GazetteerResolver) -> None:
    found = places_in(resolver, "قصفت قوات النظام أرياف الصنمين ودرعا الجنوبي.")
    assert found["درعا"]["gazetteer_id"] == "daraa"
    assert _unresolved(found, "الصنمين")
