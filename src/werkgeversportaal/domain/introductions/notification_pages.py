"""The in-app list of notifications, and each user's choice: e-mail and in-app, or in-app only."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.response import Response, Template
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Notification, User
from werkgeversportaal.domain.introductions.deps import introduction_service
from werkgeversportaal.domain.introductions.notify import unread_count
from werkgeversportaal.domain.introductions.schemas import NotificationPreferenceForm
from werkgeversportaal.domain.introductions.services import IntroductionService, now
from werkgeversportaal.lib.forms import parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render


class NotificationsController(Controller):
    path = "/meldingen"
    guards = [requires(Permission.ACCOUNT)]
    dependencies = {**introduction_service}
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], introductions: IntroductionService,
                    errors: dict[str, str] | None = None, status_code: int = 200) -> Template:
        actor, session = _actor(request), introductions.repository.session
        rows = list(await session.scalars(select(Notification).where(Notification.user_id == actor.id)
                                          .order_by(Notification.created_at.desc()).limit(100)))
        user = await session.get(User, actor.id)
        return render(request, "introductions/notifications.html", {
            "notifications": rows,
            "notify_by": user.notify_by if user else "email", "errors": errors or {}}, status_code=status_code)

    @get("/", name="notifications")
    async def index(self, request: Request[Any, Any, Any],
                    introductions: NamedDependency[IntroductionService]) -> Template:
        return await self._page(request, introductions)

    @get("/aantal", name="notifications_count", opt=AUTOCOMMIT_OPT)
    async def count(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Template:
        """The header link's unread count, loaded by htmx after every page a browser shows (so the page
        itself need not query it): one count on the request's session, no service to build."""
        unread = await unread_count(db_session, _actor(request).id)
        return render(request, "introductions/fragment_unread.html", {"unread": unread})

    @post("/gelezen", name="notifications_read")
    async def mark_read(self, request: Request[Any, Any, Any],
                        introductions: NamedDependency[IntroductionService]) -> Response[Any]:
        await introductions.repository.session.execute(
            update(Notification).where(Notification.user_id == _actor(request).id, Notification.read_at.is_(None))
            .values(read_at=now()))
        flash(request, _("Alle meldingen zijn gelezen."))
        return redirect("/meldingen")

    @post("/voorkeur", name="notifications_preference")
    async def preference(self, request: Request[Any, Any, Any],
                         introductions: NamedDependency[IntroductionService]) -> Response[Any]:
        form = await parse_form(request, NotificationPreferenceForm)
        if not form.ok or form.data is None:
            return await self._page(request, introductions, {"notify_by": _("Kies een van de twee.")}, 400)
        user = await introductions.repository.session.get(User, _actor(request).id)
        assert user is not None
        user.notify_by = form.data.notify_by
        flash(request, _("Uw keuze is bewaard."))
        return redirect("/meldingen")
