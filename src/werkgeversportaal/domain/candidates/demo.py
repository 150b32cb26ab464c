"""Demo data for candidates: filled-in profiles; two candidates published with consent."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, ConsentScope
from werkgeversportaal.demo import EXTENSIONS
from werkgeversportaal.domain.candidates.consent_texts import current_version, sync_texts
from werkgeversportaal.domain.candidates.visibility import active_consents
from werkgeversportaal.lib.jobs import now

PROFILES: dict[str, dict[str, Any]] = {
    "kandidaat@demo.nl": {
        "birth_year": 1991, "place": "Huizen", "travel_radius_km": 25,
        "dutch_levels": {"listening": "A2", "reading": "A2", "speaking": "A2", "writing": "A1"},
        "other_languages": [{"language": "Tigrinya", "level": "C2"}, {"language": "Engels", "level": "B1"}],
        "education": {"level": "mbo2", "field": "Elektrotechniek", "country": "Eritrea", "in_nl": False,
                      "diploma_valued": True},
        "experience": [{"sector": "construction", "occupation": "Elektricien", "years": 5}],
        "wished_sectors": ["installation", "construction"], "wished_occupations": "Elektromonteur",
        "wished_opening_kinds": ["work_study", "vacancy"], "hours_per_week": 32,
        "available_from": date(2027, 1, 4), "language_class_days": ["tue"],
        "civic_integration_status": "in_progress",
        "assessment": {"work_level": "mbo3", "competences": "Nauwkeurig, technisch inzicht", "date": "2026-09-15",
                       "instrument": "Talentscan"},
        "self_introduction": "Ik ben Amanuel. In Eritrea was ik vijf jaar elektricien. Ik werk graag met mijn "
                             "handen en ik leer snel. Ik wil elektromonteur worden in Nederland.",
        "published": True,
    },
    "rania@demo.nl": {
        "birth_year": 1988, "place": "Huizen", "travel_radius_km": 15,
        "dutch_levels": {"listening": "B1", "reading": "A2", "speaking": "A2", "writing": "A2"},
        "other_languages": [{"language": "Arabisch", "level": "C2"}, {"language": "Engels", "level": "B2"}],
        "education": {"level": "hbo", "field": "Verpleegkunde", "country": "Syrië", "in_nl": False,
                      "diploma_valued": False},
        "experience": [{"sector": "care", "occupation": "Verpleegkundige", "years": 8}],
        "wished_sectors": ["care"], "wished_occupations": "Verzorgende IG",
        "wished_opening_kinds": ["work_study"], "hours_per_week": 24, "language_class_days": ["mon", "wed"],
        "civic_integration_status": "in_progress",
        "self_introduction": "Ik ben Rania. Ik was verpleegkundige in Damascus. Ik wil weer in de zorg werken.",
        "published": True,
    },
}


async def seed_candidates(session: AsyncSession, context: dict[str, Any]) -> list[tuple[str, str, str]]:
    from werkgeversportaal.db.models import Consent

    await sync_texts(session)
    candidates: dict[str, Candidate] = context["candidates"]
    for email, values in PROFILES.items():
        candidate = candidates.get(email)
        if candidate is None:
            continue
        if not candidate.self_introduction:
            for key, value in values.items():
                setattr(candidate, key, value)
        granted = await active_consents(session, candidate.id)
        for scope in ConsentScope:
            if scope not in granted:
                session.add(Consent(candidate_id=candidate.id, scope=scope, granted_by_id=candidate.user_id,
                                    text_version=current_version(scope), language="nl", granted_at=now()))
    await session.flush()
    return []


if seed_candidates not in EXTENSIONS:
    EXTENSIONS.append(seed_candidates)
