"""Constructions of published reporting the extraction reads: who did it ("Members of X seized…", "X claimed
responsibility", "X and its ally Y", "Turkish fire"), who did not ("accused of having dealt with X"), and what was
done ("executed airstrikes" is no execution; olive groves seized; residents kept from returning)."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


def _result(text: str, lexicon: Lexicon) -> tuple[list[tuple[str, str]], set[str]]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    result = extract(text, language=language, published_on=None, lexicon=lexicon, places=NullPlaces())
    return [(a["slug"], a["role"]) for a in result["actors"]], {v["type"] for v in result["violations"]}


def test_airstrikes_carried_out_are_no_execution(lexicon: Lexicon) -> None:
    _actors, types = _result("Warplanes executed a series of air raids on the market, wounding four women.", lexicon)
    assert "extrajudicial-execution" not in types and "injury" in types
    assert "extrajudicial-execution" in _result("The militants executed two farmers near the well.", lexicon)[1]


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen of the Levant Front seized the orchards of the absent owners last autumn.", "confiscation"),
    ("The faction seized their olive groves and rented them to newcomers.", "confiscation"),
    ("The militia prevented hundreds of displaced Yazidi families from returning to their villages.",
     "restriction-of-movement"),
])
def test_property_seized_and_return_prevented_are_suggested(text: str, expected: str, lexicon: Lexicon) -> None:
    assert expected in _result(text, lexicon)[1]


def test_members_of_a_group_who_act_make_it_the_perpetrator(lexicon: Lexicon) -> None:
    actors, types = _result("Members of the Hamza Division stole the livestock of the villagers in May.", lexicon)
    assert actors == [("hamza-division", "perpetrator")] and "looting" in types
    # members who suffered it are still its victims
    actors, _types = _result("Regime forces arrested members of the Free Syrian Army in the town.", lexicon)
    assert ("free-syrian-army", "victim") in actors


@pytest.mark.parametrize("text", [
    "Two traders were arrested in the market for having dealt with the Asayish, relatives said.",
    "Police detained a teacher on charges of being linked to the SDF, his brother said.",
])
def test_the_group_a_victim_is_accused_of_dealing_with_is_no_perpetrator(text: str, lexicon: Lexicon) -> None:
    actors, _types = _result(text, lexicon)
    accused = ("asayish", "syrian-democratic-forces")
    assert not [slug for slug, role in actors if role == "perpetrator" and slug in accused]


@pytest.mark.parametrize(("text", "slug"), [
    ("Two brothers were later detained by unidentified armed groups near the bridge.", "unidentified-armed-group"),
    ("A shepherd was killed by Turkish fire near the wall on Tuesday.", "turkish-forces"),
    ("قتل راع برصاص تركي قرب الجدار الحدودي.", "turkish-forces"),
    ("أصيب طفل بنيران تركية في قرية حدودية.", "turkish-forces"),
    ("Turkish gendarmes shot dead a young man trying to cross the border.", "turkish-gendarmerie"),
    ("Counter-Terrorism Service units executed captured men after the battle.", "iraqi-forces"),
    ("Regime-affiliated militias burned the fields of the farmers.", "syrian-government-forces"),
    ("Pro-Assad militias looted the shops of the displaced families.", "syrian-government-forces"),
])
def test_more_names_and_phrases_of_perpetrators_are_found(text: str, slug: str, lexicon: Lexicon) -> None:
    assert (slug, "perpetrator") in _result(text, lexicon)[0]


@pytest.mark.parametrize(("text", "slug"), [
    ("The Islamic State claimed responsibility for the bombing of a bus that killed eleven pilgrims.",
     "islamic-state"),
    ("Witnesses said Jaysh al-Islam held civilians in iron cages as human shields in the town.", "jaish-al-islam"),
])
def test_a_cue_after_the_name_that_says_it_did_it_wins(text: str, slug: str, lexicon: Lexicon) -> None:
    assert (slug, "perpetrator") in _result(text, lexicon)[0]


@pytest.mark.parametrize("text", [
    "The Syrian government and its ally Russia bombed two clinics in the valley.",
    "وقصفت قوات النظام وحليفته روسيا مدرسة في البلدة.",
])
def test_the_ally_named_with_a_perpetrator_is_one_too(text: str, lexicon: Lexicon) -> None:
    actors, _types = _result(text, lexicon)
    assert ("syrian-government-forces", "perpetrator") in actors and ("russian-forces", "perpetrator") in actors


@pytest.mark.parametrize(("text", "absent"), [
    # كفرنبل (a town) holds فرن (an oven, a bakery)
    ("قصفت المدفعية بلدة كفرنبل فقتلت امرأة", "attack-on-civilian-objects"),
    # الجندرما (the Turkish gendarmerie) begins like جند (recruited)
    ("قتلت الجندرما طفلا قرب الجدار الحدودي", "child-recruitment"),
    # المزارعين (farmers) begins like مزار (a shrine)
    ("أحرق المسلحون محاصيل المزارعين في القرية", "attack-on-places-of-worship"),
])
def test_a_word_that_only_begins_like_a_trigger_is_none(text: str, absent: str, lexicon: Lexicon) -> None:
    assert absent not in _result(text, lexicon)[1]
    # the trigger itself still counts
    assert "child-recruitment" in _result("جندت الميليشيا عشرة أطفال في المدينة", lexicon)[1]
    assert "attack-on-civilian-objects" in _result("قصفت الطائرات الفرن الوحيد في البلدة", lexicon)[1]


def test_a_relative_clause_on_the_subject_does_not_take_its_place(lexicon: Lexicon) -> None:
    text = "The Hamza Division, which is part of the SNA, kidnapped a pharmacist in the town."
    actors, _types = _result(text, lexicon)
    assert ("hamza-division", "perpetrator") in actors and ("syrian-national-army", "perpetrator") not in actors


def test_the_group_that_runs_a_body_is_not_what_the_body_did(lexicon: Lexicon) -> None:
    actors, _types = _result("Police of the HTS-run Salvation Government arrested two teachers in the town.", lexicon)
    assert ("syrian-salvation-government", "perpetrator") in actors
    assert ("hayat-tahrir-al-sham", "perpetrator") not in actors


def test_al_hayaa_after_hts_is_hts_again(lexicon: Lexicon) -> None:
    text = ("اعتقلت هيئة تحرير الشام ناشطاً في إدلب. وقصفت الطائرات الروسية البلدة. ويذكر أن الهيئة اعتقلت "
            "طبيبين في المدينة.")
    result = extract(text, language="ar", published_on=None, lexicon=lexicon, places=NullPlaces())
    last = [v for v in result["violations"] if v["type"] == "arbitrary-detention" and "الهيئة اعتقلت" in v["text"]]
    assert last and last[0]["actors"] == ["hayat-tahrir-al-sham"]


def test_a_call_to_refrain_from_attacks_is_no_attack(lexicon: Lexicon) -> None:
    text = "The envoy urged the warring parties to refrain from attacks on clinics and schools."
    _actors, types = _result(text, lexicon)
    assert not types & {"attack-on-medical-care", "attack-on-education"}
    assert "attack-on-medical-care" in _result("Jets carried out attacks on two clinics in the valley.", lexicon)[1]


def test_detainees_and_relatives_named_together_are_no_collective_punishment(lexicon: Lexicon) -> None:
    _actors, types = _result("Researchers met twelve detainees, doctors and relatives of the missing in Gaziantep.",
                             lexicon)
    assert "collective-punishment" not in types
    assert "collective-punishment" in _result("The militia detained the relatives of a wanted man.", lexicon)[1]


@pytest.mark.parametrize("text", [
    "Fighters used the district hospital as their headquarters for months.",
    "اتخذت الميليشيا مبنى المستشفى مقراً عسكرياً لعناصرها.",
])
def test_a_hospital_taken_for_military_use_is_an_attack_on_medical_care(text: str, lexicon: Lexicon) -> None:
    assert "attack-on-medical-care" in _result(text, lexicon)[1]


@pytest.mark.parametrize(("text", "absent"), [
    ("وناشدت المنظمة أطراف النزاع الامتناع عن استهداف المستشفيات.", "attack-on-medical-care"),
    ("ودعا المبعوث إلى وقف القصف على المدن.", "indiscriminate-attack"),
    ("The envoy called for an end to the shelling of towns.", "indiscriminate-attack"),
])
def test_a_call_to_stop_an_attack_is_no_attack(text: str, absent: str, lexicon: Lexicon) -> None:
    assert absent not in _result(text, lexicon)[1]
    control = "خرقت قوات النظام وقف إطلاق النار بقصف مدفعي عشوائي على البلدة."
    assert "indiscriminate-attack" in _result(control, lexicon)[1]
