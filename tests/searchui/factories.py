"""Factories of the search UI: candidates with a full profile, straight into the index."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tests import factories
from tests.candidates.factories import consent, published
from tests.searchint.helpers import drain, with_runtime
from werkgeversportaal.db.models import Candidate
from werkgeversportaal.domain.search.outbox import record_index_change
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.settings import Settings


def profile_candidate(db: Session, municipality: Any, *, given: str = "Amanuel", family: str = "Tesfay",
                      occupations: str = "Heftruckchauffeur", sectors: list[str] | None = None,
                      place: str = "Huizen", dutch: str = "A2", education: str = "mbo2",
                      kinds: list[str] | None = None, hours: int = 32, language_days: list[str] | None = None,
                      intro: str = "Ik werk graag met mijn handen.", video_consent: bool = False,
                      available_from: date | None = None) -> Candidate:
    candidate, _user = factories.candidate(db, municipality, given=given, family=family)
    published(db, candidate, wished_occupations=occupations, wished_sectors=sectors or ["logistics"], place=place,
              dutch_levels={"listening": dutch, "speaking": dutch}, education={"level": education},
              wished_opening_kinds=kinds or ["vacancy"], hours_per_week=hours,
              language_class_days=language_days or ["mon", "wed"], self_introduction=intro,
              available_from=available_from)
    consent(db, candidate, "profile")
    if video_consent:
        consent(db, candidate, "video")
    return candidate


def index_now(settings: Settings, index: str, *ids: Any) -> None:
    """Write outbox rows as the areas do and let the worker apply them."""

    async def go(runtime: Runtime) -> None:
        async with runtime.session_maker() as session:
            for document_id in ids:
                await record_index_change(session, index, document_id)
            await session.commit()

    with_runtime(settings, go)
    drain(settings)
