"""Create, read, update and soft-delete records of every kind; each write keeps a version and an audit entry."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from tawthiq.db.base import Base
from tawthiq.db.models import Actor, Concept, RecordVersion
from tawthiq.db.search import QUEUED_KINDS
from tawthiq.domain.canonical import canonical_json
from tawthiq.domain.diff import FieldChange, diff_fields
from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, Problem
from tawthiq.services.audit import AuditChain
from tawthiq.services.protection.sealing import Sealer
from tawthiq.services.records.kinds import KINDS, KindSpec, kind_spec
from tawthiq.services.records.levels import ASSOCIATIONS, LEVELS, OWNERS, highest, owner_level, readable_clause
from tawthiq.services.records.validation import check_columns, from_user_input, user_field
from tawthiq.services.workspace import Workspace

PROTECTED_MARK = "[protected]"


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_dict(spec: KindSpec, row: Any) -> dict[str, Any]:
    """A record as plain JSON-safe values, every column included."""
    table = Base.metadata.tables[spec.table]
    return {c.key: jsonable(getattr(row, c.key)) for c in table.columns}


def spec_for(kind: str) -> KindSpec:
    try:
        return kind_spec(kind)
    except KeyError:
        raise InvalidInput.single(
            "kind", f"{kind!r} is not a kind of record ({', '.join(KINDS)})", f"\u200f{kind!r} ليس نوع سجل معروفاً"
        ) from None


class Writer:
    """Writes records inside one transaction: each insert or change also writes its version and audit entry.

    Never commits; the service that made it does.
    """

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.actor = actor
        self.chain = AuditChain(session)
        self.versions: list[dict[str, Any]] = []
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.to_index: list[dict[str, str]] = []
        self.sealer = Sealer(session)  # protected values are sealed before any row or snapshot holds them

    def insert(self, spec: KindSpec, values: dict[str, Any], *, change: str = "create",
               keep_bookkeeping: bool = False) -> dict[str, Any]:
        now = datetime.now(UTC)
        row = self.sealer.seal(spec, dict(values))
        if not keep_bookkeeping:
            row.update(
                id=row.get("id") or str(uuid.uuid4()), version=1, created_at=now, created_by=self.actor,
                updated_at=now, updated_by=self.actor,
            )
        if not row.get("confidentiality"):
            row["confidentiality"] = self._inherited_level(spec, row) or spec.confidentiality.value
        table = Base.metadata.tables[spec.table]
        for column in table.columns:
            if column.key in row:
                continue
            default = column.default
            if isinstance(default, ScalarElementColumnDefault):
                row[column.key] = default.arg
            elif isinstance(default, CallableColumnDefault):
                # SQLAlchemy wraps plain callables (dict, list) to take an execution context they ignore
                row[column.key] = default.arg(None)  # type: ignore[arg-type]
            else:
                row[column.key] = None
        self.rows.setdefault(spec.name, []).append(row)
        self._record(spec, row, change, reason=None, at=now)
        return row

    def _inherited_level(self, spec: KindSpec, row: dict[str, Any]) -> str | None:
        """A new record whose level is not given takes its owners' (an act its event's): confidentiality is
        derived, not defaulted. None when it has no owner."""
        if spec.name in ASSOCIATIONS:
            return LEVELS[0]
        levels = []
        for column, owner_kind in OWNERS.get(spec.name, {}).items():
            owner_id = row.get(column)
            if not owner_id:
                continue
            pending = next((r for r in self.rows.get(owner_kind, []) if r["id"] == owner_id), None)
            levels.append(pending["confidentiality"] if pending else owner_level(self.session, owner_kind, owner_id))
        return highest(levels) if levels else None

    def change(
        self, spec: KindSpec, current: dict[str, Any], new_values: dict[str, Any], *, change: str,
        reason: str | None = None, version: int | None = None,
    ) -> dict[str, Any]:
        """Write new values over ``current`` as the next version (or ``version``, for an import)."""
        self.flush()
        now = datetime.now(UTC)
        new_values = self.sealer.seal(spec, new_values)
        row = {**current, "updated_at": now, "updated_by": self.actor, **new_values,
               "version": version or current["version"] + 1}
        table = Base.metadata.tables[spec.table]
        stored = {k: v for k, v in row.items() if k != "id"}
        self.session.execute(update(table).where(table.c.id == current["id"]).values(**stored))
        self._record(spec, row, change, reason=reason, at=now)
        for column, target in spec.refs.items():  # a record that pointed here no longer does: its document changes
            before = current.get(column)
            if before and before != row.get(column) and target in QUEUED_KINDS:
                self.to_index.append({"kind": target, "record_id": before})
        return row

    def _record(self, spec: KindSpec, row: dict[str, Any], change: str, *, reason: str | None, at: datetime) -> None:
        # One encoding serves as the stored snapshot and as the input of the hash the audit entry keeps.
        snapshot = canonical_json(row)
        seq = self.chain.append(
            actor=self.actor, action=change, kind=spec.name, record_id=row["id"], at=at,
            details={"version": row["version"], "snapshot": hashlib.sha256(snapshot.encode()).hexdigest()},
        )
        self.versions.append(
            {"kind": spec.name, "record_id": row["id"], "version": row["version"], "change": change, "data": snapshot,
             "changed_by": self.actor, "changed_at": at, "reason": reason, "audit_seq": seq}
        )
        if spec.name in QUEUED_KINDS:
            self.to_index.append({"kind": spec.name, "record_id": row["id"]})

    def flush(self) -> None:
        """Write what is queued: records in dependency order, then audit entries, then versions."""
        for name in KINDS:
            if rows := self.rows.pop(name, None):
                # Core, not ORM, inserts: every row has every column, so they go as one executemany.
                self.session.execute(insert(Base.metadata.tables[KINDS[name].table]), rows)
        self.chain.flush()
        if self.versions:
            self.session.execute(insert(Base.metadata.tables["record_versions"]), self.versions)
            self.versions = []
        if self.to_index:
            self.session.execute(insert(Base.metadata.tables["search_queue"]), self.to_index)
            self.to_index = []


class References:
    """Resolves slugs, ids and id prefixes to full ids, remembering what it has seen in this transaction."""

    def __init__(self, session: Session, *, include_deleted: bool = False,
                 allowed: Sequence[str] | None = None) -> None:
        self.session = session
        self.include_deleted = include_deleted
        self.allowed = allowed  # the levels the writer may read: a reference to anything else names nothing
        self.known: dict[str, set[str]] = {name: set() for name in KINDS}
        self.absent_kinds: set[str] = set()  # kinds known to have no stored rows: nothing to look up

    def add(self, kind: str, ident: str) -> None:
        self.known[kind].add(ident)

    def resolve(self, spec: KindSpec, values: dict[str, Any], *, exact: bool = False,
                line: int | None = None) -> dict[str, Any]:
        """Replace slugs and prefixes by ids; raise InvalidInput for any that names nothing."""
        out = dict(values)
        problems: list[Problem] = []
        for column, vocabulary in spec.vocab.items():
            slug = out.get(column)
            if slug:
                concept_id = slug if slug.startswith(f"{vocabulary}:") else f"{vocabulary}:{slug}"
                if not self._exists("concept", concept_id):
                    problems.append(Problem(user_field(column, spec), f"{slug!r} is not in the vocabulary {vocabulary}",
                                            f"\u200f{slug!r} ليس في المفردات {vocabulary}", line))
                out[column] = concept_id
        for column, target in spec.refs.items():
            ident = out.get(column)
            if not ident or ident in self.known[target]:
                continue
            try:
                out[column] = (self._exact(target, ident) if exact
                               else find_id(self.session, target, ident, allowed=self.allowed))
            except (NotFound, Ambiguous) as exc:
                problems.append(Problem(user_field(column, spec), str(exc), "لا يشير إلى سجل واحد موجود", line))
        if problems:
            raise InvalidInput(problems)
        return out

    def _exact(self, kind: str, ident: str) -> str:
        if not self._exists(kind, ident):
            raise NotFound(kind, ident)
        return ident

    def _exists(self, kind: str, ident: str) -> bool:
        if ident in self.known[kind]:
            return True
        if kind in self.absent_kinds:
            return False
        model = KINDS[kind].model
        live: list[ColumnElement[bool]] = [] if self.include_deleted else [model.deleted_at.is_(None)]
        if self.allowed is not None:
            live.append(readable_clause(kind, self.allowed))
        found = self.session.execute(select(model.id).where(model.id == ident, *live)).first()
        if found:
            self.known[kind].add(ident)
        return found is not None


def find_id(session: Session, kind: str, ident: str, *, include_deleted: bool = False,
            allowed: Sequence[str] | None = None) -> str:
    """The full id of the record ``ident`` names: an id, a unique prefix (4+ characters) or an actor's slug.

    With ``allowed`` (the levels a reader may read), records of any other effective level are not considered at
    all: a prefix they share with a readable record is not ambiguous, and one only they match is not found.
    NotFound and Ambiguous name ``ident`` as given, never a stored id.
    """
    model = KINDS[kind].model
    live: list[ColumnElement[bool]] = [] if include_deleted else [model.deleted_at.is_(None)]
    if allowed is not None:
        live.append(readable_clause(kind, allowed))
    if session.execute(select(model.id).where(model.id == ident, *live)).first():
        return ident
    conditions = []
    if len(ident) >= 4:
        conditions.append(model.id.startswith(ident, autoescape=True))
    if model is Actor:
        conditions.append(Actor.slug == ident)
    if model is Concept and ":" not in ident:
        conditions.append(Concept.slug == ident)
    if not conditions:
        raise NotFound(kind, ident)
    found = session.execute(select(model.id).where(or_(*conditions), *live).limit(2)).scalars().all()
    if not found:
        raise NotFound(kind, ident)
    if len(found) > 1:
        raise Ambiguous(kind, ident, len(found))
    return found[0]


def load_row(session: Session, spec: KindSpec, ident: str, *, include_deleted: bool = False,
             allowed: Sequence[str] | None = None) -> dict[str, Any]:
    record_id = find_id(session, spec.name, ident, include_deleted=include_deleted, allowed=allowed)
    row = session.execute(select(spec.model).where(spec.model.id == record_id)).scalar_one()
    return {c.key: getattr(row, c.key) for c in Base.metadata.tables[spec.table].columns}


def hide_protected(spec: KindSpec, record: dict[str, Any]) -> dict[str, Any]:
    return {k: (PROTECTED_MARK if k in spec.protected and v else v) for k, v in record.items()}


# --- use cases ------------------------------------------------------------------------------------------


def create_record(ws: Workspace, *, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Create one record from user input (slugs, id prefixes, date expressions). Returns it, protected fields hidden.

    Raises InvalidInput naming each bad field; nothing is written then.
    """
    spec = spec_for(kind)
    values = from_user_input(spec, data, partial=False)
    with ws.transaction() as session:
        values = References(session).resolve(spec, values)
        writer = Writer(session, ws.user)
        row = writer.insert(spec, values)
        writer.flush()
    return hide_protected(spec, {k: jsonable(v) for k, v in row.items()})


