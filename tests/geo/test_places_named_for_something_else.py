"""Places named for something other than where the events happened: a capital that stands for its government, the
area of an official's title, the mark a distance is measured from, the letters of an acronym. The places of the
events in the same sentences stay."""

from __future__ import annotations

import pytest

from tests.extract.readings import kept_places


@pytest.mark.parametrize(("text", "capital", "place"), [
    ("HTS, now in control of the government in Damascus, sent fighters to Jableh.", "Damascus", "Jableh"),
    ("The regime in Baghdad ordered the arrests in Basra.", "Baghdad", "Basra"),
    ("اعتقل الشاب بتهمة العمالة لحساب دمشق ثم قضى تحت التعذيب في إدلب.", "دمشق", "إدلب"),
    ("وتسيطر الهيئة على مساحات واسعة خارجة عن سيطرة دمشق، منها قرى حول سرمدا.", "دمشق", "سرمدا"),
    ("قاتلت الفصائل لصالح أنقرة في عفرين.", "أنقرة", "عفرين"),
])
def test_a_capital_standing_for_its_government_is_no_place(text: str, capital: str, place: str) -> None:
    assert kept_places(text, [capital, place]) == [place]


def test_a_capital_where_something_happened_stays_a_place_beside_its_government() -> None:
    text = "Shelling hit a market in Damascus while the government in Damascus denied it."
    assert kept_places(text, ["Damascus"]) == ["Damascus"]


@pytest.mark.parametrize(("text", "office", "place"), [
    ("“They were kidnapped in al-Nukhayb,” said Ali al-Mayali, deputy Governor of Karbala Province.", "Karbala",
     "al-Nukhayb"),
    ("The mayor of the Kobani district told reporters that the drone struck a car in Shorek.", "Kobani", "Shorek"),
    ("وقال محافظ نينوى إن القصف طال أحياء في الموصل.", "نينوى", "الموصل"),
    ("وأكد قائمقام سنجار أن المسلحين خطفوا ثلاثة رعاة في البعاج.", "سنجار", "البعاج"),
])
def test_the_area_of_an_officials_title_is_no_place_of_the_events(text: str, office: str, place: str) -> None:
    assert kept_places(text, [office, place]) == [place]


@pytest.mark.parametrize(("text", "mark", "place"), [
    ("The director of Kanaan district (18 km southeast of Baquba) said ISIS attacked the district.", "Baquba",
     "Kanaan"),
    ("Gunmen shot two shepherds in Hawija, some 50 kilometres (31 miles) west of the city of Kirkuk.", "Kirkuk",
     "Hawija"),
    ("قتل مسلحون راعيين في قرية المخيسة التي تبعد 20 كم إلى الشمال الشرقي من بعقوبة.", "بعقوبة", "المخيسة"),
    ("سقطت قذائف على بلدة كفرنبل الواقعة 10 كم جنوب مدينة معرة النعمان.", "معرة النعمان", "كفرنبل"),
])
def test_the_mark_a_distance_is_measured_from_is_no_place_of_the_events(text: str, mark: str, place: str) -> None:
    assert kept_places(text, [mark, place]) == [place]
    # without a distance, a place a direction is given from stays a place
    assert kept_places("Shelling killed four people near Aleppo and north of Hama.", ["Aleppo", "Hama"]) == [
        "Aleppo", "Hama"]


@pytest.mark.parametrize(("text", "letters", "place"), [
    ("قتل خمسة مدنيين على يد قوات مرتبطة بتنظيم بي كا كا في منبج.", "بي كا كا", "منبج"),
    ("واتهمت الفصائل وحدات واي بي جي بقصف مدينة عفرين.", "واي بي جي", "عفرين"),
    ("وقالت قوات إس دي إف إنها اعتقلت عشرة أشخاص في الرقة.", "إس دي إف", "الرقة"),
])
def test_the_letters_of_an_acronym_are_no_place(text: str, letters: str, place: str) -> None:
    assert kept_places(text, [letters, place]) == [place]


@pytest.mark.parametrize(("text", "state"), [
    ("Pro-government forces executed 17 civilians in coastal Syria.", "Syria"),
    ("Fighting displaced thousands in rural Iraq last year.", "Iraq"),
])
def test_a_state_after_a_preposition_and_an_adjective_of_its_parts_is_a_place(text: str, state: str) -> None:
    assert kept_places(text, [state], precision="country") == [state]
