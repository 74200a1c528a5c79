"""Shapes of reporting that held-out text has and the tuning texts lacked (Stop 16 of docs/extraction.md): wire-service
datelines, a group's former name and its organs, men of a nationality in another party's ranks, outlets named after
a party, the noun "forces" read as the verb, anniversaries, actors named in a sentence that tells of no act, and the
Arabic frames of control, membership and a drone's strike. Every sentence here is made up."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import kept_places, perpetrators, read, roles, types


def _violation_actors(text: str, lexicon: Lexicon, kind: str) -> set[str]:
    return {a for v in read(text, lexicon)["violations"] if v["type"] == kind for a in v["actors"]}


@pytest.mark.parametrize(("text", "names", "kept"), [
    ("QAMISHLI, Syria – Turkish drones struck a car near Amuda on Monday.", ["QAMISHLI", "Syria", "Amuda"],
     ["Amuda"]),
    ("Headline of the story\n\nHOMS (Reuters) - Shelling killed four people in Talbiseh.", ["HOMS", "Talbiseh"],
     ["Talbiseh"]),
    ("Damascus (AFP) – Air strikes hit a market in Douma.", ["Damascus", "Douma"], ["Douma"]),
    ("BEIRUT: Air strikes on a village held by the group killed 12 civilians in Hajin.", ["BEIRUT", "Hajin"],
     ["Hajin"]),
    ("AL-HASAKAH, Syria (North Press) – Gunmen abducted a teacher in Tal Tamr.", ["AL-HASAKAH", "Tal Tamr"],
     ["Tal Tamr"]),
])
def test_a_wire_dateline_is_no_place_of_the_events(text: str, names: list[str], kept: list[str]) -> None:
    assert kept_places(text, names) == kept
    # a city before a dash inside a sentence, in capitals or not, is a place of the events
    assert kept_places(f"Families fled from Aleppo – the largest city – to Azaz. {text}", ["Aleppo"]) == ["Aleppo"]
    assert kept_places(f"{text}\nRockets fell on ALEPPO – residents said – killing two.", ["ALEPPO"]) == ["ALEPPO"]


@pytest.mark.parametrize(("text", "absent", "perpetrator"), [
    # a former name in apposition is who the group was, not a second group there
    ("Hayat Tahrir al-Sham (HTS, formerly al-Nusra Front) arrested two protesters in Idlib.", "jabhat-al-nusra",
     "hayat-tahrir-al-sham"),
    ("Hayat Tahrir al-Sham, previously known as Jabhat Fateh al-Sham, detained a journalist in Sarmada.",
     "jabhat-al-nusra", "hayat-tahrir-al-sham"),
    ("اعتقلت هيئة تحرير الشام (جبهة النصرة سابقاً) ناشطاً في مدينة إدلب.", "jabhat-al-nusra",
     "hayat-tahrir-al-sham"),
    # an organ named with a non-state owner is the owner's, not the Syrian state's service of that name
    ("The HTS military police arrested three activists in Sarmada.", "military-police", "hayat-tahrir-al-sham"),
    ("The SNA's military police detained a Kurdish man in Afrin.", "military-police", "syrian-national-army"),
    ("The Syrian National Army military police detained a Kurdish man in Afrin.", "military-police",
     "syrian-national-army"),
    ("اعتقلت الشرطة العسكرية التابعة للجيش الوطني شاباً كردياً في عفرين.", "military-police",
     "syrian-national-army"),
    # men of a nationality in another party's ranks are that party's
    ("The IRGC's Iraqi officers arrested a farmer in Abu Kamal.", "iraqi-forces", "irgc"),
])
def test_a_former_name_an_organ_or_a_partys_men_are_the_party_named_beside_them(
        text: str, absent: str, perpetrator: str, lexicon: Lexicon) -> None:
    named = roles(text, lexicon)
    assert absent not in named
    assert "perpetrator" in named[perpetrator]
    # a state's own organ keeps its name
    assert "military-intelligence" in perpetrators("Regime Military Intelligence arrested a doctor in Daraa.",
                                                    lexicon)


def test_a_group_named_in_an_apposition_on_its_successor_did_not_do_the_act(lexicon: Lexicon) -> None:
    text = "Jabhat al-Nusra, now part of HTS, executed two men in Idlib in 2015."
    assert _violation_actors(text, lexicon, "extrajudicial-execution") == {"jabhat-al-nusra"}


@pytest.mark.parametrize(("text", "source"), [
    ("Islamic State media published the testimony of a doctor who confirmed the killing of seven children.",
     "islamic-state"),
    ("Syrian government media said that a rocket fired by rebels killed three people in the neighbourhood.",
     "syrian-government-forces"),
    ("نشرت وسائل إعلام النظام صوراً لمقتل ثلاثة مدنيين في القرية.", "syrian-government-forces"),
])
def test_a_partys_outlet_is_a_source_not_a_perpetrator(text: str, source: str, lexicon: Lexicon) -> None:
    assert source not in perpetrators(text, lexicon)


@pytest.mark.parametrize(("text", "forcing", "kind"), [
    ("Russian forces pulled out of the base near the town last year.",
     "Regime forces forced hundreds of families out of their village.", "forced-displacement"),
    ("Following the attack, Iraqi security forces arrived, leading the assailants to flee towards Hawija.",
     "Turkish forces shelled the town heavily, forcing thousands of civilians from the area to flee north.",
     "forced-displacement"),
    ("Regime forces moved out of the village in March.",
     "The militia forced the families out of the village in March.", "forced-displacement"),
    ("Turkish forces were sent to join the battle for the town.", "The militia forced young men to join its ranks.",
     "forced-recruitment"),
])
def test_the_noun_forces_is_no_act_of_forcing(text: str, forcing: str, kind: str, lexicon: Lexicon) -> None:
    assert kind not in types(text, lexicon)
    assert kind in types(forcing, lexicon)  # the verb still forces


@pytest.mark.parametrize("text", [
    "Leaders had gathered at the shrine to mark the third anniversary of the killing of the activist.",
    "Hundreds gathered on Sunday for the anniversary of the chemical attack on Ghouta.",
    "وكانت السيارة انطلقت من المزار حيث تجمع قادة لإحياء الذكرى الثالثة لاستشهاد الناشطة.",
    "نظم الأهالي وقفة في الذكرى العاشرة لمجزرة الحولة.",
])
def test_an_anniversary_is_no_new_event(text: str, lexicon: Lexicon) -> None:
    assert types(text, lexicon) == set()


@pytest.mark.parametrize(("text", "kind", "agents"), [
    # named in a sentence that tells of no act, actors hand nothing to a later act with a new subject of its own
    ("In 2019, the SDF, backed by the US-led coalition, defeated ISIS in Baghouz. On Tuesday, a car bomb killed "
     "three people in Manbij.", "killing", set()),
    ("The SDF took over the town in 2017. An explosion killed two children there yesterday.", "killing", set()),
])
def test_actors_of_a_sentence_without_an_act_hand_nothing_to_a_new_subject(
        text: str, kind: str, agents: set[str], lexicon: Lexicon) -> None:
    assert _violation_actors(text, lexicon, kind) == agents
    # a passive or a pronoun still refers back, and so does any subject after a sentence that tells of an act
    assert _violation_actors("She was held for seven months in the Palestine Branch of Military Intelligence. She was "
                             "beaten with a cable.", lexicon, "torture") == {"military-intelligence"}
    assert _violation_actors("Regime forces raided the village at dawn. A patrol arrested twelve men.", lexicon,
                             "arbitrary-detention") == {"syrian-government-forces"}


@pytest.mark.parametrize(("text", "slug", "role"), [
    ("قتل أكثر من 50 شخصا في هجوم لتنظيم الدولة على قريتين تسيطر عليهما قوات النظام في محافظة حماة.",
     "syrian-government-forces", "controller"),
    ("قصفت قوات النظام القرية التي تسيطر عليها هيئة تحرير الشام ما أدى لمقتل طفلين.", "hayat-tahrir-al-sham",
     "controller"),
    ("تسببت الغارات بمقتل 11 مدنياً بينهم قيادية في الإدارة الذاتية.", "autonomous-administration", "victim"),
    ("قتل عضو في قوات الأمن السريانية باستهداف مسيرة تركية لسيارة قرب القامشلي.", "turkish-forces", "perpetrator"),
])
def test_arabic_frames_of_control_membership_and_a_drones_strike(text: str, slug: str, role: str,
                                                                 lexicon: Lexicon) -> None:
    assert roles(text, lexicon)[slug] == {role}


@pytest.mark.parametrize("text", [
    "The SNA, an affiliate of the Syrian Opposition Coalition (SOC), looted shops in Afrin.",
    "The National Coalition condemned the looting of shops in Afrin by the SNA.",
])
def test_the_opposition_coalition_is_not_the_us_led_coalition(text: str, lexicon: Lexicon) -> None:
    assert "us-led-coalition" not in roles(text, lexicon)


@pytest.mark.parametrize(("text", "kind", "agents"), [
    ("Civilians were killed by regime forces, Hezbollah and Russian forces in 2016.", "killing",
     {"syrian-government-forces", "hezbollah", "russian-forces"}),
    ("The victims were killed by ISIS, the Nusra Front, and the SDF.", "killing",
     {"islamic-state", "jabhat-al-nusra", "syrian-democratic-forces"}),
    ("Regime forces, Hezbollah and Iranian militias besieged the town.", "siege",
     {"syrian-government-forces", "hezbollah", "iran-backed-militias"}),
    ("Russian jets, regime helicopters and Iranian drones struck the market, killing ten.", "killing",
     {"russian-forces", "syrian-air-force"}),
])
def test_every_name_of_a_list_of_agents_did_the_act(text: str, kind: str, agents: set[str],
                                                    lexicon: Lexicon) -> None:
    assert _violation_actors(text, lexicon, kind) == agents
    assert agents <= perpetrators(text, lexicon)


def test_a_participle_after_an_apposition_is_the_subjects_act(lexicon: Lexicon) -> None:
    text = "Hezbollah, an ally of the Assad regime, besieged Madaya, starving dozens."
    assert _violation_actors(text, lexicon, "siege") == {"hezbollah"}
    assert roles(text, lexicon)["syrian-government-forces"] == {"mentioned"}


@pytest.mark.parametrize(("text", "accused"), [
    ("The PMF are screening the men for suspected involvement with the Islamic State, and detained dozens.",
     "islamic-state"),
    ("Regime forces arrested ten young men on charges of membership in the Free Syrian Army.", "free-syrian-army"),
])
def test_the_party_a_detainee_is_suspected_of_joining_did_not_detain_him(text: str, accused: str,
                                                                         lexicon: Lexicon) -> None:
    assert accused not in perpetrators(text, lexicon)
    assert accused not in _violation_actors(text, lexicon, "arbitrary-detention")


def test_a_name_after_a_first_and_a_second_name_is_a_family_name() -> None:
    assert kept_places("Omar Kassem Hasaba and his father were chased by a car near Shahba.",
                        ["Hasaba", "Shahba"]) == ["Shahba"]


def test_another_name_of_a_suspected_party_is_not_an_agent_either(lexicon: Lexicon) -> None:
    text = ("The PMF are screening the men for suspected involvement with the Islamic State (also known as ISIS). The "
            "detainees are held in unknown places and their families have no news of their whereabouts.")
    assert "islamic-state" not in perpetrators(text, lexicon)


@pytest.mark.parametrize("text", [
    "خرج المتظاهرون ضد عمليات التجنيد تحت شعار “بيوتنا محتلة من قبل إيران” في دير الزور.",
    'Protesters marched under the slogan "Our homes were burned by the regime" in Idlib on Friday.',
])
def test_a_party_named_in_a_quoted_slogan_is_no_actor_of_the_report(text: str, lexicon: Lexicon) -> None:
    assert roles(text, lexicon) == {}


@pytest.mark.parametrize("text", [
    'A clothes trader was kidnapped by "a local gang" on the road between Salkhad and Suweida.',
    "Unknown kidnappers abducted a doctor in Daraa and demanded a ransom.",
    "خطفت عصابة مسلحة طفلاً في ريف درعا وطالبت بفدية.",
])
def test_an_unnamed_gang_is_an_unidentified_armed_group(text: str, lexicon: Lexicon) -> None:
    assert perpetrators(text, lexicon) == {"unidentified-armed-group"}


@pytest.mark.parametrize(("text", "kind"), [
    ("Air strikes on one of the last villages still held by the Daesh group in eastern Syria killed 12 civilians.",
     "arbitrary-detention"),
    ("Regime jets bombed areas still held by the rebels, killing five civilians.", "arbitrary-detention"),
    ("Opposition-allied first responders known as the White Helmets also reported the attack and the casualties.",
     "attack-on-civil-defence"),
    ("The trader was treated for the beatings, Ahmad, a media activist with a local news network, told us.",
     "attack-on-journalists"),
])
def test_a_place_held_by_a_party_and_a_named_source_tell_of_no_act_on_them(text: str, kind: str,
                                                                          lexicon: Lexicon) -> None:
    assert kind not in types(text, lexicon)
    # a journalist in an apposition on a victim still suffered the act
    assert "attack-on-journalists" in types("Gunmen shot Ahmed, a journalist with Orient News, the family said.",
                                             lexicon)


def test_a_death_in_a_strike_told_with_its_day_between_is_a_killing(lexicon: Lexicon) -> None:
    text = "They died on Saturday in a Syrian government airstrike on the village of Mhambel."
    assert _violation_actors(text, lexicon, "killing") == {"syrian-government-forces"}


def test_first_responders_who_say_what_happened_suffered_nothing(lexicon: Lexicon) -> None:
    text = "A war monitor and first responders group say an airstrike has killed at least 13 people in a village."
    assert types(text, lexicon) == {"killing"}


def test_fields_set_on_fire_are_destroyed_property(lexicon: Lexicon) -> None:
    text = "تسلل عدد من مسلحي داعش الى القرية ثم اضرموا النيران في حقول زراعية."
    assert _violation_actors(text, lexicon, "property-destruction") == {"islamic-state"}


@pytest.mark.parametrize("text", [
    "تسبب الهجوم بمقتل 27 مقاتلا من قوات الدفاع الوطني ومسلحين قرويين موالين للنظام. ونقلت وكالة سانا أن جثامين 20 "
    "شهيدا وصلت إلى المستشفى.",
    "The attack killed 27 fighters and villagers loyal to the regime. Twenty bodies of civilians reached the hospital.",
])
def test_the_party_victims_are_loyal_to_did_not_kill_them(text: str, lexicon: Lexicon) -> None:
    assert "syrian-government-forces" not in perpetrators(text, lexicon)


def test_a_patron_named_in_a_compound_after_by_is_not_the_agent(lexicon: Lexicon) -> None:
    text = "The groups document looting perpetrated by Turkey-backed armed groups in Ras al-Ayn."
    assert perpetrators(text, lexicon) == {"syrian-national-army"}


def test_a_strike_on_a_place_where_the_displaced_sheltered_hits_a_civilian_object(lexicon: Lexicon) -> None:
    text = "Russian jets bombed a farm where displaced families were sheltering."
    assert "attack-on-civilian-objects" in types(text, lexicon)
    assert types("Displaced families were sheltering in the school when the fighting started.", lexicon) == set()


@pytest.mark.parametrize("text", [
    "وقال المراسل إن قوات النظام طوّقت، عدة أحياء في بلدة عتمان، واعتقلت قرابة الـ20 شاباً بأعمار مختلفة.",
    "Regime forces encircled the neighbourhood at dawn and arrested 20 young men.",
])
def test_a_cordon_for_an_arrest_is_no_siege(text: str, lexicon: Lexicon) -> None:
    assert types(text, lexicon) == {"arbitrary-detention"}
    # a siege told as such stays one beside the arrests
    assert {"siege", "arbitrary-detention"} <= types(
        "Regime forces besieged the town for six months and arrested dozens who tried to leave.", lexicon)


def test_patrols_that_belong_to_a_branch_are_its_agents(lexicon: Lexicon) -> None:
    text = ("داهمت دوريات تابعة لـ”الأمن العسكري” (فرع فلسطين)، وأخرى تتبع لفرع “الأمن السياسي”، منازل عدة في دمشق "
            "وريفها واعتقلت 50 شخصاً.")
    assert _violation_actors(text, lexicon, "arbitrary-detention") == {"military-intelligence",
                                                                        "political-security-directorate"}
