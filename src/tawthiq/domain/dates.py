"""Dates as spans with a precision: "2015" is all of 2015, "2015-W29" one ISO week, "unknown" no bounds."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tawthiq.domain.enums import DatePrecision
from tawthiq.domain.errors import InvalidInput

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class DateSpan:
    """The span a date expression covers. Both bounds are inclusive; both are None when unknown."""

    start: date | None
    end: date | None
    precision: DatePrecision


def parse_date_expression(text: str, field: str = "date") -> DateSpan:
    """Parse ``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM``, ``YYYY`` or ``unknown`` into a span.

    Raises InvalidInput naming ``field`` when the text is none of these or names no real date.
    """
    value = text.strip()
    try:
        if value.lower() in {"", "unknown"}:
            return DateSpan(None, None, DatePrecision.UNKNOWN)
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return DateSpan(day, day, DatePrecision.DAY)
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return DateSpan(monday, monday + timedelta(days=6), DatePrecision.WEEK)
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return DateSpan(date(year, month, 1), date(year, month, last), DatePrecision.MONTH)
        if m := _YEAR.match(value):
            year = int(m[1])
            return DateSpan(date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR)
    except ValueError:
        raise InvalidInput.single(
            field, f"{value!r} is not a real date", f"\u200f{value!r} ليس تاريخاً صحيحاً"
        ) from None
    raise InvalidInput.single(
        field,
        f"{value!r} is not a date: use YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY or unknown",
        f"\u200f{value!r} ليس تاريخاً: استخدم YYYY-MM-DD أو YYYY-Www أو YYYY-MM أو YYYY أو unknown",
    )


def combine_spans(start: DateSpan, end: DateSpan) -> DateSpan:
    """The span from the start of ``start`` to the end of ``end``; the coarser precision wins.

    Raises InvalidInput when the span would end before it starts.
    """
    if start.start and end.end and end.end < start.start:
        raise InvalidInput.single(
            "end",
            f"the span ends ({end.end}) before it starts ({start.start})",
            f"الفترة تنتهي ({end.end}) قبل أن تبدأ ({start.start})",
        )
    order = list(DatePrecision)
    precision = max(start.precision, end.precision, key=order.index)
    return DateSpan(start.start, end.end, precision)


def check_span(start: date | None, end: date | None) -> None:
    """Reject a span whose end is before its start."""
    if start and end and end < start:
        raise InvalidInput.single(
            "end_date",
            f"the span ends ({end}) before it starts ({start})",
            f"الفترة تنتهي ({end}) قبل أن تبدأ ({start})",
        )


def describe_span(start: date | None, end: date | None, precision: DatePrecision) -> str:
    """A short human form: the expression the span was written as, or ``start – end``."""
    if precision is DatePrecision.UNKNOWN or start is None:
        return "unknown"
    if precision is DatePrecision.DAY and start == end:
        return start.isoformat()
    if precision is DatePrecision.MONTH and end and start.day == 1 and end.month == start.month:
        return f"{start:%Y-%m}"
    if precision is DatePrecision.YEAR and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start:%Y}" if start.year == end.year else f"{start:%Y}–{end:%Y}"
    return f"{start.isoformat()} – {end.isoformat() if end else '?'}"
