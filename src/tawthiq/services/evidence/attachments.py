"""Detaching an evidence item from a record it was attached to by mistake, and undoing that.

An attachment (an evidence link) is a record of its own: detaching it is a soft deletion with a reason, kept in its
history, and a chain-of-custody entry on the item; reattaching restores it, with its own entry. The file and the
item never change. The policy decides as for any deletion: documenters their own attachments (the uploads they
made), coordinators and admins any they can read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from tawthiq.db.models import EvidenceLink
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.services.evidence.store import custody
from tawthiq.services.records.access import acting, target
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import ATTACHMENT_TARGETS, effective_level, readable_clause
from tawthiq.services.records.store import Writer, jsonable, load_row, row_dict
from tawthiq.services.workspace import Workspace


def detach(ws: Workspace, account: Principal, *, link: str, reason: str) -> dict[str, Any]:
    """Detach the item of evidence link ``link`` from what it is attached to.

    Raises NotFound (missing, or above the clearance), Forbidden, or InvalidInput (no reason, already detached);
    nothing is written then.
    """
    return _stamp(ws, account, link=link, reason=reason, action=Action.DELETE)


def reattach(ws: Workspace, account: Principal, *, link: str, reason: str) -> dict[str, Any]:
    """Undo :func:`detach`; the detachment stays in the history and the custody log. Raises as :func:`detach`."""
    return _stamp(ws, account, link=link, reason=reason, action=Action.RESTORE)


def _stamp(ws: Workspace, account: Principal, *, link: str, reason: str, action: Action) -> dict[str, Any]:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput.single("reason", "detaching or reattaching evidence needs a reason",
                                  "فصل الدليل أو إعادة إرفاقه يحتاج إلى سبب")
    spec = KINDS["evidence_link"]
    restoring = action is Action.RESTORE
    with acting(ws, account).transaction() as session:
        current = load_row(session, spec, link, include_deleted=restoring, allowed=readable_levels(account))
        ensure(account, action, target(current, effective_level(session, spec.name, current)),
               what=f"evidence link {link}")
        if restoring and current["deleted_at"] is None:
            raise InvalidInput.single("id", "the evidence is attached", "الدليل مرفق")
        if not restoring and current["deleted_at"] is not None:
            raise InvalidInput.single("id", "the evidence is already detached", "الدليل مفصول من قبل")
        stamp: dict[str, Any] = ({"deleted_at": None, "deleted_by": None, "deletion_reason": None} if restoring else
                                 {"deleted_at": datetime.now(UTC), "deleted_by": account.username,
                                  "deletion_reason": reason})
        writer = Writer(session, account.username)
        row = writer.change(spec, current, stamp, change="restore" if restoring else "delete", reason=reason)
        attached = {kind: current[column] for column, kind in ATTACHMENT_TARGETS.items() if current.get(column)}
        custody(session, writer, current["evidence_id"], "reattach" if restoring else "detach",
                {"link": current["id"], **attached, "reason": reason})
        writer.flush()
        return {k: jsonable(v) for k, v in row.items()}


def attachments_of(ws: Workspace, account: Principal, *, item: str) -> list[dict[str, Any]]:
    """The live attachments of evidence item ``item`` (a whole id) that the account may read: each evidence link
    with the event, act or report it attaches the item to, and its effective level."""
    spec = KINDS["evidence_link"]
    with ws.reading() as session:
        rows = session.scalars(select(EvidenceLink).where(
            EvidenceLink.evidence_id == item, EvidenceLink.deleted_at.is_(None),
            readable_clause(spec.name, readable_levels(account))).order_by(EvidenceLink.created_at)).all()
        out = []
        for row in rows:
            found = row_dict(spec, row)
            out.append({**{k: jsonable(v) for k, v in found.items()},
                        "effective_level": effective_level(session, spec.name, found)})
        return out
