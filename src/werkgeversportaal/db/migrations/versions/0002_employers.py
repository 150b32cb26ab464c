"""Employers: coordinates of the place, internal notes, openings.

Revision ID: 0002_employers
Revises: 0001_foundation
Create Date: 2026-11-23 15:08:19.843297
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0002_employers"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('opening',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('employer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('kind', sa.Enum('vacancy', 'internship', 'work_experience', 'work_study', 'language_internship', name='openingkind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'paused', 'filled', 'closed', name='openingstatus', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('sector', sa.Enum('construction', 'ict', 'transport', 'installation', 'care', 'engineering', 'hospitality', 'agriculture', 'other', name='sector', native_enum=False, length=32), nullable=False),
    sa.Column('occupation', sa.String(length=160), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=False),
    sa.Column('workdays', sa.JSON(), nullable=False),
    sa.Column('day_parts', sa.JSON(), nullable=False),
    sa.Column('language_days', sa.JSON(), nullable=False),
    sa.Column('language_day_parts', sa.JSON(), nullable=False),
    sa.Column('dutch_level', sa.Enum('A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', name='cefrlevel', native_enum=False), nullable=False),
    sa.Column('education_level', sa.Enum('none', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo', name='educationlevel', native_enum=False, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('duration', sa.String(length=120), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('pay_indication', sa.String(length=160), nullable=False),
    sa.Column('places_available', sa.Integer(), nullable=False),
    sa.Column('closing_date', sa.Date(), nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_opening_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening'))
    )
    with op.batch_alter_table('opening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_closing_date'), ['closing_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_opening_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opening_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_opening_sector'), ['sector'], unique=False)
        batch_op.create_index(batch_op.f('ix_opening_status'), ['status'], unique=False)

    op.create_table('employer_note',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('employer_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('author_id', advanced_alchemy.types.guid.GUID(length=16), nullable=True),
    sa.Column('author_label', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_employer_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_employer_note_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_note'))
    )
    with op.batch_alter_table('employer_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_note_employer_id'), ['employer_id'], unique=False)

    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lng', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_column('lng')
        batch_op.drop_column('lat')

    with op.batch_alter_table('employer_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_note_employer_id'))

    op.drop_table('employer_note')
    with op.batch_alter_table('opening', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opening_status'))
        batch_op.drop_index(batch_op.f('ix_opening_sector'))
        batch_op.drop_index(batch_op.f('ix_opening_kind'))
        batch_op.drop_index(batch_op.f('ix_opening_employer_id'))
        batch_op.drop_index(batch_op.f('ix_opening_closing_date'))

    op.drop_table('opening')
