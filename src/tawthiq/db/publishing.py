"""Publishing tables: the grade an admin or coordinator set for an event by hand, with the reason.

Nothing here is deleted. Clearing an override stamps it as cleared (who, when, why) and keeps it; the event's
grade is then computed again. Each row is tied to its audit entries.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
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
