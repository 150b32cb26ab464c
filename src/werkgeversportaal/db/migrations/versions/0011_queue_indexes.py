"""Indexes the accountmanager's queues read from alone: candidates per municipality with their id,
videos per moderation and status with their candidate.

Revision ID: 0011_queue_indexes
Revises: 0010_language_choice
Create Date: 2026-11-30 11:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0011_queue_indexes'
down_revision: str | None = '0010_language_choice'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_municipality_id')
        batch_op.create_index('ix_candidate_municipality_id', ['municipality_id', 'id'], unique=False)
    with op.batch_alter_table('video', schema=None) as batch_op:
        batch_op.drop_index('ix_video_moderation')
        batch_op.create_index('ix_video_moderation', ['moderation', 'status', 'candidate_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('video', schema=None) as batch_op:
        batch_op.drop_index('ix_video_moderation')
        batch_op.create_index('ix_video_moderation', ['moderation'], unique=False)
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_municipality_id')
        batch_op.create_index('ix_candidate_municipality_id', ['municipality_id'], unique=False)
