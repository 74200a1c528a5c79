"""Publication dates stated in a document, in English or Arabic.

Only complete dates (day, month, year) count: "July 2015" or "14/07/15"
name no single day, and a publication date is never guessed. Numeric dates
are read day first (14/07/2015), the convention in Syria and most of the
Arab world; month first is accepted only when day first is impossible
(07/14/2015). Years outside 1990–2100 are ignored, which also drops Hijri
years (1436).

Every pattern runs on text whose whitespace runs were collapsed to one
space, so no pattern can backtrack over an unbounded run and matching stays
linear in the length of the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

__all__ = ["DATE_SEARCH_CHARS", "find_publication_date", "json_ld_dates", "parse_date_text"]

#: How far into a document :func:`find_publication_date` looks.
DATE_SEARCH_CHARS = 1_500

_MIN_YEAR, _MAX_YEAR = 1990, 2100

# Digits, letter variants and invisible marks that vary between writers of
# the same Arabic date: normalised so one month name matches every spelling.
_FOLD = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "،": ",",
        **{chr(c): None for c in (0x0640, 0x061C, 0x200C, 0x200D, 0x200E, 0x200F)},
        **{chr(c): None for c in range(0x064B, 0x0653)},
        **{chr(c): None for c in range(0x202A, 0x202F)},
        **{chr(c): None for c in range(0x2066, 0x206A)},
    }
)

_ENGLISH_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# Levantine (Syriac-derived) names, Egyptian/MSA names and the Maghrebi
# names that appear in North African reporting.
_ARABIC_MONTH_NAMES = {
    1: ["كانون الثاني", "كانون ثاني", "يناير", "جانفي"],
    2: ["شباط", "فبراير", "فيفري"],
    3: ["آذار", "مارس"],
    4: ["نيسان", "أبريل", "إبريل", "أفريل"],
    5: ["أيار", "مايو", "ماي"],
    6: ["حزيران", "يونيو", "يونيه", "جوان"],
    7: ["تموز", "يوليو", "يوليه", "يوليوز", "جويلية"],
    8: ["آب", "أغسطس", "غشت", "أوت"],
    9: ["أيلول", "سبتمبر", "شتنبر"],
    10: ["تشرين الأول", "تشرين أول", "أكتوبر"],
    11: ["تشرين الثاني", "تشرين ثاني", "نوفمبر", "نونبر"],
    12: ["كانون الأول", "كانون أول", "ديسمبر", "دجنبر"],
}
_ARABIC_MONTHS = {
    name.translate(_FOLD): month for month, names in _ARABIC_MONTH_NAMES.items() for name in names
}


def _alternation(names: dict[str, int]) -> str:
    # Longest first, so "ابريل" is tried before "اب" and "sept" before "sep".
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_EN = _alternation(_ENGLISH_MONTHS)
_AR = _alternation(_ARABIC_MONTHS)
# A month name must not run on into a longer Arabic word ("اب" in "ابو").
_AR_END = r"(?![\u0621-\u064a])"
_ORDINAL = r"(?:st|nd|rd|th)?"

_ISO = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
# ASCII case folding only: full Unicode folding would let "Auguſt" (long s)
# match "august" and then miss the month table.
_EN_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}}){_ORDINAL}(?: of)?[ -]({_EN})\b\.?,?[ -](\d{{4}})(?!\d)", re.IGNORECASE | re.ASCII
)
_EN_MDY = re.compile(rf"\b({_EN})\b\.? (\d{{1,2}}){_ORDINAL},? (\d{{4}})(?!\d)", re.IGNORECASE | re.ASCII)
# "١٤ تموز ٢٠١٥", "14 من شهر تموز/يوليو عام 2015", "14 تموز (يوليو) 2015".
_AR_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}}) ?(?:من )?(?:شهر )?({_AR}){_AR_END}"
    rf"(?: ?[/(-] ?(?:{_AR}){_AR_END} ?\)?)? ?,? ?(?:من )?(?:عام |سنه |لعام )?(\d{{4}})(?!\d)"
)
# Words that introduce the publication date rather than an event date.
# ("updated" is not one: a page updated later was published earlier.)
_CUE = re.compile(r"\b(?:published|posted|publication|dated?)\b|(?<!ت)نشر|تاريخ", re.IGNORECASE)
_CUE_WINDOW = 40
_JSON_LD_MAX_CHARS = 1 << 20
_JSON_LD_MAX_NODES = 100_000
_ISO_PREFIX = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ]|$)")


def parse_date_text(s: str) -> date | None:
    """Read the first complete date stated in a short phrase.

    Args:
        s: A phrase such as ``"14 July 2015"``, ``"July 14th, 2015"``,
            ``"2015-07-14"``, ``"14/07/2015"``, ``"١٤ تموز ٢٠١٥"`` or
            ``"14 يوليو 2015"``; surrounding words are allowed.

    Returns:
        The date, or None when the phrase states no complete, real date with
        a year in 1990–2100. Never raises.
    """
    first = next(_dates_in(_fold(s)), None)
    return first[1] if first else None


def find_publication_date(text: str, html_meta: list[str] | None = None) -> date | None:
    """Find the date a document says it was published.

    Args:
        text: The document's main text.
        html_meta: Date values from the page's metadata (``article:published_time``,
            JSON-LD ``datePublished``, ``<time datetime>``), most trusted first.

    Returns:
        The first metadata value that is a plausible date (ISO 8601 dates and
        datetimes, whose stated calendar day is kept without time-zone
        conversion, or any form :func:`parse_date_text` reads). Otherwise a
        date in the first :data:`DATE_SEARCH_CHARS` characters of ``text``:
        the first one right after a cue such as "Published", "Date:", "نشر"
        or "تاريخ", else simply the first one. None when no date is stated.
    """
    for value in html_meta or []:
        if found := _meta_date(value):
            return found
    head = _fold(text[:DATE_SEARCH_CHARS])
    candidates = list(_dates_in(head, every=True))
    for start, found in candidates:
        if _CUE.search(head, max(0, start - _CUE_WINDOW), start):
            return found
    return candidates[0][1] if candidates else None


def json_ld_dates(raw: str) -> list[str]:
    """The ``datePublished`` strings anywhere in a JSON-LD block, in document order.

    Broken or oversized JSON gives an empty list: a page's bad metadata says
    nothing about its text. Nesting of any depth is walked without recursion.
    """
    if len(raw) > _JSON_LD_MAX_CHARS:
        return []
    try:
        todo: list[object] = [json.loads(raw)]
    except (ValueError, RecursionError):
        return []  # broken JSON-LD is common and says nothing about the text
    found: list[str] = []
    for _ in range(_JSON_LD_MAX_NODES):
        if not todo:
            break
        node = todo.pop()
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            todo.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            todo.extend(reversed(node))
    return found


def _meta_date(value: str) -> date | None:
    match = _ISO_PREFIX.match(value.strip())
    if match and (found := _make(match[1], match[2], match[3])):
        return found
    return parse_date_text(value)


def _fold(s: str) -> str:
    return " ".join(s.translate(_FOLD).split())


def _dates_in(text: str, *, every: bool = False) -> Iterator[tuple[int, date]]:
    """Yield (position, date) in text order: every date, or only the first one each pattern finds."""
    firsts: list[tuple[int, date]] = []
    for pattern in (_ISO, _NUMERIC, _EN_DMY, _EN_MDY, _AR_DMY):
        for match in pattern.finditer(text):
            found = _from_match(pattern, match)
            if found:
                firsts.append((match.start(), found))
                if not every:
                    break
    firsts.sort(key=lambda item: item[0])
    yield from firsts


def _from_match(pattern: re.Pattern[str], m: re.Match[str]) -> date | None:
    if pattern is _ISO:
        return _make(m[1], m[3], m[4])
    if pattern is _NUMERIC:
        # Day first; month first only when the numbers allow nothing else.
        return _make(m[4], m[3], m[1]) or (_make(m[4], m[1], m[3]) if int(m[3]) > 12 else None)
    if pattern is _EN_DMY:
        return _make(m[3], _ENGLISH_MONTHS[m[2].lower()], m[1])
    if pattern is _EN_MDY:
        return _make(m[3], _ENGLISH_MONTHS[m[1].lower()], m[2])
    return _make(m[3], _ARABIC_MONTHS[m[2]], m[1])


def _make(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if _MIN_YEAR <= found.year <= _MAX_YEAR else None
