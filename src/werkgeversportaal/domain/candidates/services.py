"""Candidate services. Every query an accountmanager makes is scoped to their own municipality."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService

from werkgeversportaal.db.models import Candidate, Role, User
from werkgeversportaal.domain.accounts.services import UserService, normalise_email
from werkgeversportaal.lib.audit import log_action

if TYPE_CHECKING:
    from werkgeversportaal.domain.candidates.schemas import CandidateIntakeForm
    from werkgeversportaal.lib.permissions import CurrentUser
    from werkgeversportaal.lib.runtime import Runtime


class CandidateService(SQLAlchemyAsyncRepositoryService[Candidate]):
    class Repo(SQLAlchemyAsyncRepository[Candidate]):
        model_type = Candidate

    repository_type = Repo

    async def of_municipality(self, municipality_id: Any) -> list[Candidate]:
        rows = await self.get_many(Candidate.municipality_id == municipality_id)
        return sorted(rows, key=lambda c: (c.given_name.lower(), c.family_name.lower()))

    async def get_managed(self, candidate_id: Any, actor: CurrentUser) -> Candidate | None:
        """A candidate of the actor's own municipality, or None (the caller answers 404)."""
        return await self.get_one_or_none(Candidate.id == candidate_id,
                                          Candidate.municipality_id == actor.municipality_id)

    async def intake(self, form: CandidateIntakeForm, runtime: Runtime, actor: CurrentUser) -> Candidate:
        session = self.repository.session
        users = UserService(session=session)
        await users.ensure_email_free(form.email)
        user = User(email=normalise_email(form.email), role=Role.CANDIDATE, display_name=form.given_name,
                    preferred_language=form.preferred_language, municipality_id=actor.municipality_id)
        session.add(user)
        await session.flush()
        candidate = Candidate(municipality_id=actor.municipality_id, user_id=user.id, given_name=form.given_name,
                              family_name=form.family_name, created_by_id=actor.id)
        session.add(candidate)
        await session.flush()
        log_action(session, actor, "candidate.created", "candidate", candidate.id)
        await users.invite(user, runtime, inviter=actor.display_name, template="candidate_invitation")
        return candidate

    async def reinvite(self, candidate: Candidate, runtime: Runtime, actor: CurrentUser) -> None:
        if candidate.user is None:
            return
        users = UserService(session=self.repository.session)
        await users.invite(candidate.user, runtime, inviter=actor.display_name, template="candidate_invitation")
        log_action(self.repository.session, actor, "candidate.invited", "candidate", candidate.id)
