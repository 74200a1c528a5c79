"""The withheld log: each publication run, and every record, field or file it held back with a reason code.

Entries name record ids and reason codes only, never a protected value, and are shown to the roles that publish
(admins and coordinators); every other role is refused. A run is recorded in the audit log too (``publish``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert, select

from tawthiq.db.publishing import PublicationRun, WithheldRecord
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.domain.publication import PublicSet, Withheld, WithheldEntry
from tawthiq.services.records import access
from tawthiq.services.records.store import Writer
from tawthiq.services.workspace import Workspace

__all__ = ["RunView", "record_run", "withheld_log"]

KINDS = ("site", "report", "data")


@dataclass
class RunView:
    """One publication run, and (when asked for one run) what it held back."""

    id: str
    kind: str
    profile: str
    profile_version: int
    by: str
    at: datetime
    output: str
    counts: dict[str, int]
    withheld: list[WithheldEntry] = field(default_factory=list)


def record_run(ws: Workspace, account: Principal, pset: PublicSet, kind: str, out: str) -> str:
    """Record a run that published ``pset`` as ``kind`` (site, report or data) to ``out``, with its withheld
    entries; returns the run id. Raises Forbidden (a role that may not publish), InvalidInput (an unknown kind)."""
    ensure(account, Action.PUBLISH, what="publication")
    if kind not in KINDS:
        raise InvalidInput.single("kind", f"must be one of {', '.join(KINDS)}",
                                  f"يجب أن يكون واحداً من {'، '.join(KINDS)}")
    reasons = Counter(entry.reason.value for entry in pset.withheld)
    counts = {"events": len(pset.events), "acts": sum(len(e.acts) for e in pset.events),
              "sources": sum(len(e.sources) for e in pset.events), "files": sum(len(e.files) for e in pset.events),
              "withheld": len(pset.withheld), **{f"withheld:{r}": n for r, n in sorted(reasons.items())}}
    ident = str(uuid.uuid4())
    with access.acting(ws, account).transaction() as session:
        writer = Writer(session, account.username)
        seq = writer.chain.append(actor=account.username, action="publish", kind="publication", record_id=ident,
                                  details={"kind": kind, "profile": pset.profile.name,
                                           "profile_version": pset.profile.version, "counts": counts})
        writer.flush()
        session.add(PublicationRun(id=ident, kind=kind, profile=pset.profile.name,
                                   profile_version=pset.profile.version, run_by=account.username,
                                   run_at=datetime.now(UTC), output=out, counts=counts, audit_seq=seq))
        session.flush()
        if pset.withheld:  # tens of thousands at national scale: one statement, not an object each
            session.execute(insert(WithheldRecord), [
                {"run_id": ident, "kind": e.kind, "record_id": e.record_id, "reason": e.reason.value,
                 "field": e.field, "event_id": e.event_id} for e in pset.withheld])
    return ident


def withheld_log(ws: Workspace, account: Principal, run: str | None = None) -> list[RunView]:
    """Every run, latest first, with its counts; or one run (by id or a unique prefix) with each entry it held
    back. Admins and coordinators only: Forbidden otherwise. Raises NotFound (no such run)."""
    ensure(account, Action.PUBLISH, what="withheld log")
    with ws.reading() as session:
        if run is None:
            rows = session.scalars(select(PublicationRun).order_by(PublicationRun.run_at.desc(),
                                                                   PublicationRun.id)).all()
            return [_view(row) for row in rows]
        matches = session.scalars(select(PublicationRun).where(PublicationRun.id.startswith(run, autoescape=True))
                                  .limit(2)).all() if run else []
        if len(matches) != 1:
            raise NotFound("publication run", run)
        view = _view(matches[0])
        view.withheld = [WithheldEntry(e.kind, e.record_id, Withheld(e.reason), e.field, e.event_id)
                         for e in session.scalars(select(WithheldRecord).where(WithheldRecord.run_id == view.id)
                                                  .order_by(WithheldRecord.id))]
        return [view]


def _view(row: PublicationRun) -> RunView:
    return RunView(row.id, row.kind, row.profile, row.profile_version, row.run_by, row.run_at, row.output,
                   {k: int(v) for k, v in (row.counts or {}).items()})
