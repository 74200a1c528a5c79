"""Cues: where a report itself says that a name is a place, and what kind of place, in English and Arabic."""

from __future__ import annotations

import pytest

from tawthiq.geo.cues import NEIGHBOURHOOD, SETTLEMENT, SITE, arabic_name_ok, find_cues
from tawthiq.geo.matching import close, haversine, vowelless


def _cues(text: str) -> list[tuple[str, str]]:
    return [(c.name, c.kind) for c in find_cues(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("farmers in the villages of al-Hawayij and Abu Hardoub said",
     [("al-Hawayij", SETTLEMENT), ("Abu Hardoub", SETTLEMENT)]),
    ("Residents of the villages of Khirbet al-Raheb and Umm Aqrabah, however, said",
     [("Khirbet al-Raheb", SETTLEMENT), ("Umm Aqrabah", SETTLEMENT)]),
    ("families from the al-Mashlab and al-Sinaa neighbourhoods in eastern Raqqah",
     [("al-Mashlab", NEIGHBOURHOOD), ("al-Sinaa", NEIGHBOURHOOD)]),
    ("في أحياء الجورة والقصور وهرابش الخاضعة لسيطرة قوات النظام",
     [("الجورة", NEIGHBOURHOOD), ("القصور", NEIGHBOURHOOD), ("هرابش", NEIGHBOURHOOD)]),
    ("وتشهد أحياء درعا البلد وطريق السد ومخيم درعا قصفاً",
     [("درعا البلد", NEIGHBOURHOOD), ("طريق السد", NEIGHBOURHOOD), ("مخيم درعا", SITE)]),
    ("في قريتي أرنده وقرمتلق بعد رفضها الدفع", [("أرنده", SETTLEMENT), ("قرمتلق", SETTLEMENT)]),
])
def test_a_list_after_a_plural_cue_gives_every_item(text: str, expected: list[tuple[str, str]]) -> None:
    assert _cues(text) == expected


def test_a_list_stops_at_the_next_cue_word() -> None:
    assert _cues("مدينة تل رفعت وقرية الشيخ عيسى بريف حلب") == [("تل رفعت", SETTLEMENT), ("الشيخ عيسى", SETTLEMENT)]


def test_a_singular_cue_takes_one_name_not_the_person_after_the_comma() -> None:
    assert _cues("In the village of Tal Fendar, Khalaf al-Hussein, a farmer, said") == [("Tal Fendar", SETTLEMENT)]


def test_a_possessive_names_the_owner_and_leading_words_are_trimmed() -> None:
    [cue] = find_cues("In Afrin's Mahmoudiya neighbourhood, members of the Hamza Division")
    text = "In Afrin's Mahmoudiya neighbourhood, members of the Hamza Division"
    assert (cue.name, cue.kind) == ("Mahmoudiya", NEIGHBOURHOOD)
    assert cue.owner is not None and text[cue.owner[0]:cue.owner[1]] == "Afrin"


@pytest.mark.parametrize(("text", "site", "inner"), [
    ("released last month from the HTS-run al-Uqab prison in Jabal al-Zawiya", "al-Uqab prison", "al-Uqab"),
    ("hit the al-Khansaa primary school in Kafr Zita", "al-Khansaa primary school", "al-Khansaa"),
    ("Russian warplanes put Kafranbel hospital out of service", "Kafranbel hospital", "Kafranbel"),
    ("بحسب ما أفاد مصدر طبي في مشفى دركوش الذي نُقلت إليه الجثة", "مشفى دركوش", "دركوش"),
    ("كما خرج مشفى كفرنبل الجراحي عن الخدمة", "مشفى كفرنبل الجراحي", "كفرنبل"),
    ('بغارتين جويتين مدرسة "الشهيد فارس" الابتدائية في الحي الشمالي', 'مدرسة "الشهيد فارس" الابتدائية', "الشهيد فارس"),
])
def test_a_site_keeps_its_head_and_knows_the_name_inside_it(text: str, site: str, inner: str) -> None:
    [cue] = [c for c in find_cues(text) if c.kind == SITE]  # the place it lies in ("in Kafr Zita") is a cue of its own
    assert (cue.name, cue.kind) == (site, SITE)
    assert cue.inner is not None and text[cue.inner[0]:cue.inner[1]] == inner


@pytest.mark.parametrize("text", [
    "Asayish members entered a Mar Elias school on 16 September",  # a school, not a named one
    "بالقرب من مسجد الحي، ما أدى إلى دمار",  # the neighbourhood's mosque
    "وهو ثالث مشفى يخرج عن الخدمة في المنطقة",  # a verb after the head
    "The looted goods are sold openly in the so-called Sunni market",
    "Shelling closed the M5 highway again",
    "قصفت قوات النظام مدينة حمص وريفها",  # "and its countryside"
])
def test_words_that_only_look_like_names_after_a_cue_are_no_place(text: str) -> None:
    assert all(
        name not in ("Mar Elias school", "الحي", "يخرج", "Sunni market", "M5", "ريفها") for name, _ in _cues(text)
    )


def test_roads_name_their_ends() -> None:
    assert _cues("he stepped on a mine near the Boqein road") == [("Boqein", SETTLEMENT)]
    assert _cues("Shelling cut the Homs–Hama road") == [("Homs", SETTLEMENT), ("Hama", SETTLEMENT)]


@pytest.mark.parametrize(("word", "ok"), [("سرمدا", True), ("أرنده", True), ("وغيرها", False), ("ريفها", False),
                                          ("الحي", False), ("من", False), ("يخرج", False)])
def test_arabic_common_words_are_never_names(word: str, ok: bool) -> None:
    assert arabic_name_ok(word) is ok


def test_spelling_helpers() -> None:
    assert vowelless("jindires") == vowelless("jindayris")
    assert close("dierezzor", "deirezzor") and not close("saddam", "seydim")
    assert haversine(34.45, 40.92, 34.39, 40.99) == pytest.approx(9.3, abs=1.0)  # Albu Kamal to al-Qaim
