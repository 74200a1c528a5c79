"""Who may read and write what: every read and write of the web application goes through here.

Confidentiality is enforced in these functions, not in templates. A record above the account's clearance is
reported as not found (its existence is not revealed). Protected fields (a source's identity and contact, a
person's protected notes) never leave through this module, whatever the role.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import InvalidInput, NotFound, Problem, TawthiqError
from tawthiq.domain.roles import CLEARANCE, Role
from tawthiq.services import records
from tawthiq.services.accounts import Account
from tawthiq.services.kinds import KindSpec
from tawthiq.services.records import HistoryEntry
from tawthiq.services.search import Filters, SearchResult, Viewer, search_records
from tawthiq.services.validation import from_user_input
from tawthiq.services.workspace import Workspace

LEVELS = list(Confidentiality)
READABLE_KINDS = ("event", "act", "actor", "person", "place", "report", "source", "victim", "involvement", "information")
WRITABLE_KINDS = ("event", "act", "victim", "involvement", "information", "person", "source", "report", "actor", "place")
EDITORS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.DOCUMENTER})


@dataclasses.dataclass
class Forbidden(TawthiqError):
    """The account's role does not allow this action."""

    action: str

    def __str__(self) -> str:
        return f"your role does not allow: {self.action} / دورك لا يسمح بهذا الإجراء"


def clearance(account: Account) -> Confidentiality:
    return CLEARANCE[account.role]


def viewer(account: Account) -> Viewer:
    """The search viewer of an account: its name and clearance."""
    return Viewer(account.username, clearance(account))


def may_read(account: Account, confidentiality: str) -> bool:
    return LEVELS.index(Confidentiality(confidentiality)) <= LEVELS.index(clearance(account))


def may_create(account: Account) -> bool:
    return account.role in EDITORS


def may_edit(account: Account, record: dict[str, Any]) -> bool:
    """Admins and coordinators edit everything; documenters their own records within their clearance."""
    if account.role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return account.role is Role.DOCUMENTER and record.get("created_by") == account.username and may_read(
        account, record["confidentiality"])


def may_admin(account: Account) -> bool:
    return account.role is Role.ADMIN


def acting(ws: Workspace, account: Account) -> Workspace:
    """The workspace with ``account`` as the one acting: history, audit and custody name this user."""
    return dataclasses.replace(ws, settings=ws.settings.model_copy(update={"user": account.username}))


def _readable(account: Account, kind: str, record: dict[str, Any]) -> dict[str, Any]:
    if kind not in READABLE_KINDS or not may_read(account, record["confidentiality"]):
        raise NotFound(kind, str(record.get("id", "")))
    return record


def read_record(ws: Workspace, account: Account, *, kind: str, ident: str) -> dict[str, Any]:
    """A live record the account may read, protected fields hidden. Raises NotFound otherwise."""
    spec = records.spec_for(kind)
    record = records.get_record(ws, kind=spec.name, ident=ident, include_deleted=False)
    return _readable(account, spec.name, record)


def list_readable(ws: Workspace, account: Account, *, kind: str, limit: int = 100) -> list[dict[str, Any]]:
    """Live records of one kind within the account's clearance, oldest first."""
    spec = records.spec_for(kind)
    if spec.name not in READABLE_KINDS:
        raise NotFound(kind, "*")
    model = spec.model
    query = (select(model).where(model.deleted_at.is_(None), model.confidentiality.in_(viewer(account).allowed()))
             .order_by(model.created_at, model.id).limit(limit))
    with ws.reading() as session:
        return [records.hide_protected(spec, records.row_dict(spec, row)) for row in session.scalars(query)]


def search(ws: Workspace, account: Account, *, query: str, filters: Filters | None = None, limit: int = 20,
           offset: int = 0) -> SearchResult:
    """Full-text search within the account's clearance (search_records enforces it through the viewer)."""
    return search_records(ws, viewer=viewer(account), query=query, filters=filters, limit=limit, offset=offset)


def history(ws: Workspace, account: Account, *, kind: str, ident: str) -> list[HistoryEntry]:
    """Every version of a record the account may read; NotFound otherwise."""
    record = read_record(ws, account, kind=kind, ident=ident)
    entries = records.record_history(ws, kind=kind, ident=record["id"])
    # an earlier version may have been more open or more closed: show no version above the clearance
    visible = []
    for entry in entries:
        level = next((c.after for c in entry.changes if c.field == "confidentiality"), None)
        if level is None or may_read(account, str(level)):
            visible.append(entry)
    return visible


