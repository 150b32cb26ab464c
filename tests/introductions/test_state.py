"""The introduction life cycle: every action × status × actor, and what each step needs."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from werkgeversportaal.db.models import ContractKind, IntroductionStatus, MeetingMode, StopReason
from werkgeversportaal.domain.introductions.state import (
    FINAL,
    Action,
    Actor,
    TransitionError,
    actions_for,
    check,
)

S, A, R = IntroductionStatus, Action, Actor
OPEN = [S.REQUESTED, S.CANDIDATE_AGREED, S.MEETING_PLANNED, S.TRIAL, S.PLACED, S.FOLLOWUP]
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
# (action, from) -> (target, who may)
EXPECTED: dict[tuple[Action, IntroductionStatus], tuple[IntroductionStatus, set[Actor]]] = {
    **{(A.WITHDRAW, s): (S.WITHDRAWN, {R.EMPLOYER}) for s in (S.REQUESTED, S.CANDIDATE_AGREED, S.MEETING_PLANNED)},
    (A.AGREE, S.REQUESTED): (S.CANDIDATE_AGREED, {R.CANDIDATE, R.ACCOUNT_MANAGER}),
    **{(A.DECLINE, s): (S.DECLINED, {R.CANDIDATE, R.ACCOUNT_MANAGER}) for s in (S.REQUESTED, S.CANDIDATE_AGREED)},
    **{(A.PLAN_MEETING, s): (S.MEETING_PLANNED, {R.ACCOUNT_MANAGER}) for s in (S.CANDIDATE_AGREED,
                                                                             S.MEETING_PLANNED)},
    (A.START_TRIAL, S.MEETING_PLANNED): (S.TRIAL, {R.ACCOUNT_MANAGER}),
    **{(A.PLACE, s): (S.PLACED, {R.ACCOUNT_MANAGER}) for s in (S.MEETING_PLANNED, S.TRIAL)},
    (A.START_FOLLOWUP, S.PLACED): (S.FOLLOWUP, {R.ACCOUNT_MANAGER}),
    (A.COMPLETE, S.FOLLOWUP): (S.COMPLETED, {R.ACCOUNT_MANAGER}),
    **{(A.STOP, s): (S.STOPPED, {R.ACCOUNT_MANAGER}) for s in OPEN},
}
VALID_DATA = {
    A.PLAN_MEETING: {"meeting_at": NOW + timedelta(days=2), "meeting_mode": MeetingMode.ON_SITE,
                     "meeting_place": "Kerkstraat 1, Huizen"},
    A.START_TRIAL: {"trial_start": date(2026, 12, 1), "trial_end": date(2026, 12, 31)},
    A.PLACE: {"contract_kind": ContractKind.TEMPORARY, "contract_start": date(2027, 1, 1)},
    A.STOP: {"stop_reason": StopReason.NO_FIT},
}
CASES = list(itertools.product(A, S, R))


@pytest.mark.parametrize(("action", "current", "actor"), CASES,
                         ids=[f"{a.value}:{s.value}:{r.value}" for a, s, r in CASES])
def test_every_action_status_and_actor(action: Action, current: IntroductionStatus, actor: Actor) -> None:
    expected = EXPECTED.get((action, current))
    data = VALID_DATA.get(action, {})
    if expected and actor in expected[1]:
        assert check(action, current, actor, data, moment=NOW) is expected[0]
    else:
        with pytest.raises(TransitionError):
            check(action, current, actor, data, moment=NOW)


def test_final_statuses_allow_nothing() -> None:
    for status, actor in itertools.product(FINAL, R):
        assert actions_for(status, actor) == []


def test_agreeing_to_a_withdrawn_request_says_so() -> None:
    with pytest.raises(TransitionError, match="ingetrokken"):
        check(A.AGREE, S.WITHDRAWN, R.CANDIDATE)


def test_meeting_in_the_past_is_refused() -> None:
    data = {**VALID_DATA[A.PLAN_MEETING], "meeting_at": NOW - timedelta(minutes=1)}
    with pytest.raises(TransitionError) as info:
        check(A.PLAN_MEETING, S.CANDIDATE_AGREED, R.ACCOUNT_MANAGER, data, moment=NOW)
    assert "toekomst" in info.value.errors["meeting_date"]


def test_meeting_needs_mode_and_place() -> None:
    with pytest.raises(TransitionError) as info:
        check(A.PLAN_MEETING, S.CANDIDATE_AGREED, R.ACCOUNT_MANAGER, {}, moment=NOW)
    assert set(info.value.errors) == {"meeting_date", "meeting_mode", "meeting_place"}


@pytest.mark.parametrize("end", [date(2026, 12, 1), date(2026, 11, 30)])
def test_trial_end_must_be_after_start(end: date) -> None:
    with pytest.raises(TransitionError) as info:
        check(A.START_TRIAL, S.MEETING_PLANNED, R.ACCOUNT_MANAGER,
              {"trial_start": date(2026, 12, 1), "trial_end": end})
    assert "na de begindatum" in info.value.errors["trial_end"]


def test_placing_needs_contract_kind_and_start() -> None:
    with pytest.raises(TransitionError) as info:
        check(A.PLACE, S.TRIAL, R.ACCOUNT_MANAGER, {})
    assert set(info.value.errors) == {"contract_kind", "contract_start"}


def test_stop_needs_a_reason_and_other_needs_a_note() -> None:
    with pytest.raises(TransitionError) as info:
        check(A.STOP, S.TRIAL, R.ACCOUNT_MANAGER, {})
    assert set(info.value.errors) == {"stop_reason"}
    with pytest.raises(TransitionError) as info:
        check(A.STOP, S.TRIAL, R.ACCOUNT_MANAGER, {"stop_reason": StopReason.OTHER})
    assert set(info.value.errors) == {"stop_note"}
    assert check(A.STOP, S.TRIAL, R.ACCOUNT_MANAGER,
                 {"stop_reason": StopReason.OTHER, "stop_note": "verhuisd"}) is S.STOPPED
