"""What a report names beside a graver act is still suggested ("torture and other ill-treatment", "rape and other
sexual violence"); torture survived is told apart from death under torture in another sentence; and words that only
look like acts are none: a threat in the future tense ("سيقومون بقتله"), a unit named after its martyrs ("لواء شهداء
حمص"), an execution named as the time of another act ("during the execution"), a purpose cut off by "but"."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


def _types(text: str, lexicon: Lexicon) -> set[str]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    result = extract(text, language=language, published_on=None, lexicon=lexicon, places=NullPlaces())
    return {v["type"] for v in result["violations"]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Guards subjected the prisoners to torture and other ill-treatment there.", {"torture", "ill-treatment"}),
    ("The women told of rape and other forms of sexual violence by the guards.", {"rape", "sexual-violence"}),
    ("تعرض المعتقلون للتعذيب وسوء المعاملة في السجن.", {"torture", "ill-treatment"}),
])
def test_a_type_named_by_its_own_term_stays_beside_the_graver_one(text: str, expected: set[str],
                                                                   lexicon: Lexicon) -> None:
    assert expected <= _types(text, lexicon)


def test_torture_survived_is_kept_beside_deaths_under_torture_told_elsewhere(lexicon: Lexicon) -> None:
    text = ("Released detainees bore the marks of torture on their backs. "
            "Three other men died under torture in the same prison.")
    assert {"torture", "death-under-torture"} <= _types(text, lexicon)
    # within one sentence, the death under torture is the one act
    assert "torture" not in _types("Two men died under torture in the prison last week.", lexicon)


@pytest.mark.parametrize(("text", "absent"), [
    ("أبلغ المسلحون العائلة أنهم سيقومون بقتل الرهينة صباح الغد.", "killing"),
    ("ينتمي المسلحون إلى لواء شهداء حمص التابع للفصيل.", "killing"),
    ("A man fled during the execution and the crowd was dispersed.", "extrajudicial-execution"),
])
def test_words_that_only_look_like_acts_are_none(text: str, absent: str, lexicon: Lexicon) -> None:
    assert absent not in _types(text, lexicon)


def test_a_purpose_before_but_does_not_reach_the_act_after_it(lexicon: Lexicon) -> None:
    assert "killing" in _types("The guards tried to stop him but shot dead his brother.", lexicon)
