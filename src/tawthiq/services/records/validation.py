"""Turning what a user or a file gives into column values, with a clear problem per bad field."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, Integer, String
from sqlalchemy.types import TypeEngine

from tawthiq.db.base import Base, UTCDateTime
from tawthiq.domain.dates import DateSpan, check_span, combine_spans, parse_date_expression
from tawthiq.domain.enums import (
    Confidentiality,
    DatePrecision,
    GeoPrecision,
    InformationRelation,
    Language,
    Sex,
    VerificationStatus,
)
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.domain.geo import check_coordinates
from tawthiq.domain.kinds import KINDS
from tawthiq.services.records.kinds import BOOKKEEPING, KindSpec

ENUMS: dict[str, type[StrEnum]] = {
    "confidentiality": Confidentiality,
    "status": VerificationStatus,
    "date_precision": DatePrecision,
    "geo_precision": GeoPrecision,
    "relation": InformationRelation,
    "sex": Sex,
    "language": Language,
}
# Counts are never negative: the columns whose description says so (killed, age, size…).
COUNTS = tuple(sorted({f.column for kind in KINDS.values() for f in kind.fields if f.minimum == 0}))
COORDINATES = (("latitude", "longitude"), ("captured_latitude", "captured_longitude"))


def user_field(column: str, spec: KindSpec) -> str:
    """The name a user gives a column by (``type`` for ``type_id``), from the kind's field description."""
    return spec.described.name_of(column)


