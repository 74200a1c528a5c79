"""Who did it, in the constructions real reporting uses: English nationality phrases ("Russian airstrikes", "Turkey's
forces"), states and unknown parties named after an agent cue, passives whose agent stands after the verb, lists
named as perpetrators, and the actors named beside the perpetrator that did not do it (a parent after "affiliated
with", the victims' side, the accused)."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


def _roles(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    result = extract(text, language=language, published_on=None, lexicon=lexicon, places=NullPlaces())
    return [(a["slug"], a["role"]) for a in result["actors"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Five civilians were killed by Russian airstrikes on the village.", [("russian-forces", "perpetrator")]),
        ("Turkey's forces killed a shepherd near the border.", [("turkish-forces", "perpetrator")]),
        ("Israeli strikes killed four people in the city.", [("israeli-forces", "perpetrator")]),
        ("Iranian troops executed three prisoners.", [("irgc", "perpetrator")]),
        ("U.S. airstrikes killed six civilians in the village.", [("us-forces", "perpetrator")]),
        ("Unidentified helicopters bombed a car, killing two civilians.", [("unidentified-aircraft", "perpetrator")]),
        # two adjectives share one noun: two actors
        ("Russian and Turkish drones bombed the market, killing four people.",
         [("russian-forces", "perpetrator"), ("turkish-forces", "perpetrator")]),
        ("The Syrian-Russian alliance bombed a school, killing six children.",
         [("syrian-government-forces", "perpetrator"), ("russian-forces", "perpetrator")]),
    ],
)
def test_english_nationality_phrases_name_the_perpetrator(text: str, expected: list[tuple[str, str]],
                                                          lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected


def test_only_a_free_adjective_makes_a_nationality_phrase(lexicon: Lexicon) -> None:
    assert _roles("Turkish shelling and Russian rockets killed two civilians in the town.", lexicon) == [
        ("turkish-forces", "perpetrator"), ("russian-forces", "perpetrator")]
    # "pro-", "-backed" and "-made" name no state's forces
    for text in ("Pro-Turkish factions looted the houses of the village.",
                 "Turkish-backed groups looted the houses of the village.",
                 "Russian-made missiles killed four civilians."):
        assert not {"turkish-forces", "russian-forces"} & set(dict(_roles(text, lexicon)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The town came under heavy shelling by Russia, killing three civilians.", [("russian-forces", "perpetrator")]),
        ("تعرضت البلدة لحملة قصف عنيفة من قبل روسيا أدت إلى مقتل ثلاثة مدنيين.", [("russian-forces", "perpetrator")]),
        ("قتل طفل على يد جهات مجهولة في ريف درعا.", [("unidentified-armed-group", "perpetrator")]),
        ("Three civilians were killed in a drone strike that local sources attributed to Turkey.",
         [("turkish-forces", "perpetrator")]),
    ],
)
def test_a_state_or_unknown_party_is_an_actor_only_after_an_agent_cue(text: str, expected: list[tuple[str, str]],
                                                                       lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected
    # elsewhere a state is a party to talks, and "جهة مجهولة" an unknown destination
    assert _roles("Talks between Russia and Turkey failed.", lexicon) == []
    assert _roles("نقل المعتقل إلى جهة مجهولة.", lexicon) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a victim cue ("killed", "wounded") no longer governs the name once another clause or phrase opens
        ("Eight civilians were killed when Russian aircraft bombed a market.", [("russian-forces", "perpetrator")]),
        ("Dozens were wounded in a Coalition airstrike on the city.", [("us-led-coalition", "perpetrator")]),
        # nor across the end of a sentence
        ("U.S. airstrikes killed six civilians. US drones killed three more.",
         [("us-forces", "perpetrator"), ("us-forces", "perpetrator")]),
        # "by members of X" is X's act, though "members of X" alone is X's side
        ("The girl was abducted by members of the Sultan Murad Division.", [("sultan-murad-division", "perpetrator")]),
        # a name in brackets glosses the agent phrase before it
        ("قتل مدني على يد قوات النظام السوري وآخر على يد جميع الفصائل المسلحة (الجيش الوطني) في ريف حلب.",
         [("syrian-government-forces", "perpetrator"), ("syrian-national-army", "perpetrator")]),
    ],
)
def test_agents_after_the_verb_are_perpetrators(text: str, expected: list[tuple[str, str]], lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighters of the Hamza Division, affiliated with the Syrian National Army, looted houses in the village.",
         [("hamza-division", "perpetrator"), ("syrian-national-army", "mentioned")]),
        ("استولت ميليشيا حزب الله برفقة عناصر الحرس الجمهوري التابعين لقوات الأسد على عشرات المنازل.",
         [("hezbollah", "perpetrator"), ("republican-guard", "perpetrator"),
          ("syrian-government-forces", "mentioned")]),
    ],
)
def test_the_parent_named_after_an_affiliation_is_mentioned(text: str, expected: list[tuple[str, str]],
                                                            lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected
    # with no name before it, the affiliation names the agent
    assert _roles("Gunmen affiliated with the Syrian National Army looted houses in the village.", lexicon) == [
        ("syrian-national-army", "perpetrator")]


def test_a_list_named_as_the_perpetrators_are_all_perpetrators(lexicon: Lexicon) -> None:
    text = ("Amnesty documented looting in the town. Witnesses identified the Hamza Division, the Sultan Murad "
            "Division and Ahrar al-Sharqiya as the perpetrators.")
    assert _roles(text, lexicon) == [("hamza-division", "perpetrator"), ("sultan-murad-division", "perpetrator"),
                                     ("ahrar-al-sharqiya", "perpetrator")]


def test_the_group_someone_is_accused_of_joining_is_mentioned(lexicon: Lexicon) -> None:
    assert _roles("Kurdish-led forces detained dozens of men accused of IS affiliation.", lexicon) == [
        ("syrian-democratic-forces", "perpetrator"), ("islamic-state", "mentioned")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a trigger that opens its clause tells of the clause before it
        ("In response to an SDF attack, Turkish drones struck a village, killing a farmer.", ["turkish-forces"]),
        # a subordinate clause is a clause of its own
        ("Russian military police patrolled the area after regime shelling killed three people.",
         ["syrian-government-forces"]),
        # the target of a strike did not do the killing
        ("The strike targeted an ISIS leader but killed his wife and children.", []),
    ],
)
def test_a_killing_takes_the_attacker_of_its_own_clause(text: str, expected: list[str], lexicon: Lexicon) -> None:
    result = extract(text, language="en", published_on=None, lexicon=lexicon, places=NullPlaces())
    assert [v["actors"] for v in result["violations"] if v["type"] == "killing"] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an apposition describes the name before it, which is the one that acted
        ("Hezbollah, an ally of the Assad regime, besieged Madaya.",
         [("hezbollah", "perpetrator"), ("syrian-government-forces", "mentioned")]),
        # a relative pronoun stands for the name right before it
        ("The YPG handed the prisoners over to the Asayish, who tortured them.",
         [("ypg", "mentioned"), ("asayish", "perpetrator")]),
        # a cue governs the first name after it, not a name behind that one ("from ISIS"); who recaptured a town did
        # not shell it ("recaptured by" names a holder, no agent: Stop 15, second round)
        ("The town, which was recaptured by the SDF from ISIS in 2017, was hit by Turkish shelling that killed two "
         "children.", [("syrian-democratic-forces", "mentioned"), ("islamic-state", "mentioned"),
                       ("turkish-forces", "perpetrator")]),
        # "غارات X وقصف Y": each noun of attack names its own attacker
        ("قتل عشرة مدنيين جراء غارات الطيران الروسي وقصف قوات النظام على ريف إدلب.",
         [("russian-forces", "perpetrator"), ("syrian-government-forces", "perpetrator")]),
    ],
)
def test_the_name_a_clause_or_a_cue_points_to_is_the_one_that_acted(text: str, expected: list[tuple[str, str]],
                                                                     lexicon: Lexicon) -> None:
    assert _roles(text, lexicon) == expected
