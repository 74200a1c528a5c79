"""The web's two languages: one JSON catalog per language, keyed by the English text, and Babel's formats.

English is the key, so a missing Arabic entry shows English rather than nothing; tests/web check that every
string the templates and routes use has an Arabic entry. Dates and numbers follow the language's CLDR rules.

Counts (``ngettext``, ``_n`` in templates) follow CLDR's plural rules. English has two forms, the singular and the
plural text given in the call; the catalog of a language keys each form by the plural text, a bar and the CLDR
category: Arabic has ``"{count} events|zero"``, ``|one``, ``|two``, ``|few`` (3–10, 103–110…), ``|many`` (11–99…) and
``|other`` (100, 101, 102…). A missing category falls back to ``|other``, then to the English text.

Arabic month names follow the reader's choice (``MONTH_NAMES``): the Levantine names (كانون الثاني، شباط، آذار…),
the Syrian default, are CLDR's ``ar_SY``; the names taken from Latin (يناير، فبراير، مارس…) are CLDR's ``ar``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_interval, format_skeleton
from babel.numbers import format_decimal

from tawthiq.domain.dates import Piece, as_day, span_pieces
from tawthiq.domain.enums import DatePrecision

if TYPE_CHECKING:
    from tawthiq.services.records.access import HistoryNames

LANGUAGES = ("en", "ar")
When = date | str | None  # a day as a date or ISO text (inside Translator, ``date`` names its method)
DIRECTION = {"en": "ltr", "ar": "rtl"}
MONTH_NAMES = ("levantine", "transliterated")  # as services.accounts.users.MONTH_NAMES
DEFAULT_MONTHS = "levantine"
_DATE_LOCALES = {("ar", "levantine"): "ar_SY", ("ar", "transliterated"): "ar"}
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


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
    months: str = DEFAULT_MONTHS  # which Arabic month names (MONTH_NAMES); English has one set

    @property
    def direction(self) -> str:
        return DIRECTION[self.language]

    @property
    def _dates(self) -> str:
        """The CLDR locale dates are written in: the language, with the reader's set of month names."""
        return _DATE_LOCALES.get((self.language, self.months), self.language)

    def gettext(self, text: str, **values: Any) -> str:
        translated = catalog(self.language).get(text, text)
        return translated.format(**values) if values else translated

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """``count`` of something in the form the language's CLDR plural rules give it: ``{count}`` in the text is
        the number written for the language. See the module's docstring for the catalog's keys."""
        values = {"count": self.number(count), **values}
        if self.language == "en":
            return (singular if count == 1 else plural).format(**values)
        forms = catalog(self.language)
        category = Locale.parse(self.language).plural_form(count)
        text = forms.get(f"{plural}|{category}") or forms.get(f"{plural}|other") or plural
        return text.format(**values)

    def number(self, value: int | float | None) -> str:
        return "" if value is None else _number(value, self.language)

    def kind(self, kind: str) -> str:
        """A record kind as a heading names it: "Event link" in English (never ``event_link``), the catalog's word
        in another language."""
        if self.language == "en":
            return kind.replace("_", " ").capitalize()
        return self.gettext(kind)

    def date(self, value: date | str | None) -> str:
        if not value:
            return ""
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, format="long", locale=self._dates)

    def datetime(self, value: datetime | str | None) -> str:
        if not value:
            return ""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return format_datetime(moment, format="medium", tzinfo=None, locale=self._dates)

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
            days = format_interval(head.day, tail.day, "MMMMd", locale=self._dates)
            return self.gettext("{days}, {year}", days=days, year=head.day.year)
        if head.unit is tail.unit and head.unit in (DatePrecision.MONTH, DatePrecision.YEAR):
            skeleton = "yMMMM" if head.unit is DatePrecision.MONTH else "y"
            return str(format_interval(head.first, tail.last, skeleton, locale=self._dates))
        return f"{self._piece(head)} – {self._piece(tail)}"

    def _piece(self, piece: Piece) -> str:
        if piece.unit is DatePrecision.WEEK:
            year, week, _ = piece.day.isocalendar()
            days = format_interval(piece.first, piece.last, "MMMMd", locale=self._dates)
            return self.gettext("week {week}, {year} ({days})", week=week, year=year, days=days)
        skeleton = {DatePrecision.YEAR: "y", DatePrecision.MONTH: "yMMMM"}.get(piece.unit)
        if skeleton:
            return str(format_skeleton(skeleton, piece.day, locale=self._dates))
        return format_date(piece.day, format="long", locale=self._dates)

    def period(self, key: str) -> str:
        """A row of a chart by month (``domain.dates.period_key``): a month, a year's own row, several years."""
        if not key:
            return self.gettext("Date unknown")
        if "/" in key:
            first, last = key.split("/")
            return self.gettext("{first} – {last} (several years)", first=first, last=last)
        if "-" in key:
            year, month = key.split("-")
            return str(format_skeleton("yMMMM", date(int(year), int(month), 1), locale=self._dates))
        return self.gettext("{year} (whole year or several months)", year=key)

    def span_changes(self, entries: list[Any], names: HistoryNames | None = None) -> list[list[tuple[str, str, str]]]:
        """The rows of a history, one list per version: (field, before, after), with the start, end and precision
        replaced by one row "dates" in words, since a bound alone (1 January) says more than was recorded. With
        ``names`` (``access.history_names``), references and vocabulary values are shown by name, a hidden one as
        "a record you cannot see", and days and moments in words."""
        state: dict[str, Any] = {}
        out = []
        for entry in entries:
            before = dict(state)
            rows = []
            for change in entry.changes:
                state[change.field] = change.after
                if names is not None and change.field == "id":
                    continue  # the record's own id, on its first version: the page names the record already
                if change.field not in _SPAN_FIELDS:
                    was, now = (self._changed(change.field, v, names) for v in (change.before, change.after))
                    if names is None or was != now:  # an empty text for none ("" after None) is no change to show
                        rows.append((change.field, was, now))
            if any(c.field in _SPAN_FIELDS for c in entry.changes):
                was, now = (self.span(*(side.get(f) for f in _SPAN_FIELDS)) if side.get("date_precision") else ""
                            for side in (before, state))
                rows.insert(0, ("dates", was, now))
            out.append(rows)
        return out

    def _changed(self, field: str, value: Any, names: HistoryNames | None) -> str:
        if names is None or value is None or value == "":
            return _shown(value)
        if isinstance(value, bool):
            return self.gettext("yes" if value else "no")
        if isinstance(value, list):
            return "، ".join(map(str, value)) if self.language == "ar" else ", ".join(map(str, value))
        if field in names.choices:
            return self.gettext(str(value))
        key = (field, str(value))
        if key in names.labels:
            english, arabic = names.labels[key]
            return self.pick(english, arabic) if arabic else self.gettext(english)
        if key in names.hidden:
            return self.gettext("a record you cannot see")
        try:
            if field in names.days:
                return self.date(str(value))
            if field in names.moments:
                return self.datetime(str(value))
        except ValueError:
            pass  # not a day after all (an old version's text): shown as recorded
        return _shown(value)

    def action(self, name: str) -> str:
        """An audit log's action (``create``, ``user-role``, ``custody:ingest``…) in words, in English from
        ``ACTIONS``, in Arabic from the catalog; an action neither names yet stays as recorded."""
        area, _, rest = name.partition(":")
        if rest and name not in catalog(self.language) and name not in ACTIONS:
            return f"{self.action(area)}: {self.action(rest)}"
        if self.language == "en":
            return ACTIONS.get(name, name)
        return self.gettext(name)

    def pick(self, english: str | None, arabic: str | None) -> str:
        """A bilingual label in the reader's language, falling back to the other."""
        if self.language == "ar" and arabic:
            return arabic
        return english or arabic or ""


