"""The field description (domain/kinds.py) held to the tables: every column described once, every description a
column, the types, lengths, references and scales the same as the models and the services'."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, Table

from tawthiq.db.base import Base, UTCDateTime
from tawthiq.domain.fields import BOOKKEEPING, COMMON, Entry, Field, Type, Widget
from tawthiq.domain.kinds import KINDS, PLACE_FEATURES, describe
from tawthiq.geo.sources import FEATURES
from tawthiq.services.records.kinds import KINDS as SPECS
from tawthiq.services.records.validation import ENUMS

ARABIC = re.compile(r"[\u0600-\u06ff]")


def _table(kind: str) -> Table:
    return Base.metadata.tables[SPECS[kind].table]


def _fields() -> list[tuple[str, Field]]:
    return [(kind.name, f) for kind in KINDS.values() for f in kind.fields]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_is_described_once_and_every_description_names_a_column(kind: str) -> None:
    own = [c.key for c in _table(kind).columns if c.key not in {f.column for f in COMMON}]
    described = [f.column for f in KINDS[kind].fields]
    assert sorted(described) == sorted(own)
    assert len({f.name for f in KINDS[kind].fields}) == len(described)  # names are unique too


def test_what_every_record_has_is_described_once() -> None:
    common = [f.column for f in COMMON]
    for kind in KINDS:
        assert set(common) <= {c.key for c in _table(kind).columns}, kind
    assert len(set(common)) == len(common) and set(common).isdisjoint(f.column for _kind, f in _fields())
    assert BOOKKEEPING == set(common) - {"confidentiality"}


_STORED: dict[Type, tuple[type, ...]] = {
    Type.TEXT: (String,), Type.INTEGER: (Integer,), Type.DECIMAL: (Float,), Type.BOOLEAN: (Boolean,),
    Type.DATE: (Date,), Type.MOMENT: (UTCDateTime,), Type.LIST: (JSON,), Type.MAPPING: (JSON,),
}


@pytest.mark.parametrize(("kind", "field"), _fields() + [("event", f) for f in COMMON],
                         ids=lambda v: getattr(v, "name", v))
def test_each_description_agrees_with_its_column(kind: str, field: Field) -> None:
    column = _table(kind).c[field.column]
    assert isinstance(column.type, _STORED[field.type]), (column.type, field.type)
    length = getattr(column.type, "length", None)
    assert field.max_length == length, (field.max_length, length)
    if field.required:
        assert not column.nullable
    targets = {fk.column.table.name for fk in column.foreign_keys}
    if field.widget is Widget.RECORD:
        assert targets == {SPECS[field.target].table}
        assert field.name == field.column.removesuffix("_id")
    elif field.widget is Widget.VOCABULARY:
        assert targets == {"concepts"} and field.vocabulary
        assert field.name == field.column.removesuffix("_id")
    else:
        assert targets <= {"vocabularies"}  # a concept's vocabulary is its own table, not a record


@pytest.mark.parametrize(("kind", "field"), _fields(), ids=lambda v: getattr(v, "name", v))
def test_every_field_is_labelled_and_explained_in_english_and_arabic(kind: str, field: Field) -> None:
    assert field.label_en and field.help_en.endswith((".", "…", ")")), field.help_en
    assert ARABIC.search(field.label_ar) and ARABIC.search(field.help_ar)
    assert not ARABIC.search(field.label_en + field.help_en)


def test_the_scales_offered_are_those_the_services_accept() -> None:
    for _kind, field in _fields():
        if field.widget is Widget.CHOICE and field.column in ENUMS:
            assert set(field.choices) == {e.value for e in ENUMS[field.column]}, field.name
    assert set(PLACE_FEATURES) == FEATURES
    feature = describe("place").field("feature")
    assert feature is not None and feature.choices == PLACE_FEATURES


def test_protected_fields_are_never_in_a_form_and_only_entered_on_the_command_line_or_the_api() -> None:
    protected = [(kind, f) for kind, f in _fields() if f.protected]
    assert {(kind, f.name) for kind, f in protected} == {("person", "protected_notes"), ("source", "identity"),
                                                          ("source", "contact")}
    for kind, field in protected:
        assert field not in KINDS[kind].form and field in KINDS[kind].settable and field.entry is Entry.ADVANCED


def test_the_specs_of_the_services_are_made_from_the_description() -> None:
    act = SPECS["act"]
    assert act.described is KINDS["act"] and act.required == ("event_id", "type_id") and act.span
    assert act.vocab == {"type_id": "violation-types", "method_id": "methods"} and act.refs == {"event_id": "event"}
    assert SPECS["source"].protected == {"identity", "contact"}
    assert describe("event-links") is KINDS["event_link"]


def test_a_kind_comes_after_every_kind_it_refers_to() -> None:
    order = list(KINDS)
    for kind in KINDS.values():
        for target in kind.refs.values():
            assert order.index(target) <= order.index(kind.name), (kind.name, target)


def test_the_description_and_the_record_commands_load_no_database_code() -> None:
    code = ("import sys, tawthiq.domain.kinds, tawthiq.cli.records as r, typer; r.add_kind_commands(typer.Typer()); "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'tawthiq.db', 'tawthiq.services'))))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"
