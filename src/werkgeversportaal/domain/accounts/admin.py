"""Administration: municipalities, accountmanager accounts and the sent e-mail log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy import select

from werkgeversportaal.db.models import Role, SentEmail, User
from werkgeversportaal.domain.accounts.deps import municipality_service, runtime_dependency, user_service
from werkgeversportaal.domain.accounts.schemas import AccountManagerForm, MunicipalityForm
from werkgeversportaal.domain.accounts.services import MunicipalityService, UserService
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import Permission, acting_user, requires
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


class AdminController(Controller):
    path = "/beheer"
    guards = [requires(Permission.ADMIN_USERS)]
    dependencies = {**runtime_dependency, **user_service, **municipality_service}
    include_in_schema = False

    async def _municipalities_page(self, request: Request[Any, Any, Any], municipalities: MunicipalityService,
                                   users: UserService, *, errors: dict[str, str] | None = None,
                                   values: dict[str, Any] | None = None, form: str = "") -> Template:
        managers = await users.get_many(User.role == Role.ACCOUNT_MANAGER)
        context = {
            "municipalities": await municipalities.with_counts(),
            "managers": sorted(managers, key=lambda u: u.display_name.lower()),
            "errors": errors or {}, "values": values or {}, "form": form,
        }
        return render(request, "admin/home.html", context, status_code=400 if errors else 200)

    @get("/", name="admin_home")
    async def home(self, request: Request[Any, Any, Any], municipalities: NamedDependency[MunicipalityService],
                   users: NamedDependency[UserService]) -> Template:
        return await self._municipalities_page(request, municipalities, users)

    @post("/gemeenten", name="admin_municipality_create", guards=[requires(Permission.ADMIN_MUNICIPALITIES)])
    async def create_municipality(self, request: Request[Any, Any, Any],
                                  municipalities: NamedDependency[MunicipalityService],
                                  users: NamedDependency[UserService]) -> Response[Any]:
        form = await parse_form(request, MunicipalityForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await municipalities.create_checked(form.data.cbs_code, form.data.name, acting_user(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("Gemeente %(name)s is toegevoegd.", name=form.data.name))
                return redirect("/beheer")
        return await self._municipalities_page(request, municipalities, users, errors=errors, values=form.values,
                                               form="municipality")

    @post("/accountmanagers", name="admin_account_manager_create")
    async def create_account_manager(self, request: Request[Any, Any, Any],
                                     municipalities: NamedDependency[MunicipalityService],
                                     users: NamedDependency[UserService],
                                     runtime: NamedDependency[Runtime]) -> Response[Any]:
        form = await parse_form(request, AccountManagerForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await users.create_account_manager(form.data, runtime, acting_user(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("Uitnodiging verstuurd naar %(email)s.", email=form.data.email))
                return redirect("/beheer")
        return await self._municipalities_page(request, municipalities, users, errors=errors, values=form.values,
                                               form="manager")

    @get("/e-mails", name="admin_emails", guards=[requires(Permission.ADMIN_MAIL)])
    async def emails(self, request: Request[Any, Any, Any], users: NamedDependency[UserService]) -> Template:
        session = users.repository.session
        emails = list(await session.scalars(select(SentEmail).order_by(SentEmail.created_at.desc()).limit(200)))
        return render(request, "admin/emails.html", {"emails": emails})

    @get("/e-mails/{email_id:uuid}", name="admin_email", guards=[requires(Permission.ADMIN_MAIL)])
    async def email(self, request: Request[Any, Any, Any], email_id: FromPath[UUID],
                    users: NamedDependency[UserService]) -> Template:
        email = await users.repository.session.get(SentEmail, email_id)
        if email is None:
            raise NotFoundException()
        return render(request, "admin/email.html", {"email": email})
