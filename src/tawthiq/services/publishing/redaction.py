"""The rules that make a record fit to publish, with no I/O: coarser places and dates, age groups.

- A place is published no finer than the profile's level: a village's event at district level shows the district
  (the nearest enclosing place of that level or coarser), with the district's coordinates, and a geo precision
  never finer than recorded.
- A date is published no finer than the profile's level: 14 July 2015 at month level is July 2015 (1–31 July,
  precision month); a date recorded less precisely keeps its own precision.
- Free text (a title, a description) that names a place the coarsening hid is held back: the village named in the
  title of an incident published at district level would undo the coarsening. The title becomes a neutral one
  made of what is published (the violation types and the place shown, in both languages).
- A victim is a child under 18 (from the age recorded, else from the year of birth against the event's year
  when that decides it), else an adult, else unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from tawthiq.domain.dates import unit_bounds
from tawthiq.domain.enums import DatePrecision
from tawthiq.domain.publication import DATE_LEVELS, PLACE_LEVELS
from tawthiq.text.normalise import normalise

# The level (index in PLACE_LEVELS) each kind of place stands at.
FEATURE_LEVEL = {"site": 0, "neighbourhood": 0, "camp": 0, "locality": 1, "village": 1, "town": 1, "city": 1,
                 "subdistrict": 2, "district": 3, "governorate": 4, "region": 4, "country": 5}
GEO_PRECISIONS = ("exact", "near", "region", "country")  # finest first
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")  # finest first


def place_rank(feature: str | None) -> int:
    """Where a kind of place stands among PLACE_LEVELS (an unknown kind counts as the finest)."""
    return FEATURE_LEVEL.get(feature or "", 0)


def coarser_level(*levels: str) -> str:
    """The coarsest of these place levels."""
    return max(levels, key=PLACE_LEVELS.index)


def geo_precision(recorded: str | None, rank: int, kept_exact: bool) -> str:
    """The geo precision published for a place of ``rank``: never finer than ``recorded``. ``kept_exact``: the
    event's own place and coordinates are published as recorded."""
    floor = "exact" if kept_exact else "near" if rank <= 1 else "region" if rank <= 4 else "country"
    recorded = recorded if recorded in GEO_PRECISIONS else "region"
    return max(recorded, floor, key=GEO_PRECISIONS.index)


def coarsen_date(start: date | None, end: date | None, precision: str | None, level: str
                 ) -> tuple[date | None, date | None, str, bool]:
    """``(start, end, precision, coarsened)`` as published at ``level`` (day, week, month, year)."""
    recorded = precision if precision in DATE_PRECISIONS else "unknown"
    if start is None:
        return None, None, recorded, False
    # an undated precision is taken as a day: a date of unknown precision is never published finer than the level
    rank = DATE_PRECISIONS.index(recorded) if recorded != "unknown" else 0
    target = DATE_LEVELS.index(level)
    if rank >= target and not (recorded == "unknown" and target > 0):
        return start, end, recorded, False
    unit = DatePrecision(level)
    return unit_bounds(start, unit)[0], unit_bounds(end or start, unit)[1], level, True


def age_group(age: int | None, birth_year: int | None, event_year: int | None) -> str:
    """child, adult or unknown: a birth year decides only when every birthday gives the same answer."""
    if age is not None:
        return "child" if age < 18 else "adult"
    if birth_year is not None and event_year is not None:
        years = event_year - birth_year  # the age is years or years - 1
        if years <= 17:
            return "child"
        if years - 1 >= 18:
            return "adult"
    return "unknown"


def names_any(text: str, names: Iterable[str]) -> bool:
    """Whether ``text`` names one of ``names`` (places the coarsening hid), whatever the case, marks or spelling
    of alef: a Latin name as whole words (or with a possessive s), an Arabic one anywhere (و، ب، ل، في… are
    written joined to it). A name of fewer than three letters is not looked for (it would match everything).
    Erring towards holding back."""
    written = f" {normalise(text)} "
    for name in names:
        key = normalise(name)
        if len(key.replace(" ", "")) < 3:
            continue
        if key.isascii() and (f" {key} " in written or f" {key}s " in written):  # whole words, or "al-Bab's"
            return True
        if not key.isascii() and key in written:
            return True
    return False


def neutral_title(types: Sequence[tuple[str, str]], place: tuple[str, str] | None) -> str:
    """A title made only of what is published: the violation types and the place shown, English / Arabic."""
    english = ", ".join(dict.fromkeys(en for en, _ in types)) or "Incident"
    arabic = "، ".join(dict.fromkeys(ar or en for en, ar in types)) or "حادثة"
    if place is not None:
        english, arabic = f"{english}, {place[0]}", f"{arabic}، {place[1] or place[0]}"
    return f"{english} / {arabic}"
