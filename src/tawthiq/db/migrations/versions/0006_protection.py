"""protection and offline work: organisation key, second factors and lockouts, trusted instances, bundles

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 17:00:00

Protected fields already stored in plain text are sealed by ``tawthiq keys init`` (or ``tawthiq init``), not
here: sealing needs the organisation key, which a migration does not have. See docs/protection.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tawthiq.db.base import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database stamped back to an earlier revision (tests of earlier migrations do this) keeps these tables.
    if "organisation_keys" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "organisation_keys",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("public_key", sa.String(60), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=False),
        sa.Column("salt", sa.String(60), nullable=False),
        sa.Column("opslimit", sa.Integer(), nullable=False),
        sa.Column("memlimit", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_keys")),
    )
    op.create_table(
        "user_security",
        sa.Column("user_id", sa.String(120), nullable=False),
        sa.Column("totp_secret", sa.String(200), nullable=True),
        sa.Column("totp_confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("totp_pending_secret", sa.String(200), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_security_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_security")),
    )
    op.create_table(
        "trusted_instances",
        sa.Column("public_key", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("trusted_at", UTCDateTime(), nullable=False),
        sa.Column("trusted_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("public_key", name=op.f("pk_trusted_instances")),
    )
    op.create_table(
        "bundle_imports",
        sa.Column("bundle_id", sa.String(64), nullable=False),
        sa.Column("sender", sa.String(60), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(120), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_bundle_imports")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("record_id", sa.String(120), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("incoming_version", sa.Integer(), nullable=False),
        sa.Column("incoming", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(60), nullable=False),
        sa.Column("bundle_id", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    op.create_index("ix_sync_conflicts_record_id", "sync_conflicts", ["record_id"])


def downgrade() -> None:
    op.drop_index("ix_sync_conflicts_record_id", table_name="sync_conflicts")
    for table in ("sync_conflicts", "bundle_imports", "trusted_instances", "user_security", "organisation_keys"):
        op.drop_table(table)
