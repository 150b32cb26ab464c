"""Factories of the introductions area."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from werkgeversportaal.db.models import FollowUpMilestone, Introduction, IntroductionStatus


def introduction(db: Session, employer: Any, candidate: Any, *,
                 status: IntroductionStatus = IntroductionStatus.REQUESTED, **fields: Any) -> Introduction:
    row = Introduction(employer_id=employer.id, candidate_id=candidate.id, motivation="Wij zoeken een metselaar.",
                       status=status, **fields)
    db.add(row)
    db.commit()
    return row


def milestone(db: Session, intro: Introduction, *, due: date | None = None, **fields: Any) -> FollowUpMilestone:
    fields.setdefault("title", "Gesprek na 2 weken")
    row = FollowUpMilestone(introduction_id=intro.id, due_date=due or date.today() + timedelta(days=1), **fields)
    db.add(row)
    db.commit()
    return row
