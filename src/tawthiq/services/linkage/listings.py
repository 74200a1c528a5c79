"""The victim lists a person appears in: the rows of imported lists (their provenance) tied to the person record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tawthiq.db.linkage import PersonListing
from tawthiq.domain.policy import Principal
from tawthiq.services.records import access
from tawthiq.services.records.store import jsonable
from tawthiq.services.workspace import Workspace


def listings_of(ws: Workspace, account: Principal, *, person: str) -> list[dict[str, Any]]:
    """The list rows person record ``person`` was made from or merged with: which list (``source``), which row of it
    (``external_id``), the name as the list wrote it, and when it was imported. Raises NotFound when the person is
    missing or above the account's clearance, as reading it would."""
    found = access.read_record(ws, account, kind="person", ident=person, include_deleted=True)
    with ws.reading() as session:
        rows = session.scalars(select(PersonListing).where(PersonListing.person_id == found["id"])
                               .order_by(PersonListing.source, PersonListing.external_id)).all()
    return [{"source": r.source, "external_id": r.external_id, "full_name": r.full_name,
             "imported_at": jsonable(r.imported_at)} for r in rows]
