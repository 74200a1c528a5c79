"""Preparing a data directory and reporting on it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select

from tawthiq.blobs import LocalBlobStore
from tawthiq.db import schema
from tawthiq.db.models import AuditEntry, AuditHead
from tawthiq.services.accounts.users import ensure_operator
from tawthiq.services.protection import keys as protection
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import Writer
from tawthiq.services.records.vocabularies import load_shipped
from tawthiq.services.workspace import Workspace

# An intake still running is writing its temporary file; one untouched for a day was killed.
STALE_INCOMING_SECONDS = 24 * 3600


def init_workspace(ws: Workspace) -> dict[str, Any]:
    """Create the data directory, bring the database to the current schema and load the shipped vocabularies.

    Safe to run again: it only adds what is missing or newer.
    """
    ws.settings.data_dir.mkdir(parents=True, exist_ok=True)
    schema.upgrade(ws.engine)
    with ws.transaction() as session:
        loaded = load_shipped(session, Writer(session, ws.user))
    leftovers = ws.blobs.clean_incoming(STALE_INCOMING_SECONDS) if isinstance(ws.blobs, LocalBlobStore) else 0
    keys = protection.init_keys(ws)  # the organisation key, and any protected value still in plain text sealed
    operator = ensure_operator(ws)  # a new data directory's operator is its admin
    return {"data_dir": str(ws.settings.data_dir.resolve()), "schema": schema.current_revision(ws.engine), **asdict(loaded),
            "interrupted_intakes_removed": leftovers, "organisation_key": keys["method"],
            "operator_created": operator.username if operator else None}


def workspace_status(ws: Workspace) -> dict[str, Any]:
    """Schema revision, live record counts per kind, evidence and audit totals."""
    revision = schema.current_revision(ws.engine)
    status: dict[str, Any] = {
        "data_dir": str(ws.settings.data_dir.resolve()),
        "database": ws.engine.url.render_as_string(hide_password=True),
        "schema": revision,
        "schema_current": revision == schema.head_revision(),
        "records": {},
    }
    if revision is None:
        return status
    with ws.reading() as session:
        for spec in KINDS.values():
            model = spec.model
            status["records"][spec.plural] = session.scalar(
                select(func.count()).select_from(model).where(model.deleted_at.is_(None))
            )
        status["audit_entries"] = session.scalar(select(func.count()).select_from(AuditEntry))
        head = session.get(AuditHead, 1)
        status["audit_head"] = head.hash if head else None
    return status
