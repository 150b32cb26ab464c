"""What a verified employer sees of a candidate. Every request checks visibility.py first.

The list of candidates is the search page (domain/search/candidate_pages.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy import and_, bindparam, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, ConsentScope, Video, ViewKind
from werkgeversportaal.domain.candidates import profile
from werkgeversportaal.domain.candidates.videos import published_video_column, urls
from werkgeversportaal.domain.candidates.visibility import employer_may_see_candidates, visible_condition
from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import render
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.sql import fetch_rows, prebuilt

_candidate = Candidate.__table__
_video = Video.__table__
# The video employers may see (as videos.published_video picks it): the newest processed and approved one.
_published_video_id = published_video_column("id")
# One query: the candidate's employer-visible columns while the profile is visible (rule 1), and the keys of
# the published video while the video is visible as well; no row when the profile is not visible.
PAGE = (
    select(*(_candidate.c[name] for name in profile.EMPLOYER_VIEW_COLUMNS), _video.c.id.label("video_id"),
           _video.c.processed_key, _video.c.poster_key, _video.c.captions_key)
    .select_from(_candidate.outerjoin(_video, and_(_video.c.id == _published_video_id,
                                                   visible_condition(ConsentScope.VIDEO))))
    .where(_candidate.c.id == bindparam("candidate_id"), visible_condition(ConsentScope.PROFILE))
)
# PostgreSQL: the page and its view records (profile.record_views) in one statement, one round trip: the
# records are written only when the page has its row (visible), the video's only with the video.
_KINDS = (ViewKind.PROFILE, ViewKind.VIDEO)
_page = PAGE.cte("page")
PAGE_RECORDING_VIEWS = select(_page).add_cte(*profile.recording_views(_page, {
    ViewKind.PROFILE: true(), ViewKind.VIDEO: _page.c.video_id.is_not(None)}))
_PAGE, _PAGE_RECORDING_VIEWS = prebuilt(PAGE), prebuilt(PAGE_RECORDING_VIEWS)


class EmployerCandidatesController(Controller):
    path = "/werkgever/kandidaten"
    guards = [requires(Permission.EMPLOYER_VERIFIED)]
    include_in_schema = False

    @get("/{candidate_id:uuid}", name="employer_candidate", opt=AUTOCOMMIT_OPT)
    async def detail(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                     db_session: NamedDependency[AsyncSession], state: State) -> Template:
        # The runtime from the app's state, not as a second dependency: Litestar resolves two
        # independent dependencies concurrently, in a task group of their own (~0.1 ms a page).
        runtime: Runtime = state.runtime
        actor = _actor(request)
        if not employer_may_see_candidates(actor):
            raise NotFoundException()
        if db_session.get_bind().dialect.name == "postgresql":
            rows = await fetch_rows(db_session, _PAGE_RECORDING_VIEWS, {
                "candidate_id": candidate_id, **profile.recording_params(candidate_id, actor, _KINDS)})
            row = rows[0] if rows else None
        else:
            row = (await db_session.execute(_PAGE, {"candidate_id": candidate_id})).first()
            if row is not None:
                await profile.record_views(db_session, candidate_id, actor,
                                           list(_KINDS) if row.video_id is not None else [ViewKind.PROFILE])
        if row is None:
            raise NotFoundException()
        video = row if row.video_id is not None else None
        return render(request, "employer/candidate.html", {
            "view": profile.employer_view(row), "video": video, "media": urls(runtime, video) if video else {},
        })
