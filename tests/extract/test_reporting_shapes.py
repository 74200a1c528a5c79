"""Shapes of reporting sentences (Stop 15, second round, of docs/extraction.md): acts told in words the lexicons lacked,
words that name no act (an occupation, a disarmament, a defeat, a term of service, a circumstance), and actors named
beside an act that did not do it (a side, a watcher, an owner, a holder, a silent party)."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import kept_places, perpetrators, read, types


@pytest.mark.parametrize(("text", "kind"), [
    # a beating outside custody, with its object
    ("Soldiers beat the shepherd and his son in front of their tent.", "ill-treatment"),
    ("Militiamen severely beat a young man at the entrance of the village, witnesses said.", "ill-treatment"),
    ("Police officers beat up two boys who had filmed the checkpoint.", "ill-treatment"),
    # a fate kept hidden, a captive led where no one knows
    ("Security forces have concealed the fate of the two students since their arrest in March.",
     "enforced-disappearance"),
    ("The militia arrested the activist and took him to an unknown destination.", "enforced-disappearance"),
    ("The authorities have not disclosed anything about the reasons for his arrest or his whereabouts.",
     "enforced-disappearance"),
    ("He went to a recruitment office to enlist and was never seen again.", "enforced-disappearance"),
    ("Hundreds of former rebels disappeared at the hands of regime forces after signing the deals.",
     "enforced-disappearance"),
    ("اعتقلت قوات النظام الشاب واقتادته إلى جهة مجهولة.", "enforced-disappearance"),
    ("تتكتم الفصائل على مصير المعتقلين منذ شهرين.", "enforced-disappearance"),
    # one house, or houses seized in the passive with words between
    ("The Hamza Division seized a house owned by a Kurdish teacher.", "confiscation"),
    ("Houses belonging to Kurdish families were seized by the Hamza Division.", "confiscation"),
    # an Arabic verb before a subject of several words and its object
    ("كما أحرق عناصر الفصيل وقوات الشرطة العسكرية منزل أحد المدنيين في القرية.", "property-destruction"),
    # a death by explosives is a killing, however many words stand between
    ("مما أدى إلى وفاة العديد منهم عطشا أو بالعبوات الناسفة التي يزرعها التنظيم على الطرق.", "killing"),
    ("At least 219 people have been detained, including 32 who likely died because of torture or poor conditions.",
     "death-under-torture"),
])
def test_acts_told_in_these_words_are_found(text: str, kind: str, lexicon: Lexicon) -> None:
    assert kind in types(text, lexicon)


@pytest.mark.parametrize(("text", "kind"), [
    # an occupation describes the person, not an attack on the organisation
    ("Regime forces arrested Ahmad, who works for a humanitarian organization, at a checkpoint.",
     "obstruction-of-humanitarian-aid"),
    ("اعتقلت الشرطة شاباً يعمل في منظمة إنسانية في المدينة.", "obstruction-of-humanitarian-aid"),
    # a circumstance, not an event
    ("The arrests come amidst restrictions on media and humanitarian activities in the area.",
     "obstruction-of-humanitarian-aid"),
    # weapons taken away are a disarmament, not a confiscation of property
    ("Residents could not defend themselves because their weapons had been confiscated by the army.", "confiscation"),
    ("Police confiscated their weapons at a checkpoint before the clashes.", "confiscation"),
    ("صادرت الفصائل أسلحة المدنيين في القرية.", "confiscation"),
    # fighters driven from their strongholds are beaten, not displaced
    ("The extremists were expelled from their last urban strongholds last year.", "forced-displacement"),
    # reporting for service under a deal is no forced recruitment
    ("After reporting for military service, he disappeared and was later declared dead.", "forced-recruitment"),
    ("Salam decided to return to military service as requested under the surrender deal.", "forced-recruitment"),
    # a teacher's house names its owner's work, not an attack on education
    ("استهدفت طائرة مسيرة منزل المعلم في القرية.", "attack-on-education"),
    ("A drone struck the house of a teacher in the village.", "attack-on-education"),
    # "بإصابات" (with injuries) is no bus
    ("تسببت الغارات بخروج المشفى عن الخدمة وإصابة أحد الحراس بإصابات بالغة.", "attack-on-civilian-objects"),
])
def test_words_that_name_no_such_act_are_not_suggested_as_it(text: str, kind: str, lexicon: Lexicon) -> None:
    assert kind not in types(text, lexicon)


def test_an_arrest_for_military_service_is_still_recruitment(lexicon: Lexicon) -> None:
    found = types("Regime forces arrested dozens of young men at checkpoints for military service.", lexicon)
    assert {"arbitrary-detention", "forced-recruitment"} <= found
    assert "forced-recruitment" not in types("He was detained a week after he had returned to military service.",
                                              lexicon)


@pytest.mark.parametrize(("text", "perpetrator", "not_perpetrator"), [
    # a relative clause on the place struck tells of no agent: the participle is the main clause's
    ("Russian jets bombed the town, which had been under the control of the Free Syrian Army since 2012, "
     "killing ten.", "russian-forces", "free-syrian-army"),
    # "a commander in X": X is his side, not a place the agent acted at
    ("Syrian government forces detained a woman whose husband was a commander in Jaish al-Islam.",
     "syrian-government-forces", "jaish-al-islam"),
    # who recaptured an area did not lay the mine that killed a child there
    ("A child was killed by a landmine in an area recently recaptured from ISIS by the SDF.", None,
     "syrian-democratic-forces"),
    # a party that declined to comment did not wound the people a later sentence counts
    ("Suspected Russian strikes hit houses in the town. There was no immediate comment from the Syrian regime "
     "forces, which have repeatedly said they only target militants. The Observatory said 25 people were wounded "
     "in the strikes.", "russian-forces", "syrian-government-forces"),
    # the owner of a base where families protested did not recruit their daughters
    ("Families held a sit-in in front of a base, which belongs to the International Coalition, in protest against "
     "the recruitment of girls, accusing the SDF of kidnapping them.", None, "us-led-coalition"),
    # those who watched an arrest did not make it
    ("اعتقلت قوة تابعة لميليشيا حزب الله العراق عدداً من النازحين أمام أنظار قوات الأمن العراقية.",
     "kataib-hezbollah", "iraqi-forces"),
])
def test_actors_beside_an_act_that_did_not_do_it_are_not_its_perpetrators(
        text: str, perpetrator: str | None, not_perpetrator: str, lexicon: Lexicon) -> None:
    found = perpetrators(text, lexicon)
    assert not_perpetrator not in found
    if perpetrator is not None:
        assert perpetrator in found


@pytest.mark.parametrize("text", ["اعتقل عناصر حزب الله العراقي شاباً في القائم.",
                                  "Iraqi Hezbollah fighters abducted two men near al-Qaim."])
def test_hezbollah_of_iraq_is_kataib_hezbollah(text: str, lexicon: Lexicon) -> None:
    slugs = {a["slug"] for a in read(text, lexicon)["actors"]}
    assert "kataib-hezbollah" in slugs
    assert "hezbollah" not in slugs


@pytest.mark.parametrize(("text", "names", "kept"), [
    # a kunya and its name before a third word: the third is a family's or a group's name
    ("Sources said a group called Abu Aweed Dhiban stopped the workers in Mabatli.", ["Dhiban", "Mabatli"],
     ["Mabatli"]),
    ("وقال أبو عمشة سراقب إن القصف طال السوق في إدلب.", ["سراقب", "إدلب"], ["إدلب"]),
    # a capital standing for its government
    ("He was infiltrating from Albu Kamal, which the Damascus regime recaptured last month.",
     ["Albu Kamal", "Damascus"], ["Albu Kamal"]),
    ("طالبت حكومة بغداد بالإفراج عن المعتقلين في الموصل.", ["بغداد", "الموصل"], ["الموصل"]),
])
def test_names_that_are_no_place_of_the_events_are_dropped(text: str, names: list[str], kept: list[str]) -> None:
    assert kept_places(text, names) == kept
    # the same words elsewhere are places: "أم" is also "or", and a capital's office is in the capital
    assert kept_places("سواء في سراقب أم في إدلب.", ["سراقب", "إدلب"]) == ["سراقب", "إدلب"]
    assert kept_places("He went to a Damascus office to enlist.", ["Damascus"]) == ["Damascus"]


def test_a_state_whose_uprising_the_text_tells_of_is_a_place() -> None:
    text = "Most are residents of Daraa, the defeated cradle of Syria’s 2011 uprising."
    assert kept_places(text, ["Syria"], precision="country") == ["Syria"]
    assert kept_places("Turkey’s president said the operation would go on.", ["Turkey"], precision="country") == []


@pytest.mark.parametrize(("led", "fled"), [
    ("Gunmen seized the shepherd and took him to an unknown destination.", "The gunmen fled to an unknown place."),
    ("اعتقلت الدورية الشاب ونقلته إلى جهة مجهولة.", "ولاذ المهاجمون بالفرار إلى جهة مجهولة."),
])
def test_a_captive_led_to_an_unknown_place_is_disappeared_not_attackers_who_fled(led: str, fled: str,
                                                                                 lexicon: Lexicon) -> None:
    assert "enforced-disappearance" in types(led, lexicon)
    assert "enforced-disappearance" not in types(fled, lexicon)


@pytest.mark.parametrize(("text", "slugs"), [
    ("In Tal Abyad, members of the SNA's Ahrar al-Sharqiya looted shops and occupied the homes of Kurdish families.",
     {"syrian-national-army", "ahrar-al-sharqiya"}),
    ("Fighters of the regime's Fourth Division arrested two men at a checkpoint.",
     {"syrian-government-forces", "fourth-division"}),
])
def test_a_group_and_the_umbrella_that_owns_it_are_one_side(text: str, slugs: set[str], lexicon: Lexicon) -> None:
    assert slugs <= perpetrators(text, lexicon)


@pytest.mark.parametrize(("text", "slugs"), [
    ("The Syrian government and Russia have repeatedly targeted hospitals in Idlib, Human Rights Watch said.",
     {"syrian-government-forces", "russian-forces"}),
    ("Russia and the Syrian regime bombed the market, killing 12 people.", {"syrian-government-forces",
                                                                          "russian-forces"}),
])
def test_a_state_listed_with_an_armed_party_acts_with_it(text: str, slugs: set[str], lexicon: Lexicon) -> None:
    assert slugs <= perpetrators(text, lexicon)
    # a state named beside a party in a sentence of no act, or beside another state, is no actor
    assert not read("The regime and Iraq signed an agreement on border crossings.", lexicon)["actors"]
    assert not read("Russia and Turkey agreed a ceasefire in Idlib.", lexicon)["actors"]


@pytest.mark.parametrize(("text", "slug"), [
    # a participle and its agent written after a name describe it: the name is still the subject
    ("Kurdish-led forces backed by the US arrested a tribal leader in Raqqa, prompting protests.",
     "syrian-democratic-forces"),
    ("Asayish affiliated with the autonomous administration arrested two teachers in Qamishli.", "asayish"),
    # Turkey's Syrian allies, named with Turkey's forces
    ("Turkish forces and their Syrian allies shelled Ain Issa, forcing hundreds of families to flee.",
     "syrian-national-army"),
])
def test_a_described_or_allied_party_is_the_perpetrator(text: str, slug: str, lexicon: Lexicon) -> None:
    assert slug in perpetrators(text, lexicon)
    # a patron written on the name ("Iran-backed") and an area's holder are still no agent
    assert perpetrators("Areas controlled by the SDF were shelled heavily by Turkish forces.", lexicon) == {
        "turkish-forces"}


def test_men_wearing_a_groups_logos_are_its_men_and_a_family_without_news_is_a_disappearance(
        lexicon: Lexicon) -> None:
    text = ("Five men wearing black uniforms and the yellow logos of Kata’ib Hezbollah took Aziz from his home. His "
            "wife has not seen him or received any information about his whereabouts since.")
    found = read(text, lexicon)
    assert "enforced-disappearance" in {v["type"] for v in found["violations"]}
    assert {a["slug"] for a in found["actors"] if a["role"] == "perpetrator"} == {"kataib-hezbollah"}
    assert "enforced-disappearance" not in types("The police gave the family information about his whereabouts.",
                                                  lexicon)


@pytest.mark.parametrize(("text", "perpetrator", "side"), [
    # a former member of a group is its side, whatever the adjective between
    ("أفاد المرصد بأن مسلحين مجهولين اغتالوا عنصرا سابقا في فصائل المعارضة في ريف درعا الغربي.",
     "unidentified-armed-group", "syrian-national-army"),
    # a car carrying a group's members: they are its passengers, the drone that struck it is the agent
    ("استهدفت طائرة مسيرة تركية سيارة تقل عناصر من قسد على طريق القامشلي، ما أدى لمقتل مدنيين كانا قربها.",
     "turkish-forces", "syrian-democratic-forces"),
])
def test_arabic_members_and_passengers_are_no_perpetrators(text: str, perpetrator: str, side: str,
                                                           lexicon: Lexicon) -> None:
    found = perpetrators(text, lexicon)
    assert perpetrator in found
    assert side not in found


def test_a_party_in_an_as_clause_of_no_act_did_not_do_the_main_clauses_act(lexicon: Lexicon) -> None:
    text = "Monitors documented at least 61 civilian deaths last week, as the SDF pushed south along the eastern bank."
    killings = [v for v in read(text, lexicon)["violations"] if v["type"] == "killing"]
    assert killings
    assert "syrian-democratic-forces" not in killings[0]["actors"]


def test_children_taken_to_training_camps_are_recruited(lexicon: Lexicon) -> None:
    assert "child-recruitment" in types("The boys were taken to training camps and made to carry weapons.", lexicon)
    assert "child-recruitment" not in types("The child was wounded when gunmen opened fire; the men carry weapons "
                                             "openly.", lexicon)


@pytest.mark.parametrize(("text", "side"), [
    # the victim's kin, employer, or the owner of the target, named in the sentence of the act
    ("The victim, an SDF fighter's wife, was shot dead at her home in Hajin.", "syrian-democratic-forces"),
    ("Two brothers who had worked for the Syrian Salvation Government were killed in a drone strike.",
     "syrian-salvation-government"),
    ("An explosion at an HTS checkpoint killed three civilians and two fighters.", "hayat-tahrir-al-sham"),
    ("The strike destroyed a house used by Hurras al-Din leaders, killing two children next door.", "hurras-al-din"),
])
def test_the_victims_side_and_the_targets_owner_are_no_perpetrators(text: str, side: str, lexicon: Lexicon) -> None:
    assert side not in perpetrators(text, lexicon)
    # the same group as the subject of an act is its perpetrator
    assert "syrian-democratic-forces" in perpetrators("SDF fighters shot dead a man in Hajin.", lexicon)
