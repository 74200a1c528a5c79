"""Dates as victim lists write them: ISO, day-first, partial, or in the Hijri calendar.

Every parser here returns a :class:`ParsedDate` and never raises: a date that cannot be read is
``None`` with a note, and the linkage model then treats the field as missing (lower confidence,
never a crash). Hijri dates are converted with the arithmetical (tabular) Islamic calendar, which can
differ from the observed calendar by a day or two; they are marked ``approximate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["ParsedDate", "hijri_to_gregorian", "parse_date", "parse_year"]

_EPOCH = date(1970, 1, 1).toordinal()
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_HIJRI_MARK = re.compile(r"(هـ|ه\b|\bAH\b|\bA\.H\.|\bhijri\b)", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")
# The first Hijri year whose dates fall in 1900 or later, and the last before 2077.
_HIJRI_YEARS = range(1317, 1500)


@dataclass(frozen=True)
class ParsedDate:
    """A day (or only a year) read from text, and how sure we are of it."""

    day: date | None
    year: int | None
    approximate: bool = False
    note: str | None = None

    @property
    def day_number(self) -> int | None:
        """Days since 1970-01-01, the form the linkage model compares."""
        return self.day.toordinal() - _EPOCH if self.day else None


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hijri date by the tabular Islamic calendar (epoch 16 July 622 Julian).

    Raises ValueError for a month or day out of range.
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError("hijri month or day out of range")
    # Days since the Hijri epoch, by the 30-year cycle with 11 leap years.
    days = day + (29 * (month - 1) + month // 2) + (year - 1) * 354 + (3 + 11 * year) // 30
    julian_day = days + 1948439
    return date.fromordinal(julian_day - 1721425)


def _year_ok(year: int) -> bool:
    return 1900 <= year <= 2100


def parse_year(text: str | int | None) -> int | None:
    """A plausible Gregorian year (1900–2100) from a cell, or None."""
    if text is None:
        return None
    if isinstance(text, int):
        return text if _year_ok(text) else None
    digits = _NUMBERS.findall(str(text).translate(_ARABIC_DIGITS))
    if len(digits) == 1 and _year_ok(int(digits[0])):
        return int(digits[0])
    return None


def parse_date(text: str | None) -> ParsedDate:
    """Read a date cell: ``2013-08-21``, ``21/08/2013``, ``21.8.2013``, ``20130821``, ``2013-08``, ``2013``, or Hijri
    (``15/03/1445 هـ``, ``1445-03-15 AH``, or any year in the Hijri range). Never raises."""
    if text is None or not str(text).strip():
        return ParsedDate(None, None)
    raw = str(text).strip().translate(_ARABIC_DIGITS)
    numbers = [int(n) for n in _NUMBERS.findall(raw)]
    if len(numbers) == 1 and re.fullmatch(r"\d{8}", raw):
        # 20130821 (year first) or 21082013 (day first), whichever has a plausible year.
        numbers = [int(raw[:4]), int(raw[4:6]), int(raw[6:])] if _year_ok(int(raw[:4])) else \
            [int(raw[:2]), int(raw[2:4]), int(raw[4:])]
    hijri = bool(_HIJRI_MARK.search(raw)) or any(n in _HIJRI_YEARS and n < 1900 for n in numbers)
    if not numbers or len(numbers) > 3:
        return ParsedDate(None, None, note="unreadable date")
    year_first = numbers[0] > 31
    if len(numbers) == 3:
        y, m, d = numbers if year_first else (numbers[2], numbers[1], numbers[0])
    elif len(numbers) == 2:
        y, m, d = (numbers[0], numbers[1], 0) if year_first else (numbers[1], numbers[0], 0)
    else:
        y, m, d = numbers[0], 0, 0
    if hijri:
        if y not in _HIJRI_YEARS:
            return ParsedDate(None, None, note="unreadable hijri date")
        try:
            converted = hijri_to_gregorian(y, m or 6, d or 15)
        except ValueError:
            return ParsedDate(None, None, note="unreadable hijri date")
        # A month or a year only: the year is all we can say.
        return ParsedDate(converted if d else None, converted.year, approximate=True, note="hijri date converted")
    if not _year_ok(y):
        return ParsedDate(None, None, note="year out of range")
    if not m:
        return ParsedDate(None, y, note="year only")
    try:
        day = date(y, m, d) if d else None
    except ValueError:
        # 08/21/2013: a month-first date; try the other way round before giving up.
        try:
            day = date(y, d, m)
        except ValueError:
            return ParsedDate(None, y, note="day or month out of range")
        return ParsedDate(day, y, approximate=True, note="month-first date")
    return ParsedDate(day, y, note=None if day else "month only")
