"""linkage: person listings (victim-list provenance), candidate pairs, link decisions and merges

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('link_candidates',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('left_id', sa.String(length=120), nullable=False),
    sa.Column('right_id', sa.String(length=120), nullable=False),
    sa.Column('probability', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('run_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'event')", name=op.f('ck_link_candidates_kind_allowed')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_candidates'))
    )
    op.create_index('ix_link_candidates_kind', 'link_candidates', ['kind'], unique=False)
    op.create_table('link_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('left_id', sa.String(length=120), nullable=False),
    sa.Column('right_id', sa.String(length=120), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('decided_by', sa.String(length=120), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.CheckConstraint("decision IN ('accept', 'reject')", name=op.f('ck_link_decisions_decision_allowed')),
    sa.CheckConstraint("kind IN ('person', 'event')", name=op.f('ck_link_decisions_kind_allowed')),
    sa.ForeignKeyConstraint(['audit_seq'], ['audit_log.seq'], name=op.f('fk_link_decisions_audit_seq_audit_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_decisions'))
    )
    op.create_index('ix_link_decisions_pair', 'link_decisions', ['kind', 'left_id', 'right_id'], unique=False)
    op.create_table('merges',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=120), nullable=True),
    sa.Column('undo_reason', sa.Text(), nullable=True),
    sa.Column('undo_audit_seq', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('person', 'event')", name=op.f('ck_merges_kind_allowed')),
    sa.ForeignKeyConstraint(['audit_seq'], ['audit_log.seq'], name=op.f('fk_merges_audit_seq_audit_log')),
    sa.ForeignKeyConstraint(['undo_audit_seq'], ['audit_log.seq'], name=op.f('fk_merges_undo_audit_seq_audit_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merges'))
    )
    op.create_table('merge_members',
    sa.Column('merge_id', sa.String(length=120), nullable=False),
    sa.Column('record_id', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['merge_id'], ['merges.id'], name=op.f('fk_merge_members_merge_id_merges')),
    sa.PrimaryKeyConstraint('merge_id', 'record_id', name=op.f('pk_merge_members'))
    )
    op.create_index(op.f('ix_merge_members_record_id'), 'merge_members', ['record_id'], unique=False)
    op.create_table('person_listings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.String(length=120), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('full_name', sa.String(length=500), nullable=True),
    sa.Column('given_name', sa.String(length=200), nullable=True),
    sa.Column('family_name', sa.String(length=200), nullable=True),
    sa.Column('father_name', sa.String(length=200), nullable=True),
    sa.Column('mother_name', sa.String(length=200), nullable=True),
    sa.Column('sex', sa.String(length=20), nullable=True),
    sa.Column('birth_date', sa.String(length=40), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('death_date', sa.String(length=40), nullable=True),
    sa.Column('death_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=120), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['audit_seq'], ['audit_log.seq'], name=op.f('fk_person_listings_audit_seq_audit_log')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_listings_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_listings')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_person_listings_source'))
    )
    op.create_index(op.f('ix_person_listings_person_id'), 'person_listings', ['person_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_person_listings_person_id'), table_name='person_listings')
    op.drop_table('person_listings')
    op.drop_index(op.f('ix_merge_members_record_id'), table_name='merge_members')
    op.drop_table('merge_members')
    op.drop_table('merges')
    op.drop_index('ix_link_decisions_pair', table_name='link_decisions')
    op.drop_table('link_decisions')
    op.drop_index('ix_link_candidates_kind', table_name='link_candidates')
    op.drop_table('link_candidates')