def update_record(ws: Workspace, *, kind: str, ident: str, data: dict[str, Any]) -> dict[str, Any]:
    """Change some fields of a record; the previous version is kept. Unchanged input writes nothing."""
    spec = spec_for(kind)
    changes = dict(data)
    with ws.transaction() as session:
        current = load_row(session, spec, ident)
        if spec.span and changes.get("end") and not changes.get("start") and current.get("start_date"):
            changes["start"] = current["start_date"].isoformat()
        values = from_user_input(spec, changes, partial=True)
        values = References(session).resolve(spec, values)
        merged = {**current, **values}
        check_columns(spec, {k: v for k, v in merged.items() if k not in ("id",)}, partial=False)
        if all(current.get(k) == v for k, v in values.items()):
            return hide_protected(spec, {k: jsonable(v) for k, v in current.items()})
        writer = Writer(session, ws.user)
        row = writer.change(spec, current, values, change="update")
        writer.flush()
    return hide_protected(spec, {k: jsonable(v) for k, v in row.items()})


def delete_record(ws: Workspace, *, kind: str, ident: str, reason: str) -> dict[str, Any]:
    """Soft-delete: the record is hidden from lists but kept, with who, when and why, in its history."""
    spec = spec_for(kind)
    if not reason or not reason.strip():
        raise InvalidInput.single("reason", "a deletion needs a reason", "الحذف يحتاج إلى سبب")
    with ws.transaction() as session:
        current = load_row(session, spec, ident)
        writer = Writer(session, ws.user)
        stamp = {"deleted_at": datetime.now(UTC), "deleted_by": ws.user, "deletion_reason": reason.strip()}
        row = writer.change(spec, current, stamp, change="delete", reason=reason.strip())
        writer.flush()
    return hide_protected(spec, {k: jsonable(v) for k, v in row.items()})


