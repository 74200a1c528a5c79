"""The audit log: append-only, each entry chained to the previous one by SHA-256 over canonical JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tawthiq.db.base import Base
from tawthiq.db.models import AuditEntry, AuditHead
from tawthiq.domain.canonical import canonical_hash

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor", "action", "kind", "record_id", "details", "prev_hash")


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash an entry must carry: over its fields, the previous hash included."""
    return canonical_hash({name: entry[name] for name in HASHED_FIELDS})


class AuditChain:
    """Appends entries within one transaction. Taking the head row locks out other writers until commit."""

    def __init__(self, session: Session) -> None:
        self.session = session
        head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
        if head is None:
            head = AuditHead(id=1, seq=0, hash=GENESIS)
            session.add(head)
        self.head = head
        self.pending: list[dict[str, Any]] = []

    def append(
        self, *, actor: str, action: str, kind: str | None = None, record_id: str | None = None,
        details: dict[str, Any] | None = None, at: datetime | None = None,
    ) -> int:
        """Queue one entry; returns its sequence number. Written by ``flush`` (the caller's commit follows)."""
        seq = self.head.seq + 1
        entry: dict[str, Any] = {
            "seq": seq,
            "at": (at or datetime.now(UTC)).isoformat(timespec="microseconds"),
            "actor": actor,
            "action": action,
            "kind": kind,
            "record_id": record_id,
            "details": details or {},
            "prev_hash": self.head.hash,
        }
        entry["hash"] = entry_hash(entry)
        self.pending.append(entry)
        self.head.seq, self.head.hash = seq, entry["hash"]
        return seq

    def flush(self) -> None:
        if self.pending:
            self.session.execute(insert(Base.metadata.tables["audit_log"]), self.pending)
            self.pending = []
        self.session.flush()


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    reason: str

    def describe(self) -> str:
        where = f"audit entry {self.seq}" if self.seq is not None else "audit log"
        return f"{where}: {self.reason}"


def walk_chain(session: Session, batch: int = 5000) -> Iterator[ChainProblem]:
    """Check every entry's hash and link, that no sequence number is missing, and that the head matches."""
    expected_prev, expected_seq = GENESIS, 1
    last_seq = 0
    columns = [getattr(AuditEntry, name) for name in (*HASHED_FIELDS, "hash")]
    rows = session.execute(select(*columns).order_by(AuditEntry.seq).execution_options(yield_per=batch))
    for row in rows:
        entry = dict(row._mapping)
        seq = entry["seq"]
        if seq != expected_seq:
            yield ChainProblem(expected_seq, f"missing (entries {expected_seq}–{seq - 1} are gone)")
        if entry["prev_hash"] != expected_prev:
            yield ChainProblem(seq, "does not link to the entry before it (an entry was removed or altered)")
        if entry_hash(entry) != entry["hash"]:
            yield ChainProblem(seq, "its content does not match its hash (the entry was altered)")
        expected_prev, expected_seq, last_seq = entry["hash"], seq + 1, seq
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != last_seq or head.hash != expected_prev):
        yield ChainProblem(None,
                           f"ends at entry {last_seq} but its head says {head.seq} (entries at the end were removed)")
