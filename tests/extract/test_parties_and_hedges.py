"""Parties named beside an act that did not commit it, and attackers named with a hedge, after the act or in terms
of reporting (stop 17).

Every sentence is our own, in the shapes reporting uses; each table row names the perpetrators the extraction must
suggest, no more and no fewer."""

from __future__ import annotations

from datetime import date

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract

from .readings import perpetrators, roles

GOV, RU, HTS, SDF = "syrian-government-forces", "russian-forces", "hayat-tahrir-al-sham", "syrian-democratic-forces"

PERPETRATORS = [
    # the brokers of a truce, the parties of a conflict or of fighting, the power whose removal or fall is recalled
    ("Russian jets bombed a market in Idlib, killing ten civilians, despite a ceasefire brokered by Turkey and Russia.",
     {RU}),
    ("Despite the truce mediated by Turkey, regime shelling killed five civilians in Idlib.", {GOV}),
    ("Amid the war between the Syrian government and the SDF, Turkish drones struck a car and killed two civilians.",
     {"turkish-forces"}),
    ("The attacks killed three civilians amid fighting between the Syrian government and Hayat Tahrir al-Sham.", set()),
    ("Militiamen killed ten men in Jableh. It was the worst killing spree since protests demanding the removal of the "
     "Assad regime began.", set()),
    ("قتل مدنيان في إدلب في ظل الصراع بين قوات النظام وهيئة تحرير الشام.", set()),
    ("قتل مدنيان في درعا بعد سقوط نظام الأسد.", set()),
    # the power a group opposes ("المعارضة للنظام"), not the word "opposition" before a perpetrator
    ("توفي معتقل تحت التعذيب في سجون هيئة تحرير الشام المعارضة للنظام السوري.", {HTS}),
    ("اعتقلت هيئة تحرير الشام المناهضة للنظام ناشطا في إدلب.", {HTS}),
    ("قالت المعارضة إن قوات النظام قتلت خمسة مدنيين في درعا.", {GOV}),
    # a state's security forces, in a report about that state only
    ("At least nine protesters were killed in Baghdad after security forces opened fire on demonstrators.",
     {"iraqi-forces"}),
    ("Security forces shot dead three protesters in Nasiriyah on Sunday, Iraqi police said.", {"iraqi-forces"}),
    ("قتل ثلاثة متظاهرين برصاص قوات الأمن في بغداد.", {"iraqi-forces"}),
    ("Security forces shot dead three protesters in Homs on Sunday.", set()),
    ("Security forces arrested two journalists in Beirut, Lebanese media said.", set()),
    # the forces of the Autonomous Administration are the SDF
    ("وثق التقرير مقتل 30 مدنياً على يد قوات الإدارة الذاتية في ريف دير الزور.", {SDF}),
    ("Autonomous Administration forces arrested four teachers in Qamishli.", {SDF}),
    # an attacker named with a hedge, or as the one who carried out the strikes
    ("The report notes that forces we believe are Russian killed 358 civilians, including 109 children.", {RU}),
    ("Warplanes believed to be Russian bombed a hospital in Idlib, killing four patients.", {RU}),
    ("Airstrikes killed 26 civilians in a market in Idlib. Activists said Russian jets carried out the raid.", {RU}),
    ("قتل 26 مدنيا في غارات على سوق في إدلب. ورجح المرصد أن طائرات روسية قامت بتنفيذ الغارات.", {RU}),
    ("قتل 26 مدنيا في غارات على سوق في إدلب. وقال ناشطون إن طائرات حربية روسية نفذت الغارات.", {RU}),
    ("Russian forces carried out a survey of the area after ISIS killed ten civilians in Palmyra.", {"islamic-state"}),
    # an alliance named by two adjectives is both states' forces; two adjectives elsewhere are not
    ("سجل التقرير 85 حادثة اعتداء على مراكز حيوية مدنية في إدلب على يد قوات الحلف السوري الروسي.", {RU, GOV}),
    ("قصفت طائرات الحلف الروسي السوري مدرسة في ريف إدلب ما أدى إلى مقتل ثلاثة أطفال.", {RU, GOV}),
    ("قصفت طائرة سورية روسية الصنع سوقا في إدلب.", {"syrian-air-force"}),
    # members of a named faction who act, past its kind, a relative clause and an adverb; not members who suffered
    ("In the village of Kafr Safra, members of the Hamza Division faction arrested a civilian.", {"hamza-division"}),
    ("On the same day, members of “Ahrar al-Sharqiya”, which controls the village, arbitrarily arrests five civilians.",
     {"ahrar-al-sharqiya"}),
    ("Members of the Sultan Murad Division, who run the checkpoint, detained two women.", {"sultan-murad-division"}),
    ("Members of the SDF, who were arrested last year, died in prison.", set()),
    ("Gunmen killed two members of the SDF faction, which controls the village, on Monday.", set()),
    ("On Monday, members of the SDF were killed in an explosion.", set()),
    # "National Army" is the SNA beside Turkey, its patron, and not after another name
    ("In Jinderes, National Army factions backed by Turkey arrested five civilians.", {"syrian-national-army"}),
    ("Fighters of the Libyan National Army, which Turkey opposes, killed two civilians in Tripoli.", set()),
    ("The National Army arrested five men in Kabul.", set()),
    # an act of all the parties together takes no party named earlier; an act with no agent phrase still does
    ("The Syrian government and ISIS do not publish their own dead. The report counts only civilians who were killed "
     "by all parties.", set()),
    ("Regime forces entered Madaya. The report documented 40 civilians killed at the hands of the main influential "
     "parties.", set()),
    ("سيطرت هيئة تحرير الشام على المدينة. ووثق التقرير مقتل 277 مدنياً على يد أطراف النزاع الرئيسة.", set()),
    ("Regime forces entered Madaya. Three civilians were killed by shelling on Monday.", {GOV}),
    # checkpoints that the text only places somewhere did nothing; a checkpoint that arrests did
    ("قتل مسلحون مجهولون شابا في حي السبيل بدرعا. ويعد الحي من معاقل النظام، وتنتشر فيه حواجز أمنية لقوات النظام. "
     "وتتكرر عمليات الاغتيال في المحافظة.", {"unidentified-armed-group"}),
    ("قتل مسلحون مجهولون شابا قرب حاجز لقوات النظام في المدينة.", {"unidentified-armed-group"}),
    ("اعتقل حاجز لقوات النظام شابين في درعا.", {GOV}),
    # the leader of an operation is no perpetrator unless the act in the sentence is the operation's
    ("Gunmen executed 17 civilians in Jableh. Assad was ousted in December after a brief offensive led by Hayat "
     "Tahrir al-Sham.", set()),
    ("A military campaign led by regime forces killed 20 civilians in Daraa.", {GOV}),
    ("Civilians were killed in an offensive led by the Syrian army.", {GOV}),
]


