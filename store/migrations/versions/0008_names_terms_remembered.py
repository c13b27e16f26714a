"""names: unit aliases, abbreviations and measure synonyms, remembered names

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

A database seeded before this revision gets the catalogue's terms and unit aliases from
``data/catalog.yaml`` (its other rows stay as they are); an empty one gets them with the
seed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.JSON(), nullable=True))
    op.create_table('catalog_term',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('short', sa.Text(), nullable=False),
    sa.Column('full', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_term'))
    )
    op.create_table('remembered_name',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('label_key', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicator.code'], name=op.f('fk_remembered_name_indicator_code_indicator')),
    sa.ForeignKeyConstraint(['unit_code'], ['org_unit.code'], name=op.f('fk_remembered_name_unit_code_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remembered_name')),
    sa.UniqueConstraint('unit_code', 'label_key', name='uq_remembered_name_unit_label')
    )
    _backfill_terms()


def _backfill_terms() -> None:
    # A catalogue seeded before this revision: add what the YAML says about names.
    from core.catalog import load_catalog
    from store.catalog_store import write_terms

    conn = op.get_bind()
    if not conn.execute(sa.text("SELECT count(*) FROM org_unit")).scalar():
        return
    write_terms(conn, load_catalog())


def downgrade() -> None:
    op.drop_table('remembered_name')
    op.drop_table('catalog_term')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_column('aliases')
