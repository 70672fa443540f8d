"""CA 自助绑定 (issue 5): binding history and kind, one active unit key per account, unit origin,
the binding audit

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

ACTIVE_UNIT_KEY = "active AND kind = 'unit'"


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=20), nullable=False,
                                      server_default='政府采购系统注册'))
        batch_op.add_column(sa.Column('info_completed', sa.Boolean(), nullable=False,
                                      server_default=sa.text('true')))
    with op.batch_alter_table('certificate_bindings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_after', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('operator_id', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key('fk_certificate_bindings_operator_id', 'operators', ['operator_id'], ['id'])
        batch_op.add_column(sa.Column('kind', sa.String(length=10), nullable=False, server_default='unit'))
        batch_op.add_column(sa.Column('operator_name', sa.String(length=50), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('operator_phone', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_reason', sa.String(length=10), nullable=False, server_default=''))
    op.execute("UPDATE certificate_bindings SET kind = 'personal' "
               "WHERE credit_code IS NULL AND id_number IS NOT NULL")
    op.create_index('uq_certificate_bindings_active_unit_key', 'certificate_bindings', ['account_id'], unique=True,
                    sqlite_where=sa.text(ACTIVE_UNIT_KEY), postgresql_where=sa.text(ACTIVE_UNIT_KEY))

    op.create_table('binding_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=64), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('user_type', sa.String(length=10), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('certificate_serial', sa.String(length=64), nullable=True),
    sa.Column('fingerprint_sha256', sa.String(length=64), nullable=True),
    sa.Column('operator_name', sa.String(length=50), nullable=False),
    sa.Column('operator_phone', sa.String(length=20), nullable=False),
    sa.Column('actor_account_id', sa.String(length=64), nullable=True),
    sa.Column('account_id', sa.String(length=64), nullable=True),
    sa.Column('unit_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('binding_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_binding_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_binding_audit_fingerprint_sha256'), ['fingerprint_sha256'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('binding_audit')
    op.drop_index('uq_certificate_bindings_active_unit_key', table_name='certificate_bindings')
    with op.batch_alter_table('certificate_bindings', schema=None) as batch_op:
        batch_op.drop_constraint('fk_certificate_bindings_operator_id', type_='foreignkey')
        for column in ('ended_reason', 'ended_at', 'operator_phone', 'operator_name', 'kind', 'operator_id',
                       'not_after'):
            batch_op.drop_column(column)
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('info_completed')
        batch_op.drop_column('origin')
