"""Searching for the app: the backend, then a recheck against the database before anything is shown.

The index may be stale (the outbox is applied a moment later, or the backend was down), so every
hit is checked with the index's visibility checker (registry.py) for the viewer at hand: a
candidate whose consent was withdrawn a second ago is dropped even if the index still has them.
When the backend cannot be reached the outcome says `limited=True` and callers fall back to a
plain database query, showing `LIMITED_MESSAGE`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Container, Sequence
from typing import TYPE_CHECKING, Any

import anyio.to_thread
import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.domain.search.backends import SearchHit, SearchQuery, SearchResult, SearchUnavailable
from werkgeversportaal.domain.search.registry import VISIBILITY_CHECKERS
from werkgeversportaal.lib.i18n import lazy_gettext as _l

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)

# A page's own recheck of its hits (instead of the index's registered checker): the ids the viewer
# may see now. Pages use it to learn more in the same query (the candidate page: poster keys).
HitCheck = Callable[[list[SearchHit]], Awaitable[Container[str]]]

LIMITED_MESSAGE = _l("Zoeken werkt op dit moment beperkt: u ziet een eenvoudige lijst. Probeer het straks opnieuw.")


async def filter_visible(session: AsyncSession, index: str, ids: Sequence[str], viewer: Any) -> list[str]:
    """The ids the viewer may see right now, in the order given. No checker for the index: none.

    Failing closed is deliberate: an index whose area registered no checker shows nothing rather
    than something that might have to stay hidden.
    """
    check = VISIBILITY_CHECKERS.get(index)
    if check is None:
        log.warning("no visibility checker registered for index %r; hiding all %s hits", index, len(ids))
        return []
    if not ids:
        return []
    allowed = await check(session, list(ids), viewer)
    return [i for i in ids if i in allowed]


class SearchOutcome(msgspec.Struct, kw_only=True):
    """What a search page shows. `total` and facet counts come from the index and may include
    a few documents the recheck hid (`hidden` of them on this page)."""

    hits: list[SearchHit] = msgspec.field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    total_pages: int = 0
    facet_distribution: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    hidden: int = 0
    limited: bool = False


class SearchService:
    """Backend search + visibility recheck + the "temporarily limited" fallback flag.

    `InvalidQuery` passes through: its message is meant for the user (a bad filter or page).
    """

    def __init__(self, session: AsyncSession, runtime: Runtime) -> None:
        self.session = session
        self.runtime = runtime

    async def search(self, query: SearchQuery, viewer: Any, check: HitCheck | None = None) -> SearchOutcome:
        """`check` replaces the index's registered visibility checker (it must check rule 1 itself)."""
        try:
            result = await self._backend_search(query)
        except SearchUnavailable as exc:
            log.warning("search unavailable, falling back to the database: %s", exc)
            return SearchOutcome(page=query.page, per_page=query.per_page, limited=True)
        visible: Container[str]
        if check is not None:
            visible = await check(result.hits) if result.hits else ()
        else:
            visible = set(await filter_visible(self.session, query.index, [hit.id for hit in result.hits], viewer))
        hits = [hit for hit in result.hits if hit.id in visible]
        hidden = len(result.hits) - len(hits)
        return SearchOutcome(
            hits=hits, total=max(0, result.total - hidden), page=result.page, per_page=result.per_page,
            total_pages=result.total_pages, facet_distribution=result.facet_distribution, hidden=hidden,
        )

    async def _backend_search(self, query: SearchQuery) -> SearchResult:
        backend = self.runtime.search
        # The embedded engine answers in about a millisecond of pure Python when its in-memory index
        # is current: then a hop to a worker thread costs more than it saves. It says None when it
        # would have to wait (reloading changed rows, another thread busy); that work goes to a thread.
        search_now = getattr(backend, "search_now", None)
        if search_now is not None:
            result = search_now(query)
            if result is not None:
                return result  # type: ignore[no-any-return]
        return await anyio.to_thread.run_sync(backend.search, query)
