"""Linkage tables: where a listed person came from, candidate pairs, decisions on them, and merges.

Nothing here is ever deleted. A merge is a record with provenance (who, when, probability, reasons,
members); undoing it stamps it as undone and keeps it. The records it groups are never changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tawthiq.db.base import ID, Base, UTCDateTime

LINK_KINDS = "kind IN ('person', 'event')"


class PersonListing(Base):
    """One row of a victim list as its source wrote it, tied to the person record made from it.

    ``source`` and ``external_id`` are the list's provenance (which organisation's list, which row of
    it); the cells are kept as written, so the person record can be re-derived and re-linked.
    """

    __tablename__ = "person_listings"
    __table_args__ = (UniqueConstraint("source", "external_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str | None] = mapped_column(String(500), nullable=True)
    given_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    family_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    father_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    mother_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sex: Mapped[str | None] = mapped_column(String(20), nullable=True)
    birth_date: Mapped[str | None] = mapped_column(String(40), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    death_date: Mapped[str | None] = mapped_column(String(40), nullable=True)
    death_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[str] = mapped_column(String(120))
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))


class LinkCandidate(Base):
    """A pair the last linkage run scored at or above the candidate threshold, waiting for review.

    A cache of the latest run per kind: a new run replaces the pairs of its kind; decisions stay.
    """

    __tablename__ = "link_candidates"
    __table_args__ = (CheckConstraint(LINK_KINDS, name="kind_allowed"), Index("ix_link_candidates_kind", "kind"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))
    left_id: Mapped[str] = mapped_column(ID)
    right_id: Mapped[str] = mapped_column(ID)
    probability: Mapped[float] = mapped_column(Float)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LinkDecision(Base):
    """A reviewer's accept or reject of a pair. Append-only: the latest decision on a pair counts."""

    __tablename__ = "link_decisions"
    __table_args__ = (
        CheckConstraint(LINK_KINDS, name="kind_allowed"),
        CheckConstraint("decision IN ('accept', 'reject')", name="decision_allowed"),
        Index("ix_link_decisions_pair", "kind", "left_id", "right_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))
    left_id: Mapped[str] = mapped_column(ID)
    right_id: Mapped[str] = mapped_column(ID)
    decision: Mapped[str] = mapped_column(String(8))
    probability: Mapped[float | None] = mapped_column(Float, nullable=True)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))


class Merge(Base):
    """Records judged to be one person or one event, with who decided, when and on what evidence."""

    __tablename__ = "merges"
    __table_args__ = (CheckConstraint(LINK_KINDS, name="kind_allowed"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    probability: Mapped[float | None] = mapped_column(Float, nullable=True)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    undone_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    undo_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    undo_audit_seq: Mapped[int | None] = mapped_column(Integer, ForeignKey("audit_log.seq"), nullable=True)


class MergeMember(Base):
    """One record grouped by a merge."""

    __tablename__ = "merge_members"
    merge_id: Mapped[str] = mapped_column(ID, ForeignKey("merges.id"), primary_key=True)
    record_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)
