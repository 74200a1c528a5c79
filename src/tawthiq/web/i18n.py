"""The web's two languages: one JSON catalog per language, keyed by the English text, and Babel's formats.

English is the key, so a missing Arabic entry shows English rather than nothing; tests/web check that every
string the templates and routes use has an Arabic entry. Dates and numbers follow the language's CLDR rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LANGUAGES = ("en", "ar")
DIRECTION = {"en": "ltr", "ar": "rtl"}


@cache
def catalog(language: str) -> dict[str, str]:
    """The translations of one language (empty for English: its keys are the text)."""
    if language == "en":
        return {}
    text = resources.files("tawthiq.web").joinpath("locales", f"{language}.json").read_text(encoding="utf-8")
    loaded: dict[str, str] = json.loads(text)
    return loaded


@dataclass(frozen=True)
class Translator:
    """Everything a page needs to speak one language: text, direction, dates and numbers."""

    language: str

    @property
    def direction(self) -> str:
        return DIRECTION[self.language]

    def gettext(self, text: str, **values: Any) -> str:
        translated = catalog(self.language).get(text, text)
        return translated.format(**values) if values else translated

    def number(self, value: int | float | None) -> str:
        return "" if value is None else format_decimal(value, locale=self.language)

    def date(self, value: date | str | None) -> str:
        if not value:
            return ""
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, format="long", locale=self.language)

    def datetime(self, value: datetime | str | None) -> str:
        if not value:
            return ""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return format_datetime(moment, format="medium", tzinfo=None, locale=self.language)

    def pick(self, english: str | None, arabic: str | None) -> str:
        """A bilingual label in the reader's language, falling back to the other."""
        if self.language == "ar" and arabic:
            return arabic
        return english or arabic or ""


def translator(language: str | None) -> Translator:
    return Translator(language if language in LANGUAGES else "en")
