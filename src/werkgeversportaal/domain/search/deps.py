"""Dependencies of the search area: `search` gives a controller a SearchService for its request."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.domain.search.service import SearchService


def provide_search_service(db_session: NamedDependency[AsyncSession], state: State) -> SearchService:
    return SearchService(db_session, state.runtime)


search_service = {"search": Provide(provide_search_service, sync_to_thread=False)}


def _saved_searches() -> dict[str, Provide]:
    from advanced_alchemy.extensions.litestar.providers import create_service_provider

    from werkgeversportaal.domain.search.saved import SavedSearchService

    return {"saved_searches": Provide(create_service_provider(SavedSearchService))}


saved_search_service = _saved_searches()
