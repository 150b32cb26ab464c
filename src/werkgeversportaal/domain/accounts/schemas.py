"""Forms and API structs of the accounts area."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from werkgeversportaal.db.models import Sector
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.security import password_problem

Email = Annotated[str, Meta(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Name = Annotated[str, Meta(min_length=1, max_length=120)]
Password = Annotated[str, Meta(max_length=256)]
KvkNumber = Annotated[str, Meta(pattern=r"^[0-9]{8}$")]

PASSWORD_MESSAGES = {
    "too_short": _l("Kies een wachtwoord van minstens 12 tekens."),
    "too_simple": _l("Dit wachtwoord is te eenvoudig. Gebruik meer verschillende tekens."),
    "too_common": _l("Dit wachtwoord kennen criminelen al. Kies een ander wachtwoord."),
    "contains_name": _l("Gebruik niet uw naam of e-mailadres in uw wachtwoord."),
}


def password_errors(password: str, confirm: str | None, *, email: str = "", name: str = "") -> dict[str, str]:
    problem = password_problem(password, email=email, name=name)
    if problem:
        return {"password": str(PASSWORD_MESSAGES[problem])}
    if confirm is not None and confirm != password:
        return {"password_confirm": str(_l("De twee wachtwoorden zijn niet gelijk."))}
    return {}


class EmployerRegistrationForm(msgspec.Struct):
    organisation_name: Annotated[str, Meta(min_length=2, max_length=160)]
    kvk_number: KvkNumber
    place: Annotated[str, Meta(min_length=2, max_length=120)]
    contact_name: Name
    email: Email
    password: Password
    password_confirm: Password
    sectors: Annotated[list[Sector], Meta(min_length=1)] = msgspec.field(default_factory=list)
    accept_terms: bool = False

    __messages__ = {
        "organisation_name": _l("Vul de naam van de organisatie in."),
        "organisation_name:required": _l("Vul de naam van de organisatie in."),
        "kvk_number": _l("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 12345678."),
        "kvk_number:required": _l("Vul het KvK-nummer in (8 cijfers)."),
        "place": _l("Vul de plaats in."),
        "place:required": _l("Vul de plaats in."),
        "contact_name:required": _l("Vul de naam van de contactpersoon in."),
        "email": _l("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl."),
        "email:required": _l("Vul een e-mailadres in."),
        "password:required": _l("Kies een wachtwoord van minstens 12 tekens."),
        "password_confirm:required": _l("Herhaal het wachtwoord."),
        "sectors": _l("Kies minstens één sector."),
    }

    def check(self) -> dict[str, str]:
        errors = password_errors(self.password, self.password_confirm, email=self.email, name=self.contact_name)
        if not self.accept_terms:
            errors["accept_terms"] = str(_l("Ga akkoord met de voorwaarden om verder te gaan."))
        return errors


class LoginForm(msgspec.Struct):
    email: Annotated[str, Meta(max_length=254)]
    password: Password
    next: str | None = None

    __messages__ = {
        "email:required": _l("Vul uw e-mailadres in."),
        "password:required": _l("Vul uw wachtwoord in."),
    }


class ForgotPasswordForm(msgspec.Struct):
    email: Email

    __messages__ = {
        "email": _l("Vul een geldig e-mailadres in."),
        "email:required": _l("Vul uw e-mailadres in."),
    }


class SetPasswordForm(msgspec.Struct):
    password: Password
    password_confirm: Password

    __messages__ = {
        "password:required": _l("Kies een wachtwoord van minstens 12 tekens."),
        "password_confirm:required": _l("Herhaal het wachtwoord."),
    }

    def check(self) -> dict[str, str]:
        return password_errors(self.password, self.password_confirm)


class MunicipalityForm(msgspec.Struct):
    cbs_code: Annotated[str, Meta(pattern=r"^GM[0-9]{4}$")]
    name: Annotated[str, Meta(min_length=2, max_length=120)]

    __messages__ = {
        "cbs_code": _l("Een CBS-code ziet eruit als GM0406: GM en vier cijfers."),
        "cbs_code:required": _l("Vul de CBS-code in, bijvoorbeeld GM0406."),
        "name:required": _l("Vul de naam van de gemeente in."),
    }


class AccountManagerForm(msgspec.Struct):
    display_name: Name
    email: Email
    municipality_id: UUID

    __messages__ = {
        "display_name:required": _l("Vul de naam in."),
        "email": _l("Vul een geldig e-mailadres in."),
        "email:required": _l("Vul een e-mailadres in."),
        "municipality_id": _l("Kies een gemeente."),
        "municipality_id:required": _l("Kies een gemeente."),
    }


class ApiTokenForm(msgspec.Struct):
    name: Annotated[str, Meta(min_length=1, max_length=80)]
    read_only: bool = False

    __messages__ = {"name:required": _l("Geef de sleutel een naam, bijvoorbeeld 'koppeling zaaksysteem'.")}


class ProfileForm(msgspec.Struct):
    display_name: Name
    preferred_language: Annotated[str, Meta(pattern=r"^[a-z]{2}$")]

    __messages__ = {"display_name:required": _l("Vul uw naam in.")}


class MeOut(msgspec.Struct):
    """The current user, as the API shows it."""

    id: UUID
    email: str
    role: str
    display_name: str
    language: str
    municipality_id: UUID | None
    employer_id: UUID | None
    employer_verified: bool
    candidate_id: UUID | None
    permissions: list[str]
    auth: str


class ApiTokenOut(msgspec.Struct):
    id: UUID
    name: str
    prefix: str
    scopes: str
    revoked: bool
