"""The candidate's own pages: profile, preview as employer, consent, who viewed, my data.

`own_candidate` is the candidate.self check: a candidate only ever reaches their own row.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from werkgeversportaal.db.models import Candidate, ConsentScope
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.candidates import hooks, options, profile
from werkgeversportaal.domain.candidates.consent_texts import text_for
from werkgeversportaal.domain.candidates.controllers import _scope
from werkgeversportaal.domain.candidates.deps import candidate_service
from werkgeversportaal.domain.candidates.schemas import EraseForm, SelfProfileForm
from werkgeversportaal.domain.candidates.services import CandidateService
from werkgeversportaal.domain.candidates.videos import published_video, urls
from werkgeversportaal.domain.candidates.visibility import active_consents
from werkgeversportaal.lib.forms import parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


async def own_candidate(request: Request[Any, Any, Any], candidates: CandidateService) -> Candidate:
    """The candidate row of the logged-in candidate, never anyone else's (404 if it is gone)."""
    user = _actor(request)
    candidate = await candidates.get_one_or_none(id=user.candidate_id) if user.candidate_id else None
    if candidate is None or candidate.user_id != user.id:
        raise NotFoundException()
    return candidate


class CandidateSelfController(Controller):
    path = "/kandidaat"
    guards = [requires(Permission.CANDIDATE_SELF)]
    dependencies = {**runtime_dependency, **candidate_service}
    include_in_schema = False

    @get("/profiel", name="candidate_profile")
    async def profile_form(self, request: Request[Any, Any, Any],
                           candidates: NamedDependency[CandidateService]) -> Template:
        candidate = await own_candidate(request, candidates)
        return render(request, "candidate/profile.html",
                      {"candidate": candidate, "values": profile.form_values(candidate), "errors": {}, "opt": options})

    @post("/profiel")
    async def save_profile(self, request: Request[Any, Any, Any],
                           candidates: NamedDependency[CandidateService]) -> Response[Any]:
        candidate = await own_candidate(request, candidates)
        form = await parse_form(request, SelfProfileForm)
        if not form.ok or form.data is None:
            return render(request, "candidate/profile.html",
                          {"candidate": candidate, "values": form.values, "errors": form.errors, "opt": options},
                          status_code=400)
        profile.apply_self_profile(candidate, form.data)
        from werkgeversportaal.lib.audit import log_action

        log_action(candidates.repository.session, _actor(request), "candidate.profile_updated", "candidate",
                   candidate.id)
        await hooks.on_candidate_visibility_changed(candidates.repository.session, candidate.id)
        flash(request, _("Uw profiel is opgeslagen."))
        return redirect("/kandidaat/profiel")

    @get("/voorbeeld", name="candidate_preview")
    async def preview(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                      runtime: NamedDependency[Runtime]) -> Template:
        candidate = await own_candidate(request, candidates)
        video = await published_video(candidates.repository.session, candidate.id)
        return render(request, "candidate/preview.html", {
            "view": profile.employer_view(candidate), "video": video,
            "media": urls(runtime, video) if video else {},
            "consents": await active_consents(candidates.repository.session, candidate.id),
            "candidate": candidate,
        })

    @get("/toestemming", name="candidate_consent")
    async def consent(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService]) -> Template:
        candidate = await own_candidate(request, candidates)
        session = candidates.repository.session
        return render(request, "candidate/consent.html", {
            "candidate": candidate, "consents": await active_consents(session, candidate.id),
            "texts": {scope: text_for(scope, _actor(request).language) for scope in ConsentScope},
            "history": await profile.consent_history(session, candidate.id),
        })

    @post("/toestemming/{consent_scope:str}", name="candidate_consent_grant")
    async def grant(self, request: Request[Any, Any, Any], consent_scope: FromPath[str],
                    candidates: NamedDependency[CandidateService]) -> Redirect:
        candidate = await own_candidate(request, candidates)
        actor = _actor(request)
        await profile.grant_consent(candidates.repository.session, candidate, _scope(consent_scope), actor,
                                    actor.language)
        flash(request, _("Dank u. Uw toestemming is opgeslagen."))
        return redirect("/kandidaat/toestemming")

    @post("/toestemming/{consent_scope:str}/intrekken", name="candidate_consent_withdraw")
    async def withdraw(self, request: Request[Any, Any, Any], consent_scope: FromPath[str],
                       candidates: NamedDependency[CandidateService]) -> Redirect:
        candidate = await own_candidate(request, candidates)
        await profile.withdraw_consent(candidates.repository.session, candidate, _scope(consent_scope), _actor(request))
        flash(request, _("Uw toestemming is ingetrokken. Werkgevers zien dit nu niet meer."))
        return redirect("/kandidaat/toestemming")

    @get("/bekeken", name="candidate_views")
    async def views(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService]) -> Template:
        candidate = await own_candidate(request, candidates)
        return render(request, "candidate/views.html",
                      {"views": await profile.views_of(candidates.repository.session, candidate.id)})

    @get("/mijn-gegevens", name="candidate_data")
    async def my_data(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService]) -> Template:
        await own_candidate(request, candidates)
        return render(request, "candidate/my_data.html", {"errors": {}})

    @get("/mijn-gegevens/export", name="candidate_export")
    async def export(self, request: Request[Any, Any, Any],
                     candidates: NamedDependency[CandidateService]) -> Response[bytes]:
        candidate = await own_candidate(request, candidates)
        data = await profile.export_data(candidates.repository.session, candidate, _actor(request))
        return Response(msgspec.json.format(msgspec.json.encode(data), indent=2), media_type="application/json",
                        headers={"Content-Disposition": 'attachment; filename="mijn-gegevens.json"',
                                 "Cache-Control": "no-store"})

    @post("/mijn-gegevens/wissen", name="candidate_erase")
    async def erase(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                    runtime: NamedDependency[Runtime]) -> Response[Any]:
        candidate = await own_candidate(request, candidates)
        form = await parse_form(request, EraseForm)
        if not form.ok:
            return render(request, "candidate/my_data.html", {"errors": form.errors}, status_code=400)
        await profile.erase(candidates.repository.session, runtime, candidate, _actor(request))
        request.clear_session()
        return redirect("/?gewist=1")
