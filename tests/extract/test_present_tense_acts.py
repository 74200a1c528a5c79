"""Arabic reporting tells an attack in the present tense as often as in the past ("وتستهدف الطائرات الروسية خيام
النازحين", "الميليشيات تقصف السوق"): the present of استهدف and قصف is a word of attack too; a strike on fighters'
positions or a verb of aiming that is no attack ("ويستهدف التقرير توثيق …") still tells of no violation."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tests.extract.readings import perpetrators, types


@pytest.mark.parametrize(("text", "perpetrator"), [
    ("وتستهدف الطائرات الروسية منذ الصباح خيام النازحين في ريف إدلب.", "russian-forces"),
    ("وتقصف الطائرات الروسية منزلا في قرية بريف إدلب، وتقتل طفلين.", "russian-forces"),
    ("الطائرات الحربية تستهدف منزلا لعائلة نازحة في المدينة.", None),
    ("وقالت المصادر إن الميليشيات تقصف السوق الشعبي في البلدة كل يوم.", None),
])
def test_a_present_tense_attack_on_a_civilian_object_is_read(lexicon: Lexicon, text: str,
                                                             perpetrator: str | None) -> None:
    assert "attack-on-civilian-objects" in types(text, lexicon)
    if perpetrator:
        assert perpetrator in perpetrators(text, lexicon)
    # a strike on fighters' positions, a verb of aiming that is no attack, a strike that hit no one: no violation
    for other in ("ويقصف الجيش التركي مواقع قسد في ريف الحسكة.",
                  "ويستهدف التقرير توثيق الانتهاكات بحق المدنيين في المنطقة.",
                  "وتقصف الطائرات الروسية محيط البلدة منذ أيام دون وقوع إصابات."):
        assert types(other, lexicon) == set()
