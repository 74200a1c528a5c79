"""What the extraction reads in one sentence, for the tests of its rules: the perpetrators, the violation types, the
roles of the actors named and the places kept. The language is Arabic when the text has Arabic letters."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tawthiq.extract import Lexicon, NullPlaces, extract
from tawthiq.extract.places import check_places
from tawthiq.extract.spans import Document


def _language(text: str) -> str:
    return "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"


def read(text: str, lexicon: Lexicon) -> dict[str, Any]:
    return extract(text, language=_language(text), published_on=date(2021, 3, 1), lexicon=lexicon,
                   places=NullPlaces())


def roles(text: str, lexicon: Lexicon) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for actor in read(text, lexicon)["actors"]:
        found.setdefault(actor["slug"], set()).add(actor["role"])
    return found


def perpetrators(text: str, lexicon: Lexicon) -> set[str]:
    return {slug for slug, kinds in roles(text, lexicon).items() if "perpetrator" in kinds}


def types(text: str, lexicon: Lexicon) -> set[str]:
    return {v["type"] for v in read(text, lexicon)["violations"]}


def kept_places(text: str, names: list[str], precision: str = "near") -> list[str]:
    """The names (each found in the text) that the place checks keep as places of the events."""
    places: list[dict[str, Any]] = []
    for name in names:
        for found in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            places.append({"text": name, "start": found.start(), "end": found.end(), "name": name,
                           "precision": precision})
    places.sort(key=lambda p: p["start"])
    return [str(p["text"]) for p in check_places(Document(text, _language(text), None), places, [])]
