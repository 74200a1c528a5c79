"""One description of each record kind's fields: the name users give, the column, the type, the label and help
in English and Arabic, the widget, whether it is required or protected, and who enters it.

The web forms and record pages, the command-line options and the API's request bodies are all made from it, so it
must stay importable without the database layer (``tawthiq --help`` loads no SQLAlchemy). It is held to the tables
by tests/domain/test_fields.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from tawthiq.domain.enums import Confidentiality


class Type(StrEnum):
    """What a value is, whatever the widget: how a column stores it."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    MOMENT = "moment"  # a date and time, in UTC
    LIST = "list"  # of texts
    MAPPING = "mapping"  # JSON written by Tawthiq itself


class Widget(StrEnum):
    """How a value is entered (and shown)."""

    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"  # a whole number
    DECIMAL = "decimal"
    DATE = "date"  # a day, YYYY-MM-DD
    WHEN = "when"  # a date expression: a day, an ISO week, a month, a year or unknown
    CHOICE = "choice"  # one of a fixed scale
    VOCABULARY = "vocabulary"  # a concept of a vocabulary, by its slug
    RECORD = "record"  # another record, by id, id prefix (or an actor's slug)
    CHECKBOX = "checkbox"
    LIST = "list"  # several texts
    DATA = "data"  # shown, never entered


class Entry(StrEnum):
    """Who enters a field: everyone (web forms, command line, API), or the command line and API only, or nobody."""

    FORM = "form"
    ADVANCED = "advanced"  # identifiers from loaders, coordinates, protected values: not in the web forms
    SYSTEM = "system"  # hashes, suggestions, a span's precision: set by Tawthiq, shown and never taken


@dataclass(frozen=True)
class Field:
    name: str  # what users give: ``type`` for the column ``type_id``
    column: str
    type: Type
    widget: Widget
    label_en: str
    label_ar: str
    help_en: str
    help_ar: str
    required: bool = False
    protected: bool = False
    entry: Entry = Entry.FORM
    max_length: int | None = None  # of a text column
    minimum: int | None = None  # of a number: counts are never negative
    vocabulary: str = ""  # VOCABULARY: where its concepts come from
    target: str = ""  # RECORD: the kind it points to
    choices: tuple[str, ...] = ()  # CHOICE

    def label(self, language: str) -> str:
        return self.label_ar if language == "ar" else self.label_en

    def help(self, language: str) -> str:
        return self.help_ar if language == "ar" else self.help_en

    @property
    def in_form(self) -> bool:
        """Whether web forms show it: protected fields never are."""
        return self.entry is Entry.FORM and not self.protected

    @property
    def syntax(self) -> str:
        """How a value is written on the command line and in the API (English), where that is not plain text."""
        if self.widget is Widget.VOCABULARY:
            return f"A slug of the vocabulary {self.vocabulary} (`tawthiq vocab list {self.vocabulary}`)."
        if self.widget is Widget.RECORD:
            return f"Id or id prefix of {_article(self.target)} {self.target}" + (
                ", or its slug." if self.target == "actor" else ".")
        if self.widget is Widget.CHOICE:
            return f"One of: {', '.join(self.choices)}."
        if self.widget is Widget.DATE:
            return "YYYY-MM-DD."
        if self.widget is Widget.WHEN:
            return "YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY or unknown."
        return ""


def _article(word: str) -> str:
    return "an" if word[:1] in tuple("aeiou") else "a"


@dataclass(frozen=True)
class Kind:
    """A kind of record: its names, the column it is called by, what tables list, its fields and default level."""

    name: str
    plural: str
    title: str  # the column a record is called by
    summary: tuple[str, ...]  # what tables of records show (``when`` is a span written as entered)
    fields: tuple[Field, ...]
    confidentiality: Confidentiality = Confidentiality.INTERNAL

    def field(self, key: str) -> Field | None:
        """The field given by its name or its column, the fields every record has included."""
        return self._by_key.get(key)

    def name_of(self, column: str) -> str:
        found = self._by_key.get(column)
        return found.name if found else column

    @cached_property
    def _by_key(self) -> dict[str, Field]:
        every = (*COMMON, *COMPUTED, *self.fields)
        return {f.column: f for f in every} | {f.name: f for f in every}

    @property
    def span(self) -> bool:
        """Whether dates are given as ``start`` and ``end`` expressions."""
        return any(f.widget is Widget.WHEN for f in self.fields)

    @cached_property
    def settable(self) -> tuple[Field, ...]:
        """What users may give (then the level): the command line's options, the API's body."""
        return (*(f for f in self.fields if f.entry is not Entry.SYSTEM), CONFIDENTIALITY)

    @cached_property
    def form(self) -> tuple[Field, ...]:
        """What a web form shows, in order (then the level)."""
        return tuple(f for f in self.fields if f.in_form)

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.fields if f.required)

    @cached_property
    def vocab(self) -> dict[str, str]:
        return {f.column: f.vocabulary for f in self.fields if f.widget is Widget.VOCABULARY}

    @cached_property
    def refs(self) -> dict[str, str]:
        return {f.column: f.target for f in self.fields if f.widget is Widget.RECORD}

    @cached_property
    def protected(self) -> frozenset[str]:
        return frozenset(f.column for f in self.fields if f.protected)


