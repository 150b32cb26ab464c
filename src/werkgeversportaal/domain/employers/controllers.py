"""Employer pages: dashboard, organisation, colleagues and openings. Always the own organisation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from werkgeversportaal.db.models import (
    CefrLevel,
    DayPart,
    EducationLevel,
    Employer,
    Opening,
    OpeningKind,
    OpeningStatus,
    Sector,
    Weekday,
)
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.employers.deps import employer_service, opening_service
from werkgeversportaal.domain.employers.openings import OpeningService
from werkgeversportaal.domain.employers.openings_state import OpeningAction, actions_for
from werkgeversportaal.domain.employers.schemas import ColleagueForm, OpeningForm, OrganisationForm
from werkgeversportaal.domain.employers.services import EmployerService
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.labels import choices
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, is_htmx, redirect, render
from werkgeversportaal.lib.runtime import Runtime


async def _own_employer(request: Request[Any, Any, Any], employers: EmployerService) -> Employer:
    user = _actor(request)
    employer = await employers.get_one_or_none(id=user.employer_id) if user.employer_id else None
    if employer is None:
        raise NotFoundException()
    return employer


def opening_choices() -> dict[str, Any]:
    return {
        "kinds": choices(OpeningKind), "sectors": choices(Sector), "weekdays": choices(Weekday),
        "day_parts": choices(DayPart), "cefr_levels": choices(CefrLevel), "education_levels": choices(EducationLevel),
    }


def opening_values(opening: Opening) -> dict[str, Any]:
    """What the edit form shows for a saved opening."""
    values: dict[str, Any] = {}
    for name in OpeningForm.__struct_fields__:
        value = getattr(opening, name)
        values[name] = value.value if hasattr(value, "value") else value
    values["paid"] = "on" if opening.paid else ""
    return values


def organisation_values(employer: Employer) -> dict[str, Any]:
    values = {name: getattr(employer, name) for name in OrganisationForm.__struct_fields__}
    for name in ("public_register", "offers_mentor", "offers_language_coach", "offers_language_friendly_schedule",
                 "offers_interpreter"):
        values[name] = "on" if values[name] else ""
    return values


def waiting_for(employer: Employer, counts: dict[str, int]) -> list[str]:
    """What the employer is waiting for, or should do next, in plain words."""
    items = []
    status = employer.verification_status.value
    if status == "pending":
        items.append(_("De gemeente controleert uw organisatie. Daarna kunt u vacatures publiceren."))
    elif status in {"rejected", "suspended"}:
        items.append(_("Neem contact op met de gemeente over de status van uw organisatie."))
    if counts.get("draft"):
        if status == "verified":
            items.append(_("U heeft concepten die nog niet gepubliceerd zijn."))
        else:
            items.append(_("Uw concepten kunt u publiceren zodra uw organisatie gecontroleerd is."))
    if not employer.description or not employer.lat:
        items.append(_("Vul de gegevens van uw organisatie aan (plaats en korte beschrijving)."))
    return items


class EmployerDashboardController(Controller):
    path = "/werkgever"
    guards = [requires(Permission.EMPLOYER_OWN)]
    dependencies = {**employer_service, **opening_service, **runtime_dependency}
    include_in_schema = False

    @get("/", name="employer_dashboard")
    async def dashboard(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                        openings: NamedDependency[OpeningService]) -> Template:
        employer = await _own_employer(request, employers)
        rows = await openings.of_employer(employer.id)
        counts = openings.count_by_status(rows)
        return render(request, "employer/dashboard.html", {
            "employer": employer, "counts": counts, "recent": rows[:5],
            "waiting": waiting_for(employer, counts), "statuses": list(OpeningStatus)})

    # --- organisation ---------------------------------------------------------------------------

    @get("/organisatie", name="employer_organisation")
    async def organisation(self, request: Request[Any, Any, Any],
                           employers: NamedDependency[EmployerService]) -> Template:
        employer = await _own_employer(request, employers)
        return await self._organisation_page(request, employers, employer, organisation_values(employer), {})

    async def _organisation_page(self, request: Request[Any, Any, Any], employers: EmployerService,
                                 employer: Employer, values: dict[str, Any], errors: dict[str, str],
                                 colleague: dict[str, Any] | None = None, status_code: int = 200) -> Template:
        return render(request, "employer/organisation.html", {
            "employer": employer, "values": values, "errors": errors, "sectors": choices(Sector),
            "contacts": await employers.contacts(employer.id), "colleague": colleague or {"values": {}, "errors": {}},
        }, status_code=status_code)

    @post("/organisatie")
    async def save_organisation(self, request: Request[Any, Any, Any],
                                employers: NamedDependency[EmployerService]) -> Response[Any]:
        employer = await _own_employer(request, employers)
        form = await parse_form(request, OrganisationForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await employers.update_organisation(employer, form.data, _actor(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("De gegevens van uw organisatie zijn opgeslagen."))
                return redirect("/werkgever/organisatie")
        return await self._organisation_page(request, employers, employer, form.values, errors, status_code=400)

    @post("/organisatie/collegas", name="employer_invite_colleague")
    async def invite_colleague(self, request: Request[Any, Any, Any], employers: NamedDependency[EmployerService],
                               runtime: NamedDependency[Runtime]) -> Response[Any]:
        employer = await _own_employer(request, employers)
        form = await parse_form(request, ColleagueForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await employers.invite_colleague(employer, form.data, runtime, _actor(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("Uw collega krijgt een e-mail met een link om een wachtwoord te kiezen."))
                return redirect("/werkgever/organisatie")
        return await self._organisation_page(request, employers, employer, organisation_values(employer), {},
                                             colleague={"values": form.values, "errors": errors}, status_code=400)


class EmployerOpeningsController(Controller):
    path = "/werkgever/vacatures"
    guards = [requires(Permission.EMPLOYER_OWN)]
    dependencies = {**opening_service}
    include_in_schema = False

    async def _own(self, request: Request[Any, Any, Any], openings: OpeningService, opening_id: UUID) -> Opening:
        opening = await openings.own(_actor(request).employer_id, opening_id)
        if opening is None:
            raise NotFoundException()
        return opening

    @get("/", name="employer_openings")
    async def index(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                    status: FromQuery[str] = "", offset: FromQuery[int] = 0) -> Template:
        result = await openings.own_page(_actor(request).employer_id, status=status, offset=offset)
        return render(request, "employer/openings.html", {
            "page": result, "status": status, "statuses": choices(OpeningStatus)})

    @get("/nieuw", name="employer_opening_new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        values = {"hours_per_week": 24, "places_available": 1, "dutch_level": "A2", "paid": "on"}
        return render(request, "employer/opening_form.html",
                      {"values": values, "errors": {}, "opening": None, **opening_choices()})

    @post("/nieuw")
    async def create(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService]) -> Response[Any]:
        form = await parse_form(request, OpeningForm)
        errors = form.errors
        if form.ok and form.data is not None:
            user = _actor(request)
            if user.employer_id is None:
                raise NotFoundException()  # an employer account without an organisation
            try:
                opening = await openings.create_for(user.employer_id, form.data, user)
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("De vacature is als concept opgeslagen. Bekijk hoe hij eruitziet en publiceer hem."))
                return redirect(f"/werkgever/vacatures/{opening.id}")
        return render(request, "employer/opening_form.html",
                      {"values": form.values, "errors": errors, "opening": None, **opening_choices()},
                      status_code=400)

    @get("/{opening_id:uuid}", name="employer_opening")
    async def show(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                   opening_id: FromPath[UUID]) -> Template:
        opening = await self._own(request, openings, opening_id)
        return render(request, "employer/opening.html", self._detail(request, opening, {}))

    def _detail(self, request: Request[Any, Any, Any], opening: Opening, errors: dict[str, str]) -> dict[str, Any]:
        return {"opening": opening, "actions": actions_for(opening.status), "errors": errors,
                "verified": _actor(request).employer_verified}

    @get("/{opening_id:uuid}/bewerken", name="employer_opening_edit")
    async def edit(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                   opening_id: FromPath[UUID]) -> Template:
        opening = await self._own(request, openings, opening_id)
        return render(request, "employer/opening_form.html",
                      {"values": opening_values(opening), "errors": {}, "opening": opening, **opening_choices()})

    @post("/{opening_id:uuid}/bewerken")
    async def update(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                     opening_id: FromPath[UUID]) -> Response[Any]:
        opening = await self._own(request, openings, opening_id)
        form = await parse_form(request, OpeningForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await openings.update_from(opening, form.data, _actor(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("De vacature is opgeslagen."))
                return redirect(f"/werkgever/vacatures/{opening.id}")
        return render(request, "employer/opening_form.html",
                      {"values": form.values, "errors": errors, "opening": opening, **opening_choices()},
                      status_code=400)

    @post("/{opening_id:uuid}/status", name="employer_opening_status")
    async def change_status(self, request: Request[Any, Any, Any], openings: NamedDependency[OpeningService],
                            opening_id: FromPath[UUID]) -> Response[Any]:
        """Publish, pause, fill or close: an inline htmx action, or a plain form without JavaScript."""
        opening = await self._own(request, openings, opening_id)
        raw = (await request.form()).get("action", "")
        errors: dict[str, str] = {}
        try:
            action = OpeningAction(raw)
        except ValueError:
            errors = {"__all__": _("Kies een geldige actie.")}
        else:
            try:
                await openings.change_status(opening, action, _actor(request))
            except FormErrors as exc:
                errors = exc.errors
        if errors:
            return render(request, "employer/opening.html", self._detail(request, opening, errors),
                          fragment="employer/fragment_opening_status.html", status_code=400)
        message = _("De status van de vacature is nu: %(status)s.", status=_status_label(opening.status))
        if is_htmx(request):
            return render(request, "employer/opening.html", {**self._detail(request, opening, {}),
                                                             "message": message},
                          fragment="employer/fragment_opening_status.html")
        flash(request, message)
        return redirect(f"/werkgever/vacatures/{opening.id}")


def _status_label(status: OpeningStatus) -> str:
    from werkgeversportaal.lib.labels import label

    return label(status).lower()
