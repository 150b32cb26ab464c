"""Demo data: the labour-market region Gooi en Vechtstreek, with log-ins for every role.

Idempotent: running it twice adds nothing the second time. Areas extend it through `EXTENSIONS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import (
    Candidate,
    Employer,
    EmployerMembership,
    Municipality,
    Role,
    User,
    VerificationStatus,
)
from werkgeversportaal.lib.jobs import now
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.security import hash_password
from werkgeversportaal.settings import Settings

DEMO_PASSWORD = "Gooi-en-Vecht-2026!"  # noqa: S105 (demo data, printed at start-up)

MUNICIPALITIES = [
    ("GM0406", "Huizen"),
    ("GM0402", "Hilversum"),
    ("GM1942", "Gooise Meren"),
    ("GM1696", "Wijdemeren"),
    ("GM0376", "Blaricum"),
    ("GM0417", "Laren"),
]

EMPLOYERS = [
    # name, kvk, place, sectors, status, contact e-mail, contact name, public register
    ("Bouwbedrijf De Vecht", "12345678", "Huizen", ["construction", "installation"], VerificationStatus.VERIFIED,
     "werkgever@demo.nl", "Sandra de Boer", True),
    ("Zorggroep Gooi", "23456789", "Hilversum", ["care"], VerificationStatus.VERIFIED,
     "zorg@demo.nl", "Peter Jansen", True),
    ("Datalab Hilversum", "34567890", "Hilversum", ["ict"], VerificationStatus.PENDING,
     "ict@demo.nl", "Femke Visser", False),
]

CANDIDATES = [
    # given, family, municipality code, e-mail, language
    ("Amanuel", "Tesfay", "GM0406", "kandidaat@demo.nl", "nl"),
    ("Rania", "Haddad", "GM0406", "rania@demo.nl", "en"),
    ("Yonas", "Berhe", "GM0402", "yonas@demo.nl", "nl"),
]

Extension = Callable[[AsyncSession, dict[str, Any]], Awaitable[list[tuple[str, str, str]]]]
EXTENSIONS: list[Extension] = []


async def _user(session: AsyncSession, email: str, role: Role, name: str, **extra: Any) -> tuple[User, bool]:
    existing = await session.scalar(select(User).where(User.email == email))
    if existing is not None:
        return existing, False
    user = User(email=email, role=role, display_name=name, password_hash=hash_password(DEMO_PASSWORD), **extra)
    session.add(user)
    await session.flush()
    return user, True


async def seed(settings: Settings) -> list[tuple[str, str, str]]:
    import werkgeversportaal.domain.employers.demo as employers_demo

    if employers_demo.seed_employers not in EXTENSIONS:
        EXTENSIONS.append(employers_demo.seed_employers)
    import werkgeversportaal.domain.candidates.demo
    import werkgeversportaal.domain.introductions.demo
    import werkgeversportaal.domain.search.demo  # noqa: F401 (appends to EXTENSIONS)

    runtime = Runtime.create(settings)
    logins: list[tuple[str, str, str]] = []
    try:
        async with runtime.session_maker() as session:
            municipalities: dict[str, Municipality] = {}
            for code, name in MUNICIPALITIES:
                m = await session.scalar(select(Municipality).where(Municipality.cbs_code == code))
                if m is None:
                    m = Municipality(cbs_code=code, name=name)
                    session.add(m)
                    await session.flush()
                municipalities[code] = m

            await _user(session, "admin@demo.nl", Role.ADMIN, "Beheerder Regio")
            logins.append(("admin", "admin@demo.nl", DEMO_PASSWORD))
            await _user(session, "accountmanager@demo.nl", Role.ACCOUNT_MANAGER, "Marieke Smit (Huizen)",
                        municipality_id=municipalities["GM0406"].id)
            logins.append(("accountmanager Huizen", "accountmanager@demo.nl", DEMO_PASSWORD))
            await _user(session, "am.hilversum@demo.nl", Role.ACCOUNT_MANAGER, "Johan Bakker (Hilversum)",
                        municipality_id=municipalities["GM0402"].id)
            logins.append(("accountmanager Hilversum", "am.hilversum@demo.nl", DEMO_PASSWORD))

            employers: dict[str, Employer] = {}
            for name, kvk, place, sectors, status, email, contact, public in EMPLOYERS:
                employer = await session.scalar(select(Employer).where(Employer.kvk_number == kvk))
                if employer is None:
                    employer = Employer(name=name, kvk_number=kvk, place=place, sectors=sectors,
                                        verification_status=status, public_register=public,
                                        verified_at=now() if status is VerificationStatus.VERIFIED else None,
                                        offers_mentor=True, offers_language_friendly_schedule=True)
                    session.add(employer)
                    await session.flush()
                employers[kvk] = employer
                user, created = await _user(session, email, Role.EMPLOYER, contact)
                if created:
                    session.add(EmployerMembership(employer_id=employer.id, user_id=user.id))
                logins.append((f"werkgever ({status.value})", email, DEMO_PASSWORD))

            candidates: dict[str, Candidate] = {}
            for given, family, code, email, lang in CANDIDATES:
                user, created = await _user(session, email, Role.CANDIDATE, given, preferred_language=lang,
                                            municipality_id=municipalities[code].id, language_chosen_at=now())
                candidate = await session.scalar(select(Candidate).where(Candidate.user_id == user.id))
                if candidate is None:
                    candidate = Candidate(municipality_id=municipalities[code].id, user_id=user.id,
                                          given_name=given, family_name=family)
                    session.add(candidate)
                    await session.flush()
                candidates[email] = candidate
                logins.append((f"kandidaat ({municipalities[code].name})", email, DEMO_PASSWORD))

            context = {"municipalities": municipalities, "employers": employers, "candidates": candidates}
            for extension in EXTENSIONS:
                logins.extend(await extension(session, context))
            await session.commit()
    finally:
        await runtime.engine.dispose()
    return logins
