"""The add / list / show / update / delete / restore commands of each record kind, built from its table."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any, Optional

import typer
from sqlalchemy import JSON, Boolean, Date, Float, Integer

from tawthiq.db.base import Base
from tawthiq.domain.dates import describe_span
from tawthiq.domain.enums import DatePrecision
from tawthiq.domain.errors import TawthiqError
from tawthiq.services.records import access
from tawthiq.services.records.kinds import BOOKKEEPING, KINDS, KindSpec
from tawthiq.services.records.validation import user_field

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import fail, print_json, print_record, print_table

# Kinds the CLI edits directly; concepts come from vocabularies and evidence from files.
EDITABLE = ("event", "act", "actor", "person", "source", "report", "place", "involvement", "victim", "information", "event_link")
SPAN_COLUMNS = frozenset({"start_date", "end_date", "date_precision"})
HELP = {
    "title": "Short title, in the language of the record.",
    "place_text": "The place as the source words it (kept even when a gazetteer place is linked).",
    "geo_precision": "exact, near, region or country.",
    "sex": "female, male or unknown.",
    "relation": "supports or contradicts.",
    "language": "ar, en or other.",
    "start": "Start as YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY or unknown (the span covers the whole unit).",
    "end": "End, in the same forms; defaults to the end of --start.",
    "confidentiality": "public, internal or restricted.",
    "status": "unverified, corroborated, verified, disputed or false.",
}


def _options(spec: KindSpec) -> list[tuple[str, Any, str]]:
    """(parameter name, type, help) for each field a user may set on this kind."""
    table = Base.metadata.tables[spec.table]
    options: list[tuple[str, Any, str]] = []
    if spec.span:
        options += [("start", str, HELP["start"]), ("end", str, HELP["end"])]
    for column in table.columns:
        key = column.key
        if key in BOOKKEEPING - {"confidentiality"} or (spec.span and key in SPAN_COLUMNS):
            continue
        if isinstance(column.type, JSON):
            if key in ("aliases", "alt_names", "other_names"):
                options.append((key, list[str], "Repeat for several."))
            continue
        kind: Any = str
        if isinstance(column.type, Boolean):
            kind = bool
        elif isinstance(column.type, Integer):
            kind = int
        elif isinstance(column.type, Float):
            kind = float
        name = user_field(key, spec)
        help_text = HELP.get(key, "")
        if key in spec.vocab:
            help_text = f"Slug from the vocabulary {spec.vocab[key]} (see `tawthiq vocab list {spec.vocab[key]}`)."
        elif key in spec.refs:
            help_text = f"Id or id prefix of a {spec.refs[key]}" + (" (or its slug)." if spec.refs[key] == "actor" else ".")
        elif isinstance(column.type, Date):
            help_text = "YYYY-MM-DD."
        if key in spec.protected:
            help_text = "Protected: never shown in lists or exports unless asked for."
        options.append((name, kind, help_text))
    return options


def _command(func: Callable[..., None], params: list[inspect.Parameter]) -> Callable[..., None]:
    func.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return func


def _field_params(spec: KindSpec) -> list[inspect.Parameter]:
    params = []
    for name, kind, help_text in _options(spec):
        flag = "--" + name.replace("_", "-")
        if kind is bool:
            default = typer.Option(None, f"{flag}/--no-{flag[2:]}", help=help_text)
        else:
            default = typer.Option(None, flag, help=help_text)
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Optional[kind]))
    return params


def _json_param() -> inspect.Parameter:
    return inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                             default=typer.Option(False, "--json", help="Print JSON."))


def _id_param(spec: KindSpec) -> inspect.Parameter:
    return inspect.Parameter("ident", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str,
                             default=typer.Argument(..., metavar="ID", help=f"Id or unique id prefix of the {spec.name}."))


def _reason_param() -> inspect.Parameter:
    return inspect.Parameter("reason", inspect.Parameter.KEYWORD_ONLY, annotation=str,
                             default=typer.Option(..., "--reason", help="Why: kept in the history."))


def _fields(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v is not None and v != [] and k not in ("as_json", "ident", "reason")}


def _article(name: str) -> str:
    return "an" if name[0] in "aeiou" else "a"


def _with_when(spec: KindSpec, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the span as it would be written (``2015``, ``2015-07``…) for people reading a table."""
    if not spec.span:
        return rows
    return [{**r, "when": describe_span(_date(r.get("start_date")), _date(r.get("end_date")), DatePrecision(r["date_precision"]))
             if r.get("date_precision") else ""} for r in rows]  # acts without dates take their event's


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _show(spec: KindSpec, record: dict[str, Any], as_json: bool, related: dict[str, list[dict[str, Any]]] | None = None) -> None:
    if as_json:
        print_json({**record, **({"related": related} if related else {})})
        return
    print_record(record, title=f"{spec.name} {record['id']}")
    for plural, rows in (related or {}).items():
        other = KINDS[_singular(plural)]
        print_table(_with_when(other, rows), ["id", *other.summary], title=plural)


