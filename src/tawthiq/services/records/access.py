"""The records use cases, checked: every read and write of a record by the web or the command line comes here.

Each function takes the acting account, asks the policy (:mod:`tawthiq.domain.policy`) and works within its
clearance:

- a record is read when its *effective* level (:mod:`levels`) is within the clearance; otherwise it is reported
  exactly as a missing one (the same error, naming what was asked for, never a stored id);
- references are resolved among readable records only, on create and on update, so an id prefix never reaches
  a hidden record; a reference to a hidden record that a record already holds is shown as empty and kept;
- a record's owner (an act's event, a victim's act…) must be one the account may edit;
- protected fields (a source's identity and contact, a person's protected notes) never leave through here.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect, select
from sqlalchemy.orm import Session

from tawthiq.db.models import RecordVersion
from tawthiq.domain.diff import diff_fields
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import InvalidInput, NotFound, Problem
from tawthiq.domain.fields import Widget
from tawthiq.domain.kinds import describe
from tawthiq.domain.policy import (
    Action,
    Forbidden,
    Principal,
    Target,
    allows,
    ensure,
    may_read_level,
    other_channel_only,
    readable_levels,
)
from tawthiq.services.records import store
from tawthiq.services.records.kinds import KINDS, KindSpec
from tawthiq.services.records.levels import OWNERS, effective_level, readable_clause, readable_ids
from tawthiq.services.records.store import HistoryEntry, References, Writer, hide_protected, jsonable, row_dict
from tawthiq.services.records.validation import check_columns, from_user_input
from tawthiq.services.workspace import Workspace

READABLE_KINDS = ("event", "act", "actor", "person", "place", "report", "source", "victim", "involvement",
                  "information", "event_link", "evidence")
WRITABLE_KINDS = ("event", "act", "victim", "involvement", "information", "person", "source", "report", "actor",
                  "place", "event_link")


def acting(ws: Workspace, account: Principal) -> Workspace:
    """The workspace with ``account`` as the one acting: history, audit and custody name this user."""
    return dataclasses.replace(ws, settings=ws.settings.model_copy(update={"user": account.username}))


def target(record: dict[str, Any], level: str | None = None) -> Target:
    """What the policy needs of a record: its effective level (``level``, else its own) and its author."""
    return Target(level or str(record.get("confidentiality") or Confidentiality.INTERNAL.value),
                  record.get("created_by"))


def may(account: Principal, action: Action, record: dict[str, Any] | None = None) -> bool:
    """Whether the account may take ``action`` (on a record read through this module): for pages' buttons."""
    return allows(account, action, target(record, record.get("effective_level")) if record is not None else None)


def _spec(kind: str, kinds: tuple[str, ...], ident: str = "*") -> KindSpec:
    spec = store.spec_for(kind)
    if spec.name not in kinds:
        raise NotFound(kind, ident)
    return spec


