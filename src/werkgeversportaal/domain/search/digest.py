"""The daily e-mail of saved searches: candidates who became visible since the last digest.

Each saved search with `notify_daily` runs through SearchService as its employer user (so the
visibility recheck applies exactly as on the search page); a hit counts as new when the candidate
became visible (candidates.visibility.visible_since) after the search's `last_digest_at` (or its
creation) and before this run started. One e-mail per user; none when nothing is new. Running twice
mails nothing the second time, because `last_digest_at` moves to the start of the first run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, SavedSearch, User
from werkgeversportaal.domain.candidates.visibility import employer_may_see_candidates, visible_since
from werkgeversportaal.domain.employers.openings import TIMEZONE, today
from werkgeversportaal.domain.search.backends import InvalidQuery, SearchQuery
from werkgeversportaal.domain.search.backends.base import MAX_PER_PAGE
from werkgeversportaal.domain.search.candidate_pages import candidate_criteria
from werkgeversportaal.domain.search.service import SearchService
from werkgeversportaal.lib.jobs import enqueue, job_handler, now
from werkgeversportaal.lib.middleware import build_current_user

if TYPE_CHECKING:
    from werkgeversportaal.lib.permissions import CurrentUser
    from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)

DIGEST = "saved_search_digest"
MAX_PAGES = 10  # a digest lists new candidates among the first 1,000 hits of a search


@dataclass
class DigestReport:
    emails: int = 0
    searches: int = 0
    skipped: int = 0
    new: dict[UUID, list[tuple[SavedSearch, list[Candidate]]]] = field(default_factory=dict)


async def schedule_digest(session: AsyncSession, after: date) -> None:
    """Run the digest at 07:00 (Amsterdam) the day after `after`; one job per day (dedupe key)."""
    run_at = datetime.combine(after + timedelta(days=1), time(7, 0), TIMEZONE)
    delay = max(0.0, (run_at - datetime.now(TIMEZONE)).total_seconds())
    await enqueue(session, DIGEST, {}, dedupe_key=f"{DIGEST}:{run_at.date().isoformat()}", delay_seconds=delay)


async def matching_ids(search: SearchService, actor: CurrentUser, params: dict[str, Any]) -> list[UUID] | None:
    """Every visible hit of the saved parameters; None when the backend cannot answer now."""
    criteria = candidate_criteria(params)
    found: list[UUID] = []
    for page in range(1, MAX_PAGES + 1):
        query = SearchQuery(index="candidates", q=criteria.q, filters=criteria.filters, geo=criteria.geo,
                            sort="newest", page=page, per_page=MAX_PER_PAGE)
        try:
            outcome = await search.search(query, actor)
        except InvalidQuery:
            return []
        if outcome.limited:
            return None
        found.extend(UUID(hit.id) for hit in outcome.hits)
        if page >= outcome.total_pages:
            break
    return found


async def collect(session: AsyncSession, runtime: Runtime, started: datetime) -> DigestReport:
    report = DigestReport()
    search = SearchService(session, runtime)
    rows = await session.scalars(select(SavedSearch).where(SavedSearch.notify_daily.is_(True))
                                 .order_by(SavedSearch.user_id, SavedSearch.created_at))
    for saved in list(rows):
        user = await session.get(User, saved.user_id)
        actor = await build_current_user(session, user) if user is not None and user.is_active else None
        if actor is None or not employer_may_see_candidates(actor) or actor.employer_id != saved.employer_id:
            report.skipped += 1  # not verified (any more): no candidates, and the window stays open
            continue
        ids = await matching_ids(search, actor, saved.params)
        if ids is None:
            report.skipped += 1  # backend down: the next run catches up from the same moment
            continue
        report.searches += 1
        cutoff = saved.last_digest_at or saved.created_at
        since = await visible_since(session, ids)
        # Up to `started`: whoever became visible during this run is new for the next one.
        new_ids = [i for i in ids if i in since and cutoff < since[i] <= started]
        saved.last_digest_at = started
        if new_ids:
            candidates = {c.id: c for c in await session.scalars(select(Candidate).where(Candidate.id.in_(new_ids)))}
            report.new.setdefault(saved.user_id, []).append((saved, [candidates[i] for i in new_ids]))
    return report


async def send_digest(runtime: Runtime) -> DigestReport:
    from werkgeversportaal.lib.mail import queue_email

    started = now()
    async with runtime.session_maker() as session:
        report = await collect(session, runtime, started)
        for user_id, groups in report.new.items():
            user = await session.get(User, user_id)
            assert user is not None
            # Only the public name (given name + initial) and a link: never a family name in an e-mail.
            searches = [{"name": saved.name,
                         "candidates": [{"name": c.public_name, "path": f"/werkgever/kandidaten/{c.id}"}
                                        for c in candidates]}
                        for saved, candidates in groups]
            await queue_email(session, runtime, to=user.email, template="saved_search_digest",
                              context={"name": user.display_name, "searches": searches},
                              locale=user.preferred_language)
            report.emails += 1
        await schedule_digest(session, today())
        await session.commit()
    log.info("saved search digest: %s e-mails, %s searches run, %s skipped",
             report.emails, report.searches, report.skipped)
    return report


@job_handler(DIGEST)
async def saved_search_digest(runtime: Runtime, payload: dict[str, Any]) -> None:
    await send_digest(runtime)
