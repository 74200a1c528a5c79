"""dashboard indexes: covering indexes for the web dashboard's counts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 18:00:00

Each dashboard count then reads one index in order (live rows first, then the grouped column), never the
table and never a temporary sort: under 100 ms at 100,000 events on SQLite. See docs/web.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_dashboard": ("events", ["deleted_at", "start_date", "confidentiality"]),
    "ix_acts_dashboard": ("acts", ["deleted_at", "type_id", "confidentiality", "event_id"]),
    "ix_involvements_dashboard": ("involvements", ["deleted_at", "actor_id", "act_id", "confidentiality"]),
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for name, (table, columns) in INDEXES.items():
        # a database stamped back to an earlier revision (tests of earlier migrations do this) keeps them
        if name not in {i["name"] for i in inspector.get_indexes(table)}:
            op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
