"""month names: which Arabic month names a user reads dates with

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 14:00:00

Arabic has two sets of names for the Gregorian months: the Levantine ones (كانون الثاني، شباط، آذار…), used in
Syria, Lebanon, Jordan, Palestine and Iraq, and the ones taken from the Latin names (يناير، فبراير، مارس…). Each user
chooses beside the language; existing users get the Levantine names, the Syrian default.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "month_names" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")}:
        return  # a database stamped back to an earlier revision already has it
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("month_names", sa.String(12), nullable=False, server_default="levantine"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("month_names")
