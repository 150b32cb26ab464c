"""Employer pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from werkgeversportaal.domain.employers.deps import employer_service
from werkgeversportaal.domain.employers.services import EmployerService
from werkgeversportaal.lib.permissions import Permission, current_user, requires
from werkgeversportaal.lib.rendering import render


class EmployerDashboardController(Controller):
    path = "/werkgever"
    guards = [requires(Permission.EMPLOYER_OWN)]
    dependencies = {**employer_service}
    include_in_schema = False

    @get("/", name="employer_dashboard")
    async def dashboard(self, request: Request[Any, Any, Any], employers: EmployerService) -> Template:
        user = current_user(request)
        assert user is not None
        employer = await employers.get_one_or_none(id=user.employer_id) if user.employer_id else None
        if employer is None:
            raise NotFoundException()
        return render(request, "employer/dashboard.html", {"employer": employer})
