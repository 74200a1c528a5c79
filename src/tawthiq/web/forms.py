"""The create and edit forms of the record kinds other than events and acts, made from the field description
(domain/kinds.py), and how a submitted form becomes the values the services take.

A form shows the fields its kind enters in forms, never a protected one (a source is written here by its pseudonym
only). References to actors, persons and places are type-ahead pickers, to other kinds an id field; vocabulary
values are hierarchical selects.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tawthiq.domain.dates import as_day
from tawthiq.domain.errors import NotFound
from tawthiq.domain.fields import COMMON, COMPUTED, Field, Widget
from tawthiq.domain.kinds import describe
from tawthiq.domain.policy import Principal
from tawthiq.services.records import access
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.services.workspace import Workspace

FORM_KINDS = ("person", "actor", "place", "source", "report", "involvement", "victim", "information", "event_link")
PICKABLE = frozenset({"actor", "person", "place"})  # the kinds /api/v1/pick/KIND suggests as one types
FORMS: dict[str, tuple[Field, ...]] = {kind: describe(kind).form for kind in FORM_KINDS}
# Left empty on an edit, these keep their value: the services take None as "not given" (a reference, a vocabulary
# value or a choice cannot be emptied); the others are sent empty, which clears them.
_KEPT_WHEN_EMPTY = frozenset({Widget.VOCABULARY, Widget.RECORD, Widget.CHOICE})


def vocabularies(kind: str) -> list[str]:
    return [f.vocabulary for f in FORMS[kind] if f.widget is Widget.VOCABULARY]


def values_from_form(kind: str, form: dict[str, Any], *, editing: bool) -> dict[str, Any]:
    """The values of a submitted form, as the services take them.

    An empty field is left out of a new record. On an edit an empty text, number or date clears the value, and a
    checkbox not ticked is false; an empty reference, vocabulary value or choice keeps the stored one.
    """
    out: dict[str, Any] = {}
    for f in FORMS[kind]:
        raw = str(form.get(f.name) or "").strip()
        if f.widget is Widget.CHECKBOX:
            out[f.name] = bool(raw)
        elif f.widget is Widget.LIST:
            if raw or editing:
                out[f.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif raw:
            out[f.name] = raw
        elif editing and not f.required:
            out[f.name] = None if f.widget in _KEPT_WHEN_EMPTY else ""
    level = str(form.get("confidentiality") or "").strip()
    if level:
        out["confidentiality"] = level
    return out


def values_for_form(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as the form shows it: references and vocabulary values under their field names."""
    out: dict[str, Any] = {"confidentiality": record.get("confidentiality")}
    for f in FORMS[kind]:
        value = record.get(f.column)
        if f.widget is Widget.VOCABULARY and isinstance(value, str):
            value = value.split(":", 1)[-1]  # the slug: what the select's options carry
        elif f.widget is Widget.LIST:
            value = "\n".join(value or [])
        out[f.name] = value
    return out


def record_link(target: str, ident: str) -> str | None:
    """Where a reference to a ``target`` record is read on this site (concepts have no page)."""
    if target == "concept":
        return None
    if target == "event":
        return f"/events/{ident}"
    if target == "evidence":
        return f"/evidence/{ident}"
    return f"/records/{target}/{ident}"


def shown_fields(kind: str) -> tuple[Field, ...]:
    """What a record page shows, in order: the kind's fields, then what every record has."""
    return (*describe(kind).fields, *COMMON, *COMPUTED)


def field_label(kind: str, key: str, language: str) -> str:
    """The label of a field (given by name or column) in ``language``; the key itself when it names none."""
    try:
        found = describe(kind).field(key)
    except KeyError:
        found = None
    return found.label(language) if found else key


def record_labels(ws: Workspace, account: Principal, kind: str, record: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """What a record page shows, in English and Arabic, for each vocabulary value and each reference the reader may
    follow (the record's name or title), by column. A reference the reader may not read is not named."""
    described = describe(kind)
    out: dict[str, tuple[str, str]] = {}
    for column, vocabulary in described.vocab.items():
        if record.get(column):
            out[column] = _concept_label(ws, vocabulary, str(record[column]))
    for column, target in described.refs.items():
        if record.get(column) and target != "concept":
            try:
                found = access.read_record(ws, account, kind=target, ident=str(record[column]))
            except NotFound:
                continue
            title = describe(target).field(describe(target).title)
            value = str(found.get(describe(target).title) or found["id"])
            if title is not None and title.widget is Widget.VOCABULARY:
                out[column] = _concept_label(ws, title.vocabulary, value)
            else:
                out[column] = (value, str(found.get("name_ar") or ""))
    return out


def _concept_label(ws: Workspace, vocabulary: str, ident: str) -> tuple[str, str]:
    slug = ident.split(":", 1)[-1]
    found = next((c for c in list_concepts(ws, vocabulary) if c["slug"] == slug), None)
    return (found["label_en"], found["label_ar"]) if found else (slug, "")


KEPT_AT_MOST = 200_000  # characters of a text without a length of its own (a report's text: services' MAX_TEXT)


def kept_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """A refused form's values as the form shows them again: a text over its field's length is cut to that length
    (the error names the length sent), so a multi-megabyte paste does not come back whole in the page."""
    out = dict(values)
    for key, value in values.items():
        if not isinstance(value, str):
            continue
        owner, name = ("act", key.removeprefix("act_")) if key.startswith("act_") else (kind, key)
        try:
            found = describe(owner).field(name)
        except KeyError:
            found = None
        out[key] = value[: (found.max_length if found else None) or KEPT_AT_MOST]
    return out


def starts_in_future(record: dict[str, Any]) -> bool:
    """Whether a record's dates begin after today (UTC): saved, but the form warns of it."""
    start = as_day(record.get("start_date"))
    return start is not None and start > datetime.now(UTC).date()
