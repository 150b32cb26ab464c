"""The public register of verified employers open to hiring statushouders."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from werkgeversportaal.db.models import Sector
from werkgeversportaal.domain.employers.deps import employer_service, opening_service
from werkgeversportaal.domain.employers.openings import OpeningService
from werkgeversportaal.domain.employers.services import EmployerService
from werkgeversportaal.lib.labels import choices
from werkgeversportaal.lib.rendering import render


class PublicRegisterController(Controller):
    path = "/werkgevers"
    dependencies = {**employer_service, **opening_service}
    include_in_schema = False

    @get("/", name="register_index")
    async def index(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                    sector: FromQuery[str] = "", place: FromQuery[str] = "", offset: FromQuery[int] = 0) -> Template:
        result = await employers.register(sector=sector, place=place, offset=offset)
        return render(request, "public/register.html", {
            "page": result, "filters": {"sector": sector, "place": place}, "sectors": choices(Sector)})

    @get("/{employer_id:uuid}", name="register_employer")
    async def show(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                   openings: NamedDependency[OpeningService], employer_id: FromPath[UUID]) -> Template:
        employer = await employers.public_one(employer_id)
        if employer is None:
            raise NotFoundException()
        return render(request, "public/register_employer.html",
                      {"employer": employer, "openings": await openings.published_of(employer.id)})
