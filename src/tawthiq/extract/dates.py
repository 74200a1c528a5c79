"""Dates of events stated in a report, as spans with a precision: absolute, relative to publication, and
relative to the date told just before.

Absolute: "14 July 2015", "July 14, 2015", "14/07/2015", "2015-07-14", "١٤ تموز ٢٠١٥" (complete dates are
read by tawthiq.intake.dates.parse_date_text), "الرابع عشر من تموز", ranges ("12-14 July 2015", "between
25 September and 1 October 2017", "between 1986 and 2000"), months ("July 2015", "تموز/يوليو 2015"), parts
of months ("early August" the 1st-10th, "mid-June" the 11th-20th, "the end of April" the 21st to the end,
"مطلع العام" January), weeks of a month ("the second week of August"), years after a cue ("in 2015",
"عام 2015"). A day or month without a year ("on 14 July", "in March") is placed in the last such day or
month up to publication. Relative to publication (skipped without a publication date): "yesterday"/"أمس",
"on Tuesday"/"يوم الثلاثاء" (the last Tuesday before publication), "last week"/"الأسبوع الماضي" (the ISO
week before), "two days ago"/"قبل يومين", "two months ago" (that month), "last month", "earlier this year",
"the last two days". Relative to the date before ("the following day", "two days later", "the same day",
"August of that year", "اليوم نفسه"): resolved against the nearest date told earlier in the text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypedDict

from tawthiq.extract.lexicon import data_file
from tawthiq.extract.spans import Document, fold
from tawthiq.intake.dates import parse_date_text

_AR_LETTER = "\u0621-\u064a"
_AR_B, _AR_E = rf"(?<![{_AR_LETTER}])", rf"(?![{_AR_LETTER}])"


class DateHit(TypedDict):
    """One date; ``text`` is ``report[start_offset:end_offset]``; ``start``/``end`` are ISO dates."""

    text: str
    start_offset: int
    end_offset: int
    start: str
    end: str
    precision: str


Span = tuple[date, date, str]


@dataclass(frozen=True)
class Anaphor:
    """A date told relative to the date before it: ``days`` after its day, a ``month`` of its year, or a
    ``week`` (1-4, 5 for the last) of its month."""

    days: int | None = None
    month: int | None = None
    week: int | None = None


Reading = Span | Anaphor | None
Reader = Callable[[re.Match[str], "date | None"], Reading]


def find_dates(doc: Document) -> list[DateHit]:
    """Every date of ``doc``, in text order; where readings overlap the longest wins."""
    folded = doc.folded
    found: list[tuple[int, int, Span | Anaphor]] = []
    present = {"": True}
    for pattern, read, needs in _patterns():
        if needs not in present:
            present[needs] = _needs()[needs].search(folded.text) is not None
        if not present[needs]:
            continue
        for match in pattern.finditer(folded.text):
            try:
                reading = read(match, doc.published_on)
            except (ValueError, OverflowError, KeyError):
                reading = None  # "31 February", or a relative date before year 1
            if reading is not None:
                start, end = folded.span(*match.span("d"))
                found.append((start, end, reading))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: list[tuple[int, int, Span | Anaphor]] = []
    for start, end, reading in found:
        if not any(start < e and s < end for s, e, _r in taken):
            taken.append((start, end, reading))
    hits: list[DateHit] = []
    before: Span | None = None
    for start, end, reading in sorted(taken, key=lambda t: t[0]):
        span = _resolve(reading, before) if isinstance(reading, Anaphor) else reading
        if span is None:
            continue
        before = span
        hits.append(DateHit(text=doc.text[start:end], start_offset=start, end_offset=end, start=span[0].isoformat(),
                            end=span[1].isoformat(), precision=span[2]))
    return hits


def _resolve(anaphor: Anaphor, before: Span | None) -> Span | None:
    if before is None:
        return None
    if anaphor.days is not None:
        if before[2] != "day":
            return None
        day = before[1] + timedelta(days=anaphor.days)
        return day, day, "day"
    if anaphor.month is not None:
        return _month_span(before[0].year, anaphor.month)
    if anaphor.week is not None:
        return _week_of_month(before[0].year, before[0].month, anaphor.week)
    return None


# --- spans -------------------------------------------------------------------------------------------------


def _month_span(year: int, month: int, part: str | None = None) -> Span:
    last = calendar.monthrange(year, month)[1]
    first, final = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(part or "", (1, last))
    return date(year, month, first), date(year, month, final), "month"


def _week_of_month(year: int, month: int, week: int) -> Span:
    last = calendar.monthrange(year, month)[1]
    first = last - 6 if week >= 5 else 7 * (week - 1) + 1
    return date(year, month, first), date(year, month, min(last, first + 6)), "week"


def shift(published: date, unit: str, amount: int) -> Span:
    """The day, ISO week, month or year ``amount`` units before ``published``, as a span."""
    if unit == "day":
        day = published - timedelta(days=amount)
        return day, day, "day"
    if unit == "week":
        monday = published - timedelta(days=published.weekday() + 7 * amount)
        return monday, monday + timedelta(days=6), "week"
    if unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 - amount, 12)
        return _month_span(year, month + 1)
    return date(published.year - amount, 1, 1), date(published.year - amount, 12, 31), "year"


def _year_for(published: date | None, month: int, day: int = 1, past: bool = False) -> int | None:
    """The year of the last such day up to publication (strictly before its month when ``past``)."""
    if published is None:
        return None
    if past:
        return published.year if month < published.month else published.year - 1
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


# --- readers -----------------------------------------------------------------------------------------------


def _tables() -> dict[str, Any]:
    return data_file("dates.json")


def _month(name: str) -> int:
    key = name.rstrip(".").casefold()
    for number, english in enumerate(_tables()["months_en"], 1):
        if key == english.casefold() or (len(key) >= 3 and english.casefold().startswith(key)):
            return number
    for number, names in enumerate(_tables()["months_ar"], 1):
        if key in names:
            return number
    raise ValueError(f"not a month: {name!r}")


def _weekday(name: str) -> int:
    key = name.casefold()
    for number, (english, arabic) in enumerate(zip(_tables()["weekdays_en"], _tables()["weekdays_ar"], strict=True)):
        if key in (english.casefold(), arabic):
            return number
    raise ValueError(f"not a weekday: {name!r}")


def _part(match: re.Match[str]) -> str | None:
    part = match.groupdict().get("p")
    return _tables()["parts"][" ".join(part.casefold().split())] if part else None


def _complete(match: re.Match[str], _published: date | None) -> Reading:
    day = parse_date_text(match["d"])
    return (day, day, "day") if day else None


def _day_month(match: re.Match[str], published: date | None) -> Reading:
    """A day of a month, with or without a year: "4 July", "الخامس من أيلول الماضي", "Thursday, 28 September"."""
    groups = match.groupdict()
    day = int(groups["a"]) if groups.get("a") else _tables()["ordinals_ar"][" ".join(groups["o"].split())]
    month = _month(groups["m"])
    year = int(groups["y"]) if groups.get("y") else _year_for(published, month, day, bool(groups.get("past")))
    if year is None:
        return None
    found = date(year, month, day)
    return found, found, "day"


def _day_range(match: re.Match[str], published: date | None) -> Reading:
    groups = match.groupdict()
    month = _month(groups["m"])
    first_month = _month(groups["m1"]) if groups.get("m1") else month
    year = int(groups["y"]) if groups.get("y") else _year_for(published, month, int(groups["b"]))
    if year is None:
        return None
    first = date(year if first_month <= month else year - 1, first_month, int(groups["a"]))
    last = date(year, month, int(groups["b"]))
    return (first, last, "day") if first <= last else None


def _year_range(match: re.Match[str], _published: date | None) -> Reading:
    first, last = int(match["y1"]), int(match["y2"])
    return (date(first, 1, 1), date(last, 12, 31), "year") if 1900 <= first < last <= 2100 else None


def _month_of(match: re.Match[str], published: date | None) -> Reading:
    """A month, or part of one: "July 2015", "early August", "مطلع نيسان الماضي", "مطلع الشهر الجاري"."""
    groups = match.groupdict()
    if groups.get("rel"):
        if published is None:
            return None
        month_back = 1 if groups["rel"] in ("الماضي", "الفائت", "المنصرم") else 0
        this_year, this_month = divmod(published.year * 12 + published.month - 1 - month_back, 12)
        return _month_span(this_year, this_month + 1, _part(match))
    month = _month(groups["m"])
    year = int(groups["y"]) if groups.get("y") else _year_for(published, month, 1, bool(groups.get("past")))
    return _month_span(year, month, _part(match)) if year is not None else None


def _year_of(match: re.Match[str], published: date | None) -> Reading:
    """A year, or its start, middle or end as a month: "in 2015", "مطلع عام 2015", "بداية العام"."""
    groups = match.groupdict()
    if groups.get("y"):
        year = int(groups["y"])
    elif published is not None:
        year = published.year - (1 if groups.get("rel") in ("الماضي", "الفائت", "المنصرم") else 0)
    else:
        return None
    if not 1900 <= year <= 2100:
        return None
    part = _part(match)
    if part:
        return _month_span(year, {"early": 1, "mid": 6, "late": 12}[part])
    return date(year, 1, 1), date(year, 12, 31), "year"


def _week_of(match: re.Match[str], published: date | None) -> Reading:
    week = _tables()["week_ordinals"][match["wk"].casefold()]
    if not match.groupdict().get("m"):
        return Anaphor(week=week)
    month = _month(match["m"])
    year = int(match["y"]) if match.groupdict().get("y") else _year_for(published, month)
    return _week_of_month(year, month, week) if year is not None else None


_UNITS: dict[str, tuple[str, int | None]] = {
    "day": ("day", 1), "days": ("day", None), "week": ("week", 1), "weeks": ("week", None),
    "month": ("month", 1), "months": ("month", None), "year": ("year", 1), "years": ("year", None),
    "يوم": ("day", 1), "يومين": ("day", 2), "ايام": ("day", None), "يوما": ("day", None),
    "اسبوع": ("week", 1), "اسبوعين": ("week", 2), "اسابيع": ("week", None), "الاسبوع": ("week", 1),
    "شهر": ("month", 1), "شهرين": ("month", 2), "اشهر": ("month", None), "شهور": ("month", None), "الشهر": ("month", 1),
    "عام": ("year", 1), "سنه": ("year", 1), "عامين": ("year", 2), "سنتين": ("year", 2), "اعوام": ("year", None),
    "سنوات": ("year", None), "العام": ("year", 1), "السنه": ("year", 1),
}


def _amount(match: re.Match[str]) -> int:
    unit, amount = _UNITS[match["u"].casefold()] if match.groupdict().get("u") else ("day", None)
    if amount is not None:
        return amount
    word = (match.groupdict().get("n") or "a").casefold()
    return int(word) if word.isdigit() else 1 if word in ("a", "an") else _numbers()[word]


def _fixed(unit: str, amount: int) -> Reader:
    """A phrase that always means the same shift ("yesterday", "last week"); no unit: the phrase's own."""
    def read(match: re.Match[str], published: date | None) -> Reading:
        return shift(published, unit or _UNITS[match["u"].casefold()][0], amount) if published else None
    return read


