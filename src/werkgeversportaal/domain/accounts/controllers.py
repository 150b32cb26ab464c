"""Public account pages: register, log in and out, forgotten password, invitations, language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from werkgeversportaal.db.models import Role, Sector
from werkgeversportaal.db.models.accounts import TokenPurpose
from werkgeversportaal.domain.accounts.deps import runtime_dependency, user_service
from werkgeversportaal.domain.accounts.schemas import (
    EmployerRegistrationForm,
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
)
from werkgeversportaal.domain.accounts.services import UserService, normalise_email
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import LOCALES, locales_for, text_direction
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.labels import choices
from werkgeversportaal.lib.middleware import session_fingerprint
from werkgeversportaal.lib.permissions import current_user
from werkgeversportaal.lib.ratelimit import AttemptCounter
from werkgeversportaal.lib.rendering import flash, redirect, render, safe_next
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.sessions import rotate_session

HOME_BY_ROLE = {
    Role.ADMIN: "/beheer",
    Role.ACCOUNT_MANAGER: "/accountmanager",
    Role.EMPLOYER: "/werkgever",
    Role.CANDIDATE: "/kandidaat",
}


def login_counter(request: Request[Any, Any, Any], runtime: Runtime) -> AttemptCounter:
    auth = runtime.settings.auth
    return AttemptCounter(request.app.stores.get("ratelimit"), "login", auth.login_max_failures,
                          auth.login_window_seconds)


def allowed_locales(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Every language for candidates and public pages, Dutch and English for the other roles."""
    user = current_user(request)
    return locales_for(user.role.value, "/kandidaat") if user else LOCALES


def set_language_cookie(response: Response[Any], lang: str, runtime: Runtime) -> None:
    response.set_cookie("lang", lang, max_age=365 * 86400, httponly=True, samesite="lax",
                        secure=runtime.settings.app.serves_https)


