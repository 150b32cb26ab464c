"""Factories of the employers area: openings and API tokens."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from werkgeversportaal.db.models import ApiToken, Opening, OpeningKind, OpeningStatus, Sector
from werkgeversportaal.lib.security import token_digest


def opening(db: Session, employer: Any, *, title: str = "Leerling-timmerman",
            status: OpeningStatus = OpeningStatus.DRAFT, **extra: Any) -> Opening:
    values: dict[str, Any] = {
        "kind": OpeningKind.WORK_STUDY, "sector": Sector.CONSTRUCTION, "place": "Huizen", "lat": 52.29917,
        "lng": 5.24167, "hours_per_week": 24, "closing_date": date.today() + timedelta(days=30),
    }
    values.update(extra)
    o = Opening(employer_id=employer.id, title=title, status=status, **values)
    db.add(o)
    db.commit()
    return o


def api_token(db: Session, user: Any, *, scopes: str = "read write") -> str:
    raw = f"wgp_test_{user.id.hex}"
    db.add(ApiToken(user_id=user.id, name="test", prefix=raw[:12], token_hash=token_digest(raw), scopes=scopes))
    db.commit()
    return raw


def opening_form(**overrides: Any) -> dict[str, Any]:
    """What a browser posts for a valid opening."""
    data: dict[str, Any] = {
        "kind": "work_study", "title": "Leerling-timmerman", "sector": "construction", "place": "Huizen",
        "hours_per_week": "24", "description": "Je leert het vak van een ervaren timmerman.",
        "workdays": ["mon", "tue", "thu"], "day_parts": ["morning", "afternoon"], "language_days": ["wed"],
        "dutch_level": "A2", "education_level": "none", "start_date": (date.today() + timedelta(days=14)).isoformat(),
        "closing_date": (date.today() + timedelta(days=30)).isoformat(), "paid": "on",
        "pay_indication": "€ 2.400 per maand", "places_available": "2",
    }
    data.update(overrides)
    return data
