"""Translated UI labels for the domain's enum values (code English, UI Dutch first)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from werkgeversportaal.db.models import Role, Sector, VerificationStatus
from werkgeversportaal.lib.i18n import lazy_gettext as _l

LABELS: dict[enum.Enum, Any] = {
    Role.ADMIN: _l("Beheerder"),
    Role.ACCOUNT_MANAGER: _l("Accountmanager"),
    Role.EMPLOYER: _l("Werkgever"),
    Role.CANDIDATE: _l("Kandidaat"),
    Sector.CONSTRUCTION: _l("Bouw"),
    Sector.ICT: _l("ICT"),
    Sector.TRANSPORT: _l("Transport en logistiek"),
    Sector.INSTALLATION: _l("Installatietechniek"),
    Sector.CARE: _l("Zorg"),
    Sector.ENGINEERING: _l("Techniek"),
    Sector.HOSPITALITY: _l("Horeca"),
    Sector.AGRICULTURE: _l("Agrarisch"),
    Sector.OTHER: _l("Overig"),
    VerificationStatus.PENDING: _l("Wacht op controle"),
    VerificationStatus.VERIFIED: _l("Gecontroleerd"),
    VerificationStatus.REJECTED: _l("Afgewezen"),
    VerificationStatus.SUSPENDED: _l("Geschorst"),
}


# Keyed by (enum class, value): str-valued enums of different classes compare equal when their values are
# equal (ConsentScope.VIDEO == ViewKind.VIDEO == "video"), so a plain dict would let one label replace another.
_BY_CLASS: dict[tuple[type, Any], Any] = {(type(member), member.value): text for member, text in LABELS.items()}


def register(labels: Iterable[tuple[enum.Enum, Any]]) -> None:
    """Areas add the labels of their own enums, as (member, label) pairs: not a dict literal, which would
    silently merge members of different enums that share a value."""
    for member, text in labels:
        LABELS.setdefault(member, text)
        _BY_CLASS[(type(member), member.value)] = text


def label(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(_BY_CLASS.get((type(value), value.value), value.value))
    for member, text in LABELS.items():
        if member.value == value:
            return str(text)
    return str(value)


def choices(enum_cls: type[enum.Enum]) -> list[tuple[str, str]]:
    return [(m.value, label(m)) for m in enum_cls]
