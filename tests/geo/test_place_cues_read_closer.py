"""Cues of place read closer: a town whose name opens with "جديد", the verb of a relative clause after a plural of
places, a word of affiliation after a site's head, names the text puts in an area, a city abroad that the text calls a
town, and a dateline that says nothing of where the other places lie."""

from __future__ import annotations

import pytest

from tests.geo.support import places_in, resolver_of

# (id, name, feature, country, parent, lat, lon, other names): made-up coordinates, for the resolver's arithmetic only
_AR = resolver_of([
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, ["سوريا"]),
    ("lb", "Lebanon", "country", "LB", None, 33.9, 35.9, ["لبنان"]),
    ("daraa-gov", "Daraa Governorate", "governorate", "SY", "sy", 32.8, 36.2, ["محافظة درعا"]),
    ("daraa", "Daraa", "city", "SY", "daraa-gov", 32.6, 36.1, ["درعا"]),
    ("raqqa", "Raqqa", "city", "SY", "sy", 35.95, 39.0, ["الرقة"]),
    ("dez-gov", "Deir ez-Zor Governorate", "governorate", "SY", "sy", 35.3, 40.1, ["محافظة دير الزور"]),
    ("dez", "Deir ez-Zor", "city", "SY", "dez-gov", 35.33, 40.14, ["دير الزور"]),
    ("bukamal", "Albu Kamal", "town", "SY", "dez-gov", 34.45, 40.92, ["البوكمال"]),
    ("idlib", "Idlib", "city", "SY", "sy", 35.93, 36.63, ["إدلب"]),
    ("sidon", "Sidon", "city", "LB", "lb", 33.56, 35.37, ["صيدا"]),
])


@pytest.mark.parametrize("text", [
    "نفذت قوة حملة دهم في بلدة جديد عكيدات بريف دير الزور.",
    "اعتقلت الدورية ثلاثة شبان من قرية جديد عكيدات شرقي دير الزور.",
])
def test_a_town_named_with_jadid_is_read_whole(text: str) -> None:
    found = places_in(_AR, text)
    assert found["جديد عكيدات"]["precision"] in ("unresolved", "region")
    # after a masculine word "جديد" is an adjective: a new camp names no place
    assert list(places_in(_AR, "افتتح مخيم جديد للنازحين قرب إدلب.")) == ["إدلب"]


@pytest.mark.parametrize("text", [
    "رفض القادة عودة العوائل إلى منازلهم ضمن أحياء خرجوا منها في مدينة البوكمال.",
    "قصفت الطائرات قرى سيطرت عليها الفصائل في ريف إدلب.",
    "عاد الأهالي إلى بلدات نزحوا عنها قرب دير الزور.",
])
def test_the_verb_of_a_relative_clause_after_a_plural_of_places_is_no_place(text: str) -> None:
    found = places_in(_AR, text)
    assert not [name for name in found if name.split()[0] in ("خرجوا", "سيطرت", "نزحوا")]
    # names after the plural, with no pronoun pointing back, are still places
    named = places_in(_AR, "غادرت العوائل منازلها في أحياء الهجانة والمساكن في مدينة البوكمال.")
    assert "الهجانة" in named and "المساكن" in named


@pytest.mark.parametrize("text", [
    "قضى المعتقل جراء التعذيب داخل سجن تابع لهيئة تحرير الشام في إدلب.",
    "احتجز الشبان في سجن خاضع لسيطرة الفصيل قرب إدلب.",
])
def test_a_word_of_affiliation_after_a_sites_head_is_no_name(text: str) -> None:
    assert list(places_in(_AR, text)) == ["إدلب"]


def test_a_city_abroad_that_the_text_calls_a_town_is_a_namesake() -> None:
    found = places_in(_AR, "وتأتي العملية بعد استهداف سيارته بعبوة ناسفة في بلدة صيدا بريف درعا.")
    assert found["صيدا"]["gazetteer_id"] != "sidon"
    # the city abroad where the text names it a city, or names its country
    assert places_in(_AR, "قصف الطيران مدينة صيدا في لبنان.")["صيدا"]["gazetteer_id"] == "sidon"


_IQ = resolver_of([
    ("iq", "Iraq", "country", "IQ", None, 33.0, 44.0, []),
    ("erbil-gov", "Erbil Governorate", "governorate", "IQ", "iq", 36.2, 44.0, ["Erbil"]),
    ("erbil", "Erbil", "city", "IQ", "erbil-gov", 36.19, 44.01, []),
    ("hira-north", "Al Hira", "village", "IQ", "erbil-gov", 36.3, 44.3, []),
    ("najaf-gov", "Najaf Governorate", "governorate", "IQ", "iq", 31.0, 44.0, ["Najaf"]),
    ("najaf", "Najaf", "city", "IQ", "najaf-gov", 32.0, 44.3, []),
])


@pytest.mark.parametrize("dateline", ["ERBIL, Kurdistan Region –", "Erbil (AFP) –", "(Erbil) –"])
def test_a_dateline_draws_no_village_near_it(dateline: str) -> None:
    text = f"{dateline} Gunmen executed six men from al-Hira of Najaf province, officials said."
    assert places_in(_IQ, text)["al-Hira"]["gazetteer_id"] != "hira-north"
    # named without the dateline's pull, in the same area as the village, it is that village
    near = places_in(_IQ, "Gunmen executed six men from al-Hira, north of Erbil, officials said.")
    assert near["al-Hira"]["gazetteer_id"] == "hira-north"


_AFRIN = resolver_of([
    ("sy", "Syria", "country", "SY", None, 35.0, 38.0, []),
    ("afrin", "Afrin", "town", "SY", "sy", 36.5, 36.87, []),
])


@pytest.mark.parametrize(("text", "names"), [
    ("Fighters arrested three civilians in Borj Haidar and Fafirten in Shirawa district.", ["Borj Haidar", "Fafirten"]),
    ("A faction seized olive groves in Kimar in the Sherawa subdistrict of Afrin.", ["Kimar"]),
    ("Members of the faction looted houses in Maabatli, Basuta and Kafr Safra in Afrin countryside.",
     ["Maabatli", "Basuta", "Kafr Safra"]),
])
def test_names_the_text_puts_in_an_area_are_places(text: str, names: list[str]) -> None:
    found = places_in(_AFRIN, text)
    for name in names:
        assert found[name]["precision"] in ("unresolved", "region")
    # a month is never a place, wherever the text puts it
    assert "January" not in places_in(_AFRIN, "Fighters raided houses in January in Afrin district.")


@pytest.mark.parametrize(("text", "site"), [
    ("Four protesters were killed near the protest camp in Tahrir (Liberation) Square, medics said.",
     "Tahrir (Liberation) Square"),
    ("A shell hit the Souq al-Hal (Vegetable Market) hospital in Afrin.", "Souq al-Hal (Vegetable Market) hospital"),
])
def test_a_site_named_with_a_gloss_in_brackets_is_read_whole(text: str, site: str) -> None:
    found = places_in(_AFRIN, text)
    assert found[site]["precision"] in ("unresolved", "region")
