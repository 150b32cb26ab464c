"""The search outbox: index changes written in the same transaction as the change they follow."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import BigIntBase, UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from werkgeversportaal.db.models.accounts import enum_column


class IndexOp(str, enum.Enum):
    UPSERT = "upsert"
    DELETE = "delete"


class SearchOutbox(BigIntBase):
    """One change of one search document, applied to the index by the `sync_search_index` job.

    A big-integer key keeps the rows in the order they were written, so the last change of a
    document wins when several are pending. Rows are marked processed, not deleted, once applied.
    """

    __tablename__ = "search_outbox"
    __table_args__ = (
        Index("ix_search_outbox_pending", "processed_at", "id"),
        Index("ix_search_outbox_document", "index", "document_id"),
    )

    index: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[IndexOp] = mapped_column(enum_column(IndexOp, length=8), default=IndexOp.UPSERT)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class SavedSearch(UUIDv7AuditBase):
    """An employer user's saved candidate search: the search page's query parameters, checked.

    `last_digest_at` is the moment up to which the daily digest has told the user about new
    candidates; a candidate who became visible after it is "new" (None: since `created_at`).
    """

    __tablename__ = "saved_search"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notify_daily: Mapped[bool] = mapped_column(Boolean, default=False)
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
