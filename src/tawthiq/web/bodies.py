"""The JSON bodies of the record routes, made from the field description (domain/kinds.py): one model per kind to
create (``PersonIn``) and one to change (``PersonPatch``), so that the OpenAPI document lists each kind's fields
with their types, labels and help, and a field that is not the kind's is refused naming it.

The routes that take any kind (``/records/{kind}``) are documented with the union of the kinds' models and
check the body against the model of the kind in the path.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Annotated, Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field as Constraint,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    create_model,
)
from pydantic.json_schema import SkipJsonSchema

from tawthiq.domain.fields import Field, Type, Widget
from tawthiq.domain.kinds import KINDS, describe
from tawthiq.services.records.access import WRITABLE_KINDS

TEXT_LIMIT = 200_000  # a Text column (a report's text) has no length of its own
SHORT_LIMIT = 40  # a date or a date expression
LIST_LIMIT = 500  # items of a list, and characters of each
# Whole numbers fit a 32-bit column on every database; decimals are finite.
_NUMBERS: dict[Type, Any] = {Type.INTEGER: Annotated[int, Constraint(ge=-(2**31), le=2**31 - 1)],
                             Type.DECIMAL: Annotated[float, Constraint(allow_inf_nan=False)], Type.BOOLEAN: bool}
# The forms made here are built at run time from the description: typed as Any so that mypy takes them as values.
_Literal: Any = Literal
_Hidden: Any = SkipJsonSchema


def _annotation(field: Field) -> Any:
    if field.type is Type.INTEGER and field.minimum is not None:
        return Annotated[int, Constraint(ge=field.minimum, le=2**31 - 1)]
    if field.type in _NUMBERS:
        return _NUMBERS[field.type]
    if field.type is Type.LIST:
        return Annotated[list[Annotated[str, Constraint(max_length=LIST_LIMIT)]], Constraint(max_length=LIST_LIMIT)]
    if field.widget is Widget.CHOICE:
        return _Literal[field.choices]
    if field.type is Type.DATE:
        return Annotated[str, Constraint(max_length=SHORT_LIMIT)]
    return Annotated[str, Constraint(max_length=field.max_length or TEXT_LIMIT)]


def _property(field: Field, *, required: bool) -> tuple[Any, Any]:
    kind = _annotation(field)
    extra: dict[str, Any] = {"x-label-ar": field.label_ar, "x-help-ar": field.help_ar}
    if field.type is Type.DATE and field.widget is Widget.DATE:
        extra["format"] = "date"
    info = Constraint(... if required else None, title=field.label_en,
                      description=" ".join(p for p in (field.help_en, field.syntax) if p), json_schema_extra=extra)
    if field.protected:  # taken so that the service names it and says where it is entered; never advertised
        return _Hidden[kind | None], info
    return (kind if required else kind | None), info


def _model(kind: str, *, partial: bool) -> type[BaseModel]:
    described = describe(kind)
    name = "".join(part.title() for part in kind.split("_")) + ("Patch" if partial else "In")
    command = f"tawthiq {kind.replace('_', '-')}"
    what = (f"Changes to {_article(kind)} {kind} (as `{command} update`): only the fields given change; null empties "
            "a field, except a reference, which stays." if partial else f"A new {kind} (as `{command} add`).")
    properties: dict[str, Any] = {f.name: _property(f, required=f.required and not partial) for f in described.settable}
    model: type[BaseModel] = create_model(name, __config__=ConfigDict(extra="forbid"), __doc__=what, **properties)
    return model


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


CREATE: dict[str, type[BaseModel]] = {kind: _model(kind, partial=False) for kind in KINDS if kind in WRITABLE_KINDS}
PATCH: dict[str, type[BaseModel]] = {kind: _model(kind, partial=True) for kind in KINDS if kind in WRITABLE_KINDS}

_ANY_BODY = TypeAdapter(Annotated[dict[str, Any], Constraint(max_length=60)])


def _any_body(value: Any) -> dict[str, Any]:
    body: dict[str, Any] = _ANY_BODY.validate_python(value)
    return body


def documented_as(*models: type[BaseModel]) -> PlainValidator:
    """For a body parameter (``Annotated[dict[str, Any], documented_as(…)]``): documented as one of ``models``,
    taken as a JSON object of at most 60 fields, to be checked by :func:`checked`."""
    return PlainValidator(_any_body, json_schema_input_type=reduce(operator.or_, models))


def checked(kind: str, body: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """``body`` checked against the model of ``kind``, as the services take it: fields left out or null are not
    given on a create; on a change null empties a field (sent as the empty value the services clear with).

    A kind that is not described or not writable passes unchanged: the services answer for it. Raises
    RequestValidationError naming each bad field.
    """
    try:
        name = describe(kind).name
    except KeyError:
        return body
    model = (PATCH if partial else CREATE).get(name)
    if model is None:
        return body
    try:
        given = model.model_validate(body).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])}
                                      for e in exc.errors(include_url=False, include_input=False)]) from None
    if partial:
        return {k: ("" if v is None else v) for k, v in given.items()}
    return {k: v for k, v in given.items() if v is not None}
