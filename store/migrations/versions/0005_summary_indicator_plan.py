"""indicator.plan_code: the indicator whose reported value is another's yearly plan

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

FK = 'fk_indicator_plan_code_indicator'


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite adds a nullable column with its REFERENCES clause in place (Alembic has
        # no op for it); a batch rebuild would drop a table that submitted values point at.
        op.execute(f'ALTER TABLE indicator ADD COLUMN plan_code VARCHAR(64) '
                   f'CONSTRAINT {FK} REFERENCES indicator (code)')
        return
    op.add_column('indicator', sa.Column('plan_code', sa.String(length=64), nullable=True))
    op.create_foreign_key(FK, 'indicator', 'indicator', ['plan_code'], ['code'])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # A later batch rebuild of the table (0006) turns the column's REFERENCES clause
        # into a table constraint, which SQLite's DROP COLUMN refuses: rebuild without both.
        with op.batch_alter_table('indicator', recreate='always') as batch_op:
            batch_op.drop_column('plan_code')
        return
    op.drop_constraint(FK, 'indicator', type_='foreignkey')
    op.drop_column('indicator', 'plan_code')
