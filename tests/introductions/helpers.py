"""Steps shared by the introductions tests, taken through HTTP like a user would."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from tests.conftest import post_form
from werkgeversportaal.db.models import Introduction


def request_intro(client: Any, candidate: Any, motivation: str = "Wij zoeken een collega voor de bouw.",
                  **extra: Any) -> Any:
    return post_form(client, f"/werkgever/kandidaten/{candidate.id}/kennismaking",
                     {"motivation": motivation, **extra}, page=f"/werkgever/kandidaten/{candidate.id}")


def the_intro(db: Any) -> Introduction:
    db.expire_all()
    row = db.scalar(select(Introduction))
    assert row is not None
    return row


def step(client: Any, intro: Introduction, action: str, version: int | None = None, **data: Any) -> Any:
    return post_form(client, f"/accountmanager/kennismakingen/{intro.id}/stap/{action}",
                     {"version": str(version or intro.version), **data}, page="/accountmanager")


def meeting(days: int = 3) -> dict[str, str]:
    return {"meeting_date": (date.today() + timedelta(days=days)).isoformat(), "meeting_time": "10:30",
            "meeting_mode": "on_site", "meeting_place": "Kerkstraat 1, Huizen", "interpreter_needed": "on",
            "attendees": "Anna (gemeente), Piet (uitvoerder)"}
