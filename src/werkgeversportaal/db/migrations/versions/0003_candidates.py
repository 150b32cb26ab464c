"""Candidates: profile fields, consent texts and grants, videos, profile views.

Revision ID: 0003_candidates
Revises: 0001_foundation
"""

from __future__ import annotations

from collections.abc import Sequence

from typing import Any

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0003_candidates"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Existing candidates get empty profile values (server defaults keep NOT NULL columns valid).
def _new_candidate_columns() -> list[sa.Column[Any]]:
    """Fresh Column objects each call: a Column can belong to one table only."""
    return [
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("travel_radius_km", sa.Integer(), nullable=True),
        sa.Column("dutch_levels", sa.JSON(), nullable=False, server_default="{}"),
        sa.Column("other_languages", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("education", sa.JSON(), nullable=False, server_default="{}"),
        sa.Column("experience", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("wished_sectors", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("wished_occupations", sa.String(length=255), nullable=False, server_default=""),
        sa.Column("wished_opening_kinds", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("language_class_days", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("civic_integration_status", sa.String(length=32), nullable=False, server_default=""),
        sa.Column("assessment", sa.JSON(), nullable=False, server_default="{}"),
        sa.Column("private_notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("self_introduction", sa.Text(), nullable=False, server_default=""),
        sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]


def upgrade() -> None:
    op.create_table('consent_text',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('scope', sa.Enum('profile', 'video', name='consentscope', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_text')),
    sa.UniqueConstraint('scope', 'version', 'language', name=op.f('uq_consent_text_scope'))
    )
    op.create_table('consent',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('candidate_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('scope', sa.Enum('profile', 'video', name='consentscope', native_enum=False, length=32), nullable=False),
    sa.Column('granted_by_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('text_version', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('granted_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('withdrawn_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_consent_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user_account.id'], name=op.f('fk_consent_granted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user_account.id'], name=op.f('fk_consent_withdrawn_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_candidate_id'), ['candidate_id'], unique=False)

    op.create_table('profile_view',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('candidate_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('employer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('viewer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('kind', sa.Enum('profile', 'video', name='viewkind', native_enum=False, length=32), nullable=False),
    sa.Column('viewed_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_profile_view_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_profile_view_employer_id_employer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['viewer_id'], ['user_account.id'], name=op.f('fk_profile_view_viewer_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_view'))
    )
    with op.batch_alter_table('profile_view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_view_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_profile_view_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_profile_view_viewed_at'), ['viewed_at'], unique=False)

    op.create_table('video',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('candidate_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('folder', sa.String(length=255), nullable=False),
    sa.Column('original_key', sa.String(length=512), nullable=True),
    sa.Column('processed_key', sa.String(length=512), nullable=True),
    sa.Column('poster_key', sa.String(length=512), nullable=True),
    sa.Column('captions_key', sa.String(length=512), nullable=True),
    sa.Column('original_bytes', sa.BigInteger(), nullable=False),
    sa.Column('processed_bytes', sa.BigInteger(), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('status', sa.Enum('uploaded', 'processing', 'ready', 'failed', name='videostatus', native_enum=False, length=32), nullable=False),
    sa.Column('failure_reason', sa.JSON(), nullable=False),
    sa.Column('moderation', sa.Enum('pending', 'approved', 'rejected', name='moderationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('moderated_by_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('moderated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_video_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['user_account.id'], name=op.f('fk_video_moderated_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video'))
    )
    with op.batch_alter_table('video', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_video_moderation'), ['moderation'], unique=False)
        batch_op.create_index(batch_op.f('ix_video_status'), ['status'], unique=False)

    with op.batch_alter_table("candidate", schema=None) as batch_op:
        for column in _new_candidate_columns():
            batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("candidate", schema=None) as batch_op:
        for column in reversed(_new_candidate_columns()):
            batch_op.drop_column(column.name)
    for table in ("video", "profile_view", "consent", "consent_text"):
        op.drop_table(table)
