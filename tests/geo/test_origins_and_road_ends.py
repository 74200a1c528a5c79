"""The coding conventions of stop 17 (docs/extraction.md): a place named only as a person's origin and the cities at
the ends of a road are not places of the events. The places of the events in the same sentences stay, and so do a
place of residence and the area an origin is placed in: the events are often there too."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tawthiq.extract.places import check_places
from tawthiq.extract.spans import Document
from tests.extract.readings import kept_places


def kept_ends(text: str, names: list[str]) -> list[str]:
    """As :func:`kept_places`, with the names found also between hyphens ("the Damascus-Daraa highway"), as the
    gazetteer finds them."""
    places: list[dict[str, Any]] = [
        {"text": name, "start": m.start(), "end": m.end(), "name": name, "precision": "near"}
        for name in names for m in re.finditer(re.escape(name), text)]
    places.sort(key=lambda p: p["start"])
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    return [str(p["text"]) for p in check_places(Document(text, language, None), places, [])]


@pytest.mark.parametrize(("text", "origin", "place"), [
    ("A drone killed Ahmad, a fighter originally from Deir al-Zor, near Azaz.", "Deir al-Zor", "Azaz"),
    ("The victim, a native of Tadef, was shot dead at a checkpoint in Jarablus.", "Tadef", "Jarablus"),
    ("Gunmen abducted a man who hails from the town of Kafrnabl on the road out of Sarmada.", "Kafrnabl", "Sarmada"),
    ("Two brothers who are from Hawija were detained in Kirkuk.", "Hawija", "Kirkuk"),
    ("The bodies were found in al-Nukhayb. Four of the dead were from Karbala.", "Karbala", "al-Nukhayb"),
    ("قُتل شاب ينحدر من بلدة معرة مصرين برصاص مجهولين في مدينة الباب.", "معرة مصرين", "الباب"),
    ("اعتقلت الدورية الطبيب المنحدر من مدينة سلقين على حاجز قرب عفرين.", "سلقين", "عفرين"),
])
def test_a_place_named_only_as_a_persons_origin_is_no_place_of_the_events(text: str, origin: str,
                                                                         place: str) -> None:
    assert kept_places(text, [origin, place]) == [place]


@pytest.mark.parametrize(("text", "origin", "mark", "place"), [
    ("Police arrested Suhaib, who hails from the al-Ghab Plain, west of Hama, at a protest in Binnish.",
     "al-Ghab", "Hama", "Binnish"),
    ("اعتقلت الهيئة شاباً ينحدر من قرية كفرعويد بريف إدلب خلال مظاهرة في سرمدا.", "كفرعويد", "إدلب", "سرمدا"),
])
def test_the_area_an_origin_is_placed_in_stays_a_place(text: str, origin: str, mark: str, place: str) -> None:
    assert kept_places(text, [origin, mark, place]) == [mark, place]


@pytest.mark.parametrize(("text", "names"), [
    ("وأصيب رجل من أهالي قرية الكفير بقصف استهدف سوق مدينة جسر الشغور.", ["الكفير", "جسر الشغور"]),
    ("قُتل الشاب ابن مدينة الرستن بقصف مدفعي على أحياء مدينة حمص.", ["الرستن", "حمص"]),
    ("خطف الفصيل شابين من أهالي قرية قطمة التابعة لناحية شران.", ["قطمة", "شران"]),
])
def test_a_place_of_residence_stays_a_place(text: str, names: list[str]) -> None:
    assert kept_places(text, names) == names


def test_an_origin_named_again_as_the_place_of_the_events_stays_there() -> None:
    text = "A man originally from Daraa was killed by shelling on Daraa. Rescuers reached Daraa at night."
    assert kept_places(text, ["Daraa"]) == ["Daraa", "Daraa"]
    arabic = "قُتل شاب ينحدر من مدينة إنخل، وقصفت الطائرات مدينة إنخل مساء اليوم."
    assert kept_places(arabic, ["إنخل"]) == ["إنخل"]


@pytest.mark.parametrize(("text", "ends", "place"), [
    ("Gunmen ambushed a bus on the Damascus-Daraa highway near Khirbet Ghazaleh.", ["Damascus", "Daraa"],
     "Khirbet Ghazaleh"),
    ("A roadside bomb hit a car on the Homs–Hama road outside Rastan.", ["Homs", "Hama"], "Rastan"),
    ("استهدف مسلحون سيارة مدنية على طريق دمشق – درعا قرب بلدة الصنمين.", ["دمشق", "درعا"], "الصنمين"),
    ("قُتل سائق بقصف على أوتوستراد حلب-دمشق الدولي عند مدينة سراقب.", ["حلب", "دمشق"], "سراقب"),
])
def test_the_cities_at_the_ends_of_a_road_are_no_places_of_the_events(text: str, ends: list[str],
                                                                       place: str) -> None:
    assert kept_ends(text, [*ends, place]) == [place]


def test_a_city_beside_a_road_that_merely_passes_it_stays_a_place() -> None:
    assert kept_places("Shelling hit the main road in Daraa and a market in Homs.", ["Daraa", "Homs"]) == [
        "Daraa", "Homs"]
    assert kept_places("قصفت الطائرات الطريق العام في مدينة درعا.", ["درعا"]) == ["درعا"]
