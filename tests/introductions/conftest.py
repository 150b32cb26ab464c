"""A small world for the introductions tests: two municipalities, an accountmanager each, a verified employer,
a visible candidate with an account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories
from tests.candidates.factories import visible_candidate
from werkgeversportaal.db.models import ApiToken, Role
from werkgeversportaal.lib.security import token_digest


@dataclass
class Cast:
    municipality: Any
    am: Any
    am_other: Any
    employer: Any
    employer_user: Any
    other_employer: Any
    other_employer_user: Any
    candidate: Any


@pytest.fixture
def cast(db: Any) -> Cast:
    huizen = factories.municipality(db, "Huizen")
    hilversum = factories.municipality(db, "Hilversum")
    am = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id, name="Anna Accountmanager")
    am_other = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=hilversum.id, name="Otto Anders")
    employer, employer_user = factories.employer(db, name="Bouwbedrijf Gooi")
    other, other_user = factories.employer(db, name="Zorggroep Eem", sectors=["care"])
    candidate = visible_candidate(db, huizen, given="Amanuel", family="Tesfay")
    return Cast(huizen, am, am_other, employer, employer_user, other, other_user, candidate)


@pytest.fixture
def api_token(db: Any) -> Any:
    def make(user: Any, scopes: str = "read write") -> str:
        secret = f"wgp_{user.id.hex}"
        db.add(ApiToken(user_id=user.id, name="zaaksysteem", prefix=secret[:12], token_hash=token_digest(secret),
                        scopes=scopes))
        db.commit()
        return secret

    return make
