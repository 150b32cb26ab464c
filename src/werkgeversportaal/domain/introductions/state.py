"""The introduction life cycle in one place: which step may follow which, who may take it, and what it needs.

requested → candidate_agreed → meeting_planned → trial → placed → followup → completed,
or declined (candidate) / withdrawn (employer) / stopped (accountmanager, with a reason).
A trial placement is optional: placed may follow the meeting directly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from werkgeversportaal.db.models import ContractKind, IntroductionStatus, MeetingMode, StopReason
from werkgeversportaal.lib.i18n import lazy_gettext as _l


class Actor(str, enum.Enum):
    EMPLOYER = "employer"  # the employer of the introduction
    CANDIDATE = "candidate"  # the candidate of the introduction
    ACCOUNT_MANAGER = "account_manager"  # an accountmanager of the candidate's municipality


class Action(str, enum.Enum):
    WITHDRAW = "withdraw"
    AGREE = "agree"
    DECLINE = "decline"
    PLAN_MEETING = "plan_meeting"
    START_TRIAL = "start_trial"
    PLACE = "place"
    START_FOLLOWUP = "start_followup"
    COMPLETE = "complete"
    STOP = "stop"


S = IntroductionStatus
A = Actor
OPEN = frozenset({S.REQUESTED, S.CANDIDATE_AGREED, S.MEETING_PLANNED, S.TRIAL, S.PLACED, S.FOLLOWUP})
FINAL = frozenset({S.COMPLETED, S.DECLINED, S.WITHDRAWN, S.STOPPED})
# The order of the pipeline board and of the conversion report.
PIPELINE = (S.REQUESTED, S.CANDIDATE_AGREED, S.MEETING_PLANNED, S.TRIAL, S.PLACED, S.FOLLOWUP, S.COMPLETED)


@dataclass(frozen=True)
class Step:
    sources: frozenset[IntroductionStatus]
    target: IntroductionStatus
    actors: frozenset[Actor]


# The accountmanager may record a candidate's answer on their behalf (not every candidate has an account).
STEPS: dict[Action, Step] = {
    Action.WITHDRAW: Step(frozenset({S.REQUESTED, S.CANDIDATE_AGREED, S.MEETING_PLANNED}), S.WITHDRAWN,
                          frozenset({A.EMPLOYER})),
    Action.AGREE: Step(frozenset({S.REQUESTED}), S.CANDIDATE_AGREED, frozenset({A.CANDIDATE, A.ACCOUNT_MANAGER})),
    Action.DECLINE: Step(frozenset({S.REQUESTED, S.CANDIDATE_AGREED}), S.DECLINED,
                         frozenset({A.CANDIDATE, A.ACCOUNT_MANAGER})),
    Action.PLAN_MEETING: Step(frozenset({S.CANDIDATE_AGREED, S.MEETING_PLANNED}), S.MEETING_PLANNED,
                              frozenset({A.ACCOUNT_MANAGER})),
    Action.START_TRIAL: Step(frozenset({S.MEETING_PLANNED}), S.TRIAL, frozenset({A.ACCOUNT_MANAGER})),
    Action.PLACE: Step(frozenset({S.MEETING_PLANNED, S.TRIAL}), S.PLACED, frozenset({A.ACCOUNT_MANAGER})),
    Action.START_FOLLOWUP: Step(frozenset({S.PLACED}), S.FOLLOWUP, frozenset({A.ACCOUNT_MANAGER})),
    Action.COMPLETE: Step(frozenset({S.FOLLOWUP}), S.COMPLETED, frozenset({A.ACCOUNT_MANAGER})),
    Action.STOP: Step(OPEN, S.STOPPED, frozenset({A.ACCOUNT_MANAGER})),
}

NOT_ALLOWED = _l("Deze stap kan niet vanuit de huidige status van de kennismaking.")
NOT_YOURS = _l("U mag deze stap niet zetten.")
WITHDRAWN = _l("De werkgever heeft dit verzoek ingetrokken. U hoeft niets meer te doen.")
MEETING_PAST = _l("Kies een moment in de toekomst.")
REQUIRED = _l("Dit veld is verplicht.")
TRIAL_ORDER = _l("De einddatum moet na de begindatum liggen.")
OTHER_NEEDS_NOTE = _l("Licht de reden 'anders' kort toe.")


class TransitionError(Exception):
    """A refused step; `errors` maps form fields to messages ('' for the whole form)."""

    def __init__(self, errors: dict[str, Any]) -> None:
        self.errors = {k: str(v) for k, v in errors.items()}
        super().__init__("; ".join(self.errors.values()))


def actions_for(status: IntroductionStatus, actor: Actor) -> list[Action]:
    return [a for a, step in STEPS.items() if status in step.sources and actor in step.actors]


def check(action: Action, current: IntroductionStatus, actor: Actor, data: dict[str, Any] | None = None,
          *, moment: datetime | None = None) -> IntroductionStatus:
    """The target status of `action`, or TransitionError naming what is wrong."""
    step = STEPS[action]
    if actor not in step.actors:
        raise TransitionError({"": NOT_YOURS})
    if current not in step.sources:
        if action is Action.AGREE and current is S.WITHDRAWN:
            raise TransitionError({"": WITHDRAWN})
        raise TransitionError({"": NOT_ALLOWED})
    errors = required(action, data or {}, moment=moment)
    if errors:
        raise TransitionError(errors)
    return step.target


def required(action: Action, data: dict[str, Any], *, moment: datetime | None = None) -> dict[str, Any]:
    """Fields a step needs: a meeting in the future, a trial that ends after it starts, a contract."""
    errors: dict[str, Any] = {}
    if action is Action.PLAN_MEETING:
        meeting_at = data.get("meeting_at")
        if not isinstance(meeting_at, datetime):
            errors["meeting_date"] = REQUIRED
        elif moment is not None and meeting_at <= moment:
            errors["meeting_date"] = MEETING_PAST
        if not isinstance(data.get("meeting_mode"), MeetingMode):
            errors["meeting_mode"] = REQUIRED
        if not str(data.get("meeting_place") or "").strip():
            errors["meeting_place"] = REQUIRED
    elif action is Action.START_TRIAL:
        start, end = data.get("trial_start"), data.get("trial_end")
        if not isinstance(start, date):
            errors["trial_start"] = REQUIRED
        if not isinstance(end, date):
            errors["trial_end"] = REQUIRED
        if isinstance(start, date) and isinstance(end, date) and end <= start:
            errors["trial_end"] = TRIAL_ORDER
    elif action is Action.PLACE:
        if not isinstance(data.get("contract_kind"), ContractKind):
            errors["contract_kind"] = REQUIRED
        if not isinstance(data.get("contract_start"), date):
            errors["contract_start"] = REQUIRED
    elif action is Action.STOP:
        reason = data.get("stop_reason")
        if not isinstance(reason, StopReason):
            errors["stop_reason"] = REQUIRED
        elif reason is StopReason.OTHER and not str(data.get("stop_note") or "").strip():
            errors["stop_note"] = OTHER_NEEDS_NOTE
    return errors
