"""periods: tasks for the next period, units' progress on last month's tasks

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('horizon', sa.String(length=8), nullable=False,
                                      server_default='month'))
    op.create_table('plan_progress',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('sheet', sa.Text(), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'],
                            name=op.f('fk_plan_progress_submission_id_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_progress'))
    )
    with op.batch_alter_table('plan_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_progress_submission_id'), ['submission_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_progress_submission_id'))
    op.drop_table('plan_progress')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_column('horizon')
