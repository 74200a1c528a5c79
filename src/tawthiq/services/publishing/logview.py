"""The withheld log as its pages show it: which of the records a run held back the reader may open.

The log names record ids only; a page links each to the record's own page when the reader may read that record
(live, and within the reader's clearance), and shows the bare id otherwise. Admins and coordinators only, as the
log itself (Forbidden otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.domain.publication import WithheldEntry
from tawthiq.services.records.access import READABLE_KINDS
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.workspace import Workspace

__all__ = ["readable_entries"]

CHUNK = 500


def readable_entries(ws: Workspace, account: Principal, entries: Iterable[WithheldEntry]) -> set[tuple[str, str]]:
    """Which ``(kind, id)`` of these entries (their records and the events they belong to) ``account`` may read:
    live records of a readable kind within its clearance. Raises Forbidden for a role that may not publish."""
    ensure(account, Action.PUBLISH, what="withheld log")
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.kind in READABLE_KINDS:
            wanted.setdefault(entry.kind, set()).add(entry.record_id)
        if entry.event_id:
            wanted.setdefault("event", set()).add(entry.event_id)
    allowed = readable_levels(account)
    found: set[tuple[str, str]] = set()
    with ws.reading() as session:
        for kind, ids in sorted(wanted.items()):
            model = KINDS[kind].model
            ordered = sorted(ids)
            for start in range(0, len(ordered), CHUNK):
                query = select(model.id).where(model.id.in_(ordered[start:start + CHUNK]),
                                               readable_clause(kind, allowed))
                if hasattr(model, "deleted_at"):
                    query = query.where(model.deleted_at.is_(None))
                found |= {(kind, str(ident)) for ident in session.scalars(query)}
    return found
