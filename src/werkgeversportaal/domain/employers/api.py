"""JSON API of the employers area: an employer's own openings, and the public register."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from werkgeversportaal.db.models import Employer, Opening
from werkgeversportaal.domain.employers.deps import employer_service, opening_service
from werkgeversportaal.domain.employers.openings import OpeningService
from werkgeversportaal.domain.employers.schemas import (
    OpeningForm,
    OpeningIn,
    OpeningOut,
    OpeningPage,
    OpeningPatch,
    PublicOpeningOut,
    RegisterEmployerDetailOut,
    RegisterEmployerOut,
    RegisterPage,
    StatusChangeIn,
)
from werkgeversportaal.domain.employers.services import EmployerService
from werkgeversportaal.lib.forms import FormErrors, validate
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor

# Far beyond any real list, and small enough for every database's integer column (an offset of
# 2**70 used to reach SQLite and fail there with a 500).
MAX_OFFSET = 1_000_000


def _invalid(errors: dict[str, str]) -> HTTPException:
    return HTTPException(status_code=400, detail="Validation failed", extra={"errors": errors})


def opening_out(opening: Opening) -> OpeningOut:
    return OpeningOut(
        id=opening.id, employer_id=opening.employer_id, status=opening.status.value, kind=opening.kind.value,
        title=opening.title, description=opening.description, sector=opening.sector.value,
        occupation=opening.occupation, place=opening.place, lat=opening.lat, lng=opening.lng,
        hours_per_week=opening.hours_per_week, workdays=list(opening.workdays), day_parts=list(opening.day_parts),
        language_days=list(opening.language_days), language_day_parts=list(opening.language_day_parts),
        dutch_level=opening.dutch_level.value, education_level=opening.education_level.value,
        start_date=opening.start_date, duration=opening.duration, paid=opening.paid,
        pay_indication=opening.pay_indication, places_available=opening.places_available,
        closing_date=opening.closing_date, updated_at=opening.updated_at,
    )


def public_opening_out(opening: Opening) -> PublicOpeningOut:
    return PublicOpeningOut(
        id=opening.id, kind=opening.kind.value, title=opening.title, description=opening.description,
        sector=opening.sector.value, place=opening.place, hours_per_week=opening.hours_per_week,
        dutch_level=opening.dutch_level.value, education_level=opening.education_level.value,
        start_date=opening.start_date, paid=opening.paid, closing_date=opening.closing_date,
    )


def register_out(employer: Employer) -> dict[str, Any]:
    return {
        "id": employer.id, "name": employer.name, "sectors": list(employer.sectors), "place": employer.place,
        "lat": employer.lat, "lng": employer.lng, "website": employer.website, "description": employer.description,
        "offers_mentor": employer.offers_mentor, "offers_language_coach": employer.offers_language_coach,
        "offers_language_friendly_schedule": employer.offers_language_friendly_schedule,
        "offers_interpreter": employer.offers_interpreter,
    }


def _form(data: OpeningIn | OpeningPatch, current: Opening | None = None) -> OpeningForm:
    """API input goes through the same validation as the web form, so the rules live in one place."""
    raw: dict[str, Any] = {}
    if current is not None:
        raw = {name: getattr(current, name) for name in OpeningForm.__struct_fields__}
        raw = msgspec.to_builtins({k: v.value if hasattr(v, "value") else v for k, v in raw.items()})
    raw.update(msgspec.to_builtins(data))  # UNSET fields are left out, so they keep their value
    result = validate(OpeningForm, raw)
    if not result.ok or result.data is None:
        raise _invalid(result.errors)
    return result.data


class OpeningsApiController(Controller):
    path = "/api/v1/openings"
    tags = ["openings"]
    guards = [requires(Permission.EMPLOYER_OWN)]
    dependencies = {**opening_service}

    async def _own(self, request: Request[Any, Any, Any], openings: OpeningService, opening_id: UUID) -> Opening:
        opening = await openings.own(_actor(request).employer_id, opening_id)
        if opening is None:
            raise NotFoundException()
        return opening

    @get("/", name="api_openings", summary="The own organisation's openings")
    async def list_openings(
        self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
        status: Annotated[str, QueryParameter(description="draft, published, paused, filled, closed")] = "",
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 25,
        offset: Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)] = 0,
    ) -> OpeningPage:
        result = await openings.own_page(_actor(request).employer_id, status=status, limit=limit, offset=offset)
        return OpeningPage(limit=result.limit, offset=result.offset, total=result.total,
                           items=[opening_out(o) for o in result.items])

    @post("/", name="api_opening_create", summary="Create an opening (as a draft)", status_code=201)
    async def create(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                     data: JSONBody[OpeningIn]) -> OpeningOut:
        user = _actor(request)
        if user.employer_id is None:
            raise NotFoundException()  # an employer account without an organisation
        try:
            opening = await openings.create_for(user.employer_id, _form(data), user)
        except FormErrors as exc:
            raise _invalid(exc.errors) from exc
        return opening_out(opening)

    @get("/{opening_id:uuid}", name="api_opening", summary="One of the own organisation's openings")
    async def show(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                   opening_id: FromPath[UUID]) -> OpeningOut:
        return opening_out(await self._own(request, openings, opening_id))

    @patch("/{opening_id:uuid}", name="api_opening_update", summary="Change fields of an opening",
           description="Only the fields sent change. Closed and filled openings cannot be changed.")
    async def update(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                     opening_id: FromPath[UUID], data: JSONBody[OpeningPatch]) -> OpeningOut:
        opening = await self._own(request, openings, opening_id)
        try:
            await openings.update_from(opening, _form(data, opening), _actor(request))
        except FormErrors as exc:
            raise _invalid(exc.errors) from exc
        return opening_out(opening)

    @post("/{opening_id:uuid}/status", name="api_opening_status", status_code=200,
          summary="Publish, pause, mark as filled or close an opening")
    async def change_status(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                            opening_id: FromPath[UUID], data: JSONBody[StatusChangeIn]) -> OpeningOut:
        opening = await self._own(request, openings, opening_id)
        try:
            await openings.change_status(opening, data.action, _actor(request))
        except FormErrors as exc:
            raise HTTPException(status_code=409, detail=next(iter(exc.errors.values())),
                                extra={"errors": exc.errors}) from exc
        return opening_out(opening)


class RegisterApiController(Controller):
    path = "/api/v1/register"
    tags = ["register"]
    dependencies = {**employer_service, **opening_service}

    @get("/", name="api_register", summary="Verified employers open to hiring statushouders")
    async def list_employers(
        self, employers: NamedDependency[EmployerService],
        sector: Annotated[str, QueryParameter(description="Sector code, e.g. construction")] = "",
        place: FromQuery[str] = "",
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 25,
        offset: Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)] = 0,
    ) -> RegisterPage:
        result = await employers.register(sector=sector, place=place, limit=limit, offset=offset)
        return RegisterPage(limit=result.limit, offset=result.offset, total=result.total,
                            items=[RegisterEmployerOut(**register_out(e)) for e in result.items])

    @get("/{employer_id:uuid}", name="api_register_employer", summary="One employer of the register, with its openings")
    async def show(self, employers: NamedDependency[EmployerService], openings: NamedDependency[OpeningService],
                   employer_id: FromPath[UUID]) -> RegisterEmployerDetailOut:
        employer = await employers.public_one(employer_id)
        if employer is None:
            raise NotFoundException()
        published = await openings.published_of(employer.id)
        return RegisterEmployerDetailOut(**register_out(employer), openings=[public_opening_out(o) for o in published])
