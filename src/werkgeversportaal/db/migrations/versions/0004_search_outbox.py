"""search outbox: index changes written in the same transaction as the change

Revision ID: 0004_search_outbox
Revises: 0001_foundation
Create Date: 2026-11-23 15:08:35.206938
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op


revision: str = '0004_search_outbox'
down_revision: str | None = '0001_foundation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('search_outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('index', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('op', sa.Enum('upsert', 'delete', name='indexop', native_enum=False, length=8), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('processed_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_search_outbox_document', ['index', 'document_id'], unique=False)
        batch_op.create_index('ix_search_outbox_pending', ['processed_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_search_outbox_pending')
        batch_op.drop_index('ix_search_outbox_document')

    op.drop_table('search_outbox')