def restore_record(ws: Workspace, *, kind: str, ident: str, reason: str) -> dict[str, Any]:
    """Undo a soft deletion; the deletion stays in the history."""
    spec = spec_for(kind)
    with ws.transaction() as session:
        current = load_row(session, spec, ident, include_deleted=True)
        if current["deleted_at"] is None:
            raise InvalidInput.single("id", "the record is not deleted", "السجل غير محذوف")
        writer = Writer(session, ws.user)
        cleared = {"deleted_at": None, "deleted_by": None, "deletion_reason": None}
        row = writer.change(spec, current, cleared, change="restore", reason=reason)
        writer.flush()
    return hide_protected(spec, {k: jsonable(v) for k, v in row.items()})


def get_record(ws: Workspace, *, kind: str, ident: str, include_deleted: bool = True) -> dict[str, Any]:
    """One record by id, id prefix or slug, protected fields hidden. Raises NotFound or Ambiguous."""
    spec = spec_for(kind)
    with ws.reading() as session:
        row = load_row(session, spec, ident, include_deleted=include_deleted)
    return hide_protected(spec, {k: jsonable(v) for k, v in row.items()})


def list_records(
    ws: Workspace, *, kind: str, include_deleted: bool = False, where: dict[str, Any] | None = None,
    limit: int | None = None
) -> list[dict[str, Any]]:
    """Records of one kind, oldest first, optionally filtered by exact column values."""
    spec = spec_for(kind)
    model = spec.model
    query = select(model)
    if not include_deleted:
        query = query.where(model.deleted_at.is_(None))
    for column, value in (where or {}).items():
        query = query.where(getattr(model, column) == value)
    query = query.order_by(model.created_at, model.id).limit(limit)
    with ws.reading() as session:
        rows = session.execute(query).scalars().all()
        return [hide_protected(spec, row_dict(spec, row)) for row in rows]


