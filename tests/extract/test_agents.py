"""The actors of a violation are its perpetrators: the agent of its clause or sentence, else the one named before."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.spans import Document
from tawthiq.extract.violations import find_violations


def _perpetrators(text: str, lexicon: Lexicon) -> list[tuple[str, list[str]]]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    doc = Document(text, language, None)
    return [(h["type"], h["actors"]) for h in find_violations(doc, lexicon, find_actors(doc, lexicon), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # passive "by X"
        ("The village was heavily shelled by regime forces.",
         [("indiscriminate-attack", ["syrian-government-forces"])]),
        # the target of the attack is no perpetrator
        ("Regime forces shelled IS positions near residential areas of the town.",
         [("indiscriminate-attack", ["syrian-government-forces"])]),
        # the area an actor controls is a place, not a perpetrator
        ("اعتقلت قوات النظام شاباً في مناطق سيطرة قسد.", [("arbitrary-detention", ["syrian-government-forces"])]),
        # Arabic "على يد"
        ("قُتل شاب على يد عناصر من هيئة تحرير الشام.", [("killing", ["hayat-tahrir-al-sham"])]),
        # the organisation that reports an attack did not commit it
        ("The SDF said that Turkish drones killed two civilians.", [("killing", ["turkish-forces"])]),
        # an actor named as a victim's affiliation is not the perpetrator; the one named before is
        ("Military Intelligence officers held her for a month. During interrogation they beat her brother, a "
         "member of the Free Syrian Army.", [("torture", ["military-intelligence"])]),
    ],
)
def test_the_agent_of_the_sentence_is_the_perpetrator(text: str, expected: list[tuple[str, list[str]]],
                                                      lexicon: Lexicon) -> None:
    assert _perpetrators(text, lexicon) == expected


def test_a_sentence_without_an_actor_takes_the_one_named_before(lexicon: Lexicon) -> None:
    text = ("Air Force Intelligence raided the house at dawn. Neighbours watched from the street. "
            "They arrested three brothers.")
    assert _perpetrators(text, lexicon) == [("arbitrary-detention", ["air-force-intelligence"])]


def test_an_object_of_the_trigger_gives_way_to_the_subject_before(lexicon: Lexicon) -> None:
    text = "Russian jets struck the market. The strike killed two YPG fighters and a child."
    assert _perpetrators(text, lexicon) == [("attack-on-civilian-objects", ["russian-forces"]),
                                            ("killing", ["russian-forces"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Islamic State group fighters entered the village. The group executed three men.",
         [("extrajudicial-execution", ["islamic-state"])]),
        ("دخل عناصر تنظيم داعش القرية. وأعدم التنظيم ثلاثة رجال.", [("extrajudicial-execution", ["islamic-state"])]),
    ],
)
def test_the_group_refers_to_the_actor_named_before(text: str, expected: list[tuple[str, list[str]]],
                                                    lexicon: Lexicon) -> None:
    assert _perpetrators(text, lexicon) == expected


def test_each_clause_keeps_its_own_perpetrator(lexicon: Lexicon) -> None:
    text = "Regime forces arrested five men in Douma, while IS fighters abducted a shopkeeper in Raqqa."
    assert _perpetrators(text, lexicon) == [("arbitrary-detention", ["syrian-government-forces"]),
                                            ("abduction", ["islamic-state"])]
