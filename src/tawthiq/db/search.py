"""The search index: documents of the searchable records, kept by the services, queried by full text.

The full-text structure itself is backend-specific and created by migration 0002: an FTS5 table
``search_fts`` on SQLite, a GIN index over ``to_tsvector('simple', body || ' ' || facets)`` on PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tawthiq.db.base import Base

FTS_OBJECTS = ("search_fts", "ix_search_documents_fulltext")
# Writes to these kinds change what some search document says (an involvement changes its event's actors).
QUEUED_KINDS = frozenset({"event", "act", "report", "person", "actor", "place", "involvement", "victim"})


class SearchDocument(Base):
    """What search sees of one record: normalised tokens, facet tokens, and the columns filters need."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("kind", "record_id", "serves_from", name="uq_search_documents_variant"),
                      Index("ix_search_documents_dates", "start_date", "end_date"),
                      Index("ix_search_documents_end_date", "end_date"),
                      Index("ix_search_documents_kind_start", "kind", "start_date"))  # lists by date (0012)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(120))
    confidentiality: Mapped[str] = mapped_column(String(12))  # the record's effective level
    # the clearances this document serves, as positions in Confidentiality (0 public … 2 restricted): a record has
    # one document per distinct view of it, and each clearance that may read it is served by exactly one
    serves_from: Mapped[int] = mapped_column(Integer, default=0)
    serves_to: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[str | None] = mapped_column(String(14), nullable=True)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    facets: Mapped[str] = mapped_column(Text, default="")
    facet_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SearchQueue(Base):
    """Records written since they were last indexed; the index catches up before each search."""

    __tablename__ = "search_queue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(120))


class PlaceName(Base):
    """Every name of every place under its matching key: how mentions in text find gazetteer places."""

    __tablename__ = "place_names"
    __table_args__ = (Index("ix_place_names_key", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    place_id: Mapped[str] = mapped_column(String(120), ForeignKey("places.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))
