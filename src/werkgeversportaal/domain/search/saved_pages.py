"""/werkgever/zoekopdrachten: an employer user's saved candidate searches (save, list, e-mail on/off, delete)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from werkgeversportaal.db.models import SavedSearch
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.employers.openings import today
from werkgeversportaal.domain.search.candidate_pages import _actor, candidate_criteria, search_page_context
from werkgeversportaal.domain.search.deps import saved_search_service, search_service
from werkgeversportaal.domain.search.digest import schedule_digest
from werkgeversportaal.domain.search.saved import SavedSearchService, SaveSearchForm, search_url
from werkgeversportaal.domain.search.service import SearchService
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import CurrentUser, Permission, requires
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


async def _own(saved_searches: SavedSearchService, actor: CurrentUser, saved_id: UUID) -> SavedSearch:
    assert actor.employer_id is not None
    saved = await saved_searches.own(actor.id, actor.employer_id, saved_id)
    if saved is None:
        raise NotFoundException()
    return saved


class SavedSearchController(Controller):
    path = "/werkgever/zoekopdrachten"
    guards = [requires(Permission.EMPLOYER_VERIFIED)]
    dependencies = {**runtime_dependency, **search_service, **saved_search_service}
    include_in_schema = False

    @get("/", name="saved_searches")
    async def index(self, request: Request[Any, Any, Any],
                    saved_searches: NamedDependency[SavedSearchService]) -> Template:
        actor = _actor(request)
        assert actor.employer_id is not None
        rows = await saved_searches.mine(actor.id, actor.employer_id)
        return render(request, "search/saved.html", {"rows": [(row, search_url(row)) for row in rows]})

    @post("/", name="saved_search_create")
    async def create(self, request: Request[Any, Any, Any], saved_searches: NamedDependency[SavedSearchService],
                     search: NamedDependency[SearchService], runtime: NamedDependency[Runtime]) -> Response[Any]:
        actor = _actor(request)
        assert actor.employer_id is not None
        form = await parse_form(request, SaveSearchForm)
        # The same checks as the search page: only parameters it accepts are kept.
        criteria = candidate_criteria(form.values)
        if not form.ok or form.data is None:
            context = await search_page_context(search, runtime, actor, form.values)
            context.update(save_values=form.values, save_errors=form.errors)
            return render(request, "search/candidates.html", context, status_code=400)
        saved = await saved_searches.save(actor.id, actor.employer_id, form.data.name, criteria.params(),
                                          form.data.notify_daily)
        if saved.notify_daily:
            await schedule_digest(saved_searches.repository.session, today())
        log_action(saved_searches.repository.session, actor, "saved_search.created", "saved_search", saved.id,
                   notify_daily=saved.notify_daily)
        flash(request, _("De zoekopdracht is bewaard."))
        return redirect(search_url(saved))

    @post("/{saved_id:uuid}/email", name="saved_search_toggle")
    async def toggle(self, request: Request[Any, Any, Any], saved_searches: NamedDependency[SavedSearchService],
                     saved_id: FromPath[UUID]) -> Redirect:
        actor = _actor(request)
        saved = await _own(saved_searches, actor, saved_id)
        saved.notify_daily = not saved.notify_daily
        if saved.notify_daily:
            # From now on: switching the e-mail on again does not mail everything missed while it was off.
            from werkgeversportaal.lib.jobs import now

            saved.last_digest_at = now()
            await schedule_digest(saved_searches.repository.session, today())
        log_action(saved_searches.repository.session, actor, "saved_search.email_changed", "saved_search",
                   saved.id, notify_daily=saved.notify_daily)
        flash(request, _("U krijgt voor deze zoekopdracht dagelijks een e-mail.") if saved.notify_daily
              else _("U krijgt voor deze zoekopdracht geen e-mail meer."))
        return redirect("/werkgever/zoekopdrachten")

    @post("/{saved_id:uuid}/verwijderen", name="saved_search_delete")
    async def delete(self, request: Request[Any, Any, Any], saved_searches: NamedDependency[SavedSearchService],
                     saved_id: FromPath[UUID]) -> Redirect:
        actor = _actor(request)
        saved = await _own(saved_searches, actor, saved_id)
        await saved_searches.delete(saved.id)
        log_action(saved_searches.repository.session, actor, "saved_search.deleted", "saved_search", saved_id)
        flash(request, _("De zoekopdracht is verwijderd."))
        return redirect("/werkgever/zoekopdrachten")
