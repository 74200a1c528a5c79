"""Tables of protection and offline work: the wrapped organisation key, second factors and lockouts, trusted
instances, imported bundles and the conflicts they raised."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tawthiq.db import accounts as _accounts  # noqa: F401  (user_security refers to users)
from tawthiq.db.base import ID, Base, UTCDateTime


class OrganisationKey(Base):
    """The organisation's X25519 public key, and its private key wrapped by a passphrase or a key file (one row)."""

    __tablename__ = "organisation_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    method: Mapped[str] = mapped_column(String(20))
    public_key: Mapped[str] = mapped_column(String(60))
    wrapped: Mapped[str] = mapped_column(Text)
    salt: Mapped[str] = mapped_column(String(60), default="")
    opslimit: Mapped[int] = mapped_column(Integer, default=0)
    memlimit: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(120))


class UserSecurity(Base):
    """A user's second factor (TOTP) and failed-login count; kept beside ``users`` so that table stays as it is."""

    __tablename__ = "user_security"
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), primary_key=True)
    totp_secret: Mapped[str | None] = mapped_column(String(200), nullable=True)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # a new secret the user is enrolling: the one above keeps working until a first code confirms this one
    totp_pending_secret: Mapped[str | None] = mapped_column(String(200), nullable=True)
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)  # a code is accepted once
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TrustedInstance(Base):
    """Another instance whose bundles are accepted, known by its Ed25519 public key exchanged out of band."""

    __tablename__ = "trusted_instances"
    public_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    trusted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trusted_by: Mapped[str] = mapped_column(String(120))


class BundleImport(Base):
    """A bundle already imported: a second import of it changes nothing."""

    __tablename__ = "bundle_imports"
    bundle_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sender: Mapped[str] = mapped_column(String(60))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[str] = mapped_column(String(120))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncConflict(Base):
    """The same record changed here and at another instance while apart: the other side's version, kept for review."""

    __tablename__ = "sync_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(120), index=True)
    local_version: Mapped[int] = mapped_column(Integer)
    incoming_version: Mapped[int] = mapped_column(Integer)
    incoming: Mapped[str] = mapped_column(Text)  # canonical JSON of the other side's record (protected fields sealed)
    sender: Mapped[str] = mapped_column(String(60))
    bundle_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
