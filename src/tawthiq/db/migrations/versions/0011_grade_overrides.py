"""grade overrides: the public grade of an event set by hand, with its reason (issue 15, grading)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 15:00:00

An event's grade (confirmed, fair, weak, contested, discounted) is computed from its record; an admin or a
coordinator may set it by hand with a reason. Such overrides are kept here, never deleted: clearing one stamps it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "grade_overrides" in sa.inspect(op.get_bind()).get_table_names():
        return  # a database stamped back to an earlier revision already has it
    op.create_table(
        "grade_overrides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=120), nullable=False),
        sa.Column("grade", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=120), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.Column("cleared_by", sa.String(length=120), nullable=True),
        sa.Column("clear_reason", sa.Text(), nullable=True),
        sa.Column("clear_audit_seq", sa.Integer(), nullable=True),
        sa.CheckConstraint("grade IN ('confirmed', 'fair', 'weak', 'contested', 'discounted')",
                           name=op.f("ck_grade_overrides_grade_allowed")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_grade_overrides_event_id_events")),
        sa.ForeignKeyConstraint(["audit_seq"], ["audit_log.seq"], name=op.f("fk_grade_overrides_audit_seq_audit_log")),
        sa.ForeignKeyConstraint(["clear_audit_seq"], ["audit_log.seq"],
                                name=op.f("fk_grade_overrides_clear_audit_seq_audit_log")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_overrides")),
    )
    op.create_index(op.f("ix_grade_overrides_event_id"), "grade_overrides", ["event_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_grade_overrides_event_id"), table_name="grade_overrides")
    op.drop_table("grade_overrides")
