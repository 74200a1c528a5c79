"""The records of Tawthiq (DESIGN.md's nouns), as tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tawthiq.db.base import ID, Base, RecordMixin, UTCDateTime, enum_check
from tawthiq.domain.enums import DatePrecision, GeoPrecision, InformationRelation, Sex, VerificationStatus

CONCEPT_ID = ID


def concept_fk(nullable: bool = True) -> Mapped[Any]:
    return mapped_column(CONCEPT_ID, ForeignKey("concepts.id"), nullable=nullable, index=True)


class Vocabulary(Base):
    """A controlled vocabulary as shipped (or extended); its concepts are records of their own."""

    __tablename__ = "vocabularies"
    slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    label_en: Mapped[str] = mapped_column(String(200))
    label_ar: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Concept(RecordMixin, Base):
    """A term of a vocabulary. Its id is ``vocabulary:slug``, the same on every instance."""

    __tablename__ = "concepts"
    __extra_args__ = (UniqueConstraint("vocabulary", "slug"),)
    vocabulary: Mapped[str] = mapped_column(String(60), ForeignKey("vocabularies.slug"))
    slug: Mapped[str] = mapped_column(String(60))
    parent_id: Mapped[str | None] = mapped_column(CONCEPT_ID, ForeignKey("concepts.id"), nullable=True)
    label_en: Mapped[str] = mapped_column(String(200))
    label_ar: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    mappings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    vocabulary_version: Mapped[int] = mapped_column(Integer, default=1)


class Place(RecordMixin, Base):
    """A gazetteer entry: names in several scripts, a place in the admin hierarchy, coordinates."""

    __tablename__ = "places"
    __extra_args__ = (UniqueConstraint("gazetteer", "gazetteer_id"),)
    name: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str | None] = mapped_column(String(300), nullable=True)
    alt_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    feature: Mapped[str] = mapped_column(String(40), default="locality")
    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"), nullable=True, index=True)
    country_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    gazetteer: Mapped[str | None] = mapped_column(String(40), nullable=True)
    gazetteer_id: Mapped[str | None] = mapped_column(String(80), nullable=True)


class Actor(RecordMixin, Base):
    """An armed group, state force, unit or authority."""

    __tablename__ = "actors"
    slug: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    name: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str | None] = mapped_column(String(300), nullable=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind_id: Mapped[str | None] = concept_fk()
    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("actors.id"), nullable=True, index=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Person(RecordMixin, Base):
    """A human in any role: victim, witness, source, perpetrator."""

    __tablename__ = "persons"
    __extra_args__ = (enum_check("sex", Sex),)
    name: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str | None] = mapped_column(String(300), nullable=True)
    other_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    sex: Mapped[str] = mapped_column(String(8), default=Sex.UNKNOWN.value)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin_place_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"), nullable=True)
    affiliation_id: Mapped[str | None] = mapped_column(ID, ForeignKey("actors.id"), nullable=True, index=True)
    role_title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    protected_notes: Mapped[str | None] = mapped_column(Text, nullable=True)


class Source(RecordMixin, Base):
    """Where information came from. The identity and contact are protected; the pseudonym is what is shown."""

    __tablename__ = "sources"
    pseudonym: Mapped[str] = mapped_column(String(300))
    kind_id: Mapped[str | None] = concept_fk()
    reliability_id: Mapped[str | None] = concept_fk()
    identity: Mapped[str | None] = mapped_column(Text, nullable=True)
    contact: Mapped[str | None] = mapped_column(Text, nullable=True)
    person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"), nullable=True)
    consent_use: Mapped[bool] = mapped_column(Boolean, default=True)
    consent_share: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class EvidenceItem(RecordMixin, Base):
    """A stored file, addressed by its SHA-256. Derived copies point to their parent and never replace it."""

    __tablename__ = "evidence_items"
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    original_name: Mapped[str] = mapped_column(String(1000))
    captured_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    captured_latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    captured_longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    duration_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("evidence_items.id"), nullable=True)
    derivation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Report(RecordMixin, Base):
    """One piece of information as received."""

    __tablename__ = "reports"
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    source_id: Mapped[str | None] = mapped_column(ID, ForeignKey("sources.id"), nullable=True, index=True)
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(ID, ForeignKey("evidence_items.id"), nullable=True)
    suggestions: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Event(RecordMixin, Base):
    """Something that happened, at a place, over a span of time."""

    __tablename__ = "events"
    __extra_args__ = (
        enum_check("status", VerificationStatus),
        enum_check("date_precision", DatePrecision),
        enum_check("geo_precision", GeoPrecision),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="span_order"),
        Index("ix_events_start_date", "start_date"),
        Index("ix_events_dashboard", "deleted_at", "start_date", "confidentiality"),  # dashboard counts, covering
    )
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_precision: Mapped[str] = mapped_column(String(8), default=DatePrecision.UNKNOWN.value)
    place_id: Mapped[str | None] = mapped_column(ID, ForeignKey("places.id"), nullable=True, index=True)
    place_text: Mapped[str | None] = mapped_column(String(500), nullable=True)
    geo_precision: Mapped[str] = mapped_column(String(8), default=GeoPrecision.REGION.value)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(14), default=VerificationStatus.UNVERIFIED.value)


class EventLink(RecordMixin, Base):
    """A relation between two events: part of, caused, follows…"""

    __tablename__ = "event_links"
    __extra_args__ = (CheckConstraint("from_event_id <> to_event_id", name="not_self"),)
    from_event_id: Mapped[str] = mapped_column(ID, ForeignKey("events.id"), index=True)
    to_event_id: Mapped[str] = mapped_column(ID, ForeignKey("events.id"), index=True)
    relation_id: Mapped[str] = concept_fk(nullable=False)
    note: Mapped[str] = mapped_column(Text, default="")


class Act(RecordMixin, Base):
    """One violation within an event; counted victims are the lowest credible figures."""

    __tablename__ = "acts"
    __extra_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="span_order"),
        CheckConstraint(
            "(killed IS NULL OR killed >= 0) AND (injured IS NULL OR injured >= 0) AND "
            "(detained IS NULL OR detained >= 0) AND (displaced IS NULL OR displaced >= 0)",
            name="counts_not_negative",
        ),
        # dashboard counts, covering
        Index("ix_acts_dashboard", "deleted_at", "type_id", "confidentiality", "event_id"),
    )
    event_id: Mapped[str] = mapped_column(ID, ForeignKey("events.id"), index=True)
    type_id: Mapped[str] = concept_fk(nullable=False)
    method_id: Mapped[str | None] = concept_fk()
    description: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_precision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    victim_description: Mapped[str] = mapped_column(Text, default="")
    killed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    injured: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detained: Mapped[int | None] = mapped_column(Integer, nullable=True)
    displaced: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Victim(RecordMixin, Base):
    """A named person harmed by an act, and how."""

    __tablename__ = "victims"
    act_id: Mapped[str] = mapped_column(ID, ForeignKey("acts.id"), index=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    harm_id: Mapped[str | None] = concept_fk()
    note: Mapped[str] = mapped_column(Text, default="")


class Involvement(RecordMixin, Base):
    """An actor's or a person's part in an act."""

    __tablename__ = "involvements"
    __extra_args__ = (
        CheckConstraint("(actor_id IS NULL) <> (person_id IS NULL)", name="actor_or_person"),
        # dashboard, covering
        Index("ix_involvements_dashboard", "deleted_at", "actor_id", "act_id", "confidentiality"),
    )
    act_id: Mapped[str] = mapped_column(ID, ForeignKey("acts.id"), index=True)
    actor_id: Mapped[str | None] = mapped_column(ID, ForeignKey("actors.id"), nullable=True, index=True)
    person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"), nullable=True, index=True)
    degree_id: Mapped[str] = concept_fk(nullable=False)
    note: Mapped[str] = mapped_column(Text, default="")


class Information(RecordMixin, Base):
    """A report's or a source's support for (or contradiction of) an event or an act."""

    __tablename__ = "information"
    __extra_args__ = (
        enum_check("relation", InformationRelation),
        CheckConstraint("report_id IS NOT NULL OR source_id IS NOT NULL", name="has_origin"),
        CheckConstraint("event_id IS NOT NULL OR act_id IS NOT NULL", name="has_subject"),
    )
    report_id: Mapped[str | None] = mapped_column(ID, ForeignKey("reports.id"), nullable=True, index=True)
    source_id: Mapped[str | None] = mapped_column(ID, ForeignKey("sources.id"), nullable=True, index=True)
    event_id: Mapped[str | None] = mapped_column(ID, ForeignKey("events.id"), nullable=True, index=True)
    act_id: Mapped[str | None] = mapped_column(ID, ForeignKey("acts.id"), nullable=True, index=True)
    relation: Mapped[str] = mapped_column(String(12), default=InformationRelation.SUPPORTS.value)
    connection_id: Mapped[str | None] = concept_fk()
    note: Mapped[str] = mapped_column(Text, default="")


class EvidenceLink(RecordMixin, Base):
    """An evidence item attached to an event, an act or a report."""

    __tablename__ = "evidence_links"
    __extra_args__ = (
        CheckConstraint(
            "(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN act_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN report_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )
    evidence_id: Mapped[str] = mapped_column(ID, ForeignKey("evidence_items.id"), index=True)
    event_id: Mapped[str | None] = mapped_column(ID, ForeignKey("events.id"), nullable=True, index=True)
    act_id: Mapped[str | None] = mapped_column(ID, ForeignKey("acts.id"), nullable=True, index=True)
    report_id: Mapped[str | None] = mapped_column(ID, ForeignKey("reports.id"), nullable=True, index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class CustodyEntry(Base):
    """One action on an evidence item (ingest, export, copy, transfer, derive): who, when, what."""

    __tablename__ = "custody_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[str] = mapped_column(ID, ForeignKey("evidence_items.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))


class RecordVersion(Base):
    """A full snapshot of a record after each change; consecutive snapshots give the field-level history."""

    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("kind", "record_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(20))
    # Canonical JSON text, kept byte for byte: its SHA-256 is the snapshot hash in the audit entry.
    data: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    audit_seq: Mapped[int] = mapped_column(Integer, ForeignKey("audit_log.seq"))


class AuditEntry(Base):
    """Append-only, hash-chained log of every write. ``hash`` covers the entry and the previous hash."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    record_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The last sequence number and hash: the lock writers take, and the anchor that exposes a cut-off tail."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


# The tables of protection and offline work, and of publishing, live in their own modules; importing them
# registers them.
from tawthiq.db import protection as _protection, publishing as _publishing  # noqa: E402,F401
