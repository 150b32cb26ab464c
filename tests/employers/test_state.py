"""The opening life cycle: every allowed step, every forbidden one, and what publishing needs."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import login, post_form
from tests.employers import factories as ef
from werkgeversportaal.db.models import AuditEvent, OpeningStatus, VerificationStatus
from werkgeversportaal.domain.employers.openings_state import (
    ALLOWED,
    TARGET,
    OpeningAction,
    TransitionError,
    actions_for,
    check_editable,
    check_transition,
)

S = OpeningStatus
EXPECTED_ALLOWED = {
    (S.DRAFT, S.PUBLISHED), (S.DRAFT, S.CLOSED),
    (S.PUBLISHED, S.PAUSED), (S.PUBLISHED, S.FILLED), (S.PUBLISHED, S.CLOSED),
    (S.PAUSED, S.PUBLISHED), (S.PAUSED, S.FILLED), (S.PAUSED, S.CLOSED),
}
ALL_PAIRS = list(itertools.product(S, S))


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS])
def test_every_pair_of_statuses(current: OpeningStatus, target: OpeningStatus) -> None:
    if (current, target) in EXPECTED_ALLOWED:
        check_transition(current, target, employer_verified=True)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target, employer_verified=True)


def test_the_table_is_exactly_the_documented_life_cycle() -> None:
    assert {(a, b) for a, targets in ALLOWED.items() for b in targets} == EXPECTED_ALLOWED


@pytest.mark.parametrize("current", [S.DRAFT, S.PAUSED])
def test_publishing_needs_a_verified_employer(current: OpeningStatus) -> None:
    with pytest.raises(TransitionError, match="nog niet gecontroleerd"):
        check_transition(current, S.PUBLISHED, employer_verified=False)


def test_unverified_employer_may_still_close_a_draft() -> None:
    check_transition(S.DRAFT, S.CLOSED, employer_verified=False)


def test_filled_and_closed_are_final_and_not_editable() -> None:
    for status in (S.FILLED, S.CLOSED):
        assert actions_for(status) == []
        with pytest.raises(TransitionError, match="niet meer worden gewijzigd"):
            check_editable(status)
    for status in (S.DRAFT, S.PUBLISHED, S.PAUSED):
        check_editable(status)


ACTION_CASES = [(status, action) for status in S for action in OpeningAction]


@pytest.mark.parametrize(("current", "action"), ACTION_CASES,
                         ids=[f"{s.value}:{a.value}" for s, a in ACTION_CASES])
def test_every_action_through_the_web(current: OpeningStatus, action: OpeningAction, client, db) -> None:
    employer, user = factories.employer(db)
    opening = ef.opening(db, employer, status=current)
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": action.value})
    db.refresh(opening)
    target = TARGET[action]
    if (current, target) in EXPECTED_ALLOWED:
        assert response.status_code == 303
        assert opening.status is target
        event = db.scalar(select(AuditEvent).where(AuditEvent.subject_id == str(opening.id)))
        assert event.action == f"opening.{target.value}" and event.data["previous"] == current.value
    else:
        assert response.status_code == 400
        assert "kan niet vanuit de huidige status" in response.text
        assert opening.status is current
        assert db.scalar(select(AuditEvent).where(AuditEvent.subject_id == str(opening.id))) is None


def test_unknown_action_is_refused(client, db) -> None:
    employer, user = factories.employer(db)
    opening = ef.opening(db, employer)
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "delete"})
    assert response.status_code == 400 and "geldige actie" in response.text


def test_suspended_employer_cannot_publish_again(client, db) -> None:
    employer, user = factories.employer(db, status=VerificationStatus.SUSPENDED)
    opening = ef.opening(db, employer, status=S.PAUSED)
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"})
    assert response.status_code == 400
    db.refresh(opening)
    assert opening.status is S.PAUSED


def test_publishing_after_the_closing_date_is_refused(client, db) -> None:
    from datetime import date, timedelta

    employer, user = factories.employer(db)
    opening = ef.opening(db, employer, closing_date=date.today() - timedelta(days=2))
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"})
    assert response.status_code == 400 and "sluitingsdatum is al voorbij" in response.text
