"""框架协议计划备案 (issue 7): plans and their review history, plan-number sequences, the
分散采购限额 table and the 品目 catalogue, both seeded with defaults to be confirmed

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# A snapshot of desktop.domain.workflow.thresholds.DEFAULT_THRESHOLDS at the time of writing: a
# migration never imports code that may change after it. 000000 is the fallback row.
_THRESHOLD_SOURCE = ("默认值，待确认：河南省分散采购限额标准未采集（domain-rules.md §A12），"
                     "暂按中央预算单位 2020 年版货物、服务 100 万元设置")
THRESHOLDS = [
    {"region_code": region, "category": category, "amount": "1000000", "confirmed": False,
     "source": _THRESHOLD_SOURCE}
    for region in ("410000", "000000") for category in ("货物", "服务")
]

_ITEM_SOURCE = "默认值，待确认：按《政府采购品目分类目录》与河南省集中采购目录核对编码及是否集采品目"
ITEMS = [
    {"code": code, "name": name, "in_catalogue": inside, "source": _ITEM_SOURCE}
    for code, name, inside in (
        ("A02010104", "台式计算机", True),
        ("A02010105", "便携式计算机", True),
        ("A0326", "实验仪器", False),
        ("C1204", "物业管理服务", True),
        ("C2301", "法律服务", False),
        ("C2302", "审计服务", False),
    )
]


def upgrade() -> None:
    thresholds = op.create_table('procurement_thresholds',
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.String(length=32), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('region_code', 'category')
    )
    items = op.create_table('procurement_items',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('in_catalogue', sa.Boolean(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('plan_number_sequences',
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region_code', 'year')
    )
    op.create_table('framework_plans',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('collector_unit_id', sa.String(length=64), nullable=False),
    sa.Column('identity', sa.String(length=10), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('budget_year', sa.Integer(), nullable=False),
    sa.Column('project_name', sa.String(length=200), nullable=False),
    sa.Column('form', sa.JSON(), nullable=False),
    sa.Column('supervising_unit_id', sa.String(length=64), nullable=True),
    sa.Column('regulator_unit_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('submitter_account_id', sa.String(length=64), nullable=True),
    sa.Column('approved_by', sa.JSON(), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('numbered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['collector_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], ),
    sa.ForeignKeyConstraint(['regulator_unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['submitter_account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['supervising_unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_index(op.f('ix_framework_plans_collector_unit_id'), 'framework_plans', ['collector_unit_id'],
                    unique=False)
    op.create_table('framework_plan_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=False),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('actor_account_id', sa.String(length=64), nullable=False),
    sa.Column('actor_unit_id', sa.String(length=64), nullable=False),
    sa.Column('submission', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_account_id'], ['accounts.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['framework_plans.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_framework_plan_events_plan_id'), 'framework_plan_events', ['plan_id'], unique=False)
    op.bulk_insert(thresholds, THRESHOLDS)
    op.bulk_insert(items, ITEMS)


def downgrade() -> None:
    op.drop_index(op.f('ix_framework_plan_events_plan_id'), table_name='framework_plan_events')
    op.drop_table('framework_plan_events')
    op.drop_index(op.f('ix_framework_plans_collector_unit_id'), table_name='framework_plans')
    op.drop_table('framework_plans')
    op.drop_table('plan_number_sequences')
    op.drop_table('procurement_items')
    op.drop_table('procurement_thresholds')
