from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.lexicon import data_file
from tawthiq.extract.spans import Document
from tawthiq.extract.violations import find_violations


def _types(text: str, lexicon: Lexicon) -> list[str]:
    doc = Document(text, "en", None)
    hits = find_violations(doc, lexicon, find_actors(doc, lexicon), [])
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]
    return [h["type"] for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IS fighters shot dead two shepherds.", ["killing"]),
        ("The group beheaded a man in the square.", ["extrajudicial-execution"]),
        ("Security forces arrested the teacher at his home.", ["arbitrary-detention"]),
        ("Residents were ordered to evacuate the village.", ["forced-displacement"]),
        ("The group forcibly conscripted young men.", ["forced-recruitment"]),
        ("The group cut the internet in the city.", ["restriction-of-communication"]),
        ("Satellite devices were banned in the province.", ["restriction-of-communication"]),
        ("The besieged neighbourhoods ran out of bread.", ["siege"]),
        ("The hospital was struck twice.", ["attack-on-medical-care"]),
        ("He died under torture in the branch.", ["death-under-torture"]),
        ("قُتل ثلاثة مدنيين في القصف العشوائي.", ["killing", "indiscriminate-attack"]),
        ("أعدم التنظيم شابين إعداماً ميدانياً.", ["extrajudicial-execution"]),
        ("اعتقلت الدورية خمسة شبان.", ["arbitrary-detention"]),
        ("تهجير سكان القرية.", ["forced-displacement"]),
        ("فرض التنظيم التجنيد الإجباري على الشبان.", ["forced-recruitment"]),
        ("قطع التنظيم الإنترنت عن المدينة.", ["restriction-of-communication"]),
        ("يعيش السكان تحت الحصار منذ عامين.", ["siege"]),
        ("استهدفت الغارة المشفى الوطني.", ["attack-on-medical-care"]),
        ("Barrel bombs hit the market, killing five.",
         ["indiscriminate-attack", "attack-on-civilian-objects", "killing"]),
        ("Kidnappers seized him and demanded a ransom.", ["hostage-taking"]),  # not also abduction
        ("He was beaten with cables during interrogation.", ["torture"]),  # not also ill-treatment
    ],
)
def test_triggers_in_english_and_arabic(text: str, expected: list[str], lexicon: Lexicon) -> None:
    assert _types(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    [
        "No one was killed in the attack.",
        "The regime denied that its forces had arrested anyone.",
        "The group did not execute the prisoners.",
        "The group threatened to execute the prisoners.",
        "Residents fear they will be displaced.",
        "لم يُقتل أحد في الهجوم.",
        "نفت قوات النظام اعتقال أي شخص.",
        "هدد التنظيم بإعدام المعتقلين.",
        "The doctors at the hospital treated patients.",  # a hospital alone is no attack on medical care
        "The ministry denied reports that the town had been shelled.",
        "نفى مصدر طبي صحة الأنباء عن تعرض المدينة لهجوم بغاز الكلور.",
    ],
)
def test_negated_threatened_and_context_free_mentions_are_not_suggested(text: str, lexicon: Lexicon) -> None:
    assert _types(text, lexicon) == []


def test_a_cue_in_another_clause_does_not_negate() -> None:
    lexicon = Lexicon.shipped()
    assert _types("Without warning, the militia arrested ten men.", lexicon) == ["arbitrary-detention"]
    assert _types("The group not only arrested them but also tortured them.", lexicon) == [
        "arbitrary-detention", "torture"]
    assert _types("ولا يزال المعتقلون في السجن.", lexicon) == ["arbitrary-detention"]


def test_only_the_most_specific_type_of_a_sentence_is_kept(lexicon: Lexicon) -> None:
    assert _types("They executed the men, killing all five.", lexicon) == ["extrajudicial-execution"]


def test_each_type_is_suggested_once_per_sentence_with_its_actors_and_places(lexicon: Lexicon) -> None:
    text = "IS arrested two men and arrested their father. Later the SDF detained a boy."
    doc = Document(text, "en", None)
    places = [{"text": "Raqqa", "start": 50, "end": 55, "name": "Raqqa"}]
    hits = find_violations(doc, lexicon, find_actors(doc, lexicon), places)
    assert [(h["type"], h["actors"], h["places"]) for h in hits] == [
        ("arbitrary-detention", ["islamic-state"], []),
        ("arbitrary-detention", ["syrian-democratic-forces"], ["Raqqa"]),
    ]
    assert hits[0]["text"] == "IS arrested two men and arrested their father."


def test_every_trigger_names_a_violation_type_and_context_that_exist(lexicon: Lexicon) -> None:
    triggers = data_file("violation_triggers.json")
    assert set(triggers["triggers"]) <= set(lexicon.violation_types)
    assert {p.context for p in lexicon.violations if p.context} <= set(lexicon.contexts)
    # every leaf type that reports describe has triggers in both languages
    for slug, by_language in triggers["triggers"].items():
        assert by_language.get("en") and by_language.get("ar"), slug
