"""A violation needs an event reading: landmarks, times, reporters, exchanges, accusations and background words tell
of no act, and every act of a clause is suggested (threats: tests/extract/test_violations.py)."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.spans import Document
from tawthiq.extract.violations import find_violations


def _types(text: str, lexicon: Lexicon) -> set[str]:
    doc = Document(text, "en" if text.isascii() else "ar", None)
    return {h["type"] for h in find_violations(doc, lexicon, find_actors(doc, lexicon), [])}


@pytest.mark.parametrize(("text", "absent", "kept"), [
    # a landmark: the prison, the mosque, the hospital name where a shell fell; none of them was attacked
    ("قصفت قوات النظام أحياء البلدة السكنية قرب السجن المركزي", "arbitrary-detention", "indiscriminate-attack"),
    ("A car bomb exploded near the mosque, wounding a boy.", "attack-on-places-of-worship", "injury"),
    ("The strike hit a building in front of the hospital, killing two civilians.", "attack-on-medical-care", "killing"),
    # a time: the prayer names when a strike fell, no place of worship was hit
    ("The strike hit the market at the time of the evening prayer.", "attack-on-places-of-worship",
     "attack-on-civilian-objects"),
    ("سقطت القذيفة على السوق بعد صلاة المغرب", "attack-on-places-of-worship", "indiscriminate-attack"),
    # a reporter: the correspondent or the civil defence tells of the attack, nobody attacked them
    ("Our correspondent said the regime heavily shelled the town.", "attack-on-journalists", "indiscriminate-attack"),
    ("وقال مراسلنا إن الطائرات قصفت البلدة بشكل عشوائي", "attack-on-journalists", "indiscriminate-attack"),
    ("وأفاد الدفاع المدني بأن الغارة قتلت ثلاثة مدنيين", "attack-on-civil-defence", "killing"),
    # an exchange is no hostage-taking
    ("جرت عملية تبادل أسرى بين الطرفين بعد اعتقال شابين", "hostage-taking", "arbitrary-detention"),
    ("The groups agreed to exchange prisoners after the arrest of two men.", "hostage-taking", "arbitrary-detention"),
    # selling trees is no sexual slavery
    ("يقوم عناصر الفصيل بقطع الأشجار وبيعها", "sexual-slavery", "property-destruction"),
    # an accusation is no act of the accused
    ("أعدم التنظيم رجلين بتهمة تفجير سيارة مفخخة", "indiscriminate-attack", "extrajudicial-execution"),
    # a purpose is no act: "to prevent any looting"
    ("Forces surrounded the town to prevent any looting, and arrested ten men.", "looting", "arbitrary-detention"),
])
def test_a_trigger_without_an_event_reading_is_not_suggested(text: str, absent: str, kept: str,
                                                             lexicon: Lexicon) -> None:
    found = _types(text, lexicon)
    assert absent not in found and kept in found


@pytest.mark.parametrize("text", [
    "Residents returned to the destroyed hospital in the city.",
    "Families sheltered in the damaged school in the village.",
])
def test_a_background_word_is_no_new_attack(text: str, lexicon: Lexicon) -> None:
    assert _types(text, lexicon) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Fighters seized, looted and then burned the houses of the villagers.",
     {"confiscation", "looting", "property-destruction"}),
    ("The attack killed three people and displaced 200 families, and 40 men were interned in a camp.",
     {"killing", "forced-displacement", "arbitrary-detention"}),
])
def test_every_act_of_a_clause_is_its_own_suggestion(text: str, expected: set[str], lexicon: Lexicon) -> None:
    assert _types(text, lexicon) == expected



@pytest.mark.parametrize(("text", "expected"), [
    ("ما أسفر عن سقوط قتلى في صفوف تلك المليشيات", set()),
    ("Regime artillery shelled military positions of the militia near the border.", set()),
    # a civilian among the dead, or fighters as the agent, keep the killing
    ("ما أسفر عن سقوط قتلى في صفوف المليشيات ومقتل طفلين", {"killing"}),
    ("قُتل شاب على يد عناصر من الفصيل", {"killing"}),
])
def test_fighters_killed_or_struck_are_no_violation_against_civilians(text: str, expected: set[str],
                                                                      lexicon: Lexicon) -> None:
    assert _types(text, lexicon) == expected
