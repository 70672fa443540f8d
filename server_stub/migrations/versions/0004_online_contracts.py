"""合同在线签订 (issue 6): lots, online contracts, contract notices, and a second feed scope (a
record its purchaser and its supplier both see)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

LIVE_CONTRACT = "deleted_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table('feed_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_with', sa.Text(), nullable=True))

    op.create_table('lots',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('project_id', sa.String(length=64), nullable=False),
    sa.Column('project_code', sa.String(length=64), nullable=False),
    sa.Column('project_name', sa.String(length=200), nullable=False),
    sa.Column('lot_no', sa.String(length=20), nullable=False),
    sa.Column('lot_name', sa.String(length=200), nullable=False),
    sa.Column('purchaser_unit_id', sa.String(length=64), nullable=False),
    sa.Column('supplier_unit_id', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.String(length=32), nullable=False),
    sa.Column('result_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['purchaser_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['supplier_unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lots_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lots_purchaser_unit_id'), ['purchaser_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lots_supplier_unit_id'), ['supplier_unit_id'], unique=False)

    op.create_table('online_contracts',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('purchaser_unit_id', sa.String(length=64), nullable=False),
    sa.Column('supplier_unit_id', sa.String(length=64), nullable=False),
    sa.Column('supplier_credit_code', sa.String(length=18), nullable=False),
    sa.Column('amount', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('original_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purchaser_signed_sha256', sa.String(length=64), nullable=True),
    sa.Column('purchaser_signed_by', sa.String(length=64), nullable=True),
    sa.Column('purchaser_signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('purchaser_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('purchaser_certificate_sha256', sa.String(length=64), nullable=True),
    sa.Column('supplier_signed_sha256', sa.String(length=64), nullable=True),
    sa.Column('supplier_signed_by', sa.String(length=64), nullable=True),
    sa.Column('supplier_signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('supplier_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('supplier_certificate_sha256', sa.String(length=64), nullable=True),
    sa.Column('filed_by', sa.String(length=64), nullable=True),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['filed_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], ),
    sa.ForeignKeyConstraint(['purchaser_signed_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['purchaser_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['supplier_signed_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['supplier_unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('online_contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_contracts_original_sha256'), ['original_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_online_contracts_purchaser_signed_sha256'), ['purchaser_signed_sha256'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_online_contracts_purchaser_unit_id'), ['purchaser_unit_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_online_contracts_supplier_signed_sha256'), ['supplier_signed_sha256'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_online_contracts_supplier_unit_id'), ['supplier_unit_id'], unique=False)
    op.create_index('uq_online_contracts_live_lot', 'online_contracts', ['lot_id'], unique=True,
                    sqlite_where=sa.text(LIVE_CONTRACT), postgresql_where=sa.text(LIVE_CONTRACT))

    op.create_table('contract_notices',
    sa.Column('contract_id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['online_contracts.id'], ),
    sa.PrimaryKeyConstraint('contract_id')
    )


def downgrade() -> None:
    op.drop_table('contract_notices')
    op.drop_index('uq_online_contracts_live_lot', table_name='online_contracts')
    op.drop_table('online_contracts')
    op.drop_table('lots')
    with op.batch_alter_table('feed_records', schema=None) as batch_op:
        batch_op.drop_column('shared_with')
