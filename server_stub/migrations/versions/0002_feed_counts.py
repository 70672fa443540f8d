"""feed counts: live records per kind and scope, for a count check that does not scan the feed

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_counts',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('scope_unit_id', sa.String(length=64), nullable=False),
    sa.Column('live', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'scope_unit_id')
    )
    op.execute("INSERT INTO feed_counts (kind, scope_unit_id, live) "
               "SELECT kind, COALESCE(scope_unit_id, ''), COUNT(*) FROM feed_records "
               "WHERE data IS NOT NULL GROUP BY kind, COALESCE(scope_unit_id, '')")


def downgrade() -> None:
    op.drop_table('feed_counts')
