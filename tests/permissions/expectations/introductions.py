"""Routes of the introductions area: requests, answers, pipeline, follow-up, notifications, reports, API."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.introductions.factories import introduction, milestone
from tests.permissions.expectations import (
    ACCOUNT_MANAGERS,
    CANDIDATES,
    LOGGED_IN,
    VERIFIED_EMPLOYERS,
    everyone,
    only,
    tokens,
)
from tests.permissions.world import World

OWN_AM = {"others": 403, "account_manager_other": 404}


def extend_world(world: World, db: Session) -> None:
    intro = introduction(db, world.objects["employer"], world.objects["candidate"])
    world.objects["introduction"] = intro
    world.objects["milestone"] = milestone(db, intro)


PARAMS: dict[str, Any] = {
    "introduction_id": lambda w: w.objects["introduction"].id,
    "milestone_id": lambda w: w.objects["milestone"].id,
    "action": lambda w: "agree",
}

EXPECTATIONS = {
    ("GET", "/werkgever/kandidaten/{candidate_id:uuid}/kennismaking"): only(VERIFIED_EMPLOYERS, 200),
    # The matrix sends no motivation: refused with the form again.
    ("POST", "/werkgever/kandidaten/{candidate_id:uuid}/kennismaking"): only(VERIFIED_EMPLOYERS, 400),
    ("GET", "/werkgever/kennismakingen"): only(VERIFIED_EMPLOYERS, 200),
    ("POST", "/werkgever/kennismakingen/{introduction_id:uuid}/intrekken"):
        only(("employer",), 303, other_employer=404),
    ("GET", "/kandidaat/kennismakingen"): only(CANDIDATES, 200),
    ("POST", "/kandidaat/kennismakingen/{introduction_id:uuid}/akkoord"):
        only(("candidate",), 303, other_candidate=404),
    ("POST", "/kandidaat/kennismakingen/{introduction_id:uuid}/afwijzen"):
        only(("candidate",), 303, other_candidate=404),
    ("GET", "/accountmanager/kennismakingen"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/kennismakingen/bord"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/kennismakingen/{introduction_id:uuid}"): only(("account_manager",), 200, **OWN_AM),
    # Without the version the page showed, no step is taken.
    ("POST", "/accountmanager/kennismakingen/{introduction_id:uuid}/stap/{action:str}"):
        only(("account_manager",), 400, **OWN_AM),
    ("POST", "/accountmanager/kennismakingen/{introduction_id:uuid}/mijlpalen"):
        only(("account_manager",), 400, **OWN_AM),
    ("POST", "/accountmanager/kennismakingen/{introduction_id:uuid}/mijlpalen/{milestone_id:uuid}"):
        only(("account_manager",), 400, **OWN_AM),
    ("GET", "/accountmanager/rapportages"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/rapportages/csv"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/meldingen"): only(LOGGED_IN, 200),
    ("GET", "/meldingen/aantal"): only(LOGGED_IN, 200),
    ("POST", "/meldingen/gelezen"): only(LOGGED_IN, 303),
    ("POST", "/meldingen/voorkeur"): only(LOGGED_IN, 400),
    ("GET", "/api/v1/introductions"): only(ACCOUNT_MANAGERS, 200, anonymous=401),
    ("GET", "/api/v1/introductions/{introduction_id:uuid}"):
        only(("account_manager",), 200, anonymous=401, **OWN_AM),
    ("GET", "/api/v1/introductions/{introduction_id:uuid}/milestones"):
        only(("account_manager",), 200, anonymous=401, **OWN_AM),
    # API writes need a bearer token; a session cookie is not enough.
    ("POST", "/api/v1/introductions/{introduction_id:uuid}/status"): everyone(401),
    ("PATCH", "/api/v1/milestones/{milestone_id:uuid}"): everyone(401),
}

# Bearer tokens: accountmanagers read their own municipality's introductions; writes need a
# read-write token (read-only: 403 first). A step with an unknown action is refused (400); an empty
# milestone change changes nothing (200). Another municipality's rows are not found (404).
OWN_MUNICIPALITY = {"account_manager_other": 404}
TOKEN_EXPECTATIONS = {
    ("GET", "/api/v1/introductions"): tokens(ACCOUNT_MANAGERS, 200),
    ("GET", "/api/v1/introductions/{introduction_id:uuid}"): tokens(("account_manager",), 200, **OWN_MUNICIPALITY),
    ("GET", "/api/v1/introductions/{introduction_id:uuid}/milestones"):
        tokens(("account_manager",), 200, **OWN_MUNICIPALITY),
    ("POST", "/api/v1/introductions/{introduction_id:uuid}/status"):
        tokens(("account_manager",), 400, read_only=403, **OWN_MUNICIPALITY),
    ("PATCH", "/api/v1/milestones/{milestone_id:uuid}"):
        tokens(("account_manager",), 200, read_only=403, **OWN_MUNICIPALITY),
}

API_BODIES = {("POST", "/api/v1/introductions/{introduction_id:uuid}/status"): {"action": "jump", "version": 0}}
