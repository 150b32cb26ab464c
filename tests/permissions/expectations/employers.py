"""Routes of the employers area: organisation, openings, verification, public register, API.

The world's employer owns one draft opening; another employer (verified or not) gets 404 on it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.employers import factories as ef
from tests.permissions.expectations import ACCOUNT_MANAGERS, EMPLOYERS, everyone, only, public_api, tokens

OWN_OPENING = {"employer_unverified": 404, "other_employer": 404}


def extend_world(world: Any, db: Session) -> None:
    employer = world.objects["employer"]
    employer.public_register = True
    db.commit()
    world.objects["opening"] = ef.opening(db, employer, title="Concept van A")


PARAMS = {
    "opening_id": lambda w: w.objects["opening"].id,
    "employer_id": lambda w: w.objects["employer"].id,
}

EXPECTATIONS = {
    ("GET", "/werkgever/organisatie"): only(EMPLOYERS, 200),
    ("POST", "/werkgever/organisatie"): only(EMPLOYERS, 400),
    ("POST", "/werkgever/organisatie/collegas"): only(EMPLOYERS, 400),
    ("GET", "/werkgever/vacatures"): only(EMPLOYERS, 200),
    ("GET", "/werkgever/vacatures/nieuw"): only(EMPLOYERS, 200),
    ("POST", "/werkgever/vacatures/nieuw"): only(EMPLOYERS, 400),
    ("GET", "/werkgever/vacatures/{opening_id:uuid}"): only(("employer",), 200, **OWN_OPENING),
    ("GET", "/werkgever/vacatures/{opening_id:uuid}/bewerken"): only(("employer",), 200, **OWN_OPENING),
    ("POST", "/werkgever/vacatures/{opening_id:uuid}/bewerken"): only(("employer",), 400, **OWN_OPENING),
    # No action chosen: the owner gets the page back with an error; nobody else learns it exists.
    ("POST", "/werkgever/vacatures/{opening_id:uuid}/status"): only(("employer",), 400, **OWN_OPENING),
    ("GET", "/accountmanager/werkgevers/controle"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/werkgevers"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/vacatures"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/werkgevers/{employer_id:uuid}"): only(ACCOUNT_MANAGERS, 200),
    # The world's employer is verified already: verifying again or reinstating is refused (400).
    ("POST", "/accountmanager/werkgevers/{employer_id:uuid}/verifieren"): only(ACCOUNT_MANAGERS, 400),
    ("POST", "/accountmanager/werkgevers/{employer_id:uuid}/herstellen"): only(ACCOUNT_MANAGERS, 400),
    # Rejecting and suspending need a reason; none is posted.
    ("POST", "/accountmanager/werkgevers/{employer_id:uuid}/afwijzen"): only(ACCOUNT_MANAGERS, 400),
    ("POST", "/accountmanager/werkgevers/{employer_id:uuid}/schorsen"): only(ACCOUNT_MANAGERS, 400),
    ("POST", "/accountmanager/werkgevers/{employer_id:uuid}/notities"): only(ACCOUNT_MANAGERS, 400),
    ("GET", "/werkgevers"): everyone(200),
    ("GET", "/werkgevers/{employer_id:uuid}"): everyone(200),
    ("GET", "/api/v1/openings"): only(EMPLOYERS, 200, anonymous=401),
    ("GET", "/api/v1/openings/{opening_id:uuid}"): only(("employer",), 200, anonymous=401, **OWN_OPENING),
    # API writes need a bearer token; a session cookie alone is anonymous for writes.
    ("POST", "/api/v1/openings"): everyone(401),
    ("PATCH", "/api/v1/openings/{opening_id:uuid}"): everyone(401),
    ("POST", "/api/v1/openings/{opening_id:uuid}/status"): everyone(401),
    ("GET", "/api/v1/register"): everyone(200),
    ("GET", "/api/v1/register/{employer_id:uuid}"): everyone(200),
}

# Bearer tokens: what a session may read, a token may read; writes need a read-write token (a
# read-only one gets 403 before anything is looked up) and then answer as for the owner: the matrix
# sends an empty JSON object, which is not a valid opening (400); another organisation's opening is
# not found (404).
TOKEN_EXPECTATIONS = {
    ("GET", "/api/v1/openings"): tokens(EMPLOYERS, 200),
    ("GET", "/api/v1/openings/{opening_id:uuid}"): tokens(("employer",), 200, **OWN_OPENING),
    ("POST", "/api/v1/openings"): tokens(EMPLOYERS, 400, read_only=403),
    # An empty change is a valid change of nothing (200).
    ("PATCH", "/api/v1/openings/{opening_id:uuid}"): tokens(("employer",), 200, read_only=403, **OWN_OPENING),
    # Pausing a draft is not a step it can take (409); another organisation's opening is not found.
    ("POST", "/api/v1/openings/{opening_id:uuid}/status"): tokens(("employer",), 409, read_only=403, **OWN_OPENING),
    ("GET", "/api/v1/register"): public_api(),
    ("GET", "/api/v1/register/{employer_id:uuid}"): public_api(),
}

API_BODIES = {("POST", "/api/v1/openings/{opening_id:uuid}/status"): {"action": "pause"}}
