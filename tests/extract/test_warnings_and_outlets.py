"""A warning of what may come tells of no act (Stop 16, second round, of docs/extraction.md): "warned that the detainees
face torture", "محذرة تعرض أفراد العائلة لعمليات تعذيب" reach back over their clause, as a denial does, unless a word of
time opens an act that happened between. A place named as a source or an outlet ("according to Shaam", "مراسل حلب
اليوم"), a person before an apposition of their work ("X, senior Iraq researcher") and an Arabic word after a particle
only a verb follows ("في حين تدمّر") are no places of the events; every word of a quoted source's name is the source
("وقالت منظمة “الدفاع المدني السوري-الخوذ البيضاء”"). Every sentence here is made up."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import kept_places, types


@pytest.mark.parametrize(("text", "absent", "kept"), [
    # the warned-of act stands far from the cue, with no modal verb: Arabic tells what is feared with a noun
    ("اعتقلت قسد تسعة مدنيين، محذرة الشبكة من تعرض أفراد العائلة المعتقلة في سجونها لعمليات تعذيب.", "torture",
     "arbitrary-detention"),
    ("داهمت قوات النظام الحي واعتقلت خمسة شبان، وحذر ناشطون من أن يتعرض الشبان المطلوبون من أهالي الحي للتعذيب.",
     "torture", "arbitrary-detention"),
    ("Regime forces arrested nine men in Daraa, and the network warned that the detained men from the town face "
     "torture in the branch.", "torture", "arbitrary-detention"),
    ("Gunmen abducted a teacher in Afrin; the group warned of further kidnappings and of the displacement of the "
     "remaining Kurdish families from the villages.", "forced-displacement", "abduction"),
])
def test_a_warned_of_act_is_no_act(lexicon: Lexicon, text: str, absent: str, kept: str) -> None:
    found = types(text, lexicon)
    assert absent not in found
    assert kept in found
    # an act told after a warning and a word of time happened
    for happened in _HAPPENED:
        assert types(happened, lexicon) & {"killing", "attack-on-civilian-objects"}


_HAPPENED = [
    "The UN warned on Tuesday, after regime shelling killed twenty civilians in the market, of a catastrophe.",
    "وحذرت الأمم المتحدة أمس عقب القصف الذي شنته قوات النظام ودمر سوق المدينة من كارثة إنسانية.",
]


@pytest.mark.parametrize(("text", "names", "kept"), [
    ("According to Shaam, three civilians died in Douma.", ["Shaam", "Douma"], ["Douma"]),
    ("وقال مراسل حلب اليوم في درعا إن القوات اعتقلت شاباً.", ["حلب", "درعا"], ["درعا"]),
    ("وبحسب دمشق، قتل مدنيان في دوما.", ["دمشق", "دوما"], ["دوما"]),
    ("كركوك: شبكة اخبار العراق - هاجم التنظيم قرية في داقوق.", ["العراق", "داقوق"], ["داقوق"]),
    # a name before an apposition that gives a person's work or kin is a person's
    ("The statement can be attributed to Hana Darwish, senior Syria researcher at the group; shelling hit Douma.",
     ["Hana Darwish", "Douma"], ["Douma"]),
    ("He spoke to Omar Hawi, a local activist, about the raid on Saraqib.", ["Omar Hawi", "Saraqib"], ["Saraqib"]),
    # a word after a particle that only a verb follows is that verb, though a city is spelled so
    ("في حين تدمّر أو خرج عن الخدمة عشرون مشفى في ريف إدلب.", ["تدمّر", "إدلب"], ["إدلب"]),
    ("وقد حلّت الكارثة بالبلدة بعد قصف في سراقب.", ["حلّت", "سراقب"], ["سراقب"]),
])
def test_a_source_an_outlet_or_a_verb_is_no_place(text: str, names: list[str], kept: list[str]) -> None:
    assert kept_places(text, names) == kept
    # the same names after a preposition of place stay places
    assert kept_places("Shells fell in Shaam and in Douma.", ["Shaam", "Douma"]) == ["Shaam", "Douma"]
    assert kept_places("قصفت الطائرات مدينة تدمر وسط سوريا.", ["تدمر"]) == ["تدمر"]
    # a reporting clause after a place gives no work of a person there
    assert kept_places("He was taken to a base in the town of Jindires, his son said.", ["Jindires"]) == ["Jindires"]


@pytest.mark.parametrize("text", [
    "وقالت منظمة “الدفاع المدني السوري-الخوذ البيضاء” إن الطيران الروسي استهدف مخيماً للنازحين قرب سراقب.",
    "According to the “Syrian Civil Defence – White Helmets”, Russian jets struck a camp for displaced people.",
])
def test_every_word_of_a_quoted_source_name_is_the_source(lexicon: Lexicon, text: str) -> None:
    found = types(text, lexicon)
    assert "attack-on-civil-defence" not in found
    assert "attack-on-civilian-objects" in found
    # the same quoted name as the target, or inside what someone said, is attacked
    assert "attack-on-civil-defence" in types(
        "Russian jets struck a team of the “Syrian Civil Defence – White Helmets” near Saraqib.", lexicon)
    assert "attack-on-civil-defence" in types(
        "The network said “Russian jets struck the White Helmets centre” in Saraqib.", lexicon)
