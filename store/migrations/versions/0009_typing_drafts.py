"""typing: drafts of a month typed in the browser

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entry_draft',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_code'], ['org_unit.code'], name=op.f('fk_entry_draft_unit_code_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_draft')),
    sa.UniqueConstraint('username', 'unit_code', 'period', name='uq_entry_draft_username_unit_period')
    )


def downgrade() -> None:
    op.drop_table('entry_draft')
