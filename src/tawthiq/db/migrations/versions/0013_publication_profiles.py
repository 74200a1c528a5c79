"""publication profiles and the withheld log (issue 15, profiles and redaction)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:30:00

Profiles saved by admins and coordinators, one row per version (earlier versions kept); each publication run,
and what it held back with a reason code (record ids only, never a protected value).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a database stamped back to an earlier revision already has them
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "publication_profiles" not in existing:
        op.create_table(
            "publication_profiles",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("name", sa.String(length=60), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("saved_by", sa.String(length=120), nullable=False),
            sa.Column("saved_at", sa.DateTime(), nullable=False),
            sa.Column("audit_seq", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["audit_seq"], ["audit_log.seq"],
                                    name=op.f("fk_publication_profiles_audit_seq_audit_log")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_profiles")),
            sa.UniqueConstraint("name", "version", name=op.f("uq_publication_profiles_name")),
        )
    if "publication_runs" not in existing:
        op.create_table(
            "publication_runs",
            sa.Column("id", sa.String(length=120), nullable=False),
            sa.Column("kind", sa.String(length=12), nullable=False),
            sa.Column("profile", sa.String(length=60), nullable=False),
            sa.Column("profile_version", sa.Integer(), nullable=False),
            sa.Column("run_by", sa.String(length=120), nullable=False),
            sa.Column("run_at", sa.DateTime(), nullable=False),
            sa.Column("output", sa.Text(), nullable=False),
            sa.Column("counts", sa.JSON(), nullable=False),
            sa.Column("audit_seq", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["audit_seq"], ["audit_log.seq"],
                                    name=op.f("fk_publication_runs_audit_seq_audit_log")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_runs")),
        )
    if "withheld_entries" not in existing:
        op.create_table(
            "withheld_entries",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("run_id", sa.String(length=120), nullable=False),
            sa.Column("kind", sa.String(length=30), nullable=False),
            sa.Column("record_id", sa.String(length=120), nullable=False),
            sa.Column("reason", sa.String(length=30), nullable=False),
            sa.Column("field", sa.String(length=60), nullable=True),
            sa.Column("event_id", sa.String(length=120), nullable=True),
            sa.ForeignKeyConstraint(["run_id"], ["publication_runs.id"],
                                    name=op.f("fk_withheld_entries_run_id_publication_runs")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_withheld_entries")),
        )
        op.create_index(op.f("ix_withheld_entries_run_id"), "withheld_entries", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_withheld_entries_run_id"), table_name="withheld_entries")
    op.drop_table("withheld_entries")
    op.drop_table("publication_runs")
    op.drop_table("publication_profiles")
