"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 13:05:35.683138
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=True),
    sa.Column('record_id', sa.String(length=120), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_log_hash'))
    )
    op.create_table('evidence_items',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('original_name', sa.String(length=1000), nullable=False),
    sa.Column('captured_at', sa.String(length=40), nullable=True),
    sa.Column('captured_latitude', sa.Float(), nullable=True),
    sa.Column('captured_longitude', sa.Float(), nullable=True),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('extracted', sa.JSON(), nullable=False),
    sa.Column('parent_id', sa.String(length=120), nullable=True),
    sa.Column('derivation', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_evidence_items_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['parent_id'], ['evidence_items.id'],
                            name=op.f('fk_evidence_items_parent_id_evidence_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_items')),
    sa.UniqueConstraint('sha256', name=op.f('uq_evidence_items_sha256'))
    )
    op.create_table('places',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=True),
    sa.Column('alt_names', sa.JSON(), nullable=False),
    sa.Column('feature', sa.String(length=40), nullable=False),
    sa.Column('parent_id', sa.String(length=120), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('gazetteer', sa.String(length=40), nullable=True),
    sa.Column('gazetteer_id', sa.String(length=80), nullable=True),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_places_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['parent_id'], ['places.id'], name=op.f('fk_places_parent_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places')),
    sa.UniqueConstraint('gazetteer', 'gazetteer_id', name=op.f('uq_places_gazetteer'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_parent_id'), ['parent_id'], unique=False)

    op.create_table('vocabularies',
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('label_ar', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_vocabularies'))
    )
    op.create_table('concepts',
    sa.Column('vocabulary', sa.String(length=60), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('parent_id', sa.String(length=120), nullable=True),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('label_ar', sa.String(length=200), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('mappings', sa.JSON(), nullable=False),
    sa.Column('vocabulary_version', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_concepts_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['parent_id'], ['concepts.id'], name=op.f('fk_concepts_parent_id_concepts')),
    sa.ForeignKeyConstraint(['vocabulary'], ['vocabularies.slug'], name=op.f('fk_concepts_vocabulary_vocabularies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concepts')),
    sa.UniqueConstraint('vocabulary', 'slug', name=op.f('uq_concepts_vocabulary'))
    )
    op.create_table('custody_entries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('evidence_id', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['audit_seq'], ['audit_log.seq'], name=op.f('fk_custody_entries_audit_seq_audit_log')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence_items.id'],
                            name=op.f('fk_custody_entries_evidence_id_evidence_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_entries'))
    )
    with op.batch_alter_table('custody_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_entries_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('events',
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=False),
    sa.Column('place_id', sa.String(length=120), nullable=True),
    sa.Column('place_text', sa.String(length=500), nullable=True),
    sa.Column('geo_precision', sa.String(length=8), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_events_confidentiality_allowed')),
    sa.CheckConstraint("date_precision IN ('day', 'week', 'month', 'year', 'unknown')",
                       name=op.f('ck_events_date_precision_allowed')),
    sa.CheckConstraint("geo_precision IN ('exact', 'near', 'region', 'country')",
                       name=op.f('ck_events_geo_precision_allowed')),
    sa.CheckConstraint("status IN ('unverified', 'corroborated', 'verified', 'disputed', 'false')",
                       name=op.f('ck_events_status_allowed')),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date',
                       name=op.f('ck_events_span_order')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_events_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_place_id'), ['place_id'], unique=False)
        batch_op.create_index('ix_events_start_date', ['start_date'], unique=False)

    op.create_table('record_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('record_id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('change', sa.String(length=20), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('changed_by', sa.String(length=120), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['audit_seq'], ['audit_log.seq'], name=op.f('fk_record_versions_audit_seq_audit_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_versions')),
    sa.UniqueConstraint('kind', 'record_id', 'version', name=op.f('uq_record_versions_kind'))
    )
    op.create_table('actors',
    sa.Column('slug', sa.String(length=80), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('kind_id', sa.String(length=120), nullable=True),
    sa.Column('parent_id', sa.String(length=120), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_actors_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['kind_id'], ['concepts.id'], name=op.f('fk_actors_kind_id_concepts')),
    sa.ForeignKeyConstraint(['parent_id'], ['actors.id'], name=op.f('fk_actors_parent_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('slug', name=op.f('uq_actors_slug'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actors_parent_id'), ['parent_id'], unique=False)

    op.create_table('acts',
    sa.Column('event_id', sa.String(length=120), nullable=False),
    sa.Column('type_id', sa.String(length=120), nullable=False),
    sa.Column('method_id', sa.String(length=120), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=True),
    sa.Column('victim_description', sa.Text(), nullable=False),
    sa.Column('killed', sa.Integer(), nullable=True),
    sa.Column('injured', sa.Integer(), nullable=True),
    sa.Column('detained', sa.Integer(), nullable=True),
    sa.Column('displaced', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_acts_confidentiality_allowed')),
    sa.CheckConstraint('(killed IS NULL OR killed >= 0) AND (injured IS NULL OR injured >= 0) AND '
                       '(detained IS NULL OR detained >= 0) AND (displaced IS NULL OR displaced >= 0)',
                       name=op.f('ck_acts_counts_not_negative')),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date',
                       name=op.f('ck_acts_span_order')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_acts_event_id_events')),
    sa.ForeignKeyConstraint(['method_id'], ['concepts.id'], name=op.f('fk_acts_method_id_concepts')),
    sa.ForeignKeyConstraint(['type_id'], ['concepts.id'], name=op.f('fk_acts_type_id_concepts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acts'))
    )
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acts_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acts_method_id'), ['method_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acts_type_id'), ['type_id'], unique=False)

    op.create_table('event_links',
    sa.Column('from_event_id', sa.String(length=120), nullable=False),
    sa.Column('to_event_id', sa.String(length=120), nullable=False),
    sa.Column('relation_id', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_event_links_confidentiality_allowed')),
    sa.CheckConstraint('from_event_id <> to_event_id', name=op.f('ck_event_links_not_self')),
    sa.ForeignKeyConstraint(['from_event_id'], ['events.id'], name=op.f('fk_event_links_from_event_id_events')),
    sa.ForeignKeyConstraint(['relation_id'], ['concepts.id'], name=op.f('fk_event_links_relation_id_concepts')),
    sa.ForeignKeyConstraint(['to_event_id'], ['events.id'], name=op.f('fk_event_links_to_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_links'))
    )
    with op.batch_alter_table('event_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_links_from_event_id'), ['from_event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_links_relation_id'), ['relation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_links_to_event_id'), ['to_event_id'], unique=False)

    op.create_table('persons',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=True),
    sa.Column('other_names', sa.JSON(), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('origin_place_id', sa.String(length=120), nullable=True),
    sa.Column('affiliation_id', sa.String(length=120), nullable=True),
    sa.Column('role_title', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('protected_notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_persons_confidentiality_allowed')),
    sa.CheckConstraint("sex IN ('female', 'male', 'unknown')", name=op.f('ck_persons_sex_allowed')),
    sa.ForeignKeyConstraint(['affiliation_id'], ['actors.id'], name=op.f('fk_persons_affiliation_id_actors')),
    sa.ForeignKeyConstraint(['origin_place_id'], ['places.id'], name=op.f('fk_persons_origin_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_affiliation_id'), ['affiliation_id'], unique=False)

    op.create_table('involvements',
    sa.Column('act_id', sa.String(length=120), nullable=False),
    sa.Column('actor_id', sa.String(length=120), nullable=True),
    sa.Column('person_id', sa.String(length=120), nullable=True),
    sa.Column('degree_id', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_involvements_confidentiality_allowed')),
    sa.CheckConstraint('(actor_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_involvements_actor_or_person')),
    sa.ForeignKeyConstraint(['act_id'], ['acts.id'], name=op.f('fk_involvements_act_id_acts')),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_involvements_actor_id_actors')),
    sa.ForeignKeyConstraint(['degree_id'], ['concepts.id'], name=op.f('fk_involvements_degree_id_concepts')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_involvements_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_involvements'))
    )
    with op.batch_alter_table('involvements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_involvements_act_id'), ['act_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_involvements_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_involvements_degree_id'), ['degree_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_involvements_person_id'), ['person_id'], unique=False)

    op.create_table('sources',
    sa.Column('pseudonym', sa.String(length=300), nullable=False),
    sa.Column('kind_id', sa.String(length=120), nullable=True),
    sa.Column('reliability_id', sa.String(length=120), nullable=True),
    sa.Column('identity', sa.Text(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('person_id', sa.String(length=120), nullable=True),
    sa.Column('consent_use', sa.Boolean(), nullable=False),
    sa.Column('consent_share', sa.Boolean(), nullable=False),
    sa.Column('consent_publish', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_sources_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['kind_id'], ['concepts.id'], name=op.f('fk_sources_kind_id_concepts')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_sources_person_id_persons')),
    sa.ForeignKeyConstraint(['reliability_id'], ['concepts.id'], name=op.f('fk_sources_reliability_id_concepts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources'))
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_reliability_id'), ['reliability_id'], unique=False)

    op.create_table('victims',
    sa.Column('act_id', sa.String(length=120), nullable=False),
    sa.Column('person_id', sa.String(length=120), nullable=False),
    sa.Column('harm_id', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_victims_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['act_id'], ['acts.id'], name=op.f('fk_victims_act_id_acts')),
    sa.ForeignKeyConstraint(['harm_id'], ['concepts.id'], name=op.f('fk_victims_harm_id_concepts')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_victims_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_victims'))
    )
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_victims_act_id'), ['act_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_victims_harm_id'), ['harm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_victims_person_id'), ['person_id'], unique=False)

    op.create_table('reports',
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('source_id', sa.String(length=120), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('evidence_id', sa.String(length=120), nullable=True),
    sa.Column('suggestions', sa.JSON(), nullable=True),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_reports_confidentiality_allowed')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence_items.id'], name=op.f('fk_reports_evidence_id_evidence_items')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_reports_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_source_id'), ['source_id'], unique=False)

    op.create_table('evidence_links',
    sa.Column('evidence_id', sa.String(length=120), nullable=False),
    sa.Column('event_id', sa.String(length=120), nullable=True),
    sa.Column('act_id', sa.String(length=120), nullable=True),
    sa.Column('report_id', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_evidence_links_confidentiality_allowed')),
    sa.CheckConstraint('(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) + '
                       '(CASE WHEN act_id IS NULL THEN 0 ELSE 1 END) + '
                       '(CASE WHEN report_id IS NULL THEN 0 ELSE 1 END) = 1',
                       name=op.f('ck_evidence_links_one_target')),
    sa.ForeignKeyConstraint(['act_id'], ['acts.id'], name=op.f('fk_evidence_links_act_id_acts')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_evidence_links_event_id_events')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence_items.id'],
                            name=op.f('fk_evidence_links_evidence_id_evidence_items')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_evidence_links_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_links'))
    )
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_links_act_id'), ['act_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_links_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_links_evidence_id'), ['evidence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_links_report_id'), ['report_id'], unique=False)

    op.create_table('information',
    sa.Column('report_id', sa.String(length=120), nullable=True),
    sa.Column('source_id', sa.String(length=120), nullable=True),
    sa.Column('event_id', sa.String(length=120), nullable=True),
    sa.Column('act_id', sa.String(length=120), nullable=True),
    sa.Column('relation', sa.String(length=12), nullable=False),
    sa.Column('connection_id', sa.String(length=120), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('confidentiality', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=120), nullable=True),
    sa.Column('deletion_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("confidentiality IN ('public', 'internal', 'restricted')",
                       name=op.f('ck_information_confidentiality_allowed')),
    sa.CheckConstraint("relation IN ('supports', 'contradicts')", name=op.f('ck_information_relation_allowed')),
    sa.CheckConstraint('event_id IS NOT NULL OR act_id IS NOT NULL', name=op.f('ck_information_has_subject')),
    sa.CheckConstraint('report_id IS NOT NULL OR source_id IS NOT NULL', name=op.f('ck_information_has_origin')),
    sa.ForeignKeyConstraint(['act_id'], ['acts.id'], name=op.f('fk_information_act_id_acts')),
    sa.ForeignKeyConstraint(['connection_id'], ['concepts.id'], name=op.f('fk_information_connection_id_concepts')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_information_event_id_events')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_information_report_id_reports')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_information_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_information'))
    )
    with op.batch_alter_table('information', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_information_act_id'), ['act_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_information_connection_id'), ['connection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_information_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_information_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_information_source_id'), ['source_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('information', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_information_source_id'))
        batch_op.drop_index(batch_op.f('ix_information_report_id'))
        batch_op.drop_index(batch_op.f('ix_information_event_id'))
        batch_op.drop_index(batch_op.f('ix_information_connection_id'))
        batch_op.drop_index(batch_op.f('ix_information_act_id'))

    op.drop_table('information')
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_links_report_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_links_evidence_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_links_event_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_links_act_id'))

    op.drop_table('evidence_links')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_source_id'))

    op.drop_table('reports')
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_victims_person_id'))
        batch_op.drop_index(batch_op.f('ix_victims_harm_id'))
        batch_op.drop_index(batch_op.f('ix_victims_act_id'))

    op.drop_table('victims')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_reliability_id'))
        batch_op.drop_index(batch_op.f('ix_sources_kind_id'))

    op.drop_table('sources')
    with op.batch_alter_table('involvements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_involvements_person_id'))
        batch_op.drop_index(batch_op.f('ix_involvements_degree_id'))
        batch_op.drop_index(batch_op.f('ix_involvements_actor_id'))
        batch_op.drop_index(batch_op.f('ix_involvements_act_id'))

    op.drop_table('involvements')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_affiliation_id'))

    op.drop_table('persons')
    with op.batch_alter_table('event_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_links_to_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_links_relation_id'))
        batch_op.drop_index(batch_op.f('ix_event_links_from_event_id'))

    op.drop_table('event_links')
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acts_type_id'))
        batch_op.drop_index(batch_op.f('ix_acts_method_id'))
        batch_op.drop_index(batch_op.f('ix_acts_event_id'))

    op.drop_table('acts')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_parent_id'))
        batch_op.drop_index(batch_op.f('ix_actors_kind_id'))

    op.drop_table('actors')
    op.drop_table('record_versions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_start_date')
        batch_op.drop_index(batch_op.f('ix_events_place_id'))

    op.drop_table('events')
    with op.batch_alter_table('custody_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_entries_evidence_id'))

    op.drop_table('custody_entries')
    op.drop_table('concepts')
    op.drop_table('vocabularies')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_parent_id'))

    op.drop_table('places')
    op.drop_table('evidence_items')
    op.drop_table('audit_log')
    op.drop_table('audit_head')