_SPAN_FIELDS = ("start_date", "end_date", "date_precision")
# The audit log's actions in English words (the Arabic catalog has the same keys); ``custody:X`` is "Custody: X".
ACTIONS = {
    "create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Restored", "import": "Import",
    "export": "Export", "search-export": "Search downloaded", "backup": "Backup", "clean": "Clean-up",
    "package": "Evidence package", "merge": "Merge", "unmerge": "Merge undone", "place-merge": "Duplicate place merged",
    "bundle-import": "Bundle imported", "instance-trust": "Instance trusted", "sync-conflict": "Sync conflict",
    "conflict-resolve": "Conflict resolved", "protect-history": "History protected",
    "reveal": "Protected field revealed",
    "user-create": "User added", "user-enable": "User enabled", "user-disable": "User disabled",
    "user-locked": "Account locked", "user-role": "Role changed", "password-change": "Password changed",
    "password-reset": "Password reset", "sessions-revoke": "Sessions ended", "token-create": "API token created",
    "totp-enrol": "Two-factor enrolment", "key-create": "Organisation key created", "key-rewrap": "Key rewrapped",
    "custody": "Custody", "ingest": "Ingest", "ingest-duplicate": "Duplicate ingest", "derive": "Derived copy",
    "detach": "Detached from the record", "reattach": "Reattached", "link-accept": "Match accepted",
    "link-reject": "Match rejected", "grade-override": "Grade set by hand",
    "grade-override-clear": "Grade by hand removed",
}


@lru_cache(maxsize=4096)
def _number(value: int | float, language: str) -> str:
    """Babel's formatting, kept: a page of hundreds of acts writes the same few figures over and over."""
    return str(format_decimal(value, locale=language))


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def translator(language: str | None, months: str | None = None) -> Translator:
    return Translator(language if language in LANGUAGES else "en",
                      months if months in MONTH_NAMES else DEFAULT_MONTHS)
