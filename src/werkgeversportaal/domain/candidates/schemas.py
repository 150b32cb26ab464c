"""Forms of the candidates area."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from msgspec import Meta

from werkgeversportaal.domain.accounts.schemas import Email
from werkgeversportaal.lib.i18n import lazy_gettext as _l


class CandidateIntakeForm(msgspec.Struct):
    given_name: Annotated[str, Meta(min_length=1, max_length=80)]
    family_name: Annotated[str, Meta(min_length=1, max_length=120)]
    email: Email
    preferred_language: Annotated[str, Meta(pattern=r"^[a-z]{2}$")] = "nl"

    __messages__ = {
        "given_name:required": _l("Vul de voornaam in."),
        "family_name:required": _l("Vul de achternaam in."),
        "email": _l("Vul een geldig e-mailadres in."),
        "email:required": _l("Vul het e-mailadres van de kandidaat in; daar komt de uitnodiging naartoe."),
    }


Level = Annotated[str, Meta(pattern=r"^(A0|A1|A2|B1|B2|C1|C2)$")]
Short = Annotated[str, Meta(max_length=120)]
Hours = Annotated[int, Meta(ge=1, le=60)]
Years = Annotated[int, Meta(ge=0, le=60)]


class ProfileForm(msgspec.Struct, kw_only=True):
    """The accountmanager's intake form: everything about the candidate, including private notes."""

    birth_year: Annotated[int, Meta(ge=1940, le=2012)] | None = None
    place: Short | None = None
    travel_radius_km: Annotated[int, Meta(ge=0, le=300)] | None = None
    dutch_listening: Level | None = None
    dutch_reading: Level | None = None
    dutch_speaking: Level | None = None
    dutch_writing: Level | None = None
    language_1: Short | None = None
    language_1_level: Level | None = None
    language_2: Short | None = None
    language_2_level: Level | None = None
    language_3: Short | None = None
    language_3_level: Level | None = None
    education_level: Annotated[str, Meta(pattern=r"^(none|mbo1|mbo2|mbo3|mbo4|hbo|wo)$")] | None = None
    education_field: Short | None = None
    education_country: Short | None = None
    education_in_nl: bool = False
    diploma_valued: bool = False
    experience_1_sector: Short | None = None
    experience_1_occupation: Short | None = None
    experience_1_years: Years | None = None
    experience_2_sector: Short | None = None
    experience_2_occupation: Short | None = None
    experience_2_years: Years | None = None
    wished_sectors: list[str] = msgspec.field(default_factory=list)
    wished_occupations: Annotated[str, Meta(max_length=255)] | None = None
    wished_opening_kinds: list[str] = msgspec.field(default_factory=list)
    hours_per_week: Hours | None = None
    available_from: date | None = None
    language_class_days: list[str] = msgspec.field(default_factory=list)
    civic_integration_status: Annotated[str, Meta(pattern=r"^(not_started|in_progress|completed|exempt)$")] | None = (
        None)
    work_level: Annotated[str, Meta(pattern=r"^(none|mbo1|mbo2|mbo3|mbo4|hbo|wo)$")] | None = None
    competences: Annotated[str, Meta(max_length=1000)] | None = None
    assessment_date: date | None = None
    assessment_instrument: Short | None = None
    private_notes: Annotated[str, Meta(max_length=5000)] | None = None
    self_introduction: Annotated[str, Meta(max_length=2000)] | None = None
    published: bool = False

    __messages__ = {
        "birth_year": _l("Vul een geboortejaar in, bijvoorbeeld 1990."),
        "hours_per_week": _l("Vul een aantal uren tussen 1 en 60 in."),
        "travel_radius_km": _l("Vul een afstand in kilometers in (0 tot 300)."),
        "available_from": _l("Vul een datum in."),
        "assessment_date": _l("Vul een datum in."),
        "experience_1_years": _l("Vul een aantal jaren in."),
        "experience_2_years": _l("Vul een aantal jaren in."),
    }

    def check(self) -> dict[str, str]:
        from werkgeversportaal.domain.candidates.options import OPENING_KINDS, WEEKDAYS, sector_choices

        errors: dict[str, str] = {}
        if not set(self.wished_sectors) <= {k for k, _v in sector_choices()}:
            errors["wished_sectors"] = str(_l("Kies sectoren uit de lijst."))
        if not set(self.wished_opening_kinds) <= {k for k, _v in OPENING_KINDS}:
            errors["wished_opening_kinds"] = str(_l("Kies uit de lijst."))
        if not set(self.language_class_days) <= {k for k, _v in WEEKDAYS}:
            errors["language_class_days"] = str(_l("Kies dagen uit de lijst."))
        return errors


class SelfProfileForm(msgspec.Struct, kw_only=True):
    """What the candidate fills in: simple words, few fields."""

    self_introduction: Annotated[str, Meta(max_length=2000)] | None = None
    place: Short | None = None
    travel_radius_km: Annotated[int, Meta(ge=0, le=300)] | None = None
    wished_sectors: list[str] = msgspec.field(default_factory=list)
    wished_occupations: Annotated[str, Meta(max_length=255)] | None = None
    hours_per_week: Hours | None = None
    available_from: date | None = None
    language_class_days: list[str] = msgspec.field(default_factory=list)

    __messages__ = {
        "self_introduction": _l("Uw tekst is te lang. Gebruik maximaal 2000 tekens."),
        "hours_per_week": _l("Vul een aantal uren tussen 1 en 60 in."),
        "travel_radius_km": _l("Vul een afstand in kilometers in (0 tot 300)."),
        "available_from": _l("Vul een datum in."),
    }

    def check(self) -> dict[str, str]:
        return ProfileForm(wished_sectors=self.wished_sectors, language_class_days=self.language_class_days).check()


class RejectVideoForm(msgspec.Struct):
    reason: Annotated[str, Meta(min_length=3, max_length=1000)]

    __messages__ = {"reason:required": _l("Schrijf op waarom de video is afgekeurd; de kandidaat leest dit."),
                    "reason": _l("Schrijf op waarom de video is afgekeurd; de kandidaat leest dit.")}


class EraseForm(msgspec.Struct):
    confirm: bool = False

    __messages__ = {"confirm": _l("Zet een vinkje als u zeker weet dat alles gewist mag worden.")}

    def check(self) -> dict[str, str]:
        return {} if self.confirm else {"confirm": str(_l("Zet een vinkje als u zeker weet dat alles gewist mag "
                                                          "worden."))}
