"""search documents carry kind, confidentiality, status and years as facet tokens: queue every document for rebuilding

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 16:00:00

The next search (or any catch-up) rebuilds the queued documents with the new tokens: a search catches up first,
as it does after any write. An index on end_date lets a search find the date bounds of the index at once.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_search_documents_end_date", "search_documents", ["end_date"])
    op.execute("INSERT INTO search_queue (kind, record_id) SELECT kind, record_id FROM search_documents")


def downgrade() -> None:
    op.drop_index("ix_search_documents_end_date", table_name="search_documents")
    op.execute("INSERT INTO search_queue (kind, record_id) SELECT kind, record_id FROM search_documents")
