"""Merge the migration heads of the employers, candidates and search areas (built in parallel).

Revision ID: 0005_merge_areas
Revises: 0002_employers, 0003_candidates, 0004_search_outbox
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005_merge_areas"
down_revision: str | Sequence[str] | None = ("0002_employers", "0003_candidates", "0004_search_outbox")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
