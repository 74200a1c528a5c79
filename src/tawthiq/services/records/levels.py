"""Effective confidentiality: a record is at least as confidential as what it belongs to.

A record's own level is what its author chose; its *effective* level, the one every read is checked against,
is the highest of its own level and the effective levels of its owners:

- an act belongs to its event; a victim and an involvement to their act; an information to the event or act
  it supports; a link between events to both events;
- an evidence item belongs to every live record it is attached to (and a derived copy to its original); an
  evidence attachment to its item and to what it attaches it to.

Other references (a victim's person, an involvement's actor, an information's source or report, a report's
source…) do not raise the level of the record that holds them: they are *masked* for a reader who may not read
the record they point at (see ``hidden_references``), and never copied into what a lower level may see.

Levels are derived when read, never stored: making an event restricted hides its acts, victims and evidence
from that moment, and making it public again shows them, without rewriting any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, not_, or_, select, true
from sqlalchemy.orm import Session, aliased

from tawthiq.db.models import EvidenceLink
from tawthiq.domain.enums import Confidentiality
from tawthiq.services.records.kinds import KINDS

LEVELS = [level.value for level in Confidentiality]
# kind -> {column: owner kind}: the records whose level a record inherits.
OWNERS: dict[str, dict[str, str]] = {
    "act": {"event_id": "event"},
    "victim": {"act_id": "act"},
    "involvement": {"act_id": "act"},
    "information": {"event_id": "event", "act_id": "act"},
    "event_link": {"from_event_id": "event", "to_event_id": "event"},
    "evidence_link": {"evidence_id": "evidence", "event_id": "event", "act_id": "act", "report_id": "report"},
    "evidence": {"parent_id": "evidence"},
}
ATTACHMENT_TARGETS = {"event_id": "event", "act_id": "act", "report_id": "report"}
# Pure associations: their own level, unless chosen, is the lowest; what they join decides who reads them.
ASSOCIATIONS = frozenset({"evidence_link", "event_link"})
MAX_DEPTH = 5  # copy -> original -> attachment -> act -> event


def highest(levels: Iterable[str | None]) -> str:
    """The most confidential of these levels (public when there are none)."""
    return max((level for level in levels if level), key=LEVELS.index, default=Confidentiality.PUBLIC.value)


def readable_clause(kind: str, allowed: Sequence[str], model: Any = None, depth: int = 0) -> ColumnElement[bool]:
    """A condition on ``model`` (the kind's table, or an alias of it): the record's effective level is one of
    ``allowed``. Owners are tested by correlated EXISTS, so the clause works in any query, count or list."""
    model = model if model is not None else KINDS[kind].model
    if len(allowed) == len(LEVELS):
        return true()
    if not allowed:
        return false()
    conditions: list[ColumnElement[bool]] = [model.confidentiality.in_(list(allowed))]
    if depth >= MAX_DEPTH:
        return and_(*conditions)
    for column, owner_kind in OWNERS.get(kind, {}).items():
        if kind == owner_kind and depth > 0:
            continue  # a copy's original is followed one step: SQLite's parser limits how deep EXISTS may nest
        owner = aliased(KINDS[owner_kind].model)
        value = getattr(model, column)
        owned = exists(select(owner.id).where(owner.id == value,
                                              readable_clause(owner_kind, allowed, owner, depth + 1)))
        conditions.append(or_(value.is_(None), owned))
    if kind == "evidence":
        conditions.append(_attachments_readable(model, allowed, depth))
    return and_(*conditions)


def _attachments_readable(item: Any, allowed: Sequence[str], depth: int) -> ColumnElement[bool]:
    """No live attachment of the item points at a record outside ``allowed``."""
    link = aliased(EvidenceLink)
    hidden = []
    for column, target_kind in ATTACHMENT_TARGETS.items():
        target = aliased(KINDS[target_kind].model)
        value = getattr(link, column)
        hidden.append(and_(value.is_not(None), not_(exists(select(target.id).where(
            target.id == value, readable_clause(target_kind, allowed, target, depth + 1))))))
    return not_(exists(select(link.id).where(link.evidence_id == item.id, link.deleted_at.is_(None), or_(*hidden))))


def effective_level(session: Session, kind: str, record: dict[str, Any], depth: int = 0) -> str:
    """The effective level of one record (a dict of its columns)."""
    levels = [record.get("confidentiality")]
    if depth < MAX_DEPTH:
        for column, owner_kind in OWNERS.get(kind, {}).items():
            owner_id = record.get(column)
            if owner_id and not (kind == owner_kind and depth > 0):
                levels.append(owner_level(session, owner_kind, str(owner_id), depth + 1))
        if kind == "evidence":
            for link in session.scalars(select(EvidenceLink).where(EvidenceLink.evidence_id == record["id"],
                                                                   EvidenceLink.deleted_at.is_(None))):
                for column, target_kind in ATTACHMENT_TARGETS.items():
                    target_id = getattr(link, column)
                    if target_id:
                        levels.append(owner_level(session, target_kind, target_id, depth + 1))
    return highest(levels)


def owner_level(session: Session, kind: str, ident: str, depth: int = 1) -> str:
    """The effective level of the record ``ident`` of ``kind`` (public when there is none)."""
    model = KINDS[kind].model
    row = session.get(model, ident)
    if row is None:
        return Confidentiality.PUBLIC.value
    columns = {"id": row.id, "confidentiality": row.confidentiality,
               **{c: getattr(row, c) for c in OWNERS.get(kind, {})}}
    return effective_level(session, kind, columns, depth)


def readable_ids(session: Session, kind: str, ids: Iterable[str], allowed: Sequence[str]) -> set[str]:
    """Which of these records (live or deleted) have an effective level within ``allowed``."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return set()
    model = KINDS[kind].model
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found |= set(session.scalars(select(model.id).where(model.id.in_(chunk), readable_clause(kind, allowed))))
    return found


def item_level_for(session: Session, targets: dict[str, str]) -> str:
    """The level a new evidence item takes from what it is attached to (``{"event_id": id}``…), at least internal."""
    levels = [Confidentiality.INTERNAL.value]
    for column, ident in targets.items():
        kind = ATTACHMENT_TARGETS.get(column)
        if kind and ident:
            levels.append(owner_level(session, kind, ident, 1))
    return highest(levels)
