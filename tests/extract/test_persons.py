from __future__ import annotations

from typing import Any

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.persons import find_persons
from tawthiq.extract.spans import Document


def _names(text: str, lexicon: Lexicon, places: list[dict[str, Any]] | None = None) -> list[str]:
    doc = Document(text, "en", None)
    hits = find_persons(doc, lexicon, find_actors(doc, lexicon), places or [])
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]
    return [h["name"] for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Abu Omar arrived with Umm Ahmad.", ["Abu Omar", "Umm Ahmad"]),
        ("The emir Abu Muhammad al-Adnani spoke.", ["Abu Muhammad al-Adnani"]),
        ("They replaced the Tunisian Abu Talha.", ["Abu Talha al-Tunisi"]),
        ("Fighters loyal to the Chechen Omar left.", ["Omar al-Shishani"]),
        ("They held his cousin Mahmoud and his nephew, Ziad.", ["Mahmoud", "Ziad"]),
        ("Salma (not her real name) said she was beaten.", ["Salma"]),
        ("عُرف القاضي المعروف بأبي عائشة التونسي", ["أبو عائشة التونسي"]),
        ("قتل عبد الله محمد الحسين وشقيقه علي", ["عبد الله محمد الحسين", "علي"]),
        ("Colonel Suhail al-Hassan led the attack.", ["Suhail al-Hassan"]),
        ('A commander named "Khalid Ali" was appointed.', ["Khalid Ali"]),
        ("They announced “Aladnani” as the new emir.", ["Aladnani"]),
        ("Ahmad al-Hassan, a resident of the town, spoke.", ["Ahmad al-Hassan"]),
        ("Saddam Aljamal met Saddam Aljamal's deputy.", ["Saddam Aljamal", "Saddam Aljamal"]),
        ("التقى أبو عمر الشيشاني بالقيادي صدام الجمل.", ["أبو عمر الشيشاني", "صدام الجمل"]),
        ("اعتقلت الدورية الشاب محمد العلي والطفلة فاطمة.", ["محمد العلي", "فاطمة"]),
        ("وعيّن التنظيم المدعو «أبو حمزة» أميراً.", ["أبو حمزة"]),
        ("قال العقيد سهيل الحسن الذي يقود الهجوم", ["سهيل الحسن"]),
    ],
)
def test_kunyas_nisbas_titles_and_names(text: str, expected: list[str], lexicon: Lexicon) -> None:
    assert _names(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The town lies 5 km from Abu Kamal.",
        "Shelling hit البوكمال and أبو كمال again.",
        "The Hamza Division and Sultan Murad fighters clashed.",
        "They met in Omar Street near the mosque.",
        "The so-called “Euphrates state” covers the area.",
        "He was arrested for what is called “Sharia irregularities”.",
        "It was published by “Sound and Picture” yesterday.",
        "كمال وجمال في السوق أم في البيت",
        "سقطت القذيفة على المنزل",  # "على" (on) is not "علي" (Ali)
    ],
)
def test_places_actors_organisations_and_common_words_are_not_persons(text: str, lexicon: Lexicon) -> None:
    assert _names(text, lexicon) == []


def test_places_found_by_the_resolver_are_not_persons(lexicon: Lexicon) -> None:
    text = "Abu Rumman was shelled."
    assert _names(text, lexicon) == ["Abu Rumman"]
    place = {"text": "Abu Rumman", "start": 0, "end": 10, "name": "Abu Rumman"}
    assert _names(text, lexicon, [place]) == []
