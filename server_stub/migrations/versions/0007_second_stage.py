"""框架协议二阶段 (直接选定 / 二次竞价 / 顺序轮候, 合同备案) and joining an open agreement (issue 7)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PENDING_JOIN = "status = '待审核'"


def upgrade() -> None:
    op.create_table('agreement_join_applications',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('supplier_unit_id', sa.String(length=64), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('supplier', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_due', sa.String(length=10), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewer_account_id', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('announce_due', sa.String(length=10), nullable=True),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('announcement_id', sa.String(length=64), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.ForeignKeyConstraint(['reviewer_account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['supplier_unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_agreement_join_applications_plan_id'), 'agreement_join_applications', ['plan_id'],
                    unique=False)
    op.create_index('uq_agreement_join_applications_pending', 'agreement_join_applications',
                    ['plan_id', 'credit_code'], unique=True, sqlite_where=sa.text(PENDING_JOIN),
                    postgresql_where=sa.text(PENDING_JOIN))
    op.create_table('second_stage_agreements',
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rotation_order', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('rotation_cycle', sa.Integer(), nullable=False),
    sa.Column('rotation_awarded', sa.JSON(), nullable=False),
    sa.Column('contracts_filed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.PrimaryKeyConstraint('plan_id')
    )
    op.create_table('second_stage_procurements',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('purchaser_unit_id', sa.String(length=64), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('invited', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ceiling', sa.String(length=32), nullable=True),
    sa.Column('supplier', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('award_price', sa.String(length=32), nullable=True),
    sa.Column('awarded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rotation_cycle', sa.Integer(), nullable=True),
    sa.Column('contract', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('submitter_account_id', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.JSON(), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('announcement_id', sa.String(length=64), nullable=True),
    sa.Column('procurement_plan_number', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.ForeignKeyConstraint(['purchaser_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['submitter_account_id'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('procurement_plan_number')
    )
    op.create_index(op.f('ix_second_stage_procurements_plan_id'), 'second_stage_procurements', ['plan_id'],
                    unique=False)
    op.create_index(op.f('ix_second_stage_procurements_purchaser_unit_id'), 'second_stage_procurements',
                    ['purchaser_unit_id'], unique=False)
    op.create_table('second_stage_bids',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('procurement_id', sa.String(length=64), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('supplier_unit_id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('price', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['procurement_id'], ['second_stage_procurements.id'], ),
    sa.ForeignKeyConstraint(['supplier_unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_second_stage_bids_supplier', 'second_stage_bids', ['procurement_id', 'credit_code'],
                    unique=True)


def downgrade() -> None:
    op.drop_index('uq_second_stage_bids_supplier', table_name='second_stage_bids')
    op.drop_table('second_stage_bids')
    op.drop_index(op.f('ix_second_stage_procurements_purchaser_unit_id'), table_name='second_stage_procurements')
    op.drop_index(op.f('ix_second_stage_procurements_plan_id'), table_name='second_stage_procurements')
    op.drop_table('second_stage_procurements')
    op.drop_table('second_stage_agreements')
    op.drop_index('uq_agreement_join_applications_pending', table_name='agreement_join_applications',
                  sqlite_where=sa.text(PENDING_JOIN), postgresql_where=sa.text(PENDING_JOIN))
    op.drop_index(op.f('ix_agreement_join_applications_plan_id'), table_name='agreement_join_applications')
    op.drop_table('agreement_join_applications')
