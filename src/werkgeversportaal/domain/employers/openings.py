"""Opening services: the employer's own openings (always scoped to its organisation), the
accountmanager's overview, and closing openings past their closing date."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import msgspec
from advanced_alchemy.filters import SearchFilter, StatementFilter
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import OffsetPagination, SQLAlchemyAsyncRepositoryService
from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from werkgeversportaal.db.models import Employer, Opening, OpeningKind, OpeningStatus, Sector
from werkgeversportaal.domain.employers import labels as _labels  # noqa: F401  (registers the enum labels)
from werkgeversportaal.domain.employers.openings_state import (
    TARGET,
    VISIBLE,
    OpeningAction,
    TransitionError,
    check_editable,
    check_transition,
)
from werkgeversportaal.domain.employers.services import page, resolve_place
from werkgeversportaal.domain.search.outbox import record_index_change
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import FormErrors
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.jobs import enqueue

if TYPE_CHECKING:
    from werkgeversportaal.domain.employers.schemas import OpeningForm
    from werkgeversportaal.lib.permissions import CurrentUser
    from werkgeversportaal.lib.runtime import Runtime

TIMEZONE = ZoneInfo("Europe/Amsterdam")
CLOSE_EXPIRED = "close_expired_openings"
CLOSING_PASSED = _l("De sluitingsdatum is al voorbij. Kies eerst een nieuwe sluitingsdatum.")
LIST_FIELDS = ("workdays", "day_parts", "language_days", "language_day_parts")


def today() -> date:
    """Closing dates are Dutch calendar days."""
    return datetime.now(TIMEZONE).date()


async def schedule_close_expired(session: Any, after: date) -> None:
    """Run the closing job just after midnight following `after`; one job per day (dedupe key)."""
    run_at = datetime.combine(after + timedelta(days=1), time(0, 5), TIMEZONE)
    delay = max(0.0, (run_at - datetime.now(TIMEZONE)).total_seconds())
    await enqueue(session, CLOSE_EXPIRED, {}, dedupe_key=f"{CLOSE_EXPIRED}:{run_at.date().isoformat()}",
                  delay_seconds=delay)


class OpeningService(SQLAlchemyAsyncRepositoryService[Opening]):
    class Repo(SQLAlchemyAsyncRepository[Opening]):
        model_type = Opening

    repository_type = Repo

    async def own(self, employer_id: Any, opening_id: Any) -> Opening | None:
        """An opening of this employer, or None: another organisation's opening is not found (404)."""
        if employer_id is None:
            return None
        return await self.get_one_or_none(Opening.id == opening_id, Opening.employer_id == employer_id)

    async def of_employer(self, employer_id: Any) -> list[Opening]:
        return list(await self.get_many(Opening.employer_id == employer_id, order_by=[(Opening.updated_at, True)]))

    @staticmethod
    def count_by_status(openings: list[Opening]) -> dict[str, int]:
        counts = Counter(o.status.value for o in openings)
        return {s.value: counts.get(s.value, 0) for s in OpeningStatus}

    def _apply(self, opening: Opening, form: OpeningForm) -> None:
        place = resolve_place(form.place)
        values = msgspec.structs.asdict(form)
        for name, value in values.items():
            if name in LIST_FIELDS:
                # Stored in calendar order, whatever order the boxes were ticked in.
                value = [member.value for member in type(value[0]) if member in value] if value else []
            setattr(opening, name, value)
        opening.place, opening.lat, opening.lng = place.name, place.lat, place.lng
        if not form.paid:
            opening.pay_indication = ""

    async def create_for(self, employer_id: Any, form: OpeningForm, actor: CurrentUser) -> Opening:
        opening = Opening(employer_id=employer_id, status=OpeningStatus.DRAFT)
        self._apply(opening, form)
        session = self.repository.session
        session.add(opening)
        await session.flush()
        log_action(session, actor, "opening.created", "opening", opening.id, status=opening.status.value)
        return opening

    async def update_from(self, opening: Opening, form: OpeningForm, actor: CurrentUser) -> Opening:
        try:
            check_editable(opening.status)
        except TransitionError as exc:
            raise FormErrors({"__all__": exc.message}) from exc
        self._apply(opening, form)
        session = self.repository.session
        log_action(session, actor, "opening.updated", "opening", opening.id)
        await record_index_change(session, "openings", opening.id)
        if opening.status in VISIBLE and opening.closing_date:
            await schedule_close_expired(session, opening.closing_date)
        await session.flush()
        return opening

    async def change_status(self, opening: Opening, action: OpeningAction, actor: CurrentUser) -> Opening:
        target = TARGET[action]
        try:
            check_transition(opening.status, target, employer_verified=actor.employer_verified)
        except TransitionError as exc:
            raise FormErrors({"__all__": exc.message}) from exc
        if target in VISIBLE and opening.closing_date and opening.closing_date < today():
            raise FormErrors({"__all__": str(CLOSING_PASSED)})
        session = self.repository.session
        previous = opening.status
        opening.status = target
        log_action(session, actor, f"opening.{target.value}", "opening", opening.id, previous=previous.value,
                   status=target.value)
        await record_index_change(session, "openings", opening.id)
        if target in VISIBLE and opening.closing_date:
            await schedule_close_expired(session, opening.closing_date)
        await session.flush()
        return opening

    async def search(self, *, q: str = "", sector: str = "", kind: str = "", place: str = "", status: str = "",
                     limit: int = 25, offset: int = 0) -> OffsetPagination[Opening]:
        filters: list[StatementFilter | ColumnElement[bool]] = [page(limit, offset)]
        if q:
            filters.append(SearchFilter(field_name={"title", "occupation"}, value=q, ignore_case=True))
        if sector in {s.value for s in Sector}:
            filters.append(Opening.sector == Sector(sector))
        if kind in {k.value for k in OpeningKind}:
            filters.append(Opening.kind == OpeningKind(kind))
        if place:
            filters.append(SearchFilter(field_name="place", value=place, ignore_case=True))
        if status in {s.value for s in OpeningStatus}:
            filters.append(Opening.status == OpeningStatus(status))
        items, total = await self.get_many_and_count(*filters, order_by=[(Opening.updated_at, True)])
        return self.to_schema(items, total, filters=filters)  # type: ignore[return-value]

    async def own_page(self, employer_id: Any, *, status: str = "", limit: int = 25,
                       offset: int = 0) -> OffsetPagination[Opening]:
        filters: list[StatementFilter | ColumnElement[bool]] = [page(limit, offset),
                                                                Opening.employer_id == employer_id]
        if status in {s.value for s in OpeningStatus}:
            filters.append(Opening.status == OpeningStatus(status))
        items, total = await self.get_many_and_count(*filters, order_by=[(Opening.updated_at, True)])
        return self.to_schema(items, total, filters=filters)  # type: ignore[return-value]

    async def published_of(self, employer_id: Any) -> list[Opening]:
        return list(await self.get_many(Opening.employer_id == employer_id, Opening.status.in_(list(VISIBLE)),
                                    order_by=[(Opening.updated_at, True)]))

    async def close_expired(self, runtime: Runtime) -> list[Opening]:
        """Close every published or paused opening whose closing date has passed; tell the employer."""
        from werkgeversportaal.domain.employers.services import EmployerService
        from werkgeversportaal.lib.mail import queue_email

        session = self.repository.session
        expired = list(await session.scalars(
            select(Opening).where(Opening.status.in_([OpeningStatus.PUBLISHED, OpeningStatus.PAUSED]),
                                  Opening.closing_date < today())
            .order_by(Opening.employer_id, Opening.title)))
        by_employer: dict[Any, list[Opening]] = {}
        for opening in expired:
            previous = opening.status
            opening.status = OpeningStatus.CLOSED
            log_action(session, None, "opening.closed", "opening", opening.id, previous=previous.value,
                       status="closed", reason="closing_date_passed")
            await record_index_change(session, "openings", opening.id)
            by_employer.setdefault(opening.employer_id, []).append(opening)
        employers = EmployerService(session=session)
        for employer_id, openings in by_employer.items():
            employer = await session.get(Employer, employer_id)
            for contact in await employers.contacts(employer_id):
                if contact.is_active:
                    await queue_email(session, runtime, to=contact.email, template="openings_closed",
                                      locale=contact.preferred_language,
                                      context={"name": contact.display_name,
                                               "organisation": employer.name if employer else "",
                                               "titles": [o.title for o in openings]})
        await session.flush()
        return expired

