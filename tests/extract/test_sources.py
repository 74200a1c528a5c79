from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.persons import find_persons
from tawthiq.extract.sources import find_sources
from tawthiq.extract.spans import Document


def _sources(text: str, lexicon: Lexicon) -> list[tuple[str, bool]]:
    doc = Document(text, "en", None)
    actors = find_actors(doc, lexicon)
    hits = find_sources(doc, actors, find_persons(doc, lexicon, actors, []))
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]
    return [(h["text"], h["anonymous"]) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We were beaten,” said Ahmad al-Hassan, a resident of Douma.",
         [("Ahmad al-Hassan, a resident of Douma", False)]),
        ("According to local activists, the town was shelled.", [("local activists", True)]),
        ("A source close to the SDF told our reporter that five were killed.", [("A source close to the SDF", True)]),
        ("Local officials and aid workers said the town emptied.", [("Local officials", True), ("aid workers", True)]),
        ("Dr Samer al-Khatib, who runs a field hospital, said supplies were short.", [("Dr Samer al-Khatib", False)]),
        ("The attack killed four, said the head of the council, Ibrahim al-Sayyed.",
         [("the head of the council, Ibrahim al-Sayyed", False)]),
        ("The shop was hit, according to a local documentation office.", [("a local documentation office", True)]),
        ("The school reopened, the local education office said.", [("the local education office", False)]),
        ("Human Rights Watch said the attack was unlawful.", [("Human Rights Watch", False)]),
        ("Private sources indicated that the internet would return.", [("Private sources", True)]),
        ("Abu Ali, a man close to the group, said the emir had left.", [("Abu Ali, a man close to the group", True)]),
        ("A nurse, who spoke on condition of anonymity, said the ward was hit.", [("A nurse", True)]),
        ("وقال مصدر خاص لـ«صوت الشام» إن التنظيم قطع الإنترنت.", [("مصدر خاص", True)]),
        ("وأفاد أبو خالد، وهو رجل مقرب من التنظيم، بأن القرار أمني.", [("أبو خالد، وهو رجل مقرب من التنظيم", True)]),
        ("بحسب ناشطين محليين، قُتل ثلاثة مدنيين.", [("ناشطين محليين", True)]),
        ("وقال شاهد عيان فضّل عدم الكشف عن اسمه إن القصف عنيف.", [("شاهد عيان", True)]),
        ("وذكر مراسلنا أن الطريق مغلق.", [("مراسلنا", True)]),
        ("وقال أحد الأقارب لمراسلنا إن الطريق مغلق.", [("أحد الأقارب", True)]),  # مراسلنا only received
        ("نفى مصدران طبيان وناشطون محليون صحة الأنباء.", [("مصدران طبيان", True), ("ناشطون محليون", True)]),
    ],
)
def test_sources_and_their_anonymity(text: str, expected: list[tuple[str, bool]], lexicon: Lexicon) -> None:
    assert _sources(text, lexicon) == expected


@pytest.mark.parametrize("text", ["He said nothing about it.", "Some said the group is short of fighters.",
                                  "They told us to leave.", "وقال إن الوضع صعب."])
def test_pronouns_are_not_new_sources(text: str, lexicon: Lexicon) -> None:
    assert _sources(text, lexicon) == []


def test_a_name_repeated_after_its_insider_description_stays_anonymous(lexicon: Lexicon) -> None:
    text = "Abu Ali, a man close to the group, said the emir left. “Nothing has changed,” said Abu Ali."
    assert _sources(text, lexicon) == [("Abu Ali, a man close to the group", True), ("Abu Ali", True)]
