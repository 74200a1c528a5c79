"""A state or a capital named as an armed group's patron is no place of the events."""

from __future__ import annotations

from typing import Any

import pytest

from tawthiq.extract.places import check_places
from tawthiq.extract.spans import Document


def _place(text: str, name: str, occurrence: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return {"text": name, "start": start, "end": start + len(name), "name": name, "precision": "country"}


@pytest.mark.parametrize(
    ("text", "language", "patron", "place"),
    [
        ("اختطف فصيل العمشات التابع لتركيا عشرة مدنيين في عفرين.", "ar", "تركيا", "عفرين"),
        ("Abuses were committed by Syrian groups armed and equipped by Ankara in Afrin.", "en", "Ankara", "Afrin"),
        ("The faction, loyal to Turkey, looted houses in Afrin.", "en", "Turkey", "Afrin"),
    ],
)
def test_a_patron_is_no_place(text: str, language: str, patron: str, place: str) -> None:
    doc = Document(text, language, None)
    kept = check_places(doc, [_place(text, patron), _place(text, place)], [])
    assert [p["text"] for p in kept] == [place]
    # a state where the events happen stays a place
    where = f"The strike hit a car in {patron} near the border."
    assert [p["text"] for p in check_places(Document(where, "en", None), [_place(where, patron)], [])] == [patron]
