"""Candidate pages: the accountmanager's intake and the candidate's own home."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from werkgeversportaal.db.models import ConsentScope
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.candidates import hooks, options, profile
from werkgeversportaal.domain.candidates.consent_texts import text_for
from werkgeversportaal.domain.candidates.deps import candidate_service
from werkgeversportaal.domain.candidates.schemas import CandidateIntakeForm, ProfileForm
from werkgeversportaal.domain.candidates.services import CandidateService
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import LOCALES
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


def _scope(value: str) -> ConsentScope:
    try:
        return ConsentScope(value)
    except ValueError:
        raise NotFoundException() from None


class CandidateIntakeController(Controller):
    path = "/accountmanager/kandidaten"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**runtime_dependency, **candidate_service}
    include_in_schema = False

    @get("/", name="am_candidates")
    async def index(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService]) -> Template:
        rows = await candidates.of_municipality(_actor(request).municipality_id)
        return render(request, "account_manager/candidates.html", {"candidates": rows})

    @get("/nieuw", name="am_candidate_new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "account_manager/candidate_new.html",
                      {"values": {"preferred_language": "nl"}, "errors": {}, "languages": LOCALES})

    @post("/nieuw")
    async def create(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                     runtime: NamedDependency[Runtime]) -> Response[Any]:
        form = await parse_form(request, CandidateIntakeForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                candidate = await candidates.intake(form.data, runtime, _actor(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("Kandidaat aangemaakt. De uitnodiging is verstuurd."))
                return redirect(f"/accountmanager/kandidaten/{candidate.id}")
        return render(request, "account_manager/candidate_new.html",
                      {"values": form.values, "errors": errors, "languages": LOCALES}, status_code=400)

    @get("/{candidate_id:uuid}", name="am_candidate")
    async def detail(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                     candidates: NamedDependency[CandidateService]) -> Template:
        candidate = await candidates.get_managed(candidate_id, _actor(request))
        if candidate is None:
            raise NotFoundException()
        session = candidates.repository.session
        from werkgeversportaal.domain.candidates.videos import latest_video
        from werkgeversportaal.domain.candidates.visibility import active_consents

        return render(request, "account_manager/candidate.html", {
            "candidate": candidate, "view": profile.employer_view(candidate),
            "consents": await active_consents(session, candidate.id),
            "history": await profile.consent_history(session, candidate.id),
            "video": await latest_video(session, candidate.id), "scopes": list(ConsentScope),
            "texts": {scope: text_for(scope, candidate.user.preferred_language if candidate.user else "nl")
                      for scope in ConsentScope},
        })

    @get("/{candidate_id:uuid}/profiel", name="am_candidate_profile")
    async def profile_form(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                           candidates: NamedDependency[CandidateService]) -> Template:
        candidate = await self._managed(candidates, candidate_id, request)
        return render(request, "account_manager/candidate_profile.html",
                      {"candidate": candidate, "values": profile.form_values(candidate), "errors": {},
                       "opt": options})

    @post("/{candidate_id:uuid}/profiel")
    async def save_profile(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                           candidates: NamedDependency[CandidateService]) -> Response[Any]:
        candidate = await self._managed(candidates, candidate_id, request)
        form = await parse_form(request, ProfileForm)
        if not form.ok or form.data is None:
            return render(request, "account_manager/candidate_profile.html",
                          {"candidate": candidate, "values": form.values, "errors": form.errors, "opt": options},
                          status_code=400)
        was_published = candidate.published
        profile.apply_profile(candidate, form.data)
        from werkgeversportaal.lib.audit import log_action

        log_action(candidates.repository.session, _actor(request), "candidate.profile_updated", "candidate",
                   candidate.id)
        await hooks.on_candidate_visibility_changed(candidates.repository.session, candidate.id)
        if was_published != candidate.published:
            log_action(candidates.repository.session, _actor(request),
                       "candidate.published" if candidate.published else "candidate.unpublished", "candidate",
                       candidate.id)
        flash(request, _("Het profiel is opgeslagen."))
        return redirect(f"/accountmanager/kandidaten/{candidate.id}")

    @post("/{candidate_id:uuid}/toestemming/{consent_scope:str}", name="am_candidate_consent")
    async def consent_on_paper(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                               consent_scope: FromPath[str], candidates: NamedDependency[CandidateService]) -> Redirect:
        """Consent given on a signed paper form, recorded by the accountmanager on the candidate's behalf."""
        candidate = await self._managed(candidates, candidate_id, request)
        language = candidate.user.preferred_language if candidate.user else "nl"
        await profile.grant_consent(candidates.repository.session, candidate, _scope(consent_scope), _actor(request),
                                    language, on_behalf=True)
        flash(request, _("De toestemming (papieren formulier) is vastgelegd."))
        return redirect(f"/accountmanager/kandidaten/{candidate.id}")

    @post("/{candidate_id:uuid}/toestemming/{consent_scope:str}/intrekken", name="am_candidate_consent_withdraw")
    async def withdraw_on_behalf(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                                 consent_scope: FromPath[str],
                                 candidates: NamedDependency[CandidateService]) -> Redirect:
        candidate = await self._managed(candidates, candidate_id, request)
        await profile.withdraw_consent(candidates.repository.session, candidate, _scope(consent_scope), _actor(request))
        flash(request, _("De toestemming is ingetrokken."))
        return redirect(f"/accountmanager/kandidaten/{candidate.id}")

    @staticmethod
    async def _managed(candidates: CandidateService, candidate_id: UUID, request: Request[Any, Any, Any]) -> Any:
        candidate = await candidates.get_managed(candidate_id, _actor(request))
        if candidate is None:
            raise NotFoundException()
        return candidate

    @post("/{candidate_id:uuid}/uitnodigen", name="am_candidate_reinvite")
    async def reinvite(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                       candidates: NamedDependency[CandidateService], runtime: NamedDependency[Runtime]) -> Redirect:
        actor = _actor(request)
        candidate = await candidates.get_managed(candidate_id, actor)
        if candidate is None:
            raise NotFoundException()
        await candidates.reinvite(candidate, runtime, actor)
        flash(request, _("Er is een nieuwe uitnodiging verstuurd."))
        return redirect(f"/accountmanager/kandidaten/{candidate.id}")


class CandidateHomeController(Controller):
    path = "/kandidaat"
    guards = [requires(Permission.CANDIDATE_SELF)]
    dependencies = {**candidate_service}
    include_in_schema = False

    @get("/", name="candidate_home")
    async def home(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService]) -> Template:
        user = _actor(request)
        candidate = await candidates.get_one_or_none(id=user.candidate_id) if user.candidate_id else None
        if candidate is None:
            raise NotFoundException()
        return render(request, "candidate/home.html", {"candidate": candidate})
