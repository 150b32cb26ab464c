"""Routes of saved searches: only verified employers; a saved search is its user's own (others: 404)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.permissions.expectations import VERIFIED_EMPLOYERS, only
from tests.permissions.world import World
from werkgeversportaal.db.models import SavedSearch

OWN = {"other_employer": 404}


def extend_world(world: World, db: Session) -> None:
    saved = SavedSearch(user_id=world.users["employer"].id, employer_id=world.objects["employer"].id,
                        name="Heftruck", params={"q": "heftruck"}, notify_daily=False)
    db.add(saved)
    db.commit()
    world.objects["saved_search"] = saved


PARAMS: dict[str, Any] = {"saved_id": lambda w: w.objects["saved_search"].id}

EXPECTATIONS = {
    ("GET", "/werkgever/zoekopdrachten"): only(VERIFIED_EMPLOYERS, 200),
    # An empty form: no name (400); the page is re-shown with the error.
    ("POST", "/werkgever/zoekopdrachten"): only(VERIFIED_EMPLOYERS, 400),
    ("POST", "/werkgever/zoekopdrachten/{saved_id:uuid}/email"): only(("employer",), 303, **OWN),
    ("POST", "/werkgever/zoekopdrachten/{saved_id:uuid}/verwijderen"): only(("employer",), 303, **OWN),
}
