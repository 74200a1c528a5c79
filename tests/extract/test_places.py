"""Place suggestions checked against the report: names inside actors and persons are not places."""

from __future__ import annotations

from typing import Any

import pytest

from tawthiq.extract import Lexicon, extract


class FixedPlaces:
    """A resolver fake: the given names, wherever they stand in the text, as resolved places."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def resolve(self, text: str, language: str) -> list[dict[str, Any]]:
        out = []
        for name in self.names:
            start = text.find(name)
            while start >= 0:
                out.append({"text": name, "start": start, "end": start + len(name), "name": name, "lat": 35.0,
                            "lon": 38.0, "gazetteer_id": "1", "precision": "near"})
                start = text.find(name, start + 1)
        return sorted(out, key=lambda p: p["start"])


def _places(text: str, lexicon: Lexicon, *names: str, language: str = "en") -> list[str]:
    result = extract(text, language=language, published_on=None, lexicon=lexicon, places=FixedPlaces(*names))
    return [p["text"] for p in result["places"]]


@pytest.mark.parametrize(("text", "name", "language"), [
    ("Hay'at Tahrir al-Sham executed two men in Idlib.", "al-Sham", "en"),
    ("Fighters from the Sultan Murad Division looted the house.", "Sultan", "en"),
    ("شنت قوات سوريا الديمقراطية حملة دهم في الرقة", "سوريا", "ar"),
])
def test_a_place_inside_an_actors_name_is_no_place(text: str, name: str, language: str, lexicon: Lexicon) -> None:
    assert name not in _places(text, lexicon, name, "Idlib", "الرقة", language=language)


@pytest.mark.parametrize(("text", "name", "language"), [
    ("Ahmad al-Jasim had fled the fighting.", "al-Jasim", "en"),
    ("Hussein Ghazal and Mohammad Kassab were handed over at the crossing.", "Kassab", "en"),
    ("One of them, Abu Jassem, said around 40 people had sheltered there.", "Jassem", "en"),
    ("وقال الطبيب عبد الرحيم الجاسم إن المركز لم يستقبل أي حالة", "الجاسم", "ar"),
])
def test_a_family_name_after_a_first_name_or_a_kunya_is_no_place(text: str, name: str, language: str,
                                                                   lexicon: Lexicon) -> None:
    assert _places(text, lexicon, name, language=language) == []


def test_the_same_names_stay_places_where_the_text_uses_them_as_places(lexicon: Lexicon) -> None:
    assert _places("Shells fell on Kassab and Jasim on Monday.", lexicon, "Kassab", "Jasim") == ["Kassab", "Jasim"]


def test_a_kunya_introduced_as_a_name_is_a_person_throughout(lexicon: Lexicon) -> None:
    text = (
        'A baker known as Abu Kamal was arrested in Hama. "Abu Kamal only said the flour was late," a neighbour said.'
    )
    assert _places(text, lexicon, "Abu Kamal", "Hama") == ["Hama"]
    assert _places("IS shelled Abu Kamal on Monday.", lexicon, "Abu Kamal") == ["Abu Kamal"]
