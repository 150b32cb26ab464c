"""Saved candidate searches: the search page's checked parameters, kept per employer user."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from msgspec import Meta

from werkgeversportaal.db.models import SavedSearch
from werkgeversportaal.lib.i18n import lazy_gettext as _l

# Paging is where the user was, not what they were looking for.
NOT_SAVED = ("page",)


class SaveSearchForm(msgspec.Struct):
    name: Annotated[str, Meta(min_length=1, max_length=120)]
    notify_daily: bool = False

    __messages__ = {
        "name": _l("Geef de zoekopdracht een naam van hoogstens 120 tekens."),
        "name:required": _l("Geef de zoekopdracht een naam."),
    }


def search_url(saved: SavedSearch) -> str:
    query = urlencode(saved.params)
    return "/werkgever/kandidaten" + (f"?{query}" if query else "")


class SavedSearchService(SQLAlchemyAsyncRepositoryService[SavedSearch]):
    class Repo(SQLAlchemyAsyncRepository[SavedSearch]):
        model_type = SavedSearch

    repository_type = Repo

    async def mine(self, user_id: UUID, employer_id: UUID) -> list[SavedSearch]:
        return list(await self.get_many(SavedSearch.user_id == user_id, SavedSearch.employer_id == employer_id,
                                        order_by=[(SavedSearch.created_at, True)]))

    async def own(self, user_id: UUID, employer_id: UUID, saved_id: UUID) -> SavedSearch | None:
        """Someone else's saved search is simply not there (404), even a colleague's."""
        return await self.get_one_or_none(SavedSearch.id == saved_id, SavedSearch.user_id == user_id,
                                          SavedSearch.employer_id == employer_id)

    async def save(self, user_id: UUID, employer_id: UUID, name: str, params: dict[str, Any],
                   notify_daily: bool) -> SavedSearch:
        kept = {k: v for k, v in params.items() if k not in NOT_SAVED}
        return await self.create(SavedSearch(user_id=user_id, employer_id=employer_id, name=name, params=kept,
                                             notify_daily=notify_daily))