def _singular(plural: str) -> str:
    return next(s.name for s in KINDS.values() if s.plural == plural)


def kind_app(spec: KindSpec) -> typer.Typer:
    """The command group of one kind of record."""
    app = typer.Typer(help=f"Add, list, show, update and delete {spec.plural}.", no_args_is_help=True)

    def add(**kwargs: Any) -> None:
        try:
            record = access.create(workspace(), operator(), kind=spec.name, data=_fields(kwargs))
        except TawthiqError as exc:
            fail(exc)
        _show(spec, record, kwargs["as_json"])

    def update(**kwargs: Any) -> None:
        try:
            record = access.update(workspace(), operator(), kind=spec.name, ident=kwargs["ident"], data=_fields(kwargs))
        except TawthiqError as exc:
            fail(exc)
        _show(spec, record, kwargs["as_json"])

    def show(ident: str, as_json: bool) -> None:
        try:
            ws = workspace()
            record = access.read_record(ws, operator(), kind=spec.name, ident=ident, include_deleted=True)
            related = access.related(ws, operator(), kind=spec.name, ident=ident)
        except TawthiqError as exc:
            fail(exc)
        _show(spec, record, as_json, related)

    def list_(as_json: bool, deleted: bool, limit: Optional[int]) -> None:
        try:
            rows = access.list_readable(workspace(), operator(), kind=spec.name, include_deleted=deleted, limit=limit)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json(rows)
        else:
            print_table(_with_when(spec, rows), ["id", *spec.summary], title=f"{spec.plural} ({len(rows)})")

    def delete(ident: str, reason: str, as_json: bool) -> None:
        try:
            record = access.delete(workspace(), operator(), kind=spec.name, ident=ident, reason=reason)
        except TawthiqError as exc:
            fail(exc)
        _show(spec, record, as_json)

    def restore(ident: str, reason: str, as_json: bool) -> None:
        try:
            record = access.restore(workspace(), operator(), kind=spec.name, ident=ident, reason=reason)
        except TawthiqError as exc:
            fail(exc)
        _show(spec, record, as_json)

    fields = _field_params(spec)
    app.command("add", help=f"Add {_article(spec.name)} {spec.name}.")(_command(add, [*fields, _json_param()]))
    app.command("update", help=f"Change fields of {_article(spec.name)} {spec.name}; the previous version is kept.")(
        _command(update, [_id_param(spec), *fields, _json_param()]))
    app.command("show", help=f"Show {_article(spec.name)} {spec.name} and the records attached to it.")(
        _command(show, [_id_param(spec), _json_param()]))
    app.command("list", help=f"List {spec.plural}.")(_command(list_, [
        _json_param(),
        inspect.Parameter("deleted", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                          default=typer.Option(False, "--deleted", help="Include deleted records.")),
        inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, annotation=Optional[int],
                          default=typer.Option(None, "--limit", help="At most this many.")),
    ]))
    app.command("delete", help=f"Delete {_article(spec.name)} {spec.name} (soft: kept in history, with the reason).")(
        _command(delete, [_id_param(spec), _reason_param(), _json_param()]))
    app.command("restore", help=f"Undo the deletion of {_article(spec.name)} {spec.name}.")(
        _command(restore, [_id_param(spec), _reason_param(), _json_param()]))
    return app


def add_kind_commands(app: typer.Typer) -> None:
    for name in EDITABLE:
        spec = KINDS[name]
        app.add_typer(kind_app(spec), name=name.replace("_", "-"))
