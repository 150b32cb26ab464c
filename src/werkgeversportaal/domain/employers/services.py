"""Employer services: the organisation, verification by accountmanagers, notes and the public register."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advanced_alchemy.filters import LimitOffset, SearchFilter, StatementFilter
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import OffsetPagination, SQLAlchemyAsyncRepositoryService
from sqlalchemy import String, cast, or_, select
from sqlalchemy.sql.elements import ColumnElement

from werkgeversportaal.db.models import (
    AuditEvent,
    Employer,
    EmployerMembership,
    EmployerNote,
    Opening,
    Role,
    Sector,
    User,
    VerificationStatus,
)
from werkgeversportaal.domain.accounts.services import UserService, normalise_email
from werkgeversportaal.domain.employers.places import Place, places
from werkgeversportaal.domain.search.openings import record_employer_openings
from werkgeversportaal.domain.search.outbox import record_index_change
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import FormErrors
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.jobs import now
from werkgeversportaal.lib.mail import queue_email

if TYPE_CHECKING:
    from werkgeversportaal.domain.employers.schemas import ColleagueForm, OrganisationForm
    from werkgeversportaal.lib.permissions import CurrentUser
    from werkgeversportaal.lib.runtime import Runtime

KVK_TAKEN = _l("Dit KvK-nummer is al geregistreerd bij een andere organisatie.")
V = VerificationStatus
# Verification life cycle: pending → verified | rejected; verified → suspended → verified.
VERIFICATION_STEPS: dict[str, tuple[frozenset[VerificationStatus], VerificationStatus]] = {
    "verify": (frozenset({V.PENDING, V.REJECTED}), V.VERIFIED),
    "reject": (frozenset({V.PENDING}), V.REJECTED),
    "suspend": (frozenset({V.VERIFIED}), V.SUSPENDED),
    "reinstate": (frozenset({V.SUSPENDED}), V.VERIFIED),
}
STEP_NOT_ALLOWED = _l("Deze stap kan niet vanuit de huidige status van de werkgever.")


def resolve_place(name: str, field: str = "place") -> Place:
    """The place from the offline list, or a form error that offers the closest names."""
    place = places().lookup(name)
    if place is not None:
        return place
    suggestions = places().suggest(name)
    if suggestions:
        message = _l("Deze plaats kennen we niet. Bedoelt u: %(names)s?", names=", ".join(suggestions))
    else:
        message = _l("Deze plaats kennen we niet. Controleer de spelling of kies de dichtstbijzijnde plaats.")
    raise FormErrors({field: str(message)})


def sector_filter(sector: str) -> ColumnElement[bool]:
    """Sectors are a JSON list; its text form contains the quoted value on SQLite and PostgreSQL alike."""
    return cast(Employer.sectors, String).like(f'%"{sector}"%')


def page(limit: int, offset: int) -> LimitOffset:
    return LimitOffset(limit=max(1, min(limit, 100)), offset=max(0, offset))


class EmployerService(SQLAlchemyAsyncRepositoryService[Employer]):
    class Repo(SQLAlchemyAsyncRepository[Employer]):
        model_type = Employer

    repository_type = Repo

    # --- the employer's own organisation --------------------------------------------------------

    async def update_organisation(self, employer: Employer, form: OrganisationForm, actor: CurrentUser) -> Employer:
        session = self.repository.session
        taken = await session.scalar(
            select(Employer.id).where(Employer.kvk_number == form.kvk_number, Employer.id != employer.id))
        if taken:
            raise FormErrors({"kvk_number": str(KVK_TAKEN)})
        place = resolve_place(form.place)
        employer.name, employer.kvk_number = form.name, form.kvk_number
        employer.sectors = [s.value for s in form.sectors]
        employer.place, employer.lat, employer.lng = place.name, place.lat, place.lng
        employer.street, employer.postal_code = form.street, (form.postal_code or "").upper()
        employer.website, employer.description = form.website or "", form.description
        employer.public_register = form.public_register
        employer.offers_mentor, employer.offers_language_coach = form.offers_mentor, form.offers_language_coach
        employer.offers_language_friendly_schedule = form.offers_language_friendly_schedule
        employer.offers_interpreter = form.offers_interpreter
        log_action(session, actor, "employer.updated", "employer", employer.id)
        await record_index_change(session, "employers", employer.id)
        await record_employer_openings(session, employer.id)
        await session.flush()
        return employer

    async def invite_colleague(self, employer: Employer, form: ColleagueForm, runtime: Runtime,
                               actor: CurrentUser) -> User | None:
        """Invite a colleague; None when the address already has an account.

        The caller answers both cases alike, so the form cannot be used to find out who has an
        account: the existing address gets an e-mail that someone tried to add it instead.
        """
        session = self.repository.session
        users = UserService(session=session)
        existing = await users.get_by_email(form.email)
        if existing is not None:
            log_action(session, actor, "employer.colleague_invite_existing", "employer", employer.id,
                       email=existing.email)
            await queue_email(session, runtime, to=existing.email, template="colleague_attempt",
                              locale=existing.preferred_language,
                              context={"name": existing.display_name, "organisation": employer.name,
                                       "login": "/inloggen"})
            await session.flush()
            return None
        user = User(email=normalise_email(form.email), role=Role.EMPLOYER, display_name=form.display_name,
                    password_hash=None)
        session.add(user)
        await session.flush()
        session.add(EmployerMembership(employer_id=employer.id, user_id=user.id))
        log_action(session, actor, "employer.colleague_invited", "employer", employer.id, email=user.email)
        await users.invite(user, runtime, inviter=actor.display_name)
        return user

    async def contacts(self, employer_id: Any) -> list[User]:
        rows = await self.repository.session.scalars(
            select(User).join(EmployerMembership, EmployerMembership.user_id == User.id)
            .where(EmployerMembership.employer_id == employer_id).order_by(User.display_name))
        return list(rows)

    # --- accountmanagers ------------------------------------------------------------------------

    async def change_verification(self, employer: Employer, step: str, actor: CurrentUser, runtime: Runtime,
                                  reason: str = "") -> Employer:
        allowed_from, target = VERIFICATION_STEPS[step]
        if employer.verification_status not in allowed_from:
            raise FormErrors({"__all__": str(STEP_NOT_ALLOWED)})
        session = self.repository.session
        previous = employer.verification_status
        employer.verification_status = target
        employer.status_reason = reason
        if target is V.VERIFIED:
            employer.verified_at = now()
        log_action(session, actor, f"employer.{step}", "employer", employer.id, previous=previous.value,
                   status=target.value, reason=reason)
        await record_index_change(session, "employers", employer.id)
        await record_employer_openings(session, employer.id)
        for contact in await self.contacts(employer.id):
            if contact.is_active:
                await queue_email(session, runtime, to=contact.email, template=f"employer_{step}",
                                  locale=contact.preferred_language,
                                  context={"name": contact.display_name, "organisation": employer.name,
                                           "reason": reason})
        await session.flush()
        return employer

    async def add_note(self, employer: Employer, body: str, actor: CurrentUser) -> EmployerNote:
        note = EmployerNote(employer_id=employer.id, author_id=actor.id,
                            author_label=f"{actor.display_name} <{actor.email}>", body=body)
        self.repository.session.add(note)
        log_action(self.repository.session, actor, "employer.note_added", "employer", employer.id)
        await self.repository.session.flush()
        return note

    async def notes(self, employer_id: Any) -> list[EmployerNote]:
        rows = await self.repository.session.scalars(
            select(EmployerNote).where(EmployerNote.employer_id == employer_id)
            .order_by(EmployerNote.created_at.desc()))
        return list(rows)

    async def audit_trail(self, employer_id: Any) -> list[AuditEvent]:
        """Every recorded change of the employer and of its openings, newest first."""
        opening_ids = [str(i) for i in await self.repository.session.scalars(
            select(Opening.id).where(Opening.employer_id == employer_id))]
        condition: ColumnElement[bool] = (AuditEvent.subject_type == "employer") & (
            AuditEvent.subject_id == str(employer_id))
        if opening_ids:
            condition = or_(condition, (AuditEvent.subject_type == "opening")
                            & AuditEvent.subject_id.in_(opening_ids))
        rows = await self.repository.session.scalars(
            select(AuditEvent).where(condition).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(200))
        return list(rows)

    async def search(self, *, q: str = "", sector: str = "", place: str = "", status: str = "",
                     limit: int = 25, offset: int = 0) -> OffsetPagination[Employer]:
        filters: list[StatementFilter | ColumnElement[bool]] = [page(limit, offset)]
        if q:
            filters.append(SearchFilter(field_name={"name", "kvk_number"}, value=q, ignore_case=True))
        if sector in {s.value for s in Sector}:
            filters.append(sector_filter(sector))
        if place:
            filters.append(SearchFilter(field_name="place", value=place, ignore_case=True))
        if status in {s.value for s in VerificationStatus}:
            filters.append(Employer.verification_status == VerificationStatus(status))
        items, total = await self.get_many_and_count(*filters, order_by=[(Employer.name, False)])
        return self.to_schema(items, total, filters=filters)  # type: ignore[return-value]

    async def queue(self) -> list[Employer]:
        """Employers waiting for verification, oldest first (first come, first served)."""
        return list(await self.get_many(Employer.verification_status == V.PENDING,
                                    order_by=[(Employer.created_at, False)]))

    # --- the public register ----------------------------------------------------------------------

    def _public(self) -> list[ColumnElement[bool]]:
        return [Employer.verification_status == V.VERIFIED, Employer.public_register.is_(True)]

    async def register(self, *, sector: str = "", place: str = "", limit: int = 25,
                       offset: int = 0) -> OffsetPagination[Employer]:
        filters: list[StatementFilter | ColumnElement[bool]] = [page(limit, offset), *self._public()]
        if sector in {s.value for s in Sector}:
            filters.append(sector_filter(sector))
        if place:
            filters.append(SearchFilter(field_name="place", value=place, ignore_case=True))
        items, total = await self.get_many_and_count(*filters, order_by=[(Employer.name, False)])
        return self.to_schema(items, total, filters=filters)  # type: ignore[return-value]

    async def public_one(self, employer_id: Any) -> Employer | None:
        return await self.get_one_or_none(Employer.id == employer_id, *self._public())
