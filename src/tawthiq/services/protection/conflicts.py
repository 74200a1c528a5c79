"""Sync conflicts: records changed here and at another instance while apart, listed for review and resolved.

A bundle import keeps the local version and stores the other side's in ``sync_conflicts``
(services/protection/bundles.py). Resolving one writes the chosen content as a new version of the record: the
local one, the remote one, or a merge a person wrote. Nothing is lost: every earlier version stays in the
record's history and the other side's version stays in the conflict row, which is marked resolved with who and
when. Each resolution is an audit entry.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from tawthiq.db.models import AuditEntry
from tawthiq.db.protection import SyncConflict
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.protection.instance import fingerprint
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import BOOKKEEPING, KINDS
from tawthiq.services.records.store import PROTECTED_MARK, References, Writer, hide_protected, jsonable, load_row
from tawthiq.services.records.validation import check_columns, from_user_input
from tawthiq.services.workspace import Workspace

KEEP_CHOICES = ("local", "remote", "merged")
# What the remote side's row brings along besides content: its deletion, if it deleted the record.
_REMOTE_STATE = frozenset({"deleted_at", "deleted_by", "deletion_reason"})


def list_conflicts(ws: Workspace, account: Principal, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Records changed on both sides while apart, with the other side's version (protected fields hidden).

    Raises Forbidden unless the account may review conflicts.
    """
    ensure(account, Action.SEE_CONFLICTS)
    with ws.reading() as session:
        query = select(SyncConflict).order_by(SyncConflict.id)
        if not include_resolved:
            query = query.where(SyncConflict.resolved_at.is_(None))
        return [_shown(c) for c in session.scalars(query)]


def _shown(c: SyncConflict) -> dict[str, Any]:
    spec = KINDS[c.kind]
    return {"id": c.id, "kind": c.kind, "record_id": c.record_id, "local_version": c.local_version,
            "incoming_version": c.incoming_version, "from": fingerprint(c.sender),
            "incoming": hide_protected(spec, json.loads(c.incoming)), "resolved": c.resolved_at is not None,
            "resolved_by": c.resolved_by}


def resolve_conflict(ws: Workspace, account: Principal, *, conflict_id: int, keep: str,
                     record: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolve conflict ``conflict_id`` by writing a new version of its record.

    ``keep`` is ``local`` (this instance's content, as a new version that records the decision), ``remote``
    (the other instance's content) or ``merged`` (``record``: the fields to write over the local version, as
    ``record update`` takes them). Returns the record (protected fields hidden) and the new version.
    Raises Forbidden (role), or InvalidInput for an unknown or resolved conflict, a wrong choice or a bad merged
    record; then nothing is written.
    """
    ensure(account, Action.RESOLVE_CONFLICTS)
    ws = acting(ws, account)
    if keep not in KEEP_CHOICES:
        raise InvalidInput.single("keep", "is local, remote or a merged record", "القيمة local أو remote أو سجل مدموج")
    if (keep == "merged") is (record is None):
        raise InvalidInput.single("record", "a merged record is given with keep=merged, and only then",
                                  "يُعطى السجل المدموج مع keep=merged فقط")
    with ws.transaction() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise InvalidInput.single("conflict", f"there is no conflict {conflict_id}", "لا يوجد تعارض بهذا الرقم")
        if conflict.resolved_at is not None:
            raise InvalidInput.single("conflict", f"conflict {conflict_id} was resolved by {conflict.resolved_by}",
                                      "هذا التعارض حُلّ مسبقاً")
        spec = KINDS[conflict.kind]
        current = load_row(session, spec, conflict.record_id, include_deleted=True)
        if keep == "remote":
            incoming = check_columns(spec, json.loads(conflict.incoming), partial=False)
            values = {k: v for k, v in incoming.items() if k not in BOOKKEEPING or k in _REMOTE_STATE}
            values = References(session, include_deleted=True).resolve(spec, values, exact=True)
        elif keep == "merged":
            assert record is not None
            if any(v == PROTECTED_MARK for v in record.values()):
                raise InvalidInput.single("record", f"replace {PROTECTED_MARK} by the value, or leave the field out",
                                          "ضع القيمة مكان العلامة أو احذف الحقل")
            values = References(session).resolve(spec, from_user_input(spec, record, partial=True))
            check_columns(spec, {k: v for k, v in {**current, **values}.items() if k != "id"}, partial=False)
        else:
            values = {}
        writer = Writer(session, ws.user)
        reason = (
            f"sync conflict {conflict.id} resolved: kept the {keep} version (other side {fingerprint(conflict.sender)})"
        )
        row = writer.change(spec, current, values, change="sync-resolve", reason=reason)
        conflict.resolved_at = datetime.now(UTC)
        conflict.resolved_by = ws.user
        # the other side's version, named in the next bundle's history so that the other instance takes this one
        flagged = session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "sync-conflict", AuditEntry.kind == spec.name, AuditEntry.record_id == current["id"]))
        snapshot = next((d.get("incoming_snapshot") for d in flagged if d.get("bundle") == conflict.bundle_id), None)
        writer.chain.append(actor=ws.user, action="conflict-resolve", kind=spec.name, record_id=current["id"], details={
            "conflict": conflict.id, "keep": keep, "version": row["version"],
            "incoming_version": conflict.incoming_version, "bundle": conflict.bundle_id, "incoming_snapshot": snapshot})
        writer.flush()
    return {"conflict": conflict_id, "keep": keep, "kind": spec.name, "version": row["version"],
            "record": hide_protected(spec, {k: jsonable(v) for k, v in row.items()})}