def client_ip(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


class PublicController(Controller):
    dependencies = {**runtime_dependency, **user_service}
    include_in_schema = False

    @get("/", name="landing")
    async def landing(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "public/landing.html", {"sectors": choices(Sector)})

    @get("/start", name="home")
    async def home(self, request: Request[Any, Any, Any]) -> Redirect:
        user = current_user(request)
        return redirect(HOME_BY_ROLE[user.role] if user else "/inloggen")

    @get("/registreren", name="register")
    async def register_form(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "accounts/register.html", {"values": {}, "errors": {}, "sectors": choices(Sector)})

    @post("/registreren")
    async def register(self, request: Request[Any, Any, Any], users: NamedDependency[UserService],
                       runtime: NamedDependency[Runtime]) -> Response[Any]:
        form = await parse_form(request, EmployerRegistrationForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await users.register_employer(form.data, runtime)
            except FormErrors as exc:
                errors = exc.errors
            else:
                # The same answer whether the address was new or already had an account (that one
                # gets an e-mail instead), so nobody learns from this form who has an account.
                flash(request, _("Bedankt voor uw aanmelding. We hebben een e-mail gestuurd naar het adres dat u "
                                 "opgaf. Log hieronder in met dat e-mailadres en uw wachtwoord."))
                return redirect("/inloggen")
        return render(request, "accounts/register.html",
                      {"values": form.values, "errors": errors, "sectors": choices(Sector)}, status_code=400)

    @get("/inloggen", name="login")
    async def login_form(self, request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template:
        return render(request, "accounts/login.html", {"values": {"next": next or ""}, "errors": {}})

    @post("/inloggen")
    async def login(self, request: Request[Any, Any, Any], users: NamedDependency[UserService],
                    runtime: NamedDependency[Runtime]) -> Response[Any]:
        form = await parse_form(request, LoginForm)
        if not form.ok or form.data is None:
            return render(request, "accounts/login.html", {"values": form.values, "errors": form.errors},
                          status_code=400)
        counter = login_counter(request, runtime)
        keys = (f"email:{normalise_email(form.data.email)}", f"ip:{client_ip(request)}")
        if await counter.blocked(*keys):
            minutes = runtime.settings.auth.login_window_seconds // 60
            message = _("U heeft te vaak een verkeerd wachtwoord ingevuld. Wacht %(minutes)s minuten en probeer het "
                        "dan opnieuw. Of vraag een nieuw wachtwoord aan.", minutes=minutes)
            return render(request, "accounts/login.html", {"values": form.values, "errors": {"__all__": message}},
                          status_code=429)
        user = await users.authenticate(form.data.email, form.data.password)
        if user is None:
            await counter.hit(*keys)
            message = _("Het e-mailadres of het wachtwoord klopt niet.")
            return render(request, "accounts/login.html", {"values": form.values, "errors": {"__all__": message}},
                          status_code=400)
        await counter.reset(keys[0])
        chosen = request.cookies.get("lang")
        if user.role is Role.CANDIDATE and user.language_chosen_at is None and chosen in LOCALES:
            # The language picked before logging in (first visit) is the candidate's choice.
            await users.choose_language(user, str(chosen))
        await rotate_session(request, {"uid": str(user.id), "fp": session_fingerprint(user)})
        response = redirect(safe_next(form.data.next, HOME_BY_ROLE[user.role]))
        set_language_cookie(response, user.preferred_language, runtime)
        return response

    @post("/uitloggen", name="logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return redirect("/")

    @get("/wachtwoord-vergeten", name="forgot_password")
    async def forgot_form(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "accounts/forgot.html", {"values": {}, "errors": {}})

    @post("/wachtwoord-vergeten")
    async def forgot(self, request: Request[Any, Any, Any], users: NamedDependency[UserService],
                     runtime: NamedDependency[Runtime]) -> Response[Any]:
        form = await parse_form(request, ForgotPasswordForm)
        if not form.ok or form.data is None:
            return render(request, "accounts/forgot.html", {"values": form.values, "errors": form.errors},
                          status_code=400)
        counter = AttemptCounter(request.app.stores.get("ratelimit"), "reset", 5, 3600)
        keys = (f"email:{normalise_email(form.data.email)}", f"ip:{client_ip(request)}")
        if not await counter.blocked(*keys):
            await counter.hit(*keys)
            await users.send_password_reset(form.data.email, runtime)
        # The same page whether or not the address is known: nobody learns who has an account.
        return render(request, "accounts/forgot_sent.html", {"email": form.data.email})

    @get("/wachtwoord-herstellen/{token:str}", name="reset_password")
    async def reset_form(self, request: Request[Any, Any, Any], token: FromPath[str],
                         users: NamedDependency[UserService]) -> Response[Any]:
        return await self._link_form(request, users, token, TokenPurpose.PASSWORD_RESET)

    @post("/wachtwoord-herstellen/{token:str}")
    async def reset(self, request: Request[Any, Any, Any], token: FromPath[str],
                    users: NamedDependency[UserService]) -> Response[Any]:
        return await self._use_link(request, users, token, TokenPurpose.PASSWORD_RESET)

    @get("/uitnodiging/{token:str}", name="accept_invitation")
    async def invitation_form(self, request: Request[Any, Any, Any], token: FromPath[str],
                              users: NamedDependency[UserService]) -> Response[Any]:
        return await self._link_form(request, users, token, TokenPurpose.INVITATION)

    @post("/uitnodiging/{token:str}")
    async def accept_invitation(self, request: Request[Any, Any, Any], token: FromPath[str],
                                users: NamedDependency[UserService]) -> Response[Any]:
        return await self._use_link(request, users, token, TokenPurpose.INVITATION)

    async def _link_form(self, request: Request[Any, Any, Any], users: UserService, token: str,
                         purpose: TokenPurpose) -> Response[Any]:
        try:
            link = await users.check_link(token, purpose)
        except FormErrors as exc:
            return render(request, "accounts/link_invalid.html", {"message": exc.errors["__all__"]}, status_code=410)
        if (link.user.role is Role.CANDIDATE and link.user.language_chosen_at is None
                and request.cookies.get("lang") not in LOCALES):
            # A new candidate first chooses the language; the choice is stored when the password is set.
            return redirect("/taal?" + urlencode({"next": request.url.path}))
        return render(request, "accounts/set_password.html",
                      {"purpose": purpose.value, "email": link.user.email, "errors": {}})

    async def _use_link(self, request: Request[Any, Any, Any], users: UserService, token: str,
                        purpose: TokenPurpose) -> Response[Any]:
        try:
            link = await users.check_link(token, purpose)
        except FormErrors as exc:
            return render(request, "accounts/link_invalid.html", {"message": exc.errors["__all__"]}, status_code=410)
        form = await parse_form(request, SetPasswordForm)
        if not form.ok or form.data is None:
            return render(request, "accounts/set_password.html",
                          {"purpose": purpose.value, "email": link.user.email, "errors": form.errors}, status_code=400)
        try:
            user = await users.use_link(token, purpose, form.data.password)
        except FormErrors as exc:
            return render(request, "accounts/link_invalid.html", {"message": exc.errors["__all__"]}, status_code=410)
        chosen = request.cookies.get("lang")
        if user.role is Role.CANDIDATE and user.language_chosen_at is None and chosen in LOCALES:
            await users.choose_language(user, str(chosen))
        await rotate_session(request, {"uid": str(user.id), "fp": session_fingerprint(user)})
        flash(request, _("Uw wachtwoord is opgeslagen. U bent ingelogd."))
        return redirect(HOME_BY_ROLE[user.role])

    @get("/taal", name="choose_language")
    async def choose_language(self, request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template:
        """The language choice (first visit, first log-in): every language named in itself."""
        return render(request, "accounts/choose_language.html", {
            "next": safe_next(next, "/start"),
            "choices": [(code, name, text_direction(code)) for code, name in allowed_locales(request).items()],
        })

    @post("/taal", name="set_language")
    async def set_language(self, request: Request[Any, Any, Any], users: NamedDependency[UserService],
                           runtime: NamedDependency[Runtime]) -> Redirect:
        form = await request.form()
        lang = str(form.get("lang", ""))
        target = safe_next(str(form.get("next", "")), "/")
        response = redirect(target)
        if lang in allowed_locales(request):
            set_language_cookie(response, lang, runtime)
            user = current_user(request)
            if user is not None:
                await users.choose_language(await users.get(user.id), lang)
        return response
