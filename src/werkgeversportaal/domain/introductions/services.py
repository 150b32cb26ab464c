"""Introductions: requesting, answering and moving along the pipeline. Every step goes through state.py;
every query an accountmanager makes is scoped to the candidates of their own municipality."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import select, update

from werkgeversportaal.db.models import (
    Candidate,
    ConsentScope,
    EmployerMembership,
    FollowUpMilestone,
    Introduction,
    IntroductionEvent,
    IntroductionStatus,
    Opening,
    StopReason,
    User,
)
from werkgeversportaal.domain.candidates.visibility import can_view
from werkgeversportaal.domain.introductions import state
from werkgeversportaal.domain.introductions.calendar import meeting_ics
from werkgeversportaal.domain.introductions.notify import account_managers_of, notify
from werkgeversportaal.domain.introductions.state import OPEN, Action, Actor, TransitionError
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import FormErrors
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.jobs import enqueue

if TYPE_CHECKING:
    from werkgeversportaal.lib.permissions import CurrentUser
    from werkgeversportaal.lib.runtime import Runtime

STALE = _l("Iemand anders heeft deze kaart al verplaatst. Bekijk de nieuwe status en probeer het zo nodig opnieuw.")
DUPLICATE = _l("U heeft al een lopende kennismaking met deze kandidaat.")
NOT_OWN_OPENING = _l("Kies een vacature van uw eigen organisatie.")
# Check-ins after placing: small, reachable goals (title, days after the contract start).
MILESTONES = ((_l("Gesprek na 2 weken"), 14), (_l("Gesprek na 6 weken"), 42), (_l("Gesprek na 3 maanden"), 91),
              (_l("Gesprek na 6 maanden"), 182))
FIELDS = ("meeting_at", "meeting_mode", "meeting_place", "interpreter_needed", "attendees", "trial_start",
          "trial_end", "contract_kind", "contract_start", "stop_reason", "stop_note")



# Employers' notifications stay on their notification page after a candidate withdraws consent, so
# they never name the candidate (rule 1); the introduction list names them while they are visible.
EMPLOYER_STATUS_CHANGED = _l("De status van een kennismaking van uw organisatie is gewijzigd.")

def now() -> datetime:
    return datetime.now(UTC)


class IntroductionService(SQLAlchemyAsyncRepositoryService[Introduction]):
    class Repo(SQLAlchemyAsyncRepository[Introduction]):
        model_type = Introduction

    repository_type = Repo

    # -- finding -----------------------------------------------------------------------------

    async def managed(self, actor: CurrentUser, *conditions: Any) -> list[Introduction]:
        session = self.repository.session
        query = (select(Introduction).join(Candidate, Candidate.id == Introduction.candidate_id)
                 .where(Candidate.municipality_id == actor.municipality_id, *conditions)
                 .order_by(Introduction.created_at))
        return list((await session.scalars(query)).unique())

    async def get_managed(self, introduction_id: UUID, actor: CurrentUser) -> Introduction | None:
        rows = await self.managed(actor, Introduction.id == introduction_id)
        return rows[0] if rows else None

    async def of_employer(self, employer_id: UUID) -> list[Introduction]:
        rows = await self.get_many(Introduction.employer_id == employer_id)
        return sorted(rows, key=lambda i: i.created_at, reverse=True)

    async def of_candidate(self, candidate_id: UUID) -> list[Introduction]:
        rows = await self.get_many(Introduction.candidate_id == candidate_id)
        return sorted(rows, key=lambda i: i.created_at, reverse=True)

    async def history(self, introduction_id: UUID) -> list[IntroductionEvent]:
        return list(await self.repository.session.scalars(
            select(IntroductionEvent).where(IntroductionEvent.introduction_id == introduction_id)
            .order_by(IntroductionEvent.occurred_at, IntroductionEvent.id)))

    async def milestones(self, introduction_id: UUID) -> list[FollowUpMilestone]:
        return list(await self.repository.session.scalars(
            select(FollowUpMilestone).where(FollowUpMilestone.introduction_id == introduction_id)
            .order_by(FollowUpMilestone.due_date)))

    # -- requesting --------------------------------------------------------------------------

    async def open_for(self, employer_id: UUID, candidate_id: UUID) -> Introduction | None:
        return await self.get_one_or_none(Introduction.employer_id == employer_id,
                                          Introduction.candidate_id == candidate_id,
                                          Introduction.status.in_(list(OPEN)))

    async def request(self, actor: CurrentUser, candidate_id: UUID, opening_id: UUID | None, motivation: str,
                      runtime: Runtime) -> Introduction:
        """The caller has checked visibility (404 otherwise); this checks the business rules."""
        session = self.repository.session
        assert actor.employer_id is not None
        if opening_id is not None:
            opening = await session.get(Opening, opening_id)
            if opening is None or opening.employer_id != actor.employer_id:
                raise FormErrors({"opening_id": str(NOT_OWN_OPENING)})
        if await self.open_for(actor.employer_id, candidate_id) is not None:
            raise FormErrors({"": str(DUPLICATE)})
        intro = Introduction(employer_id=actor.employer_id, candidate_id=candidate_id, opening_id=opening_id,
                             motivation=motivation, requested_by_id=actor.id, status=IntroductionStatus.REQUESTED)
        session.add(intro)
        await session.flush()
        await session.refresh(intro)
        _event(session, intro, actor, "", IntroductionStatus.REQUESTED, "")
        log_action(session, actor, "introduction.requested", "introduction", intro.id)
        for manager in await account_managers_of(session, intro.candidate.municipality_id):
            await notify(session, runtime, manager, "introduction.requested",
                         _l("%(organisation)s vraagt een kennismaking aan met %(candidate)s."),
                         f"/accountmanager/kennismakingen/{intro.id}",
                         organisation=intro.employer.name, candidate=intro.candidate.public_name)
        return intro

    # -- moving ------------------------------------------------------------------------------

    async def move(self, intro: Introduction, action: Action, actor: CurrentUser, kind: Actor, runtime: Runtime,
                   data: dict[str, Any] | None = None, *, version: int | None = None, note: str = "") -> Introduction:
        """One step of the pipeline. `version` is what the page saw; if it changed, nothing is written."""
        session = self.repository.session
        data = data or {}
        if version is not None and version != intro.version:
            raise TransitionError({"": STALE})
        previous = intro.status
        target = state.check(action, previous, kind, data, moment=now())
        # The conditional UPDATE makes the version check hold across concurrent requests as well.
        values = {k: v for k, v in data.items() if k in FIELDS}
        result = await session.execute(
            update(Introduction).where(Introduction.id == intro.id, Introduction.version == intro.version)
            .values(status=target, version=intro.version + 1,
                    **({"placed_at": now()} if target is IntroductionStatus.PLACED else {}), **values)
            .execution_options(synchronize_session=False))
        if not result.rowcount:  # type: ignore[attr-defined]
            raise TransitionError({"": STALE})
        await session.refresh(intro)
        _event(session, intro, actor, previous.value, target, note or str(data.get("stop_note") or ""))
        log_action(session, actor, f"introduction.{action.value}", "introduction", intro.id,
                   from_status=previous.value, to_status=target.value)
        if target is IntroductionStatus.PLACED and previous is not IntroductionStatus.PLACED:
            await self._create_milestones(intro)
        await self._tell(intro, action, runtime)
        return intro

    async def _create_milestones(self, intro: Introduction) -> None:
        start = intro.contract_start or date.today()
        for title, days in MILESTONES:
            self.repository.session.add(FollowUpMilestone(introduction_id=intro.id, title=str(title),
                                                          due_date=start + timedelta(days=days)))
        from werkgeversportaal.domain.introductions.followup import schedule_reminder, today

        await schedule_reminder(self.repository.session, today())

    async def _tell(self, intro: Introduction, action: Action, runtime: Runtime) -> None:
        """Who hears what: the employer never learns the candidate's details or the reason of a decline."""
        session = self.repository.session
        employer_users = await _employer_users(session, intro.employer_id)
        candidate_user = intro.candidate.user
        managers = await account_managers_of(session, intro.candidate.municipality_id)
        am_link = f"/accountmanager/kennismakingen/{intro.id}"
        org, cand = intro.employer.name, intro.candidate.public_name
        if action in (Action.AGREE, Action.DECLINE, Action.WITHDRAW):
            message = {Action.AGREE: _l("%(candidate)s wil kennismaken met %(organisation)s."),
                       Action.DECLINE: _l("%(candidate)s heeft de kennismaking met %(organisation)s afgewezen."),
                       Action.WITHDRAW: _l("%(organisation)s heeft de kennismaking met %(candidate)s ingetrokken.")}
            for manager in managers:
                await notify(session, runtime, manager, f"introduction.{action.value}", message[action], am_link,
                             organisation=org, candidate=cand)
            if action is not Action.WITHDRAW:
                for user in employer_users:
                    await notify(session, runtime, user, "introduction.status", EMPLOYER_STATUS_CHANGED,
                                 "/werkgever/kennismakingen")
            if action is Action.WITHDRAW and candidate_user is not None:
                await notify(session, runtime, candidate_user, "introduction.withdrawn",
                             _l("%(organisation)s heeft het verzoek om kennis te maken ingetrokken."),
                             "/kandidaat/kennismakingen", organisation=org)
            return
        if action is Action.PLAN_MEETING:
            ics = meeting_ics(intro, org, cand, runtime.settings.app.base_url)
            attachment = [{"filename": "kennismaking.ics", "content": ics, "content_type": "text/calendar"}]
            for user in employer_users:
                await notify(session, runtime, user, "introduction.meeting",
                             _l("Een kennismaking van uw organisatie is gepland. De afspraak staat in de bijlage."),
                             "/werkgever/kennismakingen", attachments=attachment)
            if candidate_user is not None:
                await notify(session, runtime, candidate_user, "introduction.meeting",
                             _l("Uw kennismaking met %(organisation)s is gepland. De afspraak staat in de bijlage."),
                             "/kandidaat/kennismakingen", attachments=attachment, organisation=org)
            return
        for user in employer_users:
            await notify(session, runtime, user, "introduction.status", EMPLOYER_STATUS_CHANGED,
                         "/werkgever/kennismakingen")
        if candidate_user is not None:
            await notify(session, runtime, candidate_user, "introduction.status",
                         _l("De status van uw kennismaking met %(organisation)s is gewijzigd."),
                         "/kandidaat/kennismakingen", organisation=org)


