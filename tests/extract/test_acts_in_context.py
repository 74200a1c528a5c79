"""Acts read in their context: one that is another act said less precisely ("beatings and other ill-treatment"), a
sign with another cause (suffocation from tear gas), a hospital the wounded were taken to, a drone strike, a label of
an event already told ("called the incident an aerial bombardment"), fighters evacuated, leading away after an
abduction; torture before a single death under torture is that death's; and acts the lexicon lacked (destruction of
property and equipment, beheading by cutting the head off, girls bought, summary killings, a death during arrest)."""

from __future__ import annotations

from datetime import date

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


def _types(text: str, lexicon: Lexicon) -> set[str]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    result = extract(text, language=language, published_on=date(2021, 3, 1), lexicon=lexicon, places=NullPlaces())
    return {v["type"] for v in result["violations"]}


# (text, a type it tells of or None, a type it does not tell of, a sentence where the same words do tell of that type)
_CASES = [
    # "X and other ill-treatment" says which kind X is: beatings in custody are not read as torture there
    ("The guards met the new detainees with beatings and other ill-treatment in the yard.", "ill-treatment",
     "torture", "The guards subjected the detainees to beatings during interrogation."),
    # tear gas explains the suffocation
    ("أطلق العناصر الغاز المسيل للدموع على المحتجين، ما أدى إلى إصابة شاب بجروح وآخرين بالاختناق.", "injury",
     "chemical-attack", "أصيب عشرات المدنيين بحالات اختناق بعد القصف على البلدة."),
    ("Police fired tear gas at the crowd and several people were treated for suffocation.", None,
     "chemical-attack", None),
    # the hospital the wounded were taken to was not attacked
    ("أصيب طفلان بجروح في الانفجار وتم نقلهما إلى المستشفى لتلقي العلاج.", "injury", "attack-on-medical-care",
     "أصيب طفلان بجروح في قصف استهدف المستشفى."),
    ("Two farmers were wounded by the blast and rushed to a hospital in the town.", "injury",
     "attack-on-medical-care", None),
    # a drone strike is told as a strike, not as indiscriminate shelling
    ("قتل رجلان بقصف صاروخي عبر طائرة مسيرة استهدف سيارتهما قرب البلدة.", "killing", "indiscriminate-attack",
     "قتل رجلان بقصف صاروخي عشوائي استهدف البلدة."),
    # a label of an event the report has told is no new act
    ("A local channel called the incident an “aerial bombardment” in its evening bulletin.", None,
     "indiscriminate-attack", "The heavy bombardment of the town went on all night."),
    # fighters evacuated are not civilians displaced
    ("The truce allowed the evacuation of the fighters from the besieged quarter.", None, "forced-displacement",
     "The truce allowed the evacuation of the residents from the besieged quarter."),
    # leading someone away goes on with the abduction told before it
    ("اختطف مسلحون الطفلة من منزل عائلتها واقتادوها إلى أحد معسكرات التدريب.", "abduction", "arbitrary-detention",
     "اعتقلت الدورية شابين واقتادتهما إلى فرع الأمن."),
]


@pytest.mark.parametrize(("text", "present", "absent", "control"), _CASES)
def test_an_act_read_in_its_context(text: str, present: str | None, absent: str, control: str | None,
                                    lexicon: Lexicon) -> None:
    found = _types(text, lexicon)
    assert absent not in found
    if present is not None:
        assert present in found
    if control is not None:  # the same words, without that context, still tell of it
        assert absent in _types(control, lexicon)


def test_torture_before_a_single_death_under_torture_is_that_deaths(lexicon: Lexicon) -> None:
    tortured = "A former cellmate said the guards tortured him with electric shocks in the branch."
    assert "torture" in _types(tortured, lexicon)
    one = f"A man arrested in 2013 died under torture in the military intelligence branch. {tortured}"
    assert _types(one, lexicon) & {"torture", "death-under-torture"} == {"death-under-torture"}
    # where several died, or several are counted as tortured, the torture may be others'
    several = f"At least four men died under torture in the branch. {tortured}"
    assert {"torture", "death-under-torture"} <= _types(several, lexicon)


@pytest.mark.parametrize(("text", "expected"), [
    ("Soldiers raided the quarter, and the raids came with looting and the destruction of property.",
     "property-destruction"),
    ("كسر العناصر معدات الصحفيين أثناء تغطيتهم للتظاهرة.", "property-destruction"),
    ("The gunmen took the shepherd to the desert and cut his head off with a knife.", "extrajudicial-execution"),
    ("The captive women were put up for sale, and a commander bought her for a few hundred dollars.",
     "sexual-slavery"),
    ("Witnesses described fighters buying girls from the captives' camp.", "sexual-slavery"),
    ("The group carried out summary killings of prisoners in the square.", "extrajudicial-execution"),
    ("أبلغت السلطات العائلة بوفاته أثناء الاعتقال في سجن المدينة.", "death-under-torture"),
    ("The drone struck civilians homes on the edge of the village.", "attack-on-civilian-objects"),
])
def test_acts_the_lexicon_now_names(text: str, expected: str, lexicon: Lexicon) -> None:
    assert expected in _types(text, lexicon)


def test_a_house_broken_into_to_take_a_man_is_no_looting(lexicon: Lexicon) -> None:
    text = "Gunmen broke into the house of a teacher and took him to an unknown place."
    assert "looting" not in _types(text, lexicon)
    assert "looting" in _types("Gunmen broke into houses and shops across the village at night.", lexicon)
