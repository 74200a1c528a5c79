"""one place per place: hand-entered places that duplicate a gazetteer place are merged into it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00

Earlier versions let the demo (and accepted report suggestions) write their own "Syria", "Deir ez-Zor Governorate"
or "Albu Kamal" beside the gazetteer's: facets named Syria twice and filtering by the gazetteer's Deir ez-Zor found
the events at the other one. Each such place is merged into the gazetteer's record only on evidence (same spelling,
same kind, same enclosing area or a few kilometres apart: services/coding/duplicates.py): events, persons and the
places within it move there, and it is soft-deleted with the reason. Every change is a version with its audit entry,
so the audit chain and the records still verify. Running it again (a database stamped back) finds nothing to merge.
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy import inspect
from sqlalchemy.orm import Session

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ACTOR = "tawthiq-migration-0009"  # who the versions and audit entries name


def upgrade() -> None:
    from tawthiq.services.coding.duplicates import merge_duplicate_places
    from tawthiq.services.records.store import Writer

    bind = op.get_bind()
    if not inspect(bind).has_table("places"):
        return
    session = Session(bind=bind)  # joins the migration's transaction: it commits or rolls back with it
    try:
        merges = merge_duplicate_places(session, Writer(session, ACTOR))
        session.flush()
    finally:
        session.close()
    logging.getLogger("alembic.runtime.migration").info("0009: %d duplicate places merged into the gazetteer's",
                                                         len(merges))


def downgrade() -> None:
    """Merges are not undone: each duplicate stays in the history, and `tawthiq place restore ID --reason …`
    brings one back."""