def _ago(match: re.Match[str], published: date | None) -> Reading:
    return shift(published, _UNITS[match["u"].casefold()][0], _amount(match)) if published else None


def _past_days(match: re.Match[str], published: date | None) -> Reading:
    """"the last two days", "خلال اليومين الماضيين": from that many days before publication up to it."""
    if published is None:
        return None
    return published - timedelta(days=_amount(match) if match["n"] else 2), published, "day"


def _weekday_before(match: re.Match[str], published: date | None) -> Reading:
    """"on Tuesday": the last Tuesday on or before publication; "last Tuesday", "الثلاثاء الماضي": strictly before."""
    if published is None:
        return None
    strictly = 7 if match.groupdict().get("last") else 0
    days = [published - timedelta(days=(published.weekday() - _weekday(w)) % 7 or strictly)
            for w in (match["w"], match.groupdict().get("w2")) if w]
    return min(days), max(days), "day"


def _later(days: int | None = None) -> Reader:
    def read(match: re.Match[str], _published: date | None) -> Reading:
        if days is not None:
            return Anaphor(days=days)
        return Anaphor(days=_amount(match)) if match.groupdict().get("u") or match.groupdict().get("n") else None
    return read


# --- patterns ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _numbers() -> dict[str, int]:
    tables = data_file("counts.json")["numbers"]
    return {fold(k).text.casefold(): v for table in tables.values() for k, v in table.items() if v <= 31}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], Reader, str]]:
    t = _tables()
    months = t["months_en"]
    # abbreviations only with their full stop: "Mar Yaqub" is a saint, not March
    en_names = "|".join([*months, *(m.upper() for m in months), *(m[:3] + r"\." for m in months if m != "May"),
                         r"Sept\."])

    def en_m(name: str = "m") -> str:
        return rf"\b(?P<{name}>{en_names})(?![\w])"

    ar_alt = "|".join(sorted({n for names in t["months_ar"] for n in names}, key=len, reverse=True))

    def ar_m(name: str = "m") -> str:
        return rf"{_AR_B}(?:شهر\s+)?(?P<{name}>{ar_alt}){_AR_E}(?:\s*[/(-]\s*(?:{ar_alt}){_AR_E}\s*\)?)?"

    en_y = r"(?:,?\s+(?:of\s+)?(?P<y>\d{4})(?!\d))"
    ar_y = r"(?:\s*[,،]?\s*(?:من\s+)?(?:عام|العام|لعام|سنه|السنه)?\s*(?P<y>\d{4})(?!\d))"
    no_year_en = r"(?!,?\s+(?:of\s+)?\d)"
    no_year_ar = r"(?!\s*[,،]?\s*(?:من\s+)?(?:عام|العام|لعام|سنه)?\s*\d)"
    ordinal = r"(?:st|nd|rd|th)?"
    en_wd = "|".join(t["weekdays_en"])
    ar_wd = "|".join(t["weekdays_ar"])
    words = "|".join(re.escape(w) for w in sorted(_numbers(), key=len, reverse=True))
    en_n = rf"(?P<n>\d{{1,2}}|{words}|an?)"
    ar_ord = "|".join(sorted(t["ordinals_ar"], key=len, reverse=True)).replace(" ", r"\s+")
    en_part = r"(?P<p>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)[-\s]+"
    ar_part = r"(?P<p>مطلع|بدايه|اوائل|منتصف|اواسط|نهايه|اواخر)\s+"
    ar_time = r"(?:يوم|ليله|مساء|صباح|فجر|ظهر|عصر)"
    past = r"(?:\s+(?P<past>الماضي|الفائت|المنصرم))?"
    # (pattern, reader, flags, needs): ``needs`` names what of :func:`_needs` every match holds ("": nothing);
    # a rule whose match need not hold it must not name it, or its dates are lost
    rules: list[tuple[str, Reader, int, str]] = [
        (r"(?<![\d.])(?P<d>\d{4}-\d{1,2}-\d{1,2})(?!\d)", _complete, 0, ""),
        (r"(?<![\d/.])(?P<d>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?![\d/])", _complete, 0, ""),
        (rf"(?P<d>(?:(?:{en_wd}),?\s+)?(?:the\s+)?\d{{1,2}}{ordinal}\s+(?:of\s+)?{en_m()},?\s+\d{{4}})(?!\d)",
         _complete, 0, "en_month"),
        (rf"(?P<d>(?:(?:{en_wd}),?\s+)?{en_m()}\s+\d{{1,2}}{ordinal},?\s+\d{{4}})(?!\d)", _complete, 0, "en_month"),
        (rf"(?P<d>(?:(?:{ar_wd})\s+)?(?<!\d)\d{{1,2}}\s*(?:من\s+)?{ar_m()}{ar_y})", _complete, 0, "ar_month"),
        (rf"(?P<d>(?:between\s+|from\s+|the\s+night\s+of\s+)?(?<![\d.])(?P<a>\d{{1,2}}){ordinal}(?:\s+{en_m('m1')})?"
         rf"\s*(?:-|–|to|and)\s*(?P<b>\d{{1,2}}){ordinal}\s+(?:of\s+)?{en_m()}{en_y}?)", _day_range, 0, "en_month"),
        (rf"(?P<d>(?:بين\s+|من\s+)?(?<![\d.])(?P<a>\d{{1,2}})\s*(?:-|–|الي|و)\s*(?P<b>\d{{1,2}})\s*(?:من\s+)?"
         rf"{ar_m()}{ar_y}?)", _day_range, 0, "ar_month"),
        (r"(?P<d>\b(?:between|from)\s+(?P<y1>\d{4})\s+(?:and|to)\s+(?P<y2>\d{4}))(?!\d)", _year_range, 0, "latin"),
        (r"(?P<d>(?<!\d)(?P<y1>\d{4})\s*(?:الي|حتي|-|–)\s*(?P<y2>\d{4}))(?!\d)", _year_range, 0, ""),
        (rf"(?P<d>(?:(?:{en_wd}),?\s+)?(?:the\s+)?(?<![\d.])(?P<a>\d{{1,2}}){ordinal}\s+(?:of\s+)?{en_m()}){no_year_en}",
         _day_month, 0, "en_month"),
        (rf"(?P<d>(?:(?:{en_wd}),?\s+)?{en_m()}\s+(?P<a>\d{{1,2}}){ordinal})(?![\d,]|\s+\d)",
         _day_month, 0, "en_month"),
        (rf"(?P<d>(?:(?:{ar_wd})\s+)?(?<![\d.])(?P<a>\d{{1,2}})\s*(?:من\s+)?{ar_m()}{past}){no_year_ar}",
         _day_month, 0, "ar_month"),
        (rf"(?P<d>{_AR_B}(?P<o>{ar_ord})\s+(?:من\s+)?{ar_m()}{past}{ar_y}?){_AR_E}", _day_month, 0, "ar_month"),
        (rf"(?P<d>{en_part}{en_m()}{en_y}?)", _month_of, re.I, "en_month"),
        (rf"(?P<d>\b{en_m()}{en_y})", _month_of, 0, "en_month"),
        (rf"\b(?:in|since|during|until|early|mid|late|last|this|from|of|by)\s+(?P<d>{en_m()}){no_year_en}",
         _month_of, 0, "en_month"),
        (rf"(?P<d>{_AR_B}{ar_part}{ar_m()}{past}{ar_y}?)", _month_of, 0, "ar_month"),
        (rf"(?P<d>{ar_m()}{ar_y})", _month_of, 0, "ar_month"),
        (rf"{_AR_B}(?:في|خلال|منذ|حتي)\s+(?P<d>{ar_m()}{past}){no_year_ar}", _month_of, 0, "ar_month"),
        (rf"(?P<d>{_AR_B}{ar_part}الشهر\s+(?P<rel>الجاري|الحالي|الماضي|الفائت|المنصرم)){_AR_E}", _month_of, 0, "ar"),
        (rf"(?P<d>\b{en_part}(?P<y>\d{{4}}))(?!\d)", _year_of, re.I, "latin"),
        (r"\b(?:in|since|during|of|until|throughout|by|from|through|summer|winter|spring|autumn|born\s+in|an?|the)"
         r"\s+(?P<d>(?P<y>\d{4}))(?![\d/.-]\d)", _year_of, re.I, "latin"),
        (rf"(?:{_AR_B}(?:عام|العام|لعام|سنه|السنه|خلال|منذ|في|مواليد|عامي)\s+)(?P<d>(?P<y>\d{{4}}))(?!\d)",
         _year_of, 0, "ar"),
        (rf"(?P<d>{_AR_B}{ar_part}(?:عام|العام|سنه)\s+(?P<y>\d{{4}}))(?!\d)", _year_of, 0, "ar"),
        (rf"(?P<d>{_AR_B}{ar_part}(?:هذا\s+)?(?:العام|السنه)(?:\s+(?P<rel>الجاري|الحالي|الماضي|الفائت|المنصرم))?){_AR_E}",
         _year_of, 0, "ar"),
        (rf"(?P<d>\b(?:the\s+)?(?P<wk>first|second|third|fourth|last)\s+week\s+of\s+"
         rf"(?:{en_m()}{en_y}?|the\s+month|that\s+month))", _week_of, re.I, "latin"),
        (rf"(?P<d>{_AR_B}الاسبوع\s+(?P<wk>الاول|الثاني|الثالث|الرابع|الاخير)\s+من\s+"
         rf"(?:{ar_m()}{ar_y}?|الشهر|هذا\s+الشهر|ذلك\s+الشهر)){_AR_E}", _week_of, 0, "ar"),
        # relative to publication
        (r"(?P<d>\b(?:the\s+)?day\s+before\s+yesterday)\b", _fixed("day", 2), re.I, "latin"),
        (rf"(?P<d>\byesterday(?:,?\s+(?:{en_wd}))?|\blast\s+night)\b", _fixed("day", 1), re.I, "latin"),
        (r"(?P<d>\btoday|\btonight|\bthis\s+(?:morning|afternoon|evening))\b", _fixed("day", 0), re.I, "latin"),
        (rf"(?P<d>\b{en_n}\s+(?P<u>days?|weeks?|months?|years?)\s+ago)\b", _ago, re.I, "latin"),
        (rf"(?P<d>\b(?:the\s+)?(?:last|past|previous)\s+{en_n}\s+days)\b", _past_days, re.I, "latin"),
        (r"(?P<d>\b(?:last|past|previous)\s+(?P<u>week|month|year))\b", _fixed("", 1), re.I, "latin"),
        (r"(?P<d>\b(?:earlier\s+|later\s+)?this\s+(?P<u>week|month|year))\b", _fixed("", 0), re.I, "latin"),
        (rf"(?:\bon\s+)?(?P<d>(?:\b(?P<last>last)\s+)?\b(?P<w>{en_wd})(?:\s+and\s+(?P<w2>{en_wd}))?)\b"
         rf"(?!,?\s+(?:the\s+)?\d|,?\s+(?:{en_names})\b)", _weekday_before, 0, "latin"),
        (rf"(?P<d>{_AR_B}اول\s+(?:من\s+)?امس){_AR_E}", _fixed("day", 2), 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:{ar_time}\s+)?(?:امس|الامس|البارحه)(?:\s+(?:{ar_wd}))?){_AR_E}", _fixed("day", 1), 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:صباح|مساء|ظهر|فجر|عصر|ليله)\s+(?:يوم\s+)?اليوم){_AR_E}(?!\s+(?:نفسه|ذاته|التالي))",
         _fixed("day", 0), 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:{ar_time}\s+)(?:يومي?\s+)?(?P<w>{ar_wd})(?:\s+و\s*(?P<w2>{ar_wd}))?"
         rf"(?:\s+(?P<last>الماضي|الفائت|الماضيين))?){_AR_E}(?!\s*\d)", _weekday_before, 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:يومي\s+)?(?P<w>{ar_wd})(?:\s+و\s*(?P<w2>{ar_wd}))?"
         rf"\s+(?P<last>الماضي|الفائت|الماضيين|الفائتين)){_AR_E}", _weekday_before, 0, "ar"),
        (rf"(?P<d>{_AR_B}(?P<u>الاسبوع|الشهر|العام|السنه)\s+(?:الماضي|الماضيه|الفائت|المنصرم|السابق|السابقه)){_AR_E}",
         _fixed("", 1), 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:هذا|هذه)\s+(?P<u>الاسبوع|الشهر|العام|السنه)){_AR_E}", _fixed("", 0), 0, "ar"),
        (rf"(?P<d>{_AR_B}(?P<u>الاسبوع|الشهر|العام|السنه)\s+(?:الجاري|الحالي)){_AR_E}", _fixed("", 0), 0, "ar"),
        (rf"(?P<d>{_AR_B}قبل\s+(?:نحو\s+|حوالي\s+|قرابه\s+)?(?:(?P<n>\d{{1,2}}|{words})\s+)?"
         rf"(?P<u>يوم|يومين|ايام|يوما|اسبوع|اسبوعين|اسابيع|شهر|شهرين|اشهر|شهور|عام|سنه|عامين|سنتين|اعوام|سنوات)){_AR_E}",
         _ago, 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:خلال|في)\s+(?:اليومين\s+(?:الماضيين|الاخيرين)|الايام\s+(?P<n>{words})\s+(?:الماضيه|الاخيره)))"
         rf"{_AR_E}", _past_days, 0, "ar"),
        # relative to the date before
        (r"(?P<d>\bthe\s+(?:following|next)\s+day|\bthe\s+day\s+after|\ba\s+day\s+later)\b", _later(1), re.I, "latin"),
        (rf"(?P<d>\b{en_n}\s+(?P<u>days?)\s+later)\b", _later(), re.I, "latin"),
        (r"(?P<d>\bthe\s+same\s+day|\bthat\s+(?:day|evening|night|morning|afternoon))\b", _later(0), re.I, "latin"),
        (rf"(?P<d>{en_m()}\s+of\s+(?:that|the\s+same)\s+year)",
         lambda m, _p: Anaphor(month=_month(m["m"])), 0, "en_month"),
        (rf"(?P<d>{_AR_B}(?:في\s+)?(?:{ar_time}\s+)?(?:اليوم\s+التالي|اليوم\s+الذي\s+تلاه)){_AR_E}",
         _later(1), 0, "ar"),
        (rf"(?P<d>{_AR_B}(?:{ar_time}\s+)?(?:اليوم\s+نفسه|اليوم\s+ذاته|ذلك\s+اليوم|نفس\s+اليوم)){_AR_E}",
         _later(0), 0, "ar"),
    ]
    return [(re.compile(p, flags), read, needs) for p, read, flags, needs in rules]


@lru_cache(maxsize=1)
def _needs() -> dict[str, re.Pattern[str]]:
    """What a text must hold for a rule of :func:`_patterns` to match anywhere in it, by the rule's ``needs``:
    testing it once skips the rules of the other script, and the month rules of a text that names no month."""
    t = _tables()
    abbreviations = sorted({m[:3] for m in t["months_en"]})  # every spelling en_m reads starts with one
    ar_alt = "|".join(sorted({n for names in t["months_ar"] for n in names}, key=len, reverse=True))
    return {
        "latin": re.compile("[A-Za-z]"),  # the English rules' words all have letters without other-script cases
        "en_month": re.compile("|".join(abbreviations), re.I),
        "ar": re.compile(f"[{_AR_LETTER}]"),
        "ar_month": re.compile(rf"{_AR_B}(?:{ar_alt}){_AR_E}"),
    }
