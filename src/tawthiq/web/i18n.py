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

from babel.dates import format_date, format_datetime, format_interval, format_skeleton
from babel.numbers import format_decimal

from tawthiq.domain.dates import Piece, as_day, span_pieces
from tawthiq.domain.enums import DatePrecision

LANGUAGES = ("en", "ar")
When = date | str | None  # a day as a date or ISO text (inside Translator, ``date`` names its method)
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

    # --- spans with their precision (a year is not 1 January) --------------------------------------------------

    def span(self, start: When, end: When, precision: DatePrecision | str | None) -> str:
        """A recorded span in words, no more precise than recorded: "2015", "March 2016", "week 29, 2015 (July
        13 – 19)", "May 3 – 5, 2019", "unknown"."""
        first, last = as_day(start), as_day(end)
        pieces = span_pieces(first, last, precision)
        if not pieces:
            return self.gettext("unknown")
        if last is None:
            return self.gettext("from {date}", date=self._piece(pieces[0]))
        if len(pieces) == 1:
            return self._piece(pieces[0])
        head, tail = pieces
        if head.unit is tail.unit is DatePrecision.DAY and head.day.year == tail.day.year:
            # CLDR has no interval of full month names with the year: the days' interval, then the year
            days = format_interval(head.day, tail.day, "MMMMd", locale=self.language)
            return self.gettext("{days}, {year}", days=days, year=head.day.year)
        if head.unit is tail.unit and head.unit in (DatePrecision.MONTH, DatePrecision.YEAR):
            skeleton = "yMMMM" if head.unit is DatePrecision.MONTH else "y"
            return str(format_interval(head.first, tail.last, skeleton, locale=self.language))
        return f"{self._piece(head)} – {self._piece(tail)}"

    def _piece(self, piece: Piece) -> str:
        if piece.unit is DatePrecision.WEEK:
            year, week, _ = piece.day.isocalendar()
            days = format_interval(piece.first, piece.last, "MMMMd", locale=self.language)
            return self.gettext("week {week}, {year} ({days})", week=week, year=year, days=days)
        skeleton = {DatePrecision.YEAR: "y", DatePrecision.MONTH: "yMMMM"}.get(piece.unit)
        if skeleton:
            return str(format_skeleton(skeleton, piece.day, locale=self.language))
        return format_date(piece.day, format="long", locale=self.language)

    def period(self, key: str) -> str:
        """A row of a chart by month (``domain.dates.period_key``): a month, a year's own row, several years."""
        if not key:
            return self.gettext("Date unknown")
        if "/" in key:
            first, last = key.split("/")
            return self.gettext("{first} – {last} (several years)", first=first, last=last)
        if "-" in key:
            year, month = key.split("-")
            return str(format_skeleton("yMMMM", date(int(year), int(month), 1), locale=self.language))
        return self.gettext("{year} (whole year or several months)", year=key)

    def span_changes(self, entries: list[Any]) -> list[list[tuple[str, str, str]]]:
        """The rows of a history, one list per version: (field, before, after), with the start, end and precision
        replaced by one row "dates" in words, since a bound alone (1 January) says more than was recorded."""
        state: dict[str, Any] = {}
        out = []
        for entry in entries:
            before = dict(state)
            rows = []
            for change in entry.changes:
                state[change.field] = change.after
                if change.field not in _SPAN_FIELDS:
                    rows.append((change.field, _shown(change.before), _shown(change.after)))
            if any(c.field in _SPAN_FIELDS for c in entry.changes):
                was, now = (self.span(*(side.get(f) for f in _SPAN_FIELDS)) if side.get("date_precision") else ""
                            for side in (before, state))
                rows.insert(0, ("dates", was, now))
            out.append(rows)
        return out

    def pick(self, english: str | None, arabic: str | None) -> str:
        """A bilingual label in the reader's language, falling back to the other."""
        if self.language == "ar" and arabic:
            return arabic
        return english or arabic or ""


_SPAN_FIELDS = ("start_date", "end_date", "date_precision")


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def translator(language: str | None) -> Translator:
    return Translator(language if language in LANGUAGES else "en")
