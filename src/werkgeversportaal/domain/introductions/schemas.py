"""Forms and API structs of the introductions area."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from msgspec import Meta

from werkgeversportaal.db.models import ContractKind, MeetingMode, MilestoneOutcome, StopReason
from werkgeversportaal.domain.introductions.labels import SupportAction
from werkgeversportaal.lib.i18n import lazy_gettext as _l

# Meetings are planned in Dutch time and stored in UTC.
LOCAL = ZoneInfo("Europe/Amsterdam")
Version = Annotated[int, Meta(ge=1)]
Note = Annotated[str, Meta(max_length=2000)]


class RequestForm(msgspec.Struct):
    motivation: Annotated[str, Meta(min_length=10, max_length=2000)]
    opening_id: UUID | None = None

    __messages__ = {
        "motivation": _l("Schrijf in 10 tot 2000 tekens waarom u wilt kennismaken."),
        "motivation:required": _l("Schrijf kort waarom u wilt kennismaken."),
        "opening_id": _l("Kies een vacature van uw eigen organisatie."),
    }


class MoveForm(msgspec.Struct):
    """A step that needs nothing but the version the page showed (agree on behalf, follow-up, complete)."""

    version: Version
    note: Note = ""

    __messages__ = {"version": _l("Laad de pagina opnieuw en probeer het nog eens.")}


class MeetingForm(msgspec.Struct):
    version: Version
    meeting_date: date
    meeting_time: Annotated[str, Meta(pattern=r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")]
    meeting_mode: MeetingMode
    meeting_place: Annotated[str, Meta(min_length=2, max_length=255)]
    interpreter_needed: bool = False
    attendees: Note = ""

    __messages__ = {
        "meeting_date": _l("Vul een datum in, bijvoorbeeld 2026-12-01."),
        "meeting_time": _l("Vul een tijd in, bijvoorbeeld 10:30."),
        "meeting_mode": _l("Kies op locatie of videogesprek."),
        "meeting_place": _l("Vul het adres of de link van het videogesprek in."),
    }

    def data(self) -> dict[str, Any]:
        hour, minute = (int(p) for p in self.meeting_time.split(":"))
        local = datetime.combine(self.meeting_date, time(hour, minute), tzinfo=LOCAL)
        return {"meeting_at": local.astimezone(UTC), "meeting_mode": self.meeting_mode,
                "meeting_place": self.meeting_place, "interpreter_needed": self.interpreter_needed,
                "attendees": self.attendees}


class TrialForm(msgspec.Struct):
    version: Version
    trial_start: date
    trial_end: date

    __messages__ = {"trial_start": _l("Vul de begindatum in."), "trial_end": _l("Vul de einddatum in.")}

    def data(self) -> dict[str, Any]:
        return {"trial_start": self.trial_start, "trial_end": self.trial_end}


class PlaceForm(msgspec.Struct):
    version: Version
    contract_kind: ContractKind
    contract_start: date

    __messages__ = {"contract_kind": _l("Kies het soort contract."), "contract_start": _l("Vul de startdatum in.")}

    def data(self) -> dict[str, Any]:
        return {"contract_kind": self.contract_kind, "contract_start": self.contract_start}


class StopForm(msgspec.Struct):
    version: Version
    stop_reason: StopReason
    stop_note: Note = ""

    __messages__ = {"stop_reason": _l("Kies een reden.")}

    def data(self) -> dict[str, Any]:
        return {"stop_reason": self.stop_reason, "stop_note": self.stop_note}


class MilestoneForm(msgspec.Struct):
    title: Annotated[str, Meta(min_length=2, max_length=160)]
    due_date: date
    done_date: date | None = None
    outcome: MilestoneOutcome | None = None
    notes: Annotated[str, Meta(max_length=4000)] = ""
    support_actions: list[SupportAction] = msgspec.field(default_factory=list)

    __messages__ = {
        "title": _l("Vul een korte titel in."),
        "due_date": _l("Vul de datum in waarop het gesprek gepland is."),
        "done_date": _l("Vul een geldige datum in."),
    }

    def check(self) -> dict[str, Any]:
        if self.done_date and self.done_date > date.today():
            return {"done_date": _l("Een gesprek kan niet in de toekomst gedaan zijn.")}
        return {}


class NotificationPreferenceForm(msgspec.Struct):
    notify_by: Annotated[str, Meta(pattern=r"^(email|in_app)$")]


# -- API ---------------------------------------------------------------------------------------

class MilestoneOut(msgspec.Struct):
    id: UUID
    introduction_id: UUID
    title: str
    due_date: date
    done_date: date | None
    outcome: str | None
    notes: str
    support_actions: list[str]


class IntroductionOut(msgspec.Struct):
    id: UUID
    status: str
    version: int
    employer_id: UUID
    employer_name: str
    candidate_id: UUID
    opening_id: UUID | None
    motivation: str
    created_at: datetime
    meeting_at: datetime | None
    meeting_mode: str | None
    meeting_place: str
    interpreter_needed: bool
    trial_start: date | None
    trial_end: date | None
    contract_kind: str | None
    contract_start: date | None
    stop_reason: str | None
    stop_note: str


class StatusChange(msgspec.Struct):
    action: str
    version: int
    meeting_at: datetime | None = None
    meeting_mode: MeetingMode | None = None
    meeting_place: str = ""
    interpreter_needed: bool = False
    attendees: str = ""
    trial_start: date | None = None
    trial_end: date | None = None
    contract_kind: ContractKind | None = None
    contract_start: date | None = None
    stop_reason: StopReason | None = None
    stop_note: str = ""
    note: str = ""


class MilestoneUpdate(msgspec.Struct, omit_defaults=True):
    title: str | msgspec.UnsetType = msgspec.UNSET
    due_date: date | msgspec.UnsetType = msgspec.UNSET
    done_date: date | msgspec.UnsetType | None = msgspec.UNSET
    outcome: MilestoneOutcome | msgspec.UnsetType | None = msgspec.UNSET
    notes: str | msgspec.UnsetType = msgspec.UNSET
    support_actions: list[SupportAction] | msgspec.UnsetType = msgspec.UNSET
