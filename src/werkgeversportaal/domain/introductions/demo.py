"""Demo data: introductions of the Huizen candidates in several pipeline steps, with follow-up milestones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import (
    ContractKind,
    FollowUpMilestone,
    Introduction,
    IntroductionEvent,
    IntroductionStatus,
    MeetingMode,
)
from werkgeversportaal.demo import EXTENSIONS

S = IntroductionStatus
STEPS = (S.REQUESTED, S.CANDIDATE_AGREED, S.MEETING_PLANNED, S.TRIAL, S.PLACED)


async def seed_introductions(session: AsyncSession, context: dict[str, Any]) -> list[tuple[str, str, str]]:
    if await session.scalar(select(Introduction.id).limit(1)) is not None:
        return []  # seeding twice adds nothing
    employers = [e for e in context.get("employers", {}).values() if e.is_verified]
    huizen = [c for c in context.get("candidates", {}).values()
              if c.municipality_id == context["municipalities"]["GM0406"].id]
    if not employers or not huizen:
        return []
    moment = datetime.now(UTC)
    plans = [(S.REQUESTED, 0), (S.MEETING_PLANNED, 1), (S.PLACED, 2)]
    for index, (status, candidate_index) in enumerate(plans):
        candidate = huizen[candidate_index % len(huizen)]
        employer = employers[index % len(employers)]
        created = moment - timedelta(days=40 - index * 10)
        intro = Introduction(employer_id=employer.id, candidate_id=candidate.id, status=status,
                             motivation="Wij zoeken collega's en bieden een taalmaatje op de werkvloer.",
                             version=STEPS.index(status) + 1)
        intro.created_at = created  # a history that reads right in the reports (request before placement)
        if status in (S.MEETING_PLANNED, S.PLACED):
            intro.meeting_at = moment + timedelta(days=2) if status is S.MEETING_PLANNED else created
            intro.meeting_mode, intro.meeting_place = MeetingMode.ON_SITE, f"{employer.place}, kantoor"
            intro.attendees = "Accountmanager, leidinggevende, kandidaat"
        if status is S.PLACED:
            intro.contract_kind, intro.contract_start = ContractKind.TEMPORARY, date.today() - timedelta(days=20)
            intro.placed_at = moment - timedelta(days=21)
        session.add(intro)
        await session.flush()
        previous = ""
        for reached in STEPS[: STEPS.index(status) + 1]:
            if reached is S.TRIAL:
                continue
            session.add(IntroductionEvent(introduction_id=intro.id, occurred_at=created, actor_label="demo",
                                          from_status=previous, to_status=reached.value))
            previous = reached.value
        if status is S.PLACED and intro.contract_start:
            for title, days in (("Gesprek na 2 weken", 14), ("Gesprek na 6 weken", 42),
                                ("Gesprek na 3 maanden", 91), ("Gesprek na 6 maanden", 182)):
                session.add(FollowUpMilestone(introduction_id=intro.id, title=title,
                                              due_date=intro.contract_start + timedelta(days=days)))
    return []


EXTENSIONS.append(seed_introductions)
