"""The signed-in user's own account: name, language and personal API tokens."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from werkgeversportaal.domain.accounts.controllers import set_language_cookie
from werkgeversportaal.domain.accounts.deps import api_token_service, runtime_dependency, user_service
from werkgeversportaal.domain.accounts.schemas import ApiTokenForm, ProfileForm
from werkgeversportaal.domain.accounts.services import ApiTokenService, UserService
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.i18n import locales_for
from werkgeversportaal.lib.permissions import Permission, acting_user, requires
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


class AccountController(Controller):
    path = "/account"
    guards = [requires(Permission.ACCOUNT)]
    dependencies = {**runtime_dependency, **user_service, **api_token_service}
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], api_tokens: ApiTokenService, **extra: Any) -> Template:
        user = acting_user(request)
        context = {"tokens": await api_tokens.for_user(user.id), "locales": locales_for(user.role.value),
                   "errors": {}, "values": {},
                   "new_token": None, **extra}
        return render(request, "account/account.html", context, status_code=400 if extra.get("errors") else 200)

    @get("/", name="account")
    async def show(self, request: Request[Any, Any, Any], api_tokens: NamedDependency[ApiTokenService]) -> Template:
        return await self._page(request, api_tokens)

    @post("/")
    async def update(self, request: Request[Any, Any, Any], users: NamedDependency[UserService],
                     api_tokens: NamedDependency[ApiTokenService], runtime: NamedDependency[Runtime]) -> Response[Any]:
        user = acting_user(request)
        form = await parse_form(request, ProfileForm)
        # Candidates choose from every language, the other roles from Dutch and English.
        if not form.ok or form.data is None or form.data.preferred_language not in locales_for(user.role.value):
            errors = form.errors or {"preferred_language": _("Kies een taal uit de lijst.")}
            return await self._page(request, api_tokens, errors=errors, values=form.values)
        await users.update_profile(user.id, form.data.display_name, form.data.preferred_language)
        flash(request, _("Uw gegevens zijn opgeslagen."))
        response = redirect("/account")
        set_language_cookie(response, form.data.preferred_language, runtime)
        return response

    @post("/sleutels", name="api_token_create")
    async def create_token(self, request: Request[Any, Any, Any],
                           api_tokens: NamedDependency[ApiTokenService]) -> Template:
        user = acting_user(request)
        form = await parse_form(request, ApiTokenForm)
        if not form.ok or form.data is None:
            return await self._page(request, api_tokens, errors=form.errors, values=form.values)
        token, raw = await api_tokens.issue(user.id, form.data.name, form.data.read_only)
        log_action(api_tokens.repository.session, user, "api_token.created", "api_token", token.id)
        # The secret is shown once, on this response only; it is stored as a hash.
        return await self._page(request, api_tokens, new_token=raw)

    @post("/sleutels/{token_id:uuid}/intrekken", name="api_token_revoke")
    async def revoke_token(self, request: Request[Any, Any, Any], token_id: FromPath[UUID],
                           api_tokens: NamedDependency[ApiTokenService]) -> Redirect:
        user = acting_user(request)
        if await api_tokens.revoke(user.id, token_id) is None:
            raise NotFoundException()
        log_action(api_tokens.repository.session, user, "api_token.revoked", "api_token", token_id)
        flash(request, _("De sleutel is ingetrokken en werkt niet meer."))
        return redirect("/account")
