"""Factories: build domain objects straight in the database, with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from werkgeversportaal.db.models import (
    Candidate,
    Employer,
    EmployerMembership,
    Municipality,
    Role,
    User,
    VerificationStatus,
)
from werkgeversportaal.lib.security import PasswordPolicy, hash_password

PASSWORD = "Correct-paard-batterij-42"
_seq = itertools.count(1)


def _hash(password: str) -> str:
    PasswordPolicy.configure(1, 8 * 1024)
    return hash_password(password)


def municipality(db: Session, name: str = "Huizen", code: str | None = None) -> Municipality:
    n = next(_seq)
    m = Municipality(cbs_code=code or f"GM{n % 10000:04d}", name=name)
    db.add(m)
    db.commit()
    return m


def user(db: Session, role: Role, *, email: str | None = None, name: str = "Test Gebruiker",
         password: str | None = PASSWORD, municipality_id: Any = None, language: str = "nl",
         language_chosen: bool = True) -> User:
    """`language_chosen=False`: a candidate who has not picked a language yet (gets the choice page)."""
    n = next(_seq)
    u = User(email=email or f"{role.value}{n}@example.nl", role=role, display_name=name,
             password_hash=_hash(password) if password else None, municipality_id=municipality_id,
             preferred_language=language,
             language_chosen_at=datetime.now(UTC) if language_chosen else None)
    db.add(u)
    db.commit()
    return u


def employer(db: Session, *, name: str = "Bouwbedrijf Test", status: VerificationStatus = VerificationStatus.VERIFIED,
             sectors: list[str] | None = None, place: str = "Huizen", contact_email: str | None = None,
             public_register: bool = False) -> tuple[Employer, User]:
    n = next(_seq)
    e = Employer(name=name, kvk_number=f"{10000000 + n:08d}", place=place, sectors=sectors or ["construction"],
                 verification_status=status, public_register=public_register)
    db.add(e)
    db.commit()
    u = user(db, Role.EMPLOYER, email=contact_email, name=f"Contact {name}")
    db.add(EmployerMembership(employer_id=e.id, user_id=u.id))
    db.commit()
    return e, u


def candidate(db: Session, municipality_obj: Municipality, *, given: str = "Amanuel", family: str = "Tesfay",
              with_user: bool = True, **extra: Any) -> tuple[Candidate, User | None]:
    u = user(db, Role.CANDIDATE, name=given, municipality_id=municipality_obj.id) if with_user else None
    c = Candidate(municipality_id=municipality_obj.id, user_id=u.id if u else None, given_name=given,
                  family_name=family, **extra)
    db.add(c)
    db.commit()
    return c, u