Label = tuple[str, str]


def field(name: str, type_: Type, widget: Widget, label: Label, help_: Label, *, column: str = "",
           **more: Any) -> Field:
    return Field(name, column or name, type_, widget, *label, *help_, **more)


def text(name: str, length: int | None, label: Label, help_: Label, **more: Any) -> Field:
    widget = Widget.TEXT if length else Widget.TEXTAREA
    return field(name, Type.TEXT, widget, label, help_, max_length=length, **more)


def choice(name: str, choices: tuple[str, ...], length: int, label: Label, help_: Label, **more: Any) -> Field:
    return field(name, Type.TEXT, Widget.CHOICE, label, help_, choices=choices, max_length=length, **more)


def vocab(name: str, vocabulary: str, label: Label, help_: Label, **more: Any) -> Field:
    return field(name, Type.TEXT, Widget.VOCABULARY, label, help_, column=f"{name}_id", vocabulary=vocabulary,
                  max_length=ID_LENGTH, **more)


def record(name: str, target: str, label: Label, help_: Label, **more: Any) -> Field:
    return field(name, Type.TEXT, Widget.RECORD, label, help_, column=f"{name}_id", target=target,
                  max_length=ID_LENGTH, **more)


def number(name: str, label: Label, help_: Label, **more: Any) -> Field:
    return field(name, Type.INTEGER, Widget.NUMBER, label, help_, **more)


def decimal(name: str, label: Label, help_: Label, **more: Any) -> Field:
    return field(name, Type.DECIMAL, Widget.DECIMAL, label, help_, **more)


def system(name: str, type_: Type, label: Label, help_: Label, **more: Any) -> Field:
    widget = {Type.TEXT: Widget.TEXT, Type.INTEGER: Widget.NUMBER, Type.DECIMAL: Widget.DECIMAL}.get(type_, Widget.DATA)
    return field(name, type_, widget, label, help_, entry=Entry.SYSTEM, **more)


ID_LENGTH = 120
_LEVELS = tuple(c.value for c in Confidentiality)

CONFIDENTIALITY = choice("confidentiality", _LEVELS, 12, ("Confidentiality", "السرية"), (
    "Who may read it: public, internal (the team) or restricted (full clearance only).",
    "من يحق له قراءته: عام، أو داخلي (الفريق)، أو مقيّد (لمن لديه التصريح الكامل فقط)."))

# What every record has (db/base.py RecordMixin); only the level is entered.
COMMON: tuple[Field, ...] = (
    system("id", Type.TEXT, ("Record number", "رقم السجل"), (
        "Given by Tawthiq; a unique prefix of 4 characters or more names the record too.",
        "يعطيه توثيق؛ وتكفي بادئة فريدة من 4 أحرف أو أكثر لتسمية السجل."), max_length=ID_LENGTH),
    CONFIDENTIALITY,
    system("version", Type.INTEGER, ("Version", "النسخة"), (
        "Counts the saved changes; every version is kept in the history.",
        "عدد التعديلات المحفوظة؛ وكل نسخة محفوظة في السجل التاريخي.")),
    system("created_at", Type.MOMENT, ("Created", "أُنشئ في"), ("When it was created.", "متى أُنشئ.")),
    system("created_by", Type.TEXT, ("Created by", "أنشأه"), ("Who created it.", "من أنشأه."), max_length=120),
    system("updated_at", Type.MOMENT, ("Last changed", "آخر تعديل"), ("When it last changed.", "متى عُدّل آخر مرة.")),
    system("updated_by", Type.TEXT, ("Last changed by", "عدّله آخر مرة"), ("Who changed it last.", "من عدّله آخر مرة."),
            max_length=120),
    system("deleted_at", Type.MOMENT, ("Deleted", "حُذف في"), (
        "When it was deleted; a deleted record is kept and can be restored.",
        "متى حُذف؛ السجل المحذوف يبقى محفوظاً ويمكن استعادته.")),
    system("deleted_by", Type.TEXT, ("Deleted by", "حذفه"), ("Who deleted it.", "من حذفه."), max_length=120),
    system("deletion_reason", Type.TEXT, ("Why it was deleted", "سبب الحذف"), (
        "The reason given for the deletion.", "السبب المذكور للحذف.")),
)
# Not a column: what a record is read with beside its own level.
COMPUTED: tuple[Field, ...] = (
    system("effective_level", Type.TEXT, ("Effective confidentiality", "السرية الفعلية"), (
        "At least the level of what the record belongs to (an act's event, say).",
        "لا تقل عن مستوى ما ينتمي إليه السجل (حدث الفعل مثلاً).")),
)
BOOKKEEPING = frozenset(f.column for f in COMMON if f is not CONFIDENTIALITY)
