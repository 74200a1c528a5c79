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


def describe_span(start: date | str | None, end: date | str | None, precision: DatePrecision | str | None) -> str:
    """A short form that names no more than was recorded: ``2015``, ``2015-W29``, ``2015-07-14 – 2015-09``."""
    first, last = span_expressions(start, end, precision)
    if not first:
        return "unknown"
    return f"{first} – {last}" if last else first


# --- the units a span was written in --------------------------------------------------------------------------

_UNITS = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.WEEK, DatePrecision.DAY)  # coarsest first
_RANK = {p: n for n, p in enumerate(DatePrecision)}  # day 0 … unknown 4


@dataclass(frozen=True)
class Piece:
    """One bound of a span as it would be written: the unit (day, ISO week, month, year) holding ``day``."""

    day: date
    unit: DatePrecision

    @property
    def first(self) -> date:
        return unit_bounds(self.day, self.unit)[0]

    @property
    def last(self) -> date:
        return unit_bounds(self.day, self.unit)[1]

    def expression(self) -> str:
        """The text ``parse_date_expression`` reads back as this unit."""
        if self.unit is DatePrecision.YEAR:
            return f"{self.day.year:04d}"
        if self.unit is DatePrecision.MONTH:
            return f"{self.day.year:04d}-{self.day.month:02d}"
        if self.unit is DatePrecision.WEEK:
            year, week, _ = self.day.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return self.day.isoformat()


def unit_bounds(day: date, unit: DatePrecision) -> tuple[date, date]:
    """The first and last day of the ``unit`` (day, ISO week, month, year) that holds ``day``."""
    if unit is DatePrecision.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if unit is DatePrecision.MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit is DatePrecision.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return day, day


def as_day(value: date | str | None) -> date | None:
    """A date given as a date or as ISO text (record dicts carry either)."""
    if not value:
        return None
    return date.fromisoformat(value) if isinstance(value, str) else value


def span_pieces(start: date | str | None, end: date | str | None,
                precision: DatePrecision | str | None) -> tuple[Piece, ...]:
    """The span as it was (or could have been) written: one piece (``2015``), two (``2015-07-14`` to ``2015-09``),
    or none when unknown. Each bound takes the coarsest unit it fills, never one coarser than ``precision``, so a
    day-precision span from 1 January to 31 December stays two days, and nothing is shown finer than recorded.

    ``end`` None (an open span) gives the start's piece alone; a precision of None (not recorded) allows any unit.
    """
    start, end = as_day(start), as_day(end)
    if start is None:
        return ()
    limit = DatePrecision(precision) if precision else DatePrecision.YEAR
    if limit is DatePrecision.UNKNOWN:
        limit = DatePrecision.YEAR
    allowed = [u for u in _UNITS if _RANK[u] <= _RANK[limit]]
    head = next(Piece(start, u) for u in allowed if unit_bounds(start, u)[0] == start)
    if end is None or head.last == end:
        return (head,)
    tail = next(Piece(end, u) for u in allowed if unit_bounds(end, u)[1] == end)
    if tail.first == start:
        return (tail,)
    return head, tail


def span_expressions(start: date | str | None, end: date | str | None,
                     precision: DatePrecision | str | None) -> tuple[str, str]:
    """The start and end texts a form shows for a stored span; saving them unchanged stores the same span and
    precision (``("2015", "")`` for all of 2015, never ``("2015-01-01", "2015-12-31")``)."""
    pieces = span_pieces(start, end, precision)
    if not pieces:
        return "", ""
    return pieces[0].expression(), pieces[1].expression() if len(pieces) > 1 else ""


# --- counting by period -------------------------------------------------------------------------------------


def period_key(start: date | None, end: date | None) -> str:
    """Where a chart by month counts a span: its month (``2015-07``) when it lies within one month, else its year
    (``2015``) when within one year, else its years (``2014/2016``); ``""`` when unknown. A date known only to
    the year is never counted in January."""
    if start is None:
        return ""
    last = end or start
    if (start.year, start.month) == (last.year, last.month):
        return f"{start.year:04d}-{start.month:02d}"
    if start.year == last.year:
        return f"{start.year:04d}"
    return f"{start.year:04d}/{last.year:04d}"


def period_order(key: str) -> tuple[int, int, int]:
    """Sorts period keys: each year's months, then the year's own row, then spans of several years from it."""
    if "/" in key:
        first, last = key.split("/")
        return int(first), 14, int(last)
    if "-" in key:
        year, month = key.split("-")
        return int(year), int(month), 0
    return (int(key), 13, 0) if key else (10_000, 0, 0)


def period_rows(counts: dict[str, int], *, fill: bool) -> list[tuple[str, int]]:
    """``counts`` by period key in order, without the unknown key; with ``fill``, the months without events
    between the first and the last month counted are included (0)."""
    keys = [k for k in counts if k]
    if fill:
        months = sorted(k for k in keys if "-" in k)
        if months:
            year, month = map(int, months[0].split("-"))
            while (key := f"{year:04d}-{month:02d}") <= months[-1]:
                keys.append(key)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [(k, counts.get(k, 0)) for k in sorted(set(keys), key=period_order)]
