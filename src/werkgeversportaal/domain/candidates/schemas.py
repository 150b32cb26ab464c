"""Forms of the candidates area."""

from __future__ import annotations

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
