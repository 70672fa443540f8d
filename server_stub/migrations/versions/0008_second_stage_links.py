"""框架协议二阶段: 移出入围供应商, the 标段 and 合同主文档 from 合同在线签订, 资金支付申请 (issue 7)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('shortlisted_suppliers', sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('shortlisted_suppliers', sa.Column('removed_reason', sa.Text(), nullable=True))
    op.add_column('shortlisted_suppliers', sa.Column('removed_by', sa.String(length=64), nullable=True))
    op.add_column('second_stage_procurements', sa.Column('lot_id', sa.String(length=64), nullable=True))
    op.add_column('second_stage_procurements', sa.Column('document_sha256', sa.String(length=64), nullable=True))
    op.create_table('second_stage_payments',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('procurement_id', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.String(length=32), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['second_stage_procurements.id'], ),
    sa.ForeignKeyConstraint(['requested_by'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_second_stage_payments_procurement_id'), 'second_stage_payments', ['procurement_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_second_stage_payments_procurement_id'), table_name='second_stage_payments')
    op.drop_table('second_stage_payments')
    with op.batch_alter_table('second_stage_procurements') as batch:
        batch.drop_column('document_sha256')
        batch.drop_column('lot_id')
    with op.batch_alter_table('shortlisted_suppliers') as batch:
        batch.drop_column('removed_by')
        batch.drop_column('removed_reason')
        batch.drop_column('removed_at')
