"""框架协议 信息发布, 入围供应商管理, 框架协议备案 and the 互认互通 bridge with the simulated
公共资源交易系统 (issue 7)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

NOT_CONTRACT_NOTICE = "kind <> '合同公告'"


def upgrade() -> None:
    op.create_table('trading_sim_inbox',
    sa.Column('message_id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('plan_number', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('message_id')
    )
    op.create_index(op.f('ix_trading_sim_inbox_plan_number'), 'trading_sim_inbox', ['plan_number'], unique=False)
    op.create_table('trading_sim_outbox',
    sa.Column('message_id', sa.String(length=100), nullable=False),
    sa.Column('plan_number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('message_id')
    )
    op.create_index(op.f('ix_trading_sim_outbox_plan_number'), 'trading_sim_outbox', ['plan_number'], unique=False)
    op.create_table('trading_sim_projects',
    sa.Column('plan_number', sa.String(length=40), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('project_name', sa.String(length=200), nullable=False),
    sa.Column('collector_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('lots', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('announcements', sa.JSON(), nullable=False),
    sa.Column('shortlisted', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('plan_number')
    )
    op.create_table('framework_agreement_filings',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('result_id', sa.String(length=64), nullable=False),
    sa.Column('collector_unit_id', sa.String(length=64), nullable=False),
    sa.Column('collector', sa.JSON(), nullable=False),
    sa.Column('suppliers', sa.JSON(), nullable=False),
    sa.Column('scope_region_code', sa.String(length=6), nullable=True),
    sa.Column('category', sa.String(length=10), nullable=True),
    sa.Column('validity_start', sa.String(length=10), nullable=True),
    sa.Column('validity_end', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('submitter_account_id', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.JSON(), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['collector_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.ForeignKeyConstraint(['submitter_account_id'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id')
    )
    op.create_index(op.f('ix_framework_agreement_filings_collector_unit_id'), 'framework_agreement_filings',
                    ['collector_unit_id'], unique=False)
    op.create_table('framework_announcements',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('notice_id', sa.String(length=64), nullable=True),
    sa.Column('owner_unit_id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('collector', sa.JSON(), nullable=True),
    sa.Column('lots', sa.JSON(), nullable=False),
    sa.Column('lots_received', sa.Boolean(), nullable=False),
    sa.Column('basis', sa.String(length=10), nullable=True),
    sa.Column('basis_value', sa.String(length=32), nullable=True),
    sa.Column('suppliers', sa.JSON(), nullable=False),
    sa.Column('responsive_count', sa.Integer(), nullable=True),
    sa.Column('evaluation_method', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('submitter_account_id', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.JSON(), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.ForeignKeyConstraint(['submitter_account_id'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_framework_announcements_plan_id'), 'framework_announcements', ['plan_id'], unique=False)
    op.create_index('uq_framework_announcements_plan_kind', 'framework_announcements', ['plan_id', 'kind'],
                    unique=True, sqlite_where=sa.text(NOT_CONTRACT_NOTICE),
                    postgresql_where=sa.text(NOT_CONTRACT_NOTICE))
    op.create_table('shortlisted_suppliers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('result_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('contact_person', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('agents', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_shortlisted_suppliers_plan_code', 'shortlisted_suppliers', ['plan_id', 'credit_code'],
                    unique=True)
    op.create_table('trading_bridge_messages',
    sa.Column('message_id', sa.String(length=100), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.PrimaryKeyConstraint('message_id')
    )
    op.create_index(op.f('ix_trading_bridge_messages_plan_id'), 'trading_bridge_messages', ['plan_id'], unique=False)
    op.create_table('trading_bridge_projects',
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('lots', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('suppliers', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.PrimaryKeyConstraint('plan_id')
    )


def downgrade() -> None:
    op.drop_table('trading_bridge_projects')
    op.drop_index(op.f('ix_trading_bridge_messages_plan_id'), table_name='trading_bridge_messages')
    op.drop_table('trading_bridge_messages')
    op.drop_index('uq_shortlisted_suppliers_plan_code', table_name='shortlisted_suppliers')
    op.drop_table('shortlisted_suppliers')
    op.drop_index('uq_framework_announcements_plan_kind', table_name='framework_announcements',
                  sqlite_where=sa.text(NOT_CONTRACT_NOTICE), postgresql_where=sa.text(NOT_CONTRACT_NOTICE))
    op.drop_index(op.f('ix_framework_announcements_plan_id'), table_name='framework_announcements')
    op.drop_table('framework_announcements')
    op.drop_index(op.f('ix_framework_agreement_filings_collector_unit_id'), table_name='framework_agreement_filings')
    op.drop_table('framework_agreement_filings')
    op.drop_table('trading_sim_projects')
    op.drop_index(op.f('ix_trading_sim_outbox_plan_number'), table_name='trading_sim_outbox')
    op.drop_table('trading_sim_outbox')
    op.drop_index(op.f('ix_trading_sim_inbox_plan_number'), table_name='trading_sim_inbox')
    op.drop_table('trading_sim_inbox')
