"""Rule 1 for a page of candidate search hits, in one database round trip.

For the ids of the hits on the page: which ones the employer may see right now (profile scope,
`visibility.visible_condition`), and for those whose video the employer may see too, the poster key
of their newest published video (as `videos.published_video` picks it). Checked on every request;
nothing here is cached except the SQL statement itself.

The statements are built once, at import: their ids are one bind parameter and visibility.py's
conditions read the current consent text version when they run, so SQLAlchemy reuses the compiled
SQL. On PostgreSQL the ids go as one array (`id = ANY($1)`: one prepared statement, no expanding of
the IN list per execution); elsewhere as an expanding IN list. Same rows either way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import any_, bindparam, case, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, ConsentScope
from werkgeversportaal.domain.candidates.videos import published_video_column
from werkgeversportaal.domain.candidates.visibility import (
    consent_active,
    employer_may_see_candidates,
    visible_condition,
)
from werkgeversportaal.domain.search.documents import uuids
from werkgeversportaal.lib.permissions import CurrentUser
from werkgeversportaal.lib.sql import fetch_rows, prebuilt

__all__ = ["visible_hits"]


def _statement(among: Any) -> Any:
    # The WHERE clause is the profile scope's visibility; the video scope additionally needs its
    # own active consent (visible_condition(VIDEO) = that and the profile's).
    return (select(Candidate.id, case((consent_active(ConsentScope.VIDEO), published_video_column("poster_key")),
                                      else_=None).label("poster_key"))
            .where(among, visible_condition(ConsentScope.PROFILE)))


_AS_ARRAY = prebuilt(_statement(Candidate.id == any_(bindparam("ids", type_=ARRAY(PG_UUID(as_uuid=True))))))
_AS_IN_LIST = _statement(Candidate.id.in_(bindparam("ids", expanding=True)))


async def visible_hits(
    session: AsyncSession, employer: CurrentUser | None, ids: Sequence[str], with_video: Collection[str] = (),
) -> dict[str, str | None]:
    """{id: poster key or None} for the ids `employer` may see now; ids not visible are left out.

    A poster key only for ids in `with_video` (the hits the index says have a video) whose video
    the employer may see now and that have a published video with a poster.
    """
    if not employer_may_see_candidates(employer):
        return {}
    wanted = uuids(ids)
    if not wanted:
        return {}
    rows: Sequence[Any]
    if session.get_bind().dialect.name == "postgresql":
        rows = await fetch_rows(session, _AS_ARRAY, {"ids": wanted})
    else:
        rows = (await session.execute(_AS_IN_LIST, {"ids": wanted})).all()
    visible: dict[str, str | None] = {}
    for candidate_id, poster_key in rows:
        key = str(candidate_id) if isinstance(candidate_id, UUID) else str(UUID(str(candidate_id)))
        visible[key] = poster_key if poster_key and key in with_video else None
    return visible
