"""Violation types in the constructions of real reporting: elliptic lists of attacks, phrases whose head word is
another type's trigger, responders at work, casualties that were fighters, typologies, and acts that were missed
(heads hung on a bridge, a fate not disclosed, a boy shot dead, a town cut off)."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


def _types(text: str, lexicon: Lexicon) -> set[str]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    result = extract(text, language=language, published_on=None, lexicon=lexicon, places=NullPlaces())
    return {v["type"] for v in result["violations"]}


def test_each_item_of_an_elliptic_list_of_attacks_is_its_own_type(lexicon: Lexicon) -> None:
    text = ("The group counted 60 attacks on vital facilities, including 28 attacks on schools, 11 on places of "
            "worship, 18 on medical facilities and nine on civil defence centres.")
    assert {"attack-on-education", "attack-on-places-of-worship", "attack-on-medical-care",
            "attack-on-civil-defence"} <= _types(text, lexicon)


def test_a_phrase_of_hostage_taking_is_no_detention_of_its_own(lexicon: Lexicon) -> None:
    types = _types("اتخذت الفصائل من احتجاز الرهائن المدنيين مصدراً لجمع الأموال في المنطقة.", lexicon)
    assert "hostage-taking" in types
    assert "arbitrary-detention" not in types


def test_responders_at_work_are_not_an_attack_on_them(lexicon: Lexicon) -> None:
    text = ("قتل مدنيان بغارة جوية على سيارة. وأوضح الدفاع المدني أن فرق الإطفاء التابعة له تمكنت من إخماد الحريق "
            "الذي نشب بعد الهجوم.")
    assert "attack-on-civil-defence" not in _types(text, lexicon)
    # the same noun struck is an attack on them
    assert "attack-on-civil-defence" in _types("استهدفت غارة جوية فرق الإطفاء أثناء عملها في البلدة.", lexicon)


def test_the_dead_after_casualties_among_fighters_are_those_fighters(lexicon: Lexicon) -> None:
    fighters = ("شنت طائرات مجهولة غارات على مواقع المليشيات، ما أسفر عن سقوط قتلى في صفوف تلك المليشيات.\n"
                "وأشارت المصادر إلى أن عدد القتلى مرشح للارتفاع.")
    assert "killing" not in _types(fighters, lexicon)
    civilians = ("قصفت طائرات مجهولة سوقاً شعبياً، ما أسفر عن مقتل خمسة مدنيين بينهم طفلان.\n"
                 "وأشارت المصادر إلى أن عدد القتلى مرشح للارتفاع.")
    assert "killing" in _types(civilians, lexicon)


def test_a_typology_of_abuses_is_no_act(lexicon: Lexicon) -> None:
    text = "ويشهد الشمال مخاوف بين الناشطين، بعد سلسلة الاعتداءات بحقهم، تراوحت بين اعتقال وخطف واغتيال."
    assert not {"abduction", "killing"} & _types(text, lexicon)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعدم التنظيم رجلين وعلق رأسيهما على الجسر في المدينة.", "mutilation-of-bodies"),
        ("اعتقلت الفصائل ثلاثة شبان، ولم يتم الكشف عن مصيرهم حتى الآن.", "enforced-disappearance"),
        ("The family says the police have not disclosed his whereabouts since his arrest.",
         "enforced-disappearance"),
        ("An ISIS sniper shot a boy dead in the old city.", "killing"),
        ("An apartment building was struck by an airstrike in the city.", "attack-on-civilian-objects"),
        ("سجلت الشبكة 7 حوادث اعتداء على مراكز مدنية حيوية خلال الشهر.", "attack-on-civilian-objects"),
        ("Regime forces cut the town off from the surrounding villages with barbed wire.", "restriction-of-movement"),
    ],
)
def test_acts_real_reports_name_are_found(text: str, expected: str, lexicon: Lexicon) -> None:
    assert expected in _types(text, lexicon)
