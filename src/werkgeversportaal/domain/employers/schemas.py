"""Forms and API structs of the employers area."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from werkgeversportaal.db.models import CefrLevel, DayPart, EducationLevel, OpeningKind, Sector, Weekday
from werkgeversportaal.domain.accounts.schemas import Email, KvkNumber, Name
from werkgeversportaal.domain.employers.openings_state import OpeningAction
from werkgeversportaal.lib.i18n import lazy_gettext as _l

Hours = Annotated[int, Meta(ge=1, le=40)]
Reason = Annotated[str, Meta(min_length=3, max_length=2000)]
CLOSING_BEFORE_START = _l("De sluitingsdatum ligt vóór de startdatum. Kies een sluitingsdatum op of na de startdatum.")


class OrganisationForm(msgspec.Struct):
    name: Annotated[str, Meta(min_length=2, max_length=160)]
    kvk_number: KvkNumber
    place: Annotated[str, Meta(min_length=2, max_length=120)]
    sectors: Annotated[list[Sector], Meta(min_length=1)] = msgspec.field(default_factory=list)
    street: Annotated[str, Meta(max_length=160)] = ""
    postal_code: Annotated[str, Meta(pattern=r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")] | None = None
    website: Annotated[str, Meta(max_length=255, pattern=r"^https?://\S+$")] | None = None
    description: Annotated[str, Meta(max_length=4000)] = ""
    public_register: bool = False
    offers_mentor: bool = False
    offers_language_coach: bool = False
    offers_language_friendly_schedule: bool = False
    offers_interpreter: bool = False

    __messages__ = {
        "name": _l("Vul de naam van de organisatie in."),
        "name:required": _l("Vul de naam van de organisatie in."),
        "kvk_number": _l("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 12345678."),
        "kvk_number:required": _l("Vul het KvK-nummer in (8 cijfers)."),
        "place": _l("Vul de plaats in."),
        "place:required": _l("Vul de plaats in."),
        "sectors": _l("Kies minstens één sector."),
        "postal_code": _l("Een postcode ziet eruit als 1271 AB."),
        "website": _l("Een website begint met https://, bijvoorbeeld https://www.bedrijf.nl."),
        "description": _l("De beschrijving is te lang (hoogstens 4000 tekens)."),
    }


class ColleagueForm(msgspec.Struct):
    display_name: Name
    email: Email

    __messages__ = {
        "display_name:required": _l("Vul de naam van uw collega in."),
        "email": _l("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl."),
        "email:required": _l("Vul een e-mailadres in."),
    }


class OpeningForm(msgspec.Struct):
    kind: OpeningKind
    title: Annotated[str, Meta(min_length=3, max_length=160)]
    sector: Sector
    place: Annotated[str, Meta(min_length=2, max_length=120)]
    hours_per_week: Hours
    description: Annotated[str, Meta(max_length=8000)] = ""
    occupation: Annotated[str, Meta(max_length=160)] = ""
    workdays: list[Weekday] = msgspec.field(default_factory=list)
    day_parts: list[DayPart] = msgspec.field(default_factory=list)
    language_days: list[Weekday] = msgspec.field(default_factory=list)
    language_day_parts: list[DayPart] = msgspec.field(default_factory=list)
    dutch_level: CefrLevel = CefrLevel.A2
    education_level: EducationLevel = EducationLevel.NONE
    start_date: date | None = None
    duration: Annotated[str, Meta(max_length=120)] = ""
    paid: bool = False
    pay_indication: Annotated[str, Meta(max_length=160)] = ""
    places_available: Annotated[int, Meta(ge=1, le=100)] = 1
    closing_date: date | None = None

    __messages__ = {
        "kind": _l("Kies het soort plek."),
        "kind:required": _l("Kies het soort plek."),
        "title": _l("Geef de vacature een titel van 3 tot 160 tekens."),
        "title:required": _l("Geef de vacature een titel."),
        "sector": _l("Kies een sector uit de lijst."),
        "sector:required": _l("Kies een sector."),
        "place": _l("Vul de plaats in."),
        "place:required": _l("Vul de plaats in."),
        "hours_per_week": _l("Het aantal uren per week ligt tussen 1 en 40."),
        "hours_per_week:required": _l("Vul het aantal uren per week in (1 tot 40)."),
        "start_date": _l("Vul een geldige datum in."),
        "closing_date": _l("Vul een geldige datum in."),
        "places_available": _l("Het aantal plekken ligt tussen 1 en 100."),
        "description": _l("De beschrijving is te lang (hoogstens 8000 tekens)."),
    }

    def check(self) -> dict[str, str]:
        if self.start_date and self.closing_date and self.closing_date < self.start_date:
            return {"closing_date": str(CLOSING_BEFORE_START)}
        return {}


class ReasonForm(msgspec.Struct):
    reason: Reason

    __messages__ = {
        "reason": _l("Geef een reden van minstens 3 tekens; de werkgever leest deze reden."),
        "reason:required": _l("Geef een reden; de werkgever leest deze reden."),
    }


class NoteForm(msgspec.Struct):
    body: Annotated[str, Meta(min_length=1, max_length=4000)]

    __messages__ = {"body:required": _l("Schrijf een notitie."), "body": _l("De notitie is te lang.")}


# --- API ----------------------------------------------------------------------------------------

class OpeningIn(msgspec.Struct, kw_only=True):
    """An opening as the API accepts it (create: all required fields; update: the full opening)."""

    kind: OpeningKind
    title: str
    sector: Sector
    place: str
    hours_per_week: int
    description: str = ""
    occupation: str = ""
    workdays: list[Weekday] = msgspec.field(default_factory=list)
    day_parts: list[DayPart] = msgspec.field(default_factory=list)
    language_days: list[Weekday] = msgspec.field(default_factory=list)
    language_day_parts: list[DayPart] = msgspec.field(default_factory=list)
    dutch_level: CefrLevel = CefrLevel.A2
    education_level: EducationLevel = EducationLevel.NONE
    start_date: date | None = None
    duration: str = ""
    paid: bool = False
    pay_indication: str = ""
    places_available: int = 1
    closing_date: date | None = None


class OpeningPatch(msgspec.Struct, kw_only=True):
    """A partial update: only the fields sent change; the result is checked as a whole."""

    kind: OpeningKind | msgspec.UnsetType = msgspec.UNSET
    title: str | msgspec.UnsetType = msgspec.UNSET
    sector: Sector | msgspec.UnsetType = msgspec.UNSET
    place: str | msgspec.UnsetType = msgspec.UNSET
    hours_per_week: int | msgspec.UnsetType = msgspec.UNSET
    description: str | msgspec.UnsetType = msgspec.UNSET
    occupation: str | msgspec.UnsetType = msgspec.UNSET
    workdays: list[Weekday] | msgspec.UnsetType = msgspec.UNSET
    day_parts: list[DayPart] | msgspec.UnsetType = msgspec.UNSET
    language_days: list[Weekday] | msgspec.UnsetType = msgspec.UNSET
    language_day_parts: list[DayPart] | msgspec.UnsetType = msgspec.UNSET
    dutch_level: CefrLevel | msgspec.UnsetType = msgspec.UNSET
    education_level: EducationLevel | msgspec.UnsetType = msgspec.UNSET
    start_date: date | msgspec.UnsetType | None = msgspec.UNSET
    duration: str | msgspec.UnsetType = msgspec.UNSET
    paid: bool | msgspec.UnsetType = msgspec.UNSET
    pay_indication: str | msgspec.UnsetType = msgspec.UNSET
    places_available: int | msgspec.UnsetType = msgspec.UNSET
    closing_date: date | msgspec.UnsetType | None = msgspec.UNSET


class StatusChangeIn(msgspec.Struct):
    action: OpeningAction


class OpeningOut(msgspec.Struct, kw_only=True):
    id: UUID
    employer_id: UUID
    status: str
    kind: str
    title: str
    description: str
    sector: str
    occupation: str
    place: str
    lat: float | None
    lng: float | None
    hours_per_week: int
    workdays: list[str]
    day_parts: list[str]
    language_days: list[str]
    language_day_parts: list[str]
    dutch_level: str
    education_level: str
    start_date: date | None
    duration: str
    paid: bool
    pay_indication: str
    places_available: int
    closing_date: date | None
    updated_at: datetime


class PublicOpeningOut(msgspec.Struct, kw_only=True):
    id: UUID
    kind: str
    title: str
    description: str
    sector: str
    place: str
    hours_per_week: int
    dutch_level: str
    education_level: str
    start_date: date | None
    paid: bool
    closing_date: date | None


class RegisterEmployerOut(msgspec.Struct, kw_only=True):
    id: UUID
    name: str
    sectors: list[str]
    place: str
    lat: float | None
    lng: float | None
    website: str
    description: str
    offers_mentor: bool
    offers_language_coach: bool
    offers_language_friendly_schedule: bool
    offers_interpreter: bool


class RegisterEmployerDetailOut(RegisterEmployerOut, kw_only=True):
    openings: list[PublicOpeningOut]


class Page(msgspec.Struct):
    """One page of a list (advanced-alchemy OffsetPagination, as JSON)."""

    limit: int
    offset: int
    total: int


class OpeningPage(Page):
    items: list[OpeningOut]


class RegisterPage(Page):
    items: list[RegisterEmployerOut]