def _blank_links(spec: KindSpec, data: dict[str, Any]) -> dict[str, Any]:
    """An empty reference or vocabulary value means "none": stored as "" it would point at no record."""
    names = {n for column in (*spec.refs, *spec.vocab) for n in (column, column.removesuffix("_id"))}
    return {k: (None if k in names and isinstance(v, str) and not v.strip() else v) for k, v in data.items()}


def _no_protected(spec: KindSpec, data: dict[str, Any]) -> None:
    """Protected fields (a source's identity and contact) are written from the command line only, never the web."""
    given = sorted(k for k in data if k in spec.protected)
    if given:
        raise InvalidInput([Problem(k, "is entered from the command line only, not through the web",
                                    "يُدخل من سطر الأوامر فقط، لا عبر الويب") for k in given])


def _check_level(account: Account, data: dict[str, Any]) -> None:
    level = data.get("confidentiality")
    if level and level in {c.value for c in Confidentiality} and not may_read(account, level):
        raise Forbidden(f"confidentiality {level}")


def create(ws: Workspace, account: Account, *, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create a record as ``account``. A record it points to must be readable and (for children) editable.

    Raises Forbidden (role or level), NotFound (a parent it may not read), InvalidInput (bad fields).
    """
    spec = records.spec_for(kind)
    # the parent first: a parent above the clearance is "not found", whatever the role
    parents = [(f.removesuffix("_id"), read_record(ws, account, kind=f.removesuffix("_id"), ident=str(data[f])))
               for f in ("event", "event_id", "act", "act_id") if data.get(f)]
    if not may_create(account) or spec.name not in WRITABLE_KINDS:
        raise Forbidden(f"create {spec.name}")
    _check_level(account, data)
    _no_protected(spec, data)
    for parent_kind, parent in parents:
        if not may_edit(account, parent):
            raise Forbidden(f"add to {parent_kind} {parent['id']}")
    return records.create_record(acting(ws, account), kind=spec.name, data=_blank_links(spec, data))


def update(ws: Workspace, account: Account, *, kind: str, ident: str, data: dict[str, Any]) -> dict[str, Any]:
    """Change a record as ``account``. Raises Forbidden, NotFound or InvalidInput; nothing is written then."""
    spec = records.spec_for(kind)
    current = read_record(ws, account, kind=spec.name, ident=ident)
    if spec.name not in WRITABLE_KINDS or not may_edit(account, current):
        raise Forbidden(f"edit {spec.name} {current['id']}")
    _check_level(account, data)
    _no_protected(spec, data)
    return records.update_record(acting(ws, account), kind=spec.name, ident=current["id"], data=_blank_links(spec, data))


def create_event(ws: Workspace, account: Account, *, event: dict[str, Any], act: dict[str, Any] | None = None) -> dict[str, Any]:
    """An event, and optionally its first act, in one transaction: both are written or neither.

    Raises Forbidden or InvalidInput (naming every bad field of both); nothing is written then.
    """
    if not may_create(account):
        raise Forbidden("create event")
    _check_level(account, event)
    event_spec, act_spec = records.spec_for("event"), records.spec_for("act")
    if act:
        _check_level(account, act)
    problems: list[Problem] = []

    def checked(step: Callable[[], dict[str, Any]], prefix: str = "") -> dict[str, Any]:
        try:
            return step()
        except InvalidInput as exc:
            problems.extend(Problem(prefix + p.field, p.reason, p.reason_ar) for p in exc.problems)
            return {}

    event, act = _blank_links(event_spec, event), _blank_links(act_spec, act) if act else None
    event_values = checked(lambda: from_user_input(event_spec, event, partial=False))
    act_values = checked(lambda: from_user_input(act_spec, {**act, "event": "new"}, partial=False), "act.") if act else None
    with acting(ws, account).transaction() as session:
        # every reference of both is checked before anything is written, so all problems are named at once
        event_values = checked(lambda: records.References(session).resolve(event_spec, event_values))
        if act_values is not None:
            refs = records.References(session)
            refs.add("event", "new")
            act_values = checked(lambda: refs.resolve(act_spec, act_values or {}), "act.")
        if problems:
            raise InvalidInput(problems)
        writer = records.Writer(session, account.username)
        row = writer.insert(event_spec, event_values)
        if act_values is not None:
            writer.insert(act_spec, {**act_values, "event_id": row["id"]})
        writer.flush()
    return records.hide_protected(event_spec, {k: records.jsonable(v) for k, v in row.items()})
