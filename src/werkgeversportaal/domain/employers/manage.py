"""Accountmanager pages: the verification queue, all employers and openings, an employer's file."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from werkgeversportaal.db.models import Employer, OpeningKind, OpeningStatus, Sector, VerificationStatus
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.employers.deps import employer_service, opening_service
from werkgeversportaal.domain.employers.openings import OpeningService
from werkgeversportaal.domain.employers.schemas import NoteForm, ReasonForm
from werkgeversportaal.domain.employers.services import EmployerService
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.labels import choices
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime

STEP_MESSAGES = {
    "verify": _l("De werkgever is gecontroleerd en kan nu publiceren. De werkgever krijgt een e-mail."),
    "reject": _l("De aanmelding is afgewezen. De werkgever krijgt een e-mail met de reden."),
    "suspend": _l("De werkgever is geschorst. De werkgever krijgt een e-mail met de reden."),
    "reinstate": _l("De schorsing is opgeheven. De werkgever krijgt een e-mail."),
}
STEPS_WITH_REASON = {"reject", "suspend"}


class EmployerManagementController(Controller):
    path = "/accountmanager"
    guards = [requires(Permission.EMPLOYERS_MANAGE)]
    dependencies = {**employer_service, **opening_service, **runtime_dependency}
    include_in_schema = False

    @get("/werkgevers/controle", name="am_employer_queue")
    async def queue(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService]) -> Template:
        return render(request, "account_manager/employer_queue.html", {"employers": await employers.queue()})

    @get("/werkgevers", name="am_employers")
    async def employers_index(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                              q: FromQuery[str] = "", sector: FromQuery[str] = "", place: FromQuery[str] = "",
                              status: FromQuery[str] = "", offset: FromQuery[int] = 0) -> Template:
        result = await employers.search(q=q, sector=sector, place=place, status=status, offset=offset)
        return render(request, "account_manager/employers.html", {
            "page": result, "filters": {"q": q, "sector": sector, "place": place, "status": status},
            "sectors": choices(Sector), "statuses": choices(VerificationStatus)})

    @get("/vacatures", name="am_openings")
    async def openings_index(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                             q: FromQuery[str] = "", sector: FromQuery[str] = "", kind: FromQuery[str] = "",
                             place: FromQuery[str] = "", status: FromQuery[str] = "",
                             offset: FromQuery[int] = 0) -> Template:
        result = await openings.search(q=q, sector=sector, kind=kind, place=place, status=status, offset=offset)
        return render(request, "account_manager/openings.html", {
            "page": result, "filters": {"q": q, "sector": sector, "kind": kind, "place": place, "status": status},
            "sectors": choices(Sector), "kinds": choices(OpeningKind), "statuses": choices(OpeningStatus)})

    async def _employer(self, employers: EmployerService, employer_id: UUID) -> Employer:
        employer = await employers.get_one_or_none(id=employer_id)
        if employer is None:
            raise NotFoundException()
        return employer

    async def _file(self, request: Request[Any, Any, Any], employers: EmployerService, openings: OpeningService,
                    employer: Employer, *, errors: dict[str, str] | None = None, values: dict[str, Any] | None = None,
                    status_code: int = 200) -> Template:
        return render(request, "account_manager/employer.html", {
            "employer": employer, "contacts": await employers.contacts(employer.id),
            "openings": await openings.of_employer(employer.id), "notes": await employers.notes(employer.id),
            "audit": await employers.audit_trail(employer.id), "errors": errors or {}, "values": values or {},
        }, status_code=status_code)

    @get("/werkgevers/{employer_id:uuid}", name="am_employer")
    async def show(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                   openings: NamedDependency[OpeningService], employer_id: FromPath[UUID]) -> Template:
        return await self._file(request, employers, openings, await self._employer(employers, employer_id))

    async def _step(self, request: Request[Any, Any, Any], employers: EmployerService, openings: OpeningService,
                    runtime: Runtime, employer_id: UUID, step: str) -> Response[Any]:
        employer = await self._employer(employers, employer_id)
        reason = ""
        if step in STEPS_WITH_REASON:
            form = await parse_form(request, ReasonForm)
            if not form.ok or form.data is None:
                errors = {"reason": form.errors.get("reason", "")}
                return await self._file(request, employers, openings, employer, errors=errors,
                                        values={**form.values, "step": step}, status_code=400)
            reason = form.data.reason
        try:
            await employers.change_verification(employer, step, _actor(request), runtime, reason)
        except FormErrors as exc:
            return await self._file(request, employers, openings, employer, errors=exc.errors, status_code=400)
        flash(request, str(STEP_MESSAGES[step]))
        return redirect(f"/accountmanager/werkgevers/{employer.id}")

    @post("/werkgevers/{employer_id:uuid}/verifieren", name="am_employer_verify")
    async def verify(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                     openings: NamedDependency[OpeningService], runtime: NamedDependency[Runtime],
                     employer_id: FromPath[UUID]) -> Response[Any]:
        return await self._step(request, employers, openings, runtime, employer_id, "verify")

    @post("/werkgevers/{employer_id:uuid}/afwijzen", name="am_employer_reject")
    async def reject(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                     openings: NamedDependency[OpeningService], runtime: NamedDependency[Runtime],
                     employer_id: FromPath[UUID]) -> Response[Any]:
        return await self._step(request, employers, openings, runtime, employer_id, "reject")

    @post("/werkgevers/{employer_id:uuid}/schorsen", name="am_employer_suspend")
    async def suspend(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                      openings: NamedDependency[OpeningService], runtime: NamedDependency[Runtime],
                      employer_id: FromPath[UUID]) -> Response[Any]:
        return await self._step(request, employers, openings, runtime, employer_id, "suspend")

    @post("/werkgevers/{employer_id:uuid}/herstellen", name="am_employer_reinstate")
    async def reinstate(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                        openings: NamedDependency[OpeningService], runtime: NamedDependency[Runtime],
                        employer_id: FromPath[UUID]) -> Response[Any]:
        return await self._step(request, employers, openings, runtime, employer_id, "reinstate")

    @post("/werkgevers/{employer_id:uuid}/notities", name="am_employer_note")
    async def add_note(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                       openings: NamedDependency[OpeningService], employer_id: FromPath[UUID]) -> Response[Any]:
        employer = await self._employer(employers, employer_id)
        form = await parse_form(request, NoteForm)
        if not form.ok or form.data is None:
            return await self._file(request, employers, openings, employer, errors=form.errors, values=form.values,
                                    status_code=400)
        await employers.add_note(employer, form.data.body, _actor(request))
        flash(request, _("De notitie is opgeslagen. Alleen accountmanagers zien notities."))
        return redirect(f"/accountmanager/werkgevers/{employer.id}#notities")
