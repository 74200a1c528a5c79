"""General terms of reporting (Stop 15 of docs/extraction.md): a bare "the army" in a report on Syria, Turkey's Syrian
proxies, families kept from returning, families displaced by an operation, and "random" that is no shelling."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import kept_places, perpetrators, read, types


def _present_and_absent(text: str, present: str | None, absent: str | None, lexicon: Lexicon) -> None:
    found = types(text, lexicon)
    if present is not None:
        assert present in found
    if absent is not None:
        assert absent not in found


@pytest.mark.parametrize("text", [
    "In Syria, the army detained dozens of protesters in Homs.",
    "Most arrests in Syria were made by the intelligence services, often assisted by the army.",
    "Riot police, the army, and pro-government militias also detained people in Syria.",
    "قام الجيش باعتقال عشرات الشبان في ريف حمص.",
])
def test_a_bare_army_in_a_report_on_syria_is_the_governments(text: str, lexicon: Lexicon) -> None:
    assert "syrian-government-forces" in perpetrators(text, lexicon)


@pytest.mark.parametrize("text", [
    # another state's army, and the army of a named group, are not the Syrian government's
    "In Iraq, the army detained dozens of men in Anbar.",
    "In Idlib, Syria, the Army of Conquest detained two activists.",
    "اعتقل الجيش اللبناني عشرات اللاجئين السوريين في عرسال.",
    # the army named in passing did nothing
    "He had deserted from the army in 2012 and fled to Idlib in Syria.",
    # "the military" is mostly an adjective: "the military force of the autonomous administration"
    "In Syria, the YPG, the military force of the autonomous administration, detained two teachers.",
])
def test_an_army_that_is_not_the_syrian_governments_is_not_suggested_as_it(text: str, lexicon: Lexicon) -> None:
    found = read(text, lexicon)["actors"]
    assert not [a for a in found if a["slug"] == "syrian-government-forces" and a["text"].lower().endswith(
        ("army", "military", "الجيش"))]


@pytest.mark.parametrize("text", [
    "A war monitor said Turkish air strikes and mortar fire by its Syrian proxies killed 14 civilians.",
    "Residents of Afrin were detained and tortured, mostly at the hands of Syrian armed groups armed by Turkey.",
    "The village was shelled by Turkish-backed Syrian fighters, killing two women, Turkish media said.",
    "Turkey's Syrian proxies looted the houses of the displaced families in Ras al-Ain.",
])
def test_turkeys_syrian_proxies_are_the_syrian_national_army(text: str, lexicon: Lexicon) -> None:
    assert "syrian-national-army" in perpetrators(text, lexicon)


def test_syrian_armed_groups_without_turkey_are_no_one_in_particular(lexicon: Lexicon) -> None:
    text = "In 2013 Syrian armed groups besieged the town of Nubl and shelled its houses, killing a child."
    assert "syrian-national-army" not in {a["slug"] for a in read(text, lexicon)["actors"]}


@pytest.mark.parametrize(("text", "present", "absent"), [
    # kept from returning, however it is said
    ("The faction has refused to allow the return of displaced families to the village.",
     "restriction-of-movement", None),
    ("Militiamen have blocked the return of residents to their homes in the town.", "restriction-of-movement", None),
    ("رفضت الفصائل السماح بعودة العائلات النازحة إلى منازلها في القرية.", "restriction-of-movement", None),
    ("Families began their return to the village once the fighting ended.", None, "restriction-of-movement"),
    # displaced by an armed party's operation: a forced displacement; by an earthquake: none
    ("Hundreds of Kurdish families displaced by Turkish military operations now live in tents.",
     "forced-displacement", None),
    ("Thousands of people displaced by the offensive crowded into the camps near the border.",
     "forced-displacement", None),
    ("نزحت مئات العائلات جراء العمليات العسكرية التركية إلى مخيمات الحسكة.", "forced-displacement", None),
    ("Thousands of families displaced by the earthquake slept in the streets.", None, "forced-displacement"),
    # "random" tells of shelling only beside a weapon that explodes
    ("شنت قوات الأمن حملة اعتقالات عشوائية في الحي واعتقلت عشرة شبان.", "arbitrary-detention",
     "indiscriminate-attack"),
    ("Soldiers randomly arrested young men at the checkpoint.", "arbitrary-detention", "indiscriminate-attack"),
    ("سقطت قذائف بشكل عشوائي على الأحياء السكنية في المدينة.", "indiscriminate-attack", None),
    # trapped under rubble is no restriction of movement; trapped in a besieged town is
    ("Victims remained trapped under the rubble for hours after the airstrike killed five people.", "killing",
     "restriction-of-movement"),
    ("بقي عشرات المدنيين عالقين تحت الأنقاض بعد الغارة على البلدة.", None, "restriction-of-movement"),
    ("Thousands of civilians are trapped in the besieged town.", "restriction-of-movement", None),
    # a call to cease an act tells of no act in that clause
    ("It stressed the urgent need for the regime to cease indiscriminate bombing of residential areas.", None,
     "indiscriminate-attack"),
    ("وشدد التقرير على ضرورة الكف عن القصف العشوائي للأحياء السكنية.", None, "indiscriminate-attack"),
    ("The regime did not cease its attacks: its artillery shelled the town again on Monday.",
     "indiscriminate-attack", None),
])
def test_general_phrasings_of_acts(text: str, present: str | None, absent: str | None, lexicon: Lexicon) -> None:
    _present_and_absent(text, present, absent, lexicon)


@pytest.mark.parametrize(("text", "slugs"), [
    ("A war monitor said Turkish air strikes and mortar fire by its Syrian proxies killed 14 civilians.",
     {"turkish-forces", "syrian-national-army"}),
    ("Russian airstrikes and barrel bombs dropped by regime helicopters killed five people in Idlib, Syria.",
     {"russian-forces", "syrian-air-force"}),
])
def test_an_attack_named_by_its_attacker_did_the_act_beside_an_agent_after_by(text: str, slugs: set[str],
                                                                             lexicon: Lexicon) -> None:
    assert slugs <= perpetrators(text, lexicon)


@pytest.mark.parametrize(("text", "names", "kept"), [
    ("(Beirut) – Armed groups in Afrin detained dozens of Kurds, Human Rights Watch said today.",
     ["Beirut", "Afrin"], ["Afrin"]),
    ("Title of the release\n\n(Dohuk, Iraq) – The group holds hundreds of captives in Mosul.",
     ["Dohuk", "Iraq", "Mosul"], ["Mosul"]),
    # a place in brackets inside a sentence is one of the events
    ("Shelling hit the market (Ariha) – and then the school, killing two.", ["Ariha"], ["Ariha"]),
    ("Families fled from Beirut – the capital – to the mountains.", ["Beirut"], ["Beirut"]),
])
def test_a_dateline_in_brackets_is_no_place_of_the_events(text: str, names: list[str], kept: list[str]) -> None:
    assert kept_places(text, names) == kept


@pytest.mark.parametrize(("text", "killing"), [
    ("Military sources said that more than 185 ISIS jihadists have been killed since November.", False),
    ("Twelve regime soldiers were killed in the clashes near the airport.", False),
    ("Twelve civilians were killed in the clashes near the airport.", True),
    ("Twelve soldiers and three children were killed in the shelling of the market.", True),
    ("Witnesses said the shepherds were killed by soldiers near the village.", True),
])
def test_fighters_killed_in_the_passive_are_no_violation(text: str, killing: bool, lexicon: Lexicon) -> None:
    assert ("killing" in types(text, lexicon)) is killing


@pytest.mark.parametrize(("text", "present", "absent"), [
    # shots fired into the air are no attack on the market they were fired in
    ("جاءت سيارة للعناصر إلى السوق وطلبوا منه مرافقتهم فرفض فقاموا بإطلاق النار بالهواء.", None,
     "attack-on-civilian-objects"),
    ("Gunmen came to the market and fired into the air before leaving with the shop owner.", None,
     "attack-on-civilian-objects"),
    ("قام العناصر بإطلاق النار على السوق فأصابوا بائعين اثنين.", "attack-on-civilian-objects", None),
])
def test_shots_fired_into_the_air_are_no_attack(text: str, present: str | None, absent: str | None,
                                               lexicon: Lexicon) -> None:
    _present_and_absent(text, present, absent, lexicon)


def test_a_family_name_stays_a_persons_name_when_it_comes_back_alone() -> None:
    text = "“They were executed,” activist Abdullah al-Jassim told the agency. Later al-Jassim reported more arrests."
    assert kept_places(text, ["al-Jassim"]) == []


@pytest.mark.parametrize(("text", "indiscriminate"), [
    # shelling is an indiscriminate attack where the report says so, names an area weapon or an area hit
    ("Regime forces shelled the town on Monday, killing two children.", False),
    ("قصفت قوات النظام البلدة صباح اليوم ما أدى إلى مقتل طفلين.", False),
    ("In recent months, Idlib has been the target of air bombardment.", False),
    ("Regime forces shelled residential areas of the town, killing two children.", True),
    ("Regime forces heavily shelled the town on Monday, killing two children.", True),
    ("قصفت القوات التركية بالمدفعية الثقيلة مدينة تل رفعت ما أدى إلى إصابة ثلاثة مدنيين.", True),
    ("قصفت قوات النظام الأحياء السكنية في المدينة بقذائف الهاون.", True),
    ("The regime dropped barrel bombs on the town, killing two children.", True),
])
def test_shelling_is_indiscriminate_where_the_report_says_what_makes_it_so(text: str, indiscriminate: bool,
                                                                          lexicon: Lexicon) -> None:
    assert ("indiscriminate-attack" in types(text, lexicon)) is indiscriminate


def test_an_arabic_place_after_a_preposition_like_a_first_name_stays_a_place() -> None:
    text = "طالب المتظاهرون بوقف القصف على إدلب. وتمارس الهيئة تضييقاً على الصحفيين في إدلب."
    assert kept_places(text, ["إدلب"]) == ["إدلب"]


def test_a_family_name_of_origin_does_not_hide_the_place_it_comes_from() -> None:
    text = "Mahmoud al-Homsi runs the bakery. The al-Homsi family moved to Hama from Homs long ago."
    assert kept_places(text, ["al-Homsi", "Homs", "Hama"]) == ["Hama", "Homs"]


@pytest.mark.parametrize(("text", "slug"), [
    ("وحمّلت الشبكة مسؤولية اعتقال 107 أشخاص بينهم 18 طفلاً، لقوات سوريا الديمقراطية، إضافة لـ 9 أشخاص اعتقلوا "
     "على يد هيئة تحرير الشام.", "syrian-democratic-forces"),
    ("وحمّل المرصد مسؤولية مقتل الشابين، وهما من أبناء البلدة، لـ قوات النظام، فيما قتل ثالث على يد مسلحين مجهولين.",
     "syrian-government-forces"),
])
def test_an_act_laid_at_an_actors_door_is_its_act(text: str, slug: str, lexicon: Lexicon) -> None:
    assert slug in perpetrators(text, lexicon)


def test_a_type_named_by_its_general_term_stays_beside_the_type_that_covers_it_in_the_report(
        lexicon: Lexicon) -> None:
    text = ("Survivors told of forced marriage and even sexual assault by the group's fighters. "
            "One woman said she saw the fighters buying girls at a market in the city.")
    assert {"sexual-violence", "sexual-slavery"} <= types(text, lexicon)


def test_the_owner_named_in_an_apposition_of_a_target_did_nothing(lexicon: Lexicon) -> None:
    text = ("In January, Turkey launched an offensive in Syria against the People’s Protection Units (YPG), the "
            "military force of the autonomous administration. Three months later, thousands of people were forcibly "
            "displaced.")
    assert "autonomous-administration" not in perpetrators(text, lexicon)


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("The activist was detained for unknown reasons while he was reporting on a visit by a delegation of officials "
     "from the US-led coalition to the hospital.", None, "us-led-coalition"),
    ("Five civilians were killed when Russian warplanes bombed the market.", "russian-forces", None),
])
def test_an_agent_of_a_clause_that_tells_of_no_act_did_not_do_the_act(text: str, present: str | None,
                                                                    absent: str | None, lexicon: Lexicon) -> None:
    found = perpetrators(text, lexicon)
    if present is not None:
        assert present in found
    if absent is not None:
        assert absent not in found


def test_others_named_in_a_comparison_tell_of_no_act(lexicon: Lexicon) -> None:
    text = "The group said the teachers would be held like many others abducted by its fighters."
    assert "abduction" not in types(text, lexicon)
    assert "abduction" in types("Many others were abducted by its fighters in the town.", lexicon)


def test_a_phone_taken_from_a_detainee_is_a_confiscation_not_a_cut_in_communications(lexicon: Lexicon) -> None:
    found = types("The detainees were taken to an undisclosed location after the guards confiscated their phones.",
                   lexicon)
    assert "confiscation" in found
    assert "restriction-of-communication" not in found


@pytest.mark.parametrize("text", [
    "تسببت غارة نفذتها طائرة حربية غير معروفة على مستشفى ميداني بخروجه عن الخدمة.",
    "تسببت غارة نفذتها طائرة حربية، (غير معروفة) على مستشفى ميداني بخروجه عن الخدمة.",
])
def test_an_aircraft_not_known_is_an_unidentified_aircraft(text: str, lexicon: Lexicon) -> None:
    assert "unidentified-aircraft" in perpetrators(text, lexicon)


def test_a_known_aircraft_is_no_unidentified_one(lexicon: Lexicon) -> None:
    assert "unidentified-aircraft" not in {a["slug"] for a in read("قتل طفل بقصف طائرة معروفة للجميع.", lexicon)[
        "actors"]}


@pytest.mark.parametrize(("text", "present", "absent"), [
    # gunmen who cut the road in front of someone waylay him: a robbery, no restriction of movement
    ("أقدم مسلحون مجهولون على قطع الطريق أمام شابين وسرقوا ما بحوزتهما غربي درعا.", "looting",
     "restriction-of-movement"),
    ("أغلقت الفصائل الطريق الواصل بين البلدتين ومنعت الأهالي من الخروج.", "restriction-of-movement", None),
])
def test_a_road_cut_in_front_of_someone_is_an_ambush(text: str, present: str | None, absent: str | None,
                                                     lexicon: Lexicon) -> None:
    _present_and_absent(text, present, absent, lexicon)


@pytest.mark.parametrize(("text", "slug"), [
    ("Fifteen months later, the United States accepted responsibility for a further 11 deaths in the strike.",
     "us-forces"),
    ("Russia admitted responsibility for the airstrike that killed nine civilians in the market.", "russian-forces"),
])
def test_a_state_that_accepts_responsibility_did_the_act(text: str, slug: str, lexicon: Lexicon) -> None:
    assert slug in perpetrators(text, lexicon)


def test_a_state_named_in_passing_is_no_actor(lexicon: Lexicon) -> None:
    text = "Russia said nine civilians were killed in the airstrike on the market."
    assert "russian-forces" not in {a["slug"] for a in read(text, lexicon)["actors"]}


@pytest.mark.parametrize(("text", "objects"), [
    ("Thirty-five people were killed when a home and street were bombed in the neighbourhood.", True),
    ("Coalition aircraft struck two homes in the village, killing nine civilians.", True),
    ("استهدفت طائرة مسيرة منزل عائلة في القرية ما أدى إلى مقتل طفلين.", True),
    # a house raided, or a home named for where someone lived, was not attacked
    ("Security forces raided the homes of wanted men and arrested their relatives.", False),
    ("The man was killed near his home in the village.", False),
])
def test_a_home_bombed_is_an_attack_on_a_civilian_object(text: str, objects: bool, lexicon: Lexicon) -> None:
    assert ("attack-on-civilian-objects" in types(text, lexicon)) is objects
