"""search index (documents, queue, the backend's full-text structure) and place-name keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("confidentiality", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("facets", sa.Text(), nullable=False),
        sa.Column("facet_values", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "record_id", name=op.f("uq_search_documents_kind")),
    )
    op.create_index("ix_search_documents_dates", "search_documents", ["start_date", "end_date"])
    op.create_table(
        "search_queue",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_queue")),
    )
    op.create_table(
        "place_names",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("place_id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_place_names_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_names")),
    )
    op.create_index("ix_place_names_key", "place_names", ["key"])
    op.create_index(op.f("ix_place_names_place_id"), "place_names", ["place_id"])
    if op.get_bind().dialect.name == "sqlite":
        # Bodies are already normalised, space-separated tokens: the tokenizer only has to split on spaces.
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, facets, tokenize='unicode61')")
    else:
        op.execute(
            "CREATE INDEX ix_search_documents_fulltext ON search_documents "
            "USING gin (to_tsvector('simple', body || ' ' || facets))"
        )
    # Everything already recorded goes into the queue, so the first search indexes it.
    for kind, table in (("event", "events"), ("act", "acts"), ("report", "reports"), ("person", "persons"),
                        ("actor", "actors"), ("place", "places")):
        op.execute(f"INSERT INTO search_queue (kind, record_id) SELECT '{kind}', id FROM {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    else:
        op.execute("DROP INDEX ix_search_documents_fulltext")
    op.drop_table("place_names")
    op.drop_table("search_queue")
    op.drop_index("ix_search_documents_dates", table_name="search_documents")
    op.drop_table("search_documents")