def _shown(session: Session, account: Principal, spec: KindSpec, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records as a reader sees them: protected fields hidden, references to records it may not read emptied (the
    record keeps them), and the effective level beside the record's own."""
    allowed = readable_levels(account)
    hidden: dict[str, set[str]] = {}
    for column, kind in spec.refs.items():
        ids = {str(r[column]) for r in rows if r.get(column)}
        if ids:
            hidden[column] = ids - readable_ids(session, kind, ids, allowed)
    out = []
    for row in rows:
        shown = hide_protected(spec, {k: jsonable(v) for k, v in row.items()})
        for column, ids in hidden.items():
            if shown.get(column) in ids:
                shown[column] = None
        shown["effective_level"] = effective_level(session, spec.name, row)
        out.append(shown)
    return out


def _load(session: Session, account: Principal, spec: KindSpec, ident: str, *, include_deleted: bool = False
          ) -> dict[str, Any]:
    return store.load_row(session, spec, ident, include_deleted=include_deleted, allowed=readable_levels(account))


def _spend(ws: Workspace, account: Principal, *idents: Any) -> None:
    """Lookups by a part of an id are counted per account (TooManyLookups past the limit)."""
    for ident in idents:
        if isinstance(ident, str) and ident:
            ws.lookups.spend(account.username, ident)


def read_record(ws: Workspace, account: Principal, *, kind: str, ident: str, include_deleted: bool = False
                ) -> dict[str, Any]:
    """A record the account may read, as it may see it. Raises NotFound (missing, deleted or above the clearance)."""
    spec = _spec(kind, READABLE_KINDS, ident)
    _spend(ws, account, ident)
    with ws.reading() as session:
        row = _load(session, account, spec, ident, include_deleted=include_deleted)
        return _shown(session, account, spec, [row])[0]


def list_readable(ws: Workspace, account: Principal, *, kind: str, limit: int | None = 100, offset: int = 0,
                  include_deleted: bool = False, where: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Records of one kind that the account may read, oldest first, optionally filtered by exact column values."""
    spec = _spec(kind, READABLE_KINDS)
    model = spec.model
    query = select(model).where(readable_clause(spec.name, readable_levels(account)))
    if not include_deleted:
        query = query.where(model.deleted_at.is_(None))
    for column, value in (where or {}).items():
        query = query.where(getattr(model, column) == value)
    query = query.order_by(model.created_at, model.id).offset(offset).limit(limit)
    with ws.reading() as session:
        return _shown(session, account, spec, [row_dict(spec, row) for row in session.scalars(query)])


def related(ws: Workspace, account: Principal, *, kind: str, ident: str) -> dict[str, list[dict[str, Any]]]:
    """The live, readable records that point at this one, by kind: an event's acts, an act's victims…"""
    spec = _spec(kind, READABLE_KINDS, ident)
    _spend(ws, account, ident)
    allowed = readable_levels(account)
    out: dict[str, list[dict[str, Any]]] = {}
    with ws.reading() as session:
        record_id = _load(session, account, spec, ident, include_deleted=True)["id"]
        for other in KINDS.values():
            if other.name not in READABLE_KINDS:
                continue
            for column, pointed in other.refs.items():
                if pointed != spec.name or column == "parent_id":
                    continue
                model = other.model
                rows = session.scalars(select(model).where(getattr(model, column) == record_id,
                                                           model.deleted_at.is_(None),
                                                           readable_clause(other.name, allowed))
                                       .order_by(model.created_at)).all()
                if rows:
                    out.setdefault(other.plural, []).extend(_shown(session, account, other,
                                                                   [row_dict(other, r) for r in rows]))
    return out


def history(ws: Workspace, account: Principal, *, kind: str, ident: str) -> list[HistoryEntry]:
    """The versions of a record the account may read, oldest first, each with its changes from the previous one.

    A version whose own level was above the clearance (written while the record was restricted) is left out, and
    the next shown version is compared with the last shown one, so nothing of the hidden versions appears.
    """
    spec = _spec(kind, READABLE_KINDS, ident)
    _spend(ws, account, ident)
    with ws.reading() as session:
        record_id = _load(session, account, spec, ident, include_deleted=True)["id"]
        versions = session.scalars(select(RecordVersion).where(RecordVersion.kind == spec.name,
                                                               RecordVersion.record_id == record_id)
                                   .order_by(RecordVersion.version)).all()
    entries: list[HistoryEntry] = []
    previous: dict[str, Any] | None = None
    for version in versions:
        data = json.loads(version.data)
        if not may_read_level(account, str(data.get("confidentiality") or Confidentiality.INTERNAL.value)):
            continue
        entries.append(HistoryEntry(version.version, version.change, version.changed_by, version.changed_at,
                                    version.reason, diff_fields(previous, data, spec.protected)))
        previous = data
    return entries


@dataclasses.dataclass(frozen=True)
class HistoryNames:
    """How a history shows the values of its changes: each reference and vocabulary value the reader may read by
    its name in English and Arabic (``labels``, by column and value), the references it may not read (``hidden``:
    shown as a record it cannot see, never by id), the columns holding a day (``days``) or a moment (``moments``),
    shown in words, and those holding a value of a fixed scale or a yes or no (``choices``), shown translated."""

    labels: dict[tuple[str, str], tuple[str, str]]
    hidden: frozenset[tuple[str, str]]
    days: frozenset[str]
    moments: frozenset[str]
    choices: frozenset[str] = frozenset()


def history_names(ws: Workspace, account: Principal, *, kind: str, entries: list[HistoryEntry]) -> HistoryNames:
    """The names a history of a record of ``kind`` (from :func:`history`) is shown with, resolved only among the
    records the account may read (a deleted one too: the history names what was pointed at then)."""
    spec = _spec(kind, READABLE_KINDS)
    pointed = {column: "concept" for column in spec.vocab} | dict(spec.refs)
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        for change in entry.changes:
            if change.field in pointed:
                wanted.setdefault(change.field, set()).update(
                    str(v) for v in (change.before, change.after) if isinstance(v, str) and v)
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    hidden: set[tuple[str, str]] = set()
    allowed = readable_levels(account)
    with ws.reading() as session:
        for column, values in wanted.items():
            found = _names(session, pointed[column], values, allowed)
            for value in values:
                if value in found:
                    labels[(column, value)] = found[value]
                else:
                    hidden.add((column, value))
    columns = sa_inspect(spec.model).columns
    fields = [describe(spec.name).field(c.name) for c in columns]
    return HistoryNames(labels, frozenset(hidden),
                        frozenset(c.name for c in columns if _python_type(c.type) is date),
                        frozenset(c.name for c in columns if _python_type(c.type) is datetime),
                        frozenset(f.column for f in fields if f is not None and f.widget in (Widget.CHOICE,
                                                                                               Widget.CHECKBOX)))


def _python_type(column_type: Any) -> type | None:
    try:
        found: type = column_type.python_type
    except NotImplementedError:
        return None
    return found


def _names(session: Session, kind: str, ids: set[str], allowed: list[str], depth: int = 0
           ) -> dict[str, tuple[str, str]]:
    """(English, Arabic) names of those of ``ids`` the reader may read: a concept's labels, a record's title (an act
    by its type, a victim by its person's name), a place's and an actor's Arabic name beside."""
    spec = KINDS[kind]
    readable = readable_ids(session, kind, ids, allowed)
    if not readable:
        return {}
    rows = session.scalars(select(spec.model).where(spec.model.id.in_(sorted(readable)))).all()
    if kind == "concept":
        return {row.id: (str(getattr(row, "label_en", "")), str(getattr(row, "label_ar", ""))) for row in rows}
    title = spec.title
    values = {row.id: getattr(row, title, None) for row in rows}
    inner: dict[str, tuple[str, str]] = {}
    if (title in spec.vocab or title in spec.refs) and depth < 2:
        target = "concept" if title in spec.vocab else spec.refs[title]
        inner = _names(session, target, {str(v) for v in values.values() if v}, allowed, depth + 1)
    out: dict[str, tuple[str, str]] = {}
    for row in rows:
        value = values[row.id]
        if title in spec.protected or not value:
            out[row.id] = (spec.name, "")  # named by its kind: the page translates it
        elif title in spec.vocab or title in spec.refs:
            out[row.id] = inner.get(str(value), (spec.name, ""))
        else:
            out[row.id] = (str(value), str(getattr(row, "name_ar", None) or ""))
    return out


# --- writes ---------------------------------------------------------------------------------------------


def new_record(account: Principal, *, kind: str) -> dict[str, Any]:
    """What a form for a new record starts with: the default level within the account's clearance.

    Raises Forbidden unless the account may create records of this kind.
    """
    spec = store.spec_for(kind)
    ensure(account, Action.CREATE, what=spec.name)
    if spec.name not in WRITABLE_KINDS:
        raise NotFound(kind, "new")
    level = spec.confidentiality.value
    if not may_read_level(account, level):
        level = readable_levels(account)[-1]
    return {"confidentiality": level}


def read_for_edit(ws: Workspace, account: Principal, *, kind: str, ident: str) -> dict[str, Any]:
    """A record as :func:`read_record` gives it, for a form that changes it. Raises NotFound or Forbidden."""
    record = read_record(ws, account, kind=kind, ident=ident)
    ensure(account, Action.EDIT, target(record, record["effective_level"]), what=f"{kind} {ident}")
    return record


def _blank_links(spec: KindSpec, data: dict[str, Any]) -> dict[str, Any]:
    """An empty reference or vocabulary value means "none": stored as "" it would point at no record."""
    names = {n for column in (*spec.refs, *spec.vocab) for n in (column, column.removesuffix("_id"))}
    return {k: (None if k in names and isinstance(v, str) and not v.strip() else v) for k, v in data.items()}


def _check_entry(account: Principal, spec: KindSpec, data: dict[str, Any]) -> None:
    """The level chosen must be one the account may read; protected fields need their own permission."""
    level = data.get("confidentiality")
    if level and level in {c.value for c in Confidentiality} and not may_read_level(account, level):
        raise Forbidden(f"confidentiality {level}")
    given = sorted(k for k in spec.protected if data.get(k))
    if given and other_channel_only(account, Action.ENTER_PROTECTED):
        raise InvalidInput([Problem(k, "is entered from the command line only, not through the web",
                                    "يُدخل من سطر الأوامر فقط، لا عبر الويب") for k in given])
    if given:
        ensure(account, Action.ENTER_PROTECTED, what=", ".join(given))


def _check_owners(session: Session, account: Principal, spec: KindSpec, values: dict[str, Any],
                  current: dict[str, Any] | None = None) -> None:
    """Each owner a record is given (or moved to, or moved from) must be a record the account may edit."""
    allowed = readable_levels(account)
    for column, owner_kind in OWNERS.get(spec.name, {}).items():
        if column not in values or (current is not None and current.get(column) == values[column]):
            continue
        idents = {values[column]} | ({current[column]} if current is not None else set())
        for ident in sorted(i for i in idents if i):
            owner = store.load_row(session, KINDS[owner_kind], str(ident), include_deleted=True, allowed=allowed)
            level = effective_level(session, owner_kind, owner)
            ensure(account, Action.EDIT, target(owner, level), what=f"{owner_kind} {ident}")


def _resolve(session: Session, account: Principal, spec: KindSpec, values: dict[str, Any]) -> dict[str, Any]:
    return References(session, allowed=readable_levels(account)).resolve(spec, values)


def _given_owners(session: Session, account: Principal, spec: KindSpec, data: dict[str, Any]) -> None:
    """Each owner named in the input (``event`` or ``event_id``…) must be readable: NotFound otherwise, before any
    other answer, so that a role that may not write learns nothing of records above its clearance either."""
    for column, owner_kind in OWNERS.get(spec.name, {}).items():
        ident = data.get(column) or data.get(column.removesuffix("_id"))
        if isinstance(ident, str) and ident:
            store.load_row(session, KINDS[owner_kind], ident, allowed=readable_levels(account))


def create(ws: Workspace, account: Principal, *, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create a record as ``account``. Every record it names must be one the account may read; an owner (an act's
    event…) one it may edit.

    Raises NotFound (an owner above the clearance), Forbidden (role), InvalidInput (bad fields, or a reference that
    names no readable record); nothing is written then.
    """
    spec = store.spec_for(kind)
    if spec.name not in WRITABLE_KINDS:
        raise NotFound(kind, "*")
    data = _blank_links(spec, data)
    _spend(ws, account, *(data.get(name) for column in spec.refs for name in (column, column.removesuffix("_id"))))
    with acting(ws, account).transaction() as session:
        _given_owners(session, account, spec, data)
        ensure(account, Action.CREATE, what=spec.name)
        _check_entry(account, spec, data)
        values = from_user_input(spec, data, partial=False)
        values = _resolve(session, account, spec, values)
        _check_owners(session, account, spec, values)
        writer = Writer(session, account.username)
        row = writer.insert(spec, values)
        writer.flush()
        return _shown(session, account, spec, [row])[0]


def update(ws: Workspace, account: Principal, *, kind: str, ident: str, data: dict[str, Any]) -> dict[str, Any]:
    """Change a record as ``account``; the previous version is kept, and unchanged input writes nothing.

    A reference the account cannot see (emptied when shown) is kept when left empty. Raises NotFound, Forbidden or
    InvalidInput; nothing is written then.
    """
    spec = _spec(kind, WRITABLE_KINDS, ident)
    data = _blank_links(spec, data)
    _spend(ws, account, ident,
           *(data.get(name) for column in spec.refs for name in (column, column.removesuffix("_id"))))
    with acting(ws, account).transaction() as session:
        current = _load(session, account, spec, ident)
        ensure(account, Action.EDIT, target(current, effective_level(session, spec.name, current)),
               what=f"{spec.name} {ident}")
        _check_entry(account, spec, data)
        changes = dict(data)
        if spec.span and changes.get("end") and not changes.get("start") and current.get("start_date"):
            changes["start"] = current["start_date"].isoformat()
        values = from_user_input(spec, changes, partial=True)
        shown = _shown(session, account, spec, [current])[0]
        for column in spec.refs:  # a hidden reference left empty by the form stays as it is
            if column in values and values[column] is None and current.get(column) and shown.get(column) is None:
                del values[column]
        values = _resolve(session, account, spec, values)
        _check_owners(session, account, spec, values, current)
        check_columns(spec, {k: v for k, v in {**current, **values}.items() if k != "id"}, partial=False)
        if all(current.get(k) == v for k, v in values.items()):
            return shown
        writer = Writer(session, account.username)
        row = writer.change(spec, current, values, change="update")
        writer.flush()
        return _shown(session, account, spec, [row])[0]


def delete(ws: Workspace, account: Principal, *, kind: str, ident: str, reason: str) -> dict[str, Any]:
    """Soft-delete a record as ``account``: hidden from lists, kept with who, when and why in its history.

    Raises NotFound, Forbidden, or InvalidInput (no reason); nothing is written then.
    """
    return _stamp(ws, account, kind=kind, ident=ident, reason=reason, action=Action.DELETE)


def restore(ws: Workspace, account: Principal, *, kind: str, ident: str, reason: str) -> dict[str, Any]:
    """Undo a soft deletion as ``account``; the deletion stays in the history. Raises as :func:`delete`."""
    return _stamp(ws, account, kind=kind, ident=ident, reason=reason, action=Action.RESTORE)


def _stamp(ws: Workspace, account: Principal, *, kind: str, ident: str, reason: str, action: Action) -> dict[str, Any]:
    spec = _spec(kind, WRITABLE_KINDS, ident)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput.single("reason", "a deletion or a restore needs a reason",
                                  "الحذف أو الاسترجاع يحتاج إلى سبب")
    _spend(ws, account, ident)
    with acting(ws, account).transaction() as session:
        current = _load(session, account, spec, ident, include_deleted=action is Action.RESTORE)
        ensure(account, action, target(current, effective_level(session, spec.name, current)),
               what=f"{spec.name} {ident}")
        writer = Writer(session, account.username)
        if action is Action.DELETE:
            if current["deleted_at"] is not None:
                raise InvalidInput.single("id", "the record is already deleted", "السجل محذوف من قبل")
            stamp: dict[str, Any] = {"deleted_at": datetime.now(UTC), "deleted_by": account.username,
                                     "deletion_reason": reason}
            row = writer.change(spec, current, stamp, change="delete", reason=reason)
        else:
            if current["deleted_at"] is None:
                raise InvalidInput.single("id", "the record is not deleted", "السجل غير محذوف")
            cleared = {"deleted_at": None, "deleted_by": None, "deletion_reason": None}
            row = writer.change(spec, current, cleared, change="restore", reason=reason)
        writer.flush()
        return _shown(session, account, spec, [row])[0]


def create_event(ws: Workspace, account: Principal, *, event: dict[str, Any], act: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
    """An event, and optionally its first act, in one transaction: both are written or neither.

    Raises Forbidden or InvalidInput (naming every bad field of both); nothing is written then.
    """
    ensure(account, Action.CREATE, what="event")
    event_spec, act_spec = store.spec_for("event"), store.spec_for("act")
    event, act = _blank_links(event_spec, event), _blank_links(act_spec, act) if act else None
    _check_entry(account, event_spec, event)
    if act:
        _check_entry(account, act_spec, act)
    problems: list[Problem] = []

    def checked(step: Callable[[], dict[str, Any]], prefix: str = "") -> dict[str, Any]:
        try:
            return step()
        except InvalidInput as exc:
            problems.extend(Problem(prefix + p.field, p.reason, p.reason_ar) for p in exc.problems)
            return {}

    event_values = checked(lambda: from_user_input(event_spec, event, partial=False))
    act_values = (
        checked(lambda: from_user_input(act_spec, {**act, "event": "new"}, partial=False), "act.") if act else None
    )
    with acting(ws, account).transaction() as session:
        # every reference of both is checked before anything is written, so all problems are named at once
        event_values = checked(lambda: _resolve(session, account, event_spec, event_values))
        if act_values is not None:
            refs = References(session, allowed=readable_levels(account))
            refs.add("event", "new")
            act_values = checked(lambda: refs.resolve(act_spec, act_values or {}), "act.")
        if problems:
            raise InvalidInput(problems)
        writer = Writer(session, account.username)
        row = writer.insert(event_spec, event_values)
        if act_values is not None:
            writer.insert(act_spec, {**act_values, "event_id": row["id"]})
        writer.flush()
        return _shown(session, account, event_spec, [row])[0]
