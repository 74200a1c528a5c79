"""search documents per clearance: a record has one document per distinct view of it, each serving a range of clearances

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 12:00:00

A document holds nothing above its level: an internal event with a restricted act has an internal document
without the act's words and a restricted one with them. Every document is dropped and every record queued: the
next search (or any catch-up) builds the documents again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SEARCHABLE = (("event", "events"), ("act", "acts"), ("report", "reports"), ("person", "persons"), ("actor", "actors"),
              ("place", "places"))


def _requeue() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DELETE FROM search_fts")
    op.execute("DELETE FROM search_documents")
    op.execute("DELETE FROM search_queue")
    for kind, table in SEARCHABLE:
        op.execute(f"INSERT INTO search_queue (kind, record_id) SELECT '{kind}', id FROM {table}")


def upgrade() -> None:
    _requeue()
    inspector = sa.inspect(op.get_bind())
    if "serves_from" in {c["name"] for c in inspector.get_columns("search_documents")}:
        return  # a database stamped back to an earlier revision (tests of earlier migrations do this) has them
    with op.batch_alter_table("search_documents") as batch:
        batch.drop_constraint("uq_search_documents_kind", type_="unique")
        batch.add_column(sa.Column("serves_from", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("serves_to", sa.Integer(), nullable=False, server_default="2"))
        batch.create_unique_constraint("uq_search_documents_variant", ["kind", "record_id", "serves_from"])


def downgrade() -> None:
    _requeue()
    with op.batch_alter_table("search_documents") as batch:
        batch.drop_constraint("uq_search_documents_variant", type_="unique")
        batch.drop_column("serves_to")
        batch.drop_column("serves_from")
        batch.create_unique_constraint("uq_search_documents_kind", ["kind", "record_id"])
