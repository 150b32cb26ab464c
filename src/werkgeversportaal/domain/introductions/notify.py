"""Notifications at every hand-over: always in the app, and by e-mail unless the user chose in-app only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Notification, Role, User
from werkgeversportaal.lib import i18n
from werkgeversportaal.lib.mail import queue_email

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

IN_APP_ONLY = "in_app"


def in_locale(locale: str, message: Any, **variables: Any) -> str:
    """`message` (a lazy_gettext proxy) translated for the recipient, not for whoever caused the notification."""
    previous = i18n.get_locale()
    i18n.set_locale(locale)
    try:
        text = str(message) if not isinstance(message, str) else i18n.gettext(message)
        return text % variables if variables else text
    finally:
        i18n.set_locale(previous)


async def notify(session: AsyncSession, runtime: Runtime, user: User, kind: str, message: Any, link: str,
                 *, attachments: list[dict[str, str]] | None = None, **variables: Any) -> Notification:
    text = in_locale(user.preferred_language, message, **variables)
    note = Notification(user_id=user.id, kind=kind, text=text, link=link)
    session.add(note)
    # An .ics invitation is only useful by e-mail, so it is sent even to users who chose in-app only.
    if user.notify_by != IN_APP_ONLY or attachments:
        await queue_email(session, runtime, to=user.email, template="introduction_notice",
                          context={"name": user.display_name, "text": text, "link": link},
                          locale=user.preferred_language, attachments=attachments)
    return note


async def account_managers_of(session: AsyncSession, municipality_id: UUID) -> list[User]:
    return list(await session.scalars(select(User).where(
        User.role == Role.ACCOUNT_MANAGER, User.municipality_id == municipality_id, User.is_active.is_(True))))


async def unread_count(session: AsyncSession, user_id: UUID) -> int:
    return int(await session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0)