def related_records(ws: Workspace, *, kind: str, ident: str) -> dict[str, list[dict[str, Any]]]:
    """The live records that point at this one, by kind: an event's acts, an act's victims and involvements…"""
    spec = spec_for(kind)
    out: dict[str, list[dict[str, Any]]] = {}
    with ws.reading() as session:
        record_id = find_id(session, spec.name, ident, include_deleted=True)
        for other in KINDS.values():
            for column, target in other.refs.items():
                if target != spec.name or column == "parent_id":
                    continue
                model = other.model
                rows = session.execute(
                    select(model).where(getattr(model, column) == record_id, model.deleted_at.is_(None))
                    .order_by(model.created_at)
                ).scalars().all()
                if rows:
                    out.setdefault(other.plural, []).extend(hide_protected(other, row_dict(other, r)) for r in rows)
    return out


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    change: str
    changed_by: str
    changed_at: datetime
    reason: str | None
    changes: list[FieldChange]

    def as_json(self) -> dict[str, Any]:
        """How the command line and the API print a version (``tawthiq.domain.serial.to_json``)."""
        return {"version": self.version, "change": self.change, "by": self.changed_by,
                "at": self.changed_at.isoformat(), "reason": self.reason,
                "fields": [{"field": c.field, "before": c.before, "after": c.after} for c in self.changes]}


def record_history(ws: Workspace, *, kind: str, ident: str) -> list[HistoryEntry]:
    """Every version of a record, oldest first, each with its field-level changes from the one before."""
    spec = spec_for(kind)
    with ws.reading() as session:
        record_id = find_id(session, spec.name, ident, include_deleted=True)
        versions = session.execute(
            select(RecordVersion).where(RecordVersion.kind == spec.name, RecordVersion.record_id == record_id)
            .order_by(RecordVersion.version)
        ).scalars().all()
    history = []
    previous: dict[str, Any] | None = None
    for v in versions:
        history.append(HistoryEntry(v.version, v.change, v.changed_by, v.changed_at, v.reason,
                                    diff_fields(previous, json.loads(v.data), spec.protected)))
        previous = json.loads(v.data)
    return history
