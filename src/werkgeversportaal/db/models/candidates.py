"""Candidates (statushouders). The profile grows with the candidates issue; this is the core."""

from __future__ import annotations

from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from werkgeversportaal.db.models.accounts import Municipality, User


class Candidate(UUIDv7AuditBase):
    __tablename__ = "candidate"

    municipality_id: Mapped[UUID] = mapped_column(ForeignKey("municipality.id"), index=True)
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), unique=True, default=None
    )
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), default=None
    )

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def public_name(self) -> str:
        """What an employer sees: the given name and the initial of the family name."""
        initial = self.family_name[:1].upper()
        return f"{self.given_name} {initial}." if initial else self.given_name