@pytest.mark.parametrize("text, expected", PERPETRATORS)
def test_perpetrators_of_parties_hedges_and_terms_of_reporting(lexicon: Lexicon, text: str,
                                                               expected: set[str]) -> None:
    assert perpetrators(text, lexicon) == expected


@pytest.mark.parametrize("text", [
    "In Iraq, Kurdish security forces arrested two journalists in Erbil.",
    "اعتقلت قوات الأمن الكردية صحفيين في أربيل بالعراق.",
])
def test_security_forces_with_a_name_of_their_own_are_no_iraqi_forces(lexicon: Lexicon, text: str) -> None:
    assert "iraqi-forces" not in roles(text, lexicon)


@pytest.mark.parametrize("text", [
    "Pro-government forces have executed at least 17 civilians in coastal Syria, residents said.",
    "قتلت القوات الحكومية خمسة مدنيين في ريف اللاذقية.",
])
def test_government_forces_after_december_2024_are_the_new_governments(lexicon: Lexicon, text: str) -> None:
    def read(published_on: date) -> set[str]:
        out = extract(text, language="ar" if "ق" in text else "en", published_on=published_on, lexicon=lexicon,
                      places=NullPlaces())
        return {a["slug"] for a in out["actors"] if a["role"] == "perpetrator"}

    assert read(date(2025, 3, 12)) == {"syrian-government-forces-post-2024"}
    assert read(date(2016, 3, 12)) == {GOV}


@pytest.mark.parametrize("text", [
    "The school was damaged during the 2019 offensive, when government forces bombed the town for weeks.",
    "In 2013, the army shelled Homs, killing ten civilians.",
])
def test_government_forces_of_a_year_before_december_2024_are_the_former_governments(lexicon: Lexicon,
                                                                                    text: str) -> None:
    out = extract(text, language="en", published_on=date(2025, 9, 18), lexicon=lexicon, places=NullPlaces())
    assert {a["slug"] for a in out["actors"]} == {GOV}
