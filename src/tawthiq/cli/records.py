"""The add / list / show / update / delete / restore commands of each record kind, with options made from the
kind's field description, so that building them (``tawthiq --help``) loads no database code: the workspace and
the services are imported when a command runs."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from tawthiq.cli.output import print_json, print_record, print_table
from tawthiq.domain.dates import describe_span
from tawthiq.domain.enums import DatePrecision
from tawthiq.domain.fields import Field, Kind, Type
from tawthiq.domain.kinds import KINDS

if TYPE_CHECKING:
    from tawthiq.services.accounts.users import Account
    from tawthiq.services.workspace import Workspace

# Kinds the CLI edits directly; concepts come from vocabularies and evidence from files.
EDITABLE = ("event", "act", "actor", "person", "source", "report", "place", "involvement", "victim", "information",
            "event_link")
_PYTHON: dict[Type, Any] = {Type.INTEGER: int, Type.DECIMAL: float, Type.BOOLEAN: bool, Type.LIST: list[str]}


def option_help(field: Field) -> str:
    """What ``--help`` says of a field: its meaning, then how to write it."""
    parts = [field.help_en, field.syntax]
    if field.type is Type.LIST:
        parts.append("Repeat for several.")
    if field.required:
        parts.append("Required when adding.")
    if field.protected:
        parts.append("Protected: left out of lists and exports unless asked for.")
    return " ".join(p for p in parts if p)


def _field_params(kind: Kind) -> list[inspect.Parameter]:
    params = []
    for field in kind.settable:
        flag = "--" + field.name.replace("_", "-")
        python = _PYTHON.get(field.type, str)
        if python is bool:
            default = typer.Option(None, f"{flag}/--no-{flag[2:]}", help=option_help(field))
        else:
            default = typer.Option(None, flag, help=option_help(field))
        params.append(inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=python | None))
    return params


def _command(func: Callable[..., None], params: list[inspect.Parameter]) -> Callable[..., None]:
    func.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return func


def _json_param() -> inspect.Parameter:
    return inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                             default=typer.Option(False, "--json", help="Print JSON."))


def _id_param(kind: Kind) -> inspect.Parameter:
    return inspect.Parameter("ident", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str, default=typer.Argument(
        ..., metavar="ID", help=f"Id or unique id prefix of the {kind.name}."))


def _reason_param() -> inspect.Parameter:
    return inspect.Parameter("reason", inspect.Parameter.KEYWORD_ONLY, annotation=str,
                             default=typer.Option(..., "--reason", help="Why: kept in the history."))


def _fields(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v is not None and v != [] and k not in ("as_json", "ident", "reason")}


def _article(name: str) -> str:
    return "an" if name[0] in "aeiou" else "a"


def _with_when(kind: Kind, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the span as it would be written (``2015``, ``2015-07``…) for people reading a table."""
    if not kind.span:
        return rows
    return [{**r, "when": describe_span(_date(r.get("start_date")), _date(r.get("end_date")),
                                        DatePrecision(r["date_precision"])) if r.get("date_precision") else ""}
            for r in rows]  # acts without dates take their event's


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _show(kind: Kind, record: dict[str, Any], as_json: bool,
          related: dict[str, list[dict[str, Any]]] | None = None) -> None:
    if as_json:
        print_json({**record, **({"related": related} if related else {})})
        return
    print_record(record, title=f"{kind.name} {record['id']}")
    for plural, rows in (related or {}).items():
        other = next(k for k in KINDS.values() if k.plural == plural)
        print_table(_with_when(other, rows), ["id", *other.summary], title=plural)


def _session() -> tuple[Workspace, Account]:
    """The workspace and the operator account, opened on first use (this imports the database layer)."""
    from tawthiq.cli.context import operator, workspace

    return workspace(), operator()


def kind_app(kind: Kind) -> typer.Typer:
    """The command group of one kind of record."""
    app = typer.Typer(help=f"Add, list, show, update and delete {kind.plural}.", no_args_is_help=True)

    def add(**kwargs: Any) -> None:
        from tawthiq.services.records import access

        record = access.create(*_session(), kind=kind.name, data=_fields(kwargs))
        _show(kind, record, kwargs["as_json"])

    def update(**kwargs: Any) -> None:
        from tawthiq.services.records import access

        record = access.update(*_session(), kind=kind.name, ident=kwargs["ident"], data=_fields(kwargs))
        _show(kind, record, kwargs["as_json"])

    def show(ident: str, as_json: bool) -> None:
        from tawthiq.services.records import access

        ws, account = _session()
        record = access.read_record(ws, account, kind=kind.name, ident=ident, include_deleted=True)
        related = access.related(ws, account, kind=kind.name, ident=ident)
        _show(kind, record, as_json, related)

    def list_(as_json: bool, deleted: bool, limit: int | None) -> None:
        from tawthiq.services.records import access

        rows = access.list_readable(*_session(), kind=kind.name, include_deleted=deleted, limit=limit)
        if as_json:
            print_json(rows)
        else:
            print_table(_with_when(kind, rows), ["id", *kind.summary], title=f"{kind.plural} ({len(rows)})")

    def delete(ident: str, reason: str, as_json: bool) -> None:
        from tawthiq.services.records import access

        record = access.delete(*_session(), kind=kind.name, ident=ident, reason=reason)
        _show(kind, record, as_json)

    def restore(ident: str, reason: str, as_json: bool) -> None:
        from tawthiq.services.records import access

        record = access.restore(*_session(), kind=kind.name, ident=ident, reason=reason)
        _show(kind, record, as_json)

    fields = _field_params(kind)
    app.command("add", help=f"Add {_article(kind.name)} {kind.name}.")(_command(add, [*fields, _json_param()]))
    app.command("update", help=f"Change fields of {_article(kind.name)} {kind.name}; the previous version is kept.")(
        _command(update, [_id_param(kind), *fields, _json_param()]))
    app.command("show", help=f"Show {_article(kind.name)} {kind.name} and the records attached to it.")(
        _command(show, [_id_param(kind), _json_param()]))
    app.command("list", help=f"List {kind.plural}.")(_command(list_, [
        _json_param(),
        inspect.Parameter("deleted", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                          default=typer.Option(False, "--deleted", help="Include deleted records.")),
        inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, annotation=int | None,
                          default=typer.Option(None, "--limit", help="At most this many.")),
    ]))
    app.command("delete", help=f"Delete {_article(kind.name)} {kind.name} (soft: kept in history, with the reason).")(
        _command(delete, [_id_param(kind), _reason_param(), _json_param()]))
    app.command("restore", help=f"Undo the deletion of {_article(kind.name)} {kind.name}.")(
        _command(restore, [_id_param(kind), _reason_param(), _json_param()]))
    return app


def add_kind_commands(app: typer.Typer) -> None:
    for name in EDITABLE:
        app.add_typer(kind_app(KINDS[name]), name=name.replace("_", "-"))
