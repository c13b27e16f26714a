"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('entity_id', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('file_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_file_blob'))
    )
    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('cleared', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempt_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempt_username'), ['username'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('int_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_meta'))
    )
    op.create_table('org_unit',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=32), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('successor_code', sa.String(length=32), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['org_unit.code'], name=op.f('fk_org_unit_parent_code_org_unit')),
    sa.ForeignKeyConstraint(['successor_code'], ['org_unit.code'], name=op.f('fk_org_unit_successor_code_org_unit')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_org_unit'))
    )
    op.create_table('plan_followup',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_followup')),
    sa.UniqueConstraint('period', 'position', name='uq_plan_followup_period_position')
    )
    op.create_table('report_draft',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('part', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_draft')),
    sa.UniqueConstraint('period', 'part', 'version', name='uq_report_draft_period_part_version')
    )
    op.create_table('section',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('parent_code', sa.String(length=16), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['section.code'], name=op.f('fk_section_parent_code_section')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_section'))
    )
    op.create_table('setting',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting'))
    )
    with op.batch_alter_table('setting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_setting_key'), ['key'], unique=False)

    op.create_table('app_user',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['unit_code'], ['org_unit.code'], name=op.f('fk_app_user_unit_code_org_unit')),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_app_user'))
    )
    op.create_table('indicator',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('unit_noun', sa.Text(), nullable=False),
    sa.Column('section_code', sa.String(length=16), nullable=False),
    sa.Column('org_unit_code', sa.String(length=32), nullable=False),
    sa.Column('aggregation', sa.String(length=8), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('headline', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('successor_code', sa.String(length=64), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_code'], ['org_unit.code'], name=op.f('fk_indicator_org_unit_code_org_unit')),
    sa.ForeignKeyConstraint(['section_code'], ['section.code'], name=op.f('fk_indicator_section_code_section')),
    sa.ForeignKeyConstraint(['successor_code'], ['indicator.code'], name=op.f('fk_indicator_successor_code_indicator')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_indicator'))
    )
    op.create_table('submission',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('submitted_by', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('sheet', sa.Text(), nullable=True),
    sa.Column('reviewed_by', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['sha256'], ['file_blob.sha256'], name=op.f('fk_submission_sha256_file_blob')),
    sa.ForeignKeyConstraint(['unit_code'], ['org_unit.code'], name=op.f('fk_submission_unit_code_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission')),
    sa.UniqueConstraint('unit_code', 'period', 'version', name='uq_submission_unit_period_version')
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_period_unit', ['period', 'unit_code'], unique=False)

    op.create_table('unit_section',
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('section_code', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['section_code'], ['section.code'], name=op.f('fk_unit_section_section_code_section')),
    sa.ForeignKeyConstraint(['unit_code'], ['org_unit.code'], name=op.f('fk_unit_section_unit_code_org_unit')),
    sa.PrimaryKeyConstraint('unit_code', 'section_code', name=op.f('pk_unit_section'))
    )
    op.create_table('activity',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('section_code', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('footnotes', sa.JSON(), nullable=False),
    sa.Column('sheet', sa.Text(), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['section_code'], ['section.code'], name=op.f('fk_activity_section_code_section')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_activity_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_submission_id'), ['submission_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sheet', sa.Text(), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_plan_item_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_submission_id'), ['submission_id'], unique=False)

    op.create_table('session_token',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['username'], ['app_user.username'], name=op.f('fk_session_token_username_app_user')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_session_token'))
    )
    with op.batch_alter_table('session_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_token_username'), ['username'], unique=False)

    op.create_table('target',
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicator.code'], name=op.f('fk_target_indicator_code_indicator')),
    sa.PrimaryKeyConstraint('indicator_code', 'year', name=op.f('pk_target'))
    )
    op.create_table('value',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('qualifier', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('sheet', sa.Text(), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.Column('col', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicator.code'], name=op.f('fk_value_indicator_code_indicator')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_value_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_value')),
    sa.UniqueConstraint('submission_id', 'indicator_code', name='uq_value_submission_indicator')
    )
    with op.batch_alter_table('value', schema=None) as batch_op:
        batch_op.create_index('ix_value_indicator', ['indicator_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('value', schema=None) as batch_op:
        batch_op.drop_index('ix_value_indicator')

    op.drop_table('value')
    op.drop_table('target')
    with op.batch_alter_table('session_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_token_username'))

    op.drop_table('session_token')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_submission_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_submission_id'))

    op.drop_table('activity')
    op.drop_table('unit_section')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_period_unit')

    op.drop_table('submission')
    op.drop_table('indicator')
    op.drop_table('app_user')
    with op.batch_alter_table('setting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_setting_key'))

    op.drop_table('setting')
    op.drop_table('section')
    op.drop_table('report_draft')
    op.drop_table('plan_followup')
    op.drop_table('org_unit')
    op.drop_table('meta')
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempt_username'))
        batch_op.drop_index(batch_op.f('ix_login_attempt_source'))

    op.drop_table('login_attempt')
    op.drop_table('file_blob')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
