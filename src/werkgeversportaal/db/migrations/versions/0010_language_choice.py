"""When a user chose their language (candidates get the language choice page until they have).

Revision ID: 0010_language_choice
Revises: 0009_audit_append_only
Create Date: 2026-11-30 07:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = '0010_language_choice'
down_revision: str | None = '0009_audit_append_only'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_chosen_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('language_chosen_at')
