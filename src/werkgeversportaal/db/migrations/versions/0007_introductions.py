"""Introductions, their history, follow-up milestones, notifications; notification preference on users.

Revision ID: 0007_introductions
Revises: 0005_merge_areas
Create Date: 2026-11-23 15:43:50.485868
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = '0007_introductions'
down_revision: str | None = '0005_merge_areas'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notification',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('user_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=255), nullable=False),
    sa.Column('read_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)

    op.create_table('introduction',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('employer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('candidate_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('opening_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('requested_by_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'candidate_agreed', 'meeting_planned', 'trial', 'placed', 'followup', 'completed', 'declined', 'withdrawn', 'stopped', name='introductionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('stop_reason', sa.Enum('no_fit', 'candidate_unavailable', 'employer_no_longer', 'language', 'health', 'consent_withdrawn', 'other', name='stopreason', native_enum=False, length=32), nullable=True),
    sa.Column('stop_note', sa.Text(), nullable=False),
    sa.Column('meeting_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('meeting_mode', sa.Enum('on_site', 'video', name='meetingmode', native_enum=False, length=32), nullable=True),
    sa.Column('meeting_place', sa.String(length=255), nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('trial_start', sa.Date(), nullable=True),
    sa.Column('trial_end', sa.Date(), nullable=True),
    sa.Column('contract_kind', sa.Enum('permanent', 'temporary', 'internship', 'work_study', 'other', name='contractkind', native_enum=False, length=32), nullable=True),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('placed_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_introduction_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_introduction_employer_id_employer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opening_id'], ['opening.id'], name=op.f('fk_introduction_opening_id_opening'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_introduction_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_introduction'))
    )
    with op.batch_alter_table('introduction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_introduction_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_introduction_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_introduction_meeting_at'), ['meeting_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_introduction_status'), ['status'], unique=False)

    op.create_table('followup_milestone',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('introduction_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Enum('going_well', 'needs_attention', 'at_risk', 'stopped', name='milestoneoutcome', native_enum=False, length=32), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('support_actions', sa.JSON(), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['introduction_id'], ['introduction.id'], name=op.f('fk_followup_milestone_introduction_id_introduction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_milestone'))
    )
    with op.batch_alter_table('followup_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_milestone_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_milestone_introduction_id'), ['introduction_id'], unique=False)

    op.create_table('introduction_event',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('introduction_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('actor_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('occurred_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=False),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_introduction_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['introduction_id'], ['introduction.id'], name=op.f('fk_introduction_event_introduction_id_introduction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_introduction_event'))
    )
    with op.batch_alter_table('introduction_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_introduction_event_introduction_id'), ['introduction_id'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_by', sa.String(length=16), server_default='email', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('notify_by')

    with op.batch_alter_table('introduction_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_introduction_event_introduction_id'))

    op.drop_table('introduction_event')
    with op.batch_alter_table('followup_milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_milestone_introduction_id'))
        batch_op.drop_index(batch_op.f('ix_followup_milestone_due_date'))

    op.drop_table('followup_milestone')
    with op.batch_alter_table('introduction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_introduction_status'))
        batch_op.drop_index(batch_op.f('ix_introduction_meeting_at'))
        batch_op.drop_index(batch_op.f('ix_introduction_employer_id'))
        batch_op.drop_index(batch_op.f('ix_introduction_candidate_id'))

    op.drop_table('introduction')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))

    op.drop_table('notification')
