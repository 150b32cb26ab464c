"""Match suggestions for accountmanagers (matching.py scores, this module only gathers and shows).

- an opening: the best-fitting consented, published candidates of the accountmanager's own
  municipality (the same condition as the candidates index, through visibility.py);
- a candidate of their own municipality (another municipality's answers 404): the best-fitting
  published openings of verified employers.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy import select

from werkgeversportaal.db.models import Candidate, ConsentScope, Employer, Opening
from werkgeversportaal.domain.candidates.deps import candidate_service
from werkgeversportaal.domain.candidates.services import CandidateService
from werkgeversportaal.domain.candidates.visibility import visible_condition
from werkgeversportaal.domain.search.candidates import build_candidate_documents, candidate_document
from werkgeversportaal.domain.search.matching import rank
from werkgeversportaal.domain.search.openings import opening_document, published_conditions
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import render

POOL = 2000  # at most this many of the newest rows are scored per page view
SHOWN = 20


class SuggestionController(Controller):
    path = "/accountmanager"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**candidate_service}
    include_in_schema = False

    @get("/vacatures/{opening_id:uuid}/suggesties", name="am_opening_suggestions")
    async def for_opening(self, request: Request[Any, Any, Any], opening_id: FromPath[UUID],
                          candidates: NamedDependency[CandidateService]) -> Template:
        session, actor = candidates.repository.session, _actor(request)
        opening = await session.get(Opening, opening_id)
        if opening is None:
            raise NotFoundException()
        ids = [str(i) for i in await session.scalars(
            select(Candidate.id).where(Candidate.municipality_id == actor.municipality_id,
                                       visible_condition(ConsentScope.PROFILE))
            .order_by(Candidate.updated_at.desc()).limit(POOL))]
        documents = await build_candidate_documents(session, ids)
        target = opening_document(opening)
        ranked = rank([(key, doc, target) for key, doc in documents.items() if doc], limit=SHOWN)
        rows = [{"document": documents[key], "match": match} for key, match in ranked]
        return render(request, "search/suggestions_opening.html", {"opening": opening, "rows": rows})

    @get("/kandidaten/{candidate_id:uuid}/suggesties", name="am_candidate_suggestions")
    async def for_candidate(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                            candidates: NamedDependency[CandidateService]) -> Template:
        session, actor = candidates.repository.session, _actor(request)
        candidate = await candidates.get_managed(candidate_id, actor)
        if candidate is None:
            raise NotFoundException()
        # Their own accountmanager may look for openings before the profile is published.
        me = candidate_document(candidate, has_video=False, published_at=0)
        openings = list(await session.scalars(
            select(Opening).join(Employer, Opening.employer_id == Employer.id).where(*published_conditions())
            .order_by(Opening.updated_at.desc()).limit(POOL)))
        by_id = {str(o.id): o for o in openings}
        ranked = rank([(key, me, opening_document(o)) for key, o in by_id.items()], limit=SHOWN)
        rows = [{"opening": by_id[key], "match": match} for key, match in ranked]
        return render(request, "search/suggestions_candidate.html", {"candidate": candidate, "rows": rows})
