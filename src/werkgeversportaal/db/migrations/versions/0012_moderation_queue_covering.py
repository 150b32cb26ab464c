"""The moderation queue's index carries what the queue shows of a video (id, when it came in, how
long it is): on PostgreSQL the queue and its count on the accountmanager's home page read the
index alone, not one table page per waiting video.

Revision ID: 0012_moderation_queue_covering
Revises: 0011_queue_indexes
Create Date: 2026-12-01 05:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0012_moderation_queue_covering'
down_revision: str | None = '0011_queue_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ['moderation', 'status', 'candidate_id']


def upgrade() -> None:
    with op.batch_alter_table('video', schema=None) as batch_op:
        batch_op.drop_index('ix_video_moderation')
        batch_op.create_index('ix_video_moderation', COLUMNS, unique=False,
                              postgresql_include=['created_at', 'duration_s', 'id'])


def downgrade() -> None:
    with op.batch_alter_table('video', schema=None) as batch_op:
        batch_op.drop_index('ix_video_moderation')
        batch_op.create_index('ix_video_moderation', COLUMNS, unique=False)