def _event(session: Any, intro: Introduction, actor: CurrentUser | None, from_status: str,
           to_status: IntroductionStatus, note: str) -> None:
    session.add(IntroductionEvent(
        introduction_id=intro.id, actor_id=actor.id if actor else None,
        actor_label=actor.display_name if actor else "systeem", occurred_at=now(),
        from_status=from_status, to_status=to_status.value, note=note))


async def _employer_users(session: Any, employer_id: UUID) -> list[User]:
    return list(await session.scalars(select(User).join(EmployerMembership, EmployerMembership.user_id == User.id)
                                      .where(EmployerMembership.employer_id == employer_id)))


async def stop_for_withdrawn_consent(session: Any, candidate_id: UUID, scope: ConsentScope) -> int:
    """Consent to show the profile is gone: stop every open introduction in the same transaction; a job
    tells the employers (without details), since this runs inside the candidates area's request."""
    if scope is not ConsentScope.PROFILE:
        return 0
    rows = list(await session.scalars(select(Introduction).where(
        Introduction.candidate_id == candidate_id, Introduction.status.in_(list(OPEN)))))
    for intro in rows:
        previous = intro.status
        intro.status, intro.stop_reason = IntroductionStatus.STOPPED, StopReason.CONSENT_WITHDRAWN
        intro.version += 1
        _event(session, intro, None, previous.value, IntroductionStatus.STOPPED, "")
        log_action(session, None, "introduction.stop", "introduction", intro.id, from_status=previous.value,
                   to_status="stopped", reason=StopReason.CONSENT_WITHDRAWN.value)
        await enqueue(session, "introductions.tell_stopped", {"introduction_id": str(intro.id)})
    return len(rows)


async def tell_stopped(session: Any, runtime: Runtime, intro: Introduction) -> None:
    for user in await _employer_users(session, intro.employer_id):
        await notify(session, runtime, user, "introduction.stopped",
                     _l("Een kennismaking van uw organisatie is gestopt. De kandidaat is niet meer beschikbaar."),
                     "/werkgever/kennismakingen")


async def visible_to_employer(session: Any, actor: CurrentUser, candidate_id: UUID) -> bool:
    return await can_view(session, actor, candidate_id, ConsentScope.PROFILE)
