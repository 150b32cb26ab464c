"""The opening life cycle in one place: which status may follow which, and what it needs."""

from __future__ import annotations

import enum

from werkgeversportaal.db.models import OpeningStatus
from werkgeversportaal.lib.i18n import lazy_gettext as _l


class OpeningAction(str, enum.Enum):
    PUBLISH = "publish"
    PAUSE = "pause"
    FILL = "fill"
    CLOSE = "close"


S = OpeningStatus
TARGET: dict[OpeningAction, OpeningStatus] = {
    OpeningAction.PUBLISH: S.PUBLISHED,
    OpeningAction.PAUSE: S.PAUSED,
    OpeningAction.FILL: S.FILLED,
    OpeningAction.CLOSE: S.CLOSED,
}
# draft → published ⇄ paused → filled | closed. Filled and closed are final.
ALLOWED: dict[OpeningStatus, frozenset[OpeningStatus]] = {
    S.DRAFT: frozenset({S.PUBLISHED, S.CLOSED}),
    S.PUBLISHED: frozenset({S.PAUSED, S.FILLED, S.CLOSED}),
    S.PAUSED: frozenset({S.PUBLISHED, S.FILLED, S.CLOSED}),
    S.FILLED: frozenset(),
    S.CLOSED: frozenset(),
}
EDITABLE = frozenset({S.DRAFT, S.PUBLISHED, S.PAUSED})
# Publishing is the one step that shows the opening to others, so only it needs verification.
NEEDS_VERIFIED = frozenset({S.PUBLISHED})
# Visible to the public and to matching.
VISIBLE = frozenset({S.PUBLISHED})

NOT_ALLOWED = _l("Deze stap kan niet vanuit de huidige status van de vacature.")
NOT_VERIFIED = _l("Uw organisatie is nog niet gecontroleerd door de gemeente. U kunt de vacature als concept "
                  "bewaren en publiceren zodra de controle klaar is.")
NOT_EDITABLE = _l("Een gesloten of vervulde vacature kan niet meer worden gewijzigd. Maak een nieuwe vacature.")


class TransitionError(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = str(message)


def actions_for(status: OpeningStatus) -> list[OpeningAction]:
    return [a for a, target in TARGET.items() if target in ALLOWED[status]]


def check_transition(current: OpeningStatus, target: OpeningStatus, *, employer_verified: bool) -> None:
    if target not in ALLOWED[current]:
        raise TransitionError(NOT_ALLOWED)
    if target in NEEDS_VERIFIED and not employer_verified:
        raise TransitionError(NOT_VERIFIED)


def check_editable(current: OpeningStatus) -> None:
    if current not in EDITABLE:
        raise TransitionError(NOT_EDITABLE)