def from_user_input(spec: KindSpec, raw: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Column values from what a user typed: slugs, references, ``start``/``end`` date expressions.

    Keys may be user names (``type``) or column names (``type_id``); ``None`` values are left out.
    With ``partial`` (an update) required fields may be missing. Raises InvalidInput naming every bad field.
    """
    names = {user_field(c, spec): c for c in _columns(spec)} | {c: c for c in _columns(spec)}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    given = {k: v for k, v in raw.items() if v is not None}
    span_start = given.pop("start", None)
    span_end = given.pop("end", None)
    for key, value in given.items():
        column = names.get(key)
        if column is None or column in BOOKKEEPING:
            problems.append(Problem(key, f"{spec.name} has no such field", f"لا يوجد حقل بهذا الاسم في {spec.name}"))
        else:
            values[column] = value
    if (span_start is not None or span_end is not None) and not spec.span:
        problems.append(Problem("start", f"{spec.name} has no dates", f"لا تواريخ لـ {spec.name}"))
    elif span_start is not None or span_end is not None:
        try:
            values.update(_span_columns(span_start, span_end))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    try:
        checked = check_columns(spec, values, partial=partial)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        checked = {}
    if problems:
        raise InvalidInput(problems)
    return checked


def _span_columns(start: str | None, end: str | None) -> dict[str, Any]:
    first = parse_date_expression(start or "unknown", "start")
    last = parse_date_expression(end, "end") if end else first
    span = combine_spans(first, last) if end else first
    return _span_to_columns(span)


def _span_to_columns(span: DateSpan) -> dict[str, Any]:
    return {"start_date": span.start, "end_date": span.end, "date_precision": span.precision.value}


def check_columns(
    spec: KindSpec, values: dict[str, Any], *, partial: bool = False, line: int | None = None
) -> dict[str, Any]:
    """Coerce and check column values (from a file: strings for dates, numbers as JSON gives them).

    Checks types, lengths, allowed values, required fields, coordinate ranges, spans and counts.
    Raises InvalidInput with one problem per bad field, each carrying ``line`` when given.
    """
    table = Base.metadata.tables[spec.table]
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in table.c:
            problems.append(Problem(key, f"{spec.name} has no such field", f"لا يوجد حقل بهذا الاسم في {spec.name}",
                                    line))
            continue
        column = table.c[key]
        if value is None or (value == "" and not isinstance(column.type, String)):
            if isinstance(column.type, JSON) and not column.nullable:
                out[key] = []
            elif column.nullable:
                out[key] = None
            else:
                problems.append(Problem(key, "is required", "حقل مطلوب", line))
            continue
        try:
            out[key] = _coerce(key, value, column.type)
        except (TypeError, ValueError) as exc:
            problems.append(Problem(key, str(exc), _ar(exc), line))
    if not partial:
        named = {p.field for p in problems}  # a value refused for its length is not also "missing"
        for key in spec.required:
            if out.get(key) in (None, "") and key not in named:
                problems.append(Problem(key, "is required", "حقل مطلوب", line))
    problems.extend(_rules(out, line))
    if problems:
        raise InvalidInput(problems)
    return out


_ALLOWED = {key: frozenset(e.value for e in enum) for key, enum in ENUMS.items()}


def _rules(values: dict[str, Any], line: int | None) -> list[Problem]:
    problems: list[Problem] = []
    for key, enum in ENUMS.items():
        if key in values and values[key] is not None and values[key] not in _ALLOWED[key]:
            allowed = ", ".join(e.value for e in enum)
            problems.append(
                Problem(key, f"{values[key]!r} is not one of: {allowed}", f"\u200f{values[key]!r} ليست من: {allowed}",
                        line)
            )
    for key in COUNTS:
        if isinstance(values.get(key), int) and values[key] < 0:
            problems.append(Problem(key, "cannot be negative", "لا يمكن أن يكون سالباً", line))
    for lat, lon in COORDINATES:
        if lat in values or lon in values:
            try:
                check_coordinates(values.get(lat), values.get(lon))
            except InvalidInput as exc:
                problems.extend(
                    Problem(p.field.replace("latitude", lat).replace("longitude", lon), p.reason, p.reason_ar, line)
                    for p in exc.problems
                )
    try:
        check_span(values.get("start_date"), values.get("end_date"))
    except InvalidInput as exc:
        problems.extend(Problem(p.field, p.reason, p.reason_ar, line) for p in exc.problems)
    return problems


def _coerce(key: str, value: Any, kind: TypeEngine[Any]) -> Any:
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "yes", "1", "false", "no", "0"}:
            return value.lower() in {"true", "yes", "1"}
        raise ValueError(f"{value!r} is not true or false")
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"{value!r} is not a whole number")
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number") from None
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"{value!r} is not a number")
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    if isinstance(kind, UTCDateTime):
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time (ISO 8601)") from None
        if moment.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone (write it in UTC, ending +00:00)")
        return moment
    if isinstance(kind, Date):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if isinstance(kind, JSON):
        if isinstance(value, str):
            value = [v.strip() for v in value.split("|") if v.strip()]
        if not isinstance(value, list | dict):
            raise ValueError(f"{_shown(value)} is not a list")
        _no_nul(value)
        return value
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise ValueError(f"{_shown(value)} is not text")
        text = value.strip()
        if kind.length and len(text) > kind.length:
            raise ValueError(f"is longer than {kind.length:,} characters ({len(text):,} given)")
        _no_nul(text)
        return text
    return value


def _shown(value: Any) -> str:
    """A value as an error may quote it: never megabytes of it."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _no_nul(value: Any) -> None:
    """NUL characters: SQLite keeps them, PostgreSQL refuses them. Refused on every backend, so that an export from
    one always imports into the other."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("contains a NUL character (\\x00), which a record cannot hold")
    elif isinstance(value, list):
        for item in value:
            _no_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key)
            _no_nul(item)


def _ar(exc: Exception) -> str:
    text = str(exc)
    for en, ar in _AR_REASONS.items():
        if en in text:
            return ar
    return "قيمة غير صالحة"


_AR_REASONS = {
    "not true or false": "ليست صحيحاً أو خطأ",
    "not a whole number": "ليس عدداً صحيحاً",
    "not a number": "ليس رقماً",
    "not a date and time": "ليس تاريخاً ووقتاً (ISO 8601)",
    "no time zone": "لا منطقة زمنية فيه (اكتبه بالتوقيت العالمي \u200e+00:00)",
    "not a date": "ليس تاريخاً (YYYY-MM-DD)",
    "not a list": "ليست قائمة",
    "not text": "ليس نصاً",
    "longer than": "أطول من المسموح",
    "NUL character": "يحوي المحرف NUL (\\x00) الذي لا يمكن أن يحفظه سجل",
}


def _columns(spec: KindSpec) -> list[str]:
    return [c.key for c in Base.metadata.tables[spec.table].columns]
