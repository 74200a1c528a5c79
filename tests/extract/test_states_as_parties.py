"""A state named only as a party to the events ("Turkey wants to control…", "Turkey's president", "وتركيا الداعمة
للمعارضة") is no place of them; a state named after a preposition of place, a direction or another place, or as a
border, is."""

from __future__ import annotations

from typing import Any

import pytest

from tawthiq.extract.places import check_places
from tawthiq.extract.spans import Document


def _states(text: str, language: str, names: list[str]) -> list[str]:
    """The states of ``names`` kept as places; "Idlib" and "إدلب" are towns."""
    places: list[dict[str, Any]] = []
    for name in [*names, "Idlib", "إدلب"]:
        start = text.find(name)
        while start >= 0:
            precision = "near" if name in ("Idlib", "إدلب") else "country"
            places.append({"text": name, "start": start, "end": start + len(name), "name": name,
                           "precision": precision})
            start = text.find(name, start + 1)
    places.sort(key=lambda p: p["start"])
    kept = check_places(Document(text, language, None), places, [])
    return sorted({p["text"] for p in kept if p["precision"] == "country"})


@pytest.mark.parametrize(("text", "language", "kept"), [
    ("Shelling killed four civilians in northeast Syria, as Turkey's president vowed to widen the assault. "
     "Turkey wants to control the border strip.", "en", ["Syria"]),
    ("قتل ثلاثة مدنيين في سوريا خلال محادثات برعاية روسيا وتركيا الداعمة للمعارضة.", "ar", ["سوريا"]),
    # after a preposition of place, a direction, another place, or as a border, a state is a place
    ("Russia said the families who fled Syria in 2014 now live near the Syria-Turkey border.", "en",
     ["Syria", "Turkey"]),
    ("Russia said the hospital in Idlib, Syria, was hit twice.", "en", ["Syria"]),
    ("Russia and Turkey said detainees were held in Iraq and Syria.", "en", ["Iraq", "Syria"]),
    ("قالت روسيا إن آلاف المدنيين نزحوا باتجاه المناطق الحدودية مع تركيا شمال غربي سوريا.", "ar",
     ["تركيا", "سوريا"]),
])
def test_a_state_named_only_as_a_party_is_no_place(text: str, language: str, kept: list[str]) -> None:
    names = ["Syria", "Turkey", "Russia", "Iraq"] if language == "en" else ["سوريا", "تركيا", "روسيا"]
    assert _states(text, language, names) == sorted(kept)
