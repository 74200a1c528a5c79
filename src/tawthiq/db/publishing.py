"""Publishing tables: grades set by hand, publication profiles (versioned) and the withheld log of each run.

Nothing here is deleted. Clearing an override stamps it as cleared (who, when, why) and keeps it; the event's
grade is then computed again. Saving a profile adds a version and keeps the earlier ones. A publication run keeps
what it held back and why: record ids and reason codes only, never a protected value. Each row is tied to its
audit entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tawthiq.db.base import ID, Base, UTCDateTime

GRADES = "grade IN ('confirmed', 'fair', 'weak', 'contested', 'discounted')"


class GradeOverride(Base):
    """A grade set by hand for an event; the active one is the latest not cleared."""

    __tablename__ = "grade_overrides"
    __table_args__ = (CheckConstraint(GRADES, name="grade_allowed"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ID, ForeignKey("events.id"), index=True)
    grade: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cleared_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    clear_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    clear_audit_seq: Mapped[int | None] = mapped_column(Integer, ForeignKey("audit_log.seq"), nullable=True)


class PublicationProfile(Base):
    """One version of a publication profile saved by an admin or a coordinator (the JSON of its keys)."""

    __tablename__ = "publication_profiles"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_by: Mapped[str] = mapped_column(String(120))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))


class PublicationRun(Base):
    """One publication (a site, a report, a data set): which profile, by whom, when, where to, and counts."""

    __tablename__ = "publication_runs"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    profile: Mapped[str] = mapped_column(String(60))
    profile_version: Mapped[int] = mapped_column(Integer)
    run_by: Mapped[str] = mapped_column(String(120))
    run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    output: Mapped[str] = mapped_column(Text)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))


class WithheldRecord(Base):
    """One thing a run held back: the record (by id), the field if only a field, and the reason code."""

    __tablename__ = "withheld_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ID, ForeignKey("publication_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(30))
    field: Mapped[str | None] = mapped_column(String(60), nullable=True)
    event_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
