"""values: indicator value kinds, carried-over figures

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

``indicator.value_kind`` (count | amount | percent) says which figures the loader accepts.
An existing database gets a kind from what it already holds: ``%`` as the unit noun is a
percentage; decimals in the catalogue, or a stored fractional figure, make an amount;
everything else is a count. ``python -m etl catalog`` shows the result and an admin's
catalogue (Quản trị → Danh mục) corrects it.

``value.carried_from`` points at the value row a figure was kept from when a resubmission
did not list it (the uploader's choice on the upload page or ``--keep-missing``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_kind', sa.String(length=8), nullable=False,
                                      server_default='count'))
    op.execute("UPDATE indicator SET value_kind = 'percent' WHERE unit_noun = '%'")
    op.execute(
        "UPDATE indicator SET value_kind = 'amount' WHERE value_kind = 'count' AND "
        "(decimals > 0 OR code IN (SELECT indicator_code FROM value "
        "WHERE value <> ROUND(value)))"
    )
    with op.batch_alter_table('value', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_value_carried_from_value'), 'value',
                                    ['carried_from'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('value', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_value_carried_from_value'), type_='foreignkey')
        batch_op.drop_column('carried_from')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('value_kind')
