"""The world the permission matrix runs in: two municipalities, every actor, one object of each kind.

Areas extend it with `extend_world(world, db)` in their expectations module and resolve their
path parameters with `PARAMS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from tests import factories
from werkgeversportaal.db.models import ApiToken, Role, SentEmail, VerificationStatus
from werkgeversportaal.domain.accounts.services import new_api_token

ACTORS = (
    "anonymous",
    "candidate",
    "other_candidate",
    "employer_unverified",
    "employer",
    "other_employer",
    "account_manager",
    "account_manager_other",
    "admin",
)

# The same logged-in actors calling with a personal access token (Authorization: Bearer, no session
# cookie): "<actor>+read" holds a read-only token, "<actor>+write" a read-write one; "revoked" is the
# employer's read-write token after it was revoked. Tokens authenticate only /api/ routes.
TOKEN_SCOPES = ("read", "write")
TOKEN_ACTORS = (*(f"{actor}+{scope}" for actor in ACTORS if actor != "anonymous" for scope in TOKEN_SCOPES),
                "revoked")


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)  # actor -> User
    objects: dict[str, Any] = field(default_factory=dict)  # name -> object
    tokens: dict[str, str] = field(default_factory=dict)  # token actor -> raw bearer secret


def build_world(db: Session) -> World:
    world = World()
    huizen = factories.municipality(db, "Huizen")
    hilversum = factories.municipality(db, "Hilversum")
    world.objects.update(municipality=huizen, other_municipality=hilversum)
    world.users["admin"] = factories.user(db, Role.ADMIN, name="Beheerder")
    world.users["account_manager"] = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id)
    world.users["account_manager_other"] = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=hilversum.id)
    employer, employer_user = factories.employer(db, name="Bouwbedrijf A")
    other, other_user = factories.employer(db, name="Zorggroep B", sectors=["care"])
    pending, pending_user = factories.employer(db, name="Nieuw C", status=VerificationStatus.PENDING)
    world.users.update(employer=employer_user, other_employer=other_user, employer_unverified=pending_user)
    world.objects.update(employer=employer, other_employer=other, employer_unverified=pending)
    candidate, candidate_user = factories.candidate(db, huizen, given="Amanuel", family="Tesfay")
    other_candidate, other_candidate_user = factories.candidate(db, huizen, given="Rania", family="Haddad")
    world.users.update(candidate=candidate_user, other_candidate=other_candidate_user)
    world.objects.update(candidate=candidate, other_candidate=other_candidate)
    token = ApiToken(user_id=employer_user.id, name="koppeling", prefix="wgp_matrix", token_hash="a" * 64)
    email = SentEmail(to_address="x@example.nl", subject="Test", template="invitation", body_text="t",
                      transport="smtp")
    db.add_all([token, email])
    db.commit()
    world.objects.update(api_token=token, sent_email=email)
    add_api_tokens(world, db)
    return world


def add_api_tokens(world: World, db: Session) -> None:
    """A real token per logged-in actor and scope, made the way the account page makes them."""
    rows = []
    for name in TOKEN_ACTORS:
        actor, _sep, scope = name.partition("+")
        if name == "revoked":
            actor, scope = "employer", "write"
        row, raw = new_api_token(world.users[actor].id, f"matrix {name}", read_only=scope == "read")
        if name == "revoked":
            row.revoked_at = datetime.now(UTC)
        rows.append(row)
        world.tokens[name] = raw
    db.add_all(rows)
    db.commit()


# Path parameter -> value, from the world. Areas add theirs in their expectations module.
PARAMS: dict[str, Any] = {
    "token_id": lambda w: w.objects["api_token"].id,
    "email_id": lambda w: w.objects["sent_email"].id,
    "candidate_id": lambda w: w.objects["candidate"].id,
    "token": lambda w: "not-a-valid-link-token",
    "file_path": lambda w: "css/app.css",
    "path": lambda w: "openapi.json",
}
