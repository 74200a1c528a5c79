"""Classes of reporting sentences whose trigger words name no violation, or name another one than read before (issue
14, items 3 and 4): "executed" meaning carried out, an outlet or an organisation's official as the source of a figure,
acts of protesters, the "others" wounded beside fighters killed, "في صفوف" (among), arresting the perpetrators of an
attack, shrapnel that hit no one, "السبيل" (the way) read as captives; and acts missed: a strike on a residential
building in Arabic, torture until death, homes turned into military headquarters, the vandalism of homes, paramedics
targeted. Every sentence here is made up; each class has a sentence where the same words do tell of the act."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import types


@pytest.mark.parametrize(("text", "kind"), [
    ("A joint patrol of the police executed a wide-range raiding and arresting campaign in the town, detaining 12 men.",
     "extrajudicial-execution"),
    ("The militia executed a large-scale arrest campaign in the village and detained nine civilians.",
     "extrajudicial-execution"),
    ("Reuters news agency put the number of those killed at seven.", "attack-on-journalists"),
    ("Shelling killed 12 people, citing a civil defence spokesman, the agency said.", "attack-on-civil-defence"),
    ("Protesters burned tyres and blocked roads in the city centre.", "restriction-of-movement"),
    ("قطع المحتجون الطرقات وأحرقوا الإطارات في وسط المدينة.", "restriction-of-movement"),
    ("ما أسفر عن مقتل 4 عناصر من قوات النظام وإصابة 5 آخرين.", "injury"),
    ("أسفر الهجوم عن مقتل 3 عناصر من الفصيل وإصابة 2 آخرين بجروح.", "injury"),
    ("وقعت إصابات في صفوف المدنيين جراء القصف على البلدة.", "attack-on-education"),
    ("The police launched a campaign to arrest the perpetrators of the attack.", "arbitrary-detention"),
    ("أطلقت الشرطة حملة للقبض على الجناة.", "arbitrary-detention"),
    ("The strike caused shrapnel to reach a nearby shop.", "injury"),
    ("استُهدف الشابان قرب مسجد في حي السبيل بمدينة درعا.", "sexual-slavery"),
    ("قُتل شاب في سبيل الدفاع عن بلدته.", "sexual-slavery"),
])
def test_words_that_tell_of_no_such_act_suggest_none(text: str, kind: str, lexicon: Lexicon) -> None:
    assert kind not in types(text, lexicon)


@pytest.mark.parametrize(("text", "kind"), [
    ("ISIS executed five civilians in the square.", "extrajudicial-execution"),
    ("Gunmen stormed the offices of a news agency and killed two of its staff.", "attack-on-journalists"),
    ("Shelling struck a civil defence centre in the town.", "attack-on-civil-defence"),
    ("Soldiers blocked roads into the town and turned back residents.", "restriction-of-movement"),
    ("أسفر القصف عن مقتل 4 مدنيين وإصابة 5 آخرين.", "injury"),
    ("سقط قتلى في صفوف المدنيين بقصف استهدف المدرسة.", "attack-on-education"),
    ("Security forces arrested 30 activists during the protest.", "arbitrary-detention"),
    ("A child was hit by shrapnel in the shelling.", "injury"),
    ("اختطف التنظيم نساء إيزيديات وسبى العشرات منهن.", "sexual-slavery"),
])
def test_the_same_words_telling_of_the_act_still_suggest_it(text: str, kind: str, lexicon: Lexicon) -> None:
    assert kind in types(text, lexicon)


@pytest.mark.parametrize(("text", "kind"), [
    ("قتل 45 مدنياً بقصف على أحد الأبنية السكنية في المدينة.", "attack-on-civilian-objects"),
    ("تحولت تلك المنازل إلى مقرات عسكرية للميليشيا.", "confiscation"),
    ("حولت الميليشيا منازل المهجرين إلى مقرات عسكرية.", "confiscation"),
    ("The militia turned the houses of displaced families into military headquarters.", "confiscation"),
    ("الحملة تخللتها عمليات حرق وتخريب طالت عدداً من المنازل في البلدة.", "property-destruction"),
    ("قام عناصر الفصيل بتخريب منازل الأهالي.", "property-destruction"),
    ("استهدف القصف المسعفين أثناء عملهم.", "attack-on-medical-care"),
])
def test_acts_told_in_these_words_are_suggested(text: str, kind: str, lexicon: Lexicon) -> None:
    assert kind in types(text, lexicon)


@pytest.mark.parametrize("text", [
    "زادوا التعذيب عليه حتى قتل بين أيديهم.",
    "عذبه المحققون حتى الموت.",
])
def test_torture_until_death_is_a_death_under_torture(text: str, lexicon: Lexicon) -> None:
    assert types(text, lexicon) == {"death-under-torture"}


@pytest.mark.parametrize(("text", "kind"), [
    ("In the southern cities, schools and most government offices were closed on Thursday.", "attack-on-education"),
    ("أغلقت المدارس والدوائر الحكومية أبوابها في المدينة.", "attack-on-education"),
    ("Shops and schools closed in the town as a general strike began.", "attack-on-education"),
    ("Shops and schools closed in the town as a general strike began.", "attack-on-civilian-objects"),
])
def test_closures_of_a_strike_are_no_attack(text: str, kind: str, lexicon: Lexicon) -> None:
    # schools closed beside government offices, or in a strike, tell of a strike or a holiday; "strike" there is no
    # attack on the shops
    assert kind not in types(text, lexicon)


@pytest.mark.parametrize("text", ["The group closed schools in the town.", "أغلق التنظيم المدارس في المدينة."])
def test_schools_closed_by_a_party_are_still_an_attack_on_education(text: str, lexicon: Lexicon) -> None:
    assert "attack-on-education" in types(text, lexicon)
