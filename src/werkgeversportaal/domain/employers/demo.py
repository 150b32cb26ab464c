"""Demo data of the employers area: places with coordinates, openings in every status, a note."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import (
    CefrLevel,
    EducationLevel,
    Employer,
    EmployerNote,
    Opening,
    OpeningKind,
    OpeningStatus,
    Sector,
)
from werkgeversportaal.domain.employers.openings import schedule_close_expired, today
from werkgeversportaal.domain.employers.places import places

OPENINGS = [
    # kvk, title, kind, sector, place, hours, status, dutch level, education, language days
    ("12345678", "Leerling-timmerman", OpeningKind.WORK_STUDY, Sector.CONSTRUCTION, "Huizen", 32,
     OpeningStatus.PUBLISHED, CefrLevel.A2, EducationLevel.NONE, ["wed"]),
    ("12345678", "Monteur installatietechniek", OpeningKind.VACANCY, Sector.INSTALLATION, "Blaricum", 38,
     OpeningStatus.PUBLISHED, CefrLevel.B1, EducationLevel.MBO2, []),
    ("12345678", "Werkervaringsplek grondwerk", OpeningKind.WORK_EXPERIENCE, Sector.CONSTRUCTION, "Eemnes", 24,
     OpeningStatus.DRAFT, CefrLevel.A1, EducationLevel.NONE, ["tue", "thu"]),
    ("23456789", "Helpende zorg en welzijn (taalstage)", OpeningKind.LANGUAGE_INTERNSHIP, Sector.CARE, "Hilversum",
     20, OpeningStatus.PUBLISHED, CefrLevel.A2, EducationLevel.NONE, ["mon", "wed"]),
    ("23456789", "Medewerker facilitaire dienst", OpeningKind.VACANCY, Sector.CARE, "Laren", 28,
     OpeningStatus.FILLED, CefrLevel.A2, EducationLevel.MBO1, []),
    ("34567890", "Stage systeembeheer", OpeningKind.INTERNSHIP, Sector.ICT, "Hilversum", 32,
     OpeningStatus.DRAFT, CefrLevel.B1, EducationLevel.MBO4, ["fri"]),
]


async def seed_employers(session: AsyncSession, context: dict[str, Any]) -> list[tuple[str, str, str]]:
    employers: dict[str, Employer] = context["employers"]
    for existing in employers.values():
        place = places().lookup(existing.place)
        if place is not None and existing.lat is None:
            existing.lat, existing.lng = place.lat, place.lng
            existing.description = existing.description or "Wij zoeken nieuwe collega's en begeleiden ze graag."
    for kvk, title, kind, sector, place_name, hours, status, level, education, language_days in OPENINGS:
        employer = employers.get(kvk)
        if employer is None or await session.scalar(
                select(Opening.id).where(Opening.employer_id == employer.id, Opening.title == title)):
            continue
        place = places().lookup(place_name)
        session.add(Opening(
            employer_id=employer.id, title=title, kind=kind, sector=sector, place=place_name,
            lat=place.lat if place else None, lng=place.lng if place else None, hours_per_week=hours,
            status=status, dutch_level=level, education_level=education, workdays=["mon", "tue", "thu", "fri"],
            day_parts=["morning", "afternoon"], language_days=language_days,
            paid=kind is not OpeningKind.WORK_EXPERIENCE,
            description="Je werkt mee in een vast team en krijgt een werkbegeleider.",
            start_date=today() + timedelta(days=30), closing_date=today() + timedelta(days=60), places_available=2,
        ))
    pending = employers.get("34567890")
    if pending is not None and not await session.scalar(
            select(EmployerNote.id).where(EmployerNote.employer_id == pending.id)):
        session.add(EmployerNote(employer_id=pending.id, author_label="Marieke Smit (Huizen)",
                                 body="Gebeld: KvK-uittreksel volgt deze week."))
    # Start the daily check for openings past their closing date (it re-schedules itself).
    await schedule_close_expired(session, today())
    await session.flush()
    return []
