"""Rule 1 for a page of candidate search hits, in one database round trip.

For the ids of the hits on the page: which ones the employer may see right now (profile scope,
`visibility.visible_condition`), and for those whose video the employer may see too, the poster key
of their newest published video (as `videos.published_posters` picks it). Checked on every request;
nothing here is cached except the SQL statement itself.

The statement is built once per consent text version and database dialect, and reused: its ids
are one bind parameter, so SQLAlchemy's memoized cache key and compiled-SQL cache apply instead of
building and compiling the conditions again for every page. On PostgreSQL the ids go as one array
(`id = ANY($1)`: one prepared statement, no expanding of the IN list per execution); elsewhere as
an expanding IN list. Same rows either way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import any_, bindparam, case, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, ConsentScope, ModerationStatus, Video, VideoStatus
from werkgeversportaal.domain.candidates.consent_texts import current_version
from werkgeversportaal.domain.candidates.visibility import (
    consent_active,
    employer_may_see_candidates,
    visible_condition,
)
from werkgeversportaal.domain.search.documents import uuids
from werkgeversportaal.lib.permissions import CurrentUser

__all__ = ["visible_hits"]

_statements: dict[tuple[str, int, int], Any] = {}


def _statement(dialect: str) -> Any:
    # Keyed by the consent text versions too: a new version (a new text asks everyone again) gets a
    # new statement, so the cached one can never keep counting grants on an old text.
    key = (dialect, current_version(ConsentScope.PROFILE), current_version(ConsentScope.VIDEO))
    statement = _statements.get(key)
    if statement is None:
        newest_poster = (
            select(Video.poster_key)
            .where(Video.candidate_id == Candidate.id, Video.status == VideoStatus.READY,
                   Video.moderation == ModerationStatus.APPROVED)
            .order_by(Video.created_at.desc())
            .limit(1)
            .scalar_subquery()
        )
        # The WHERE clause is the profile scope's visibility; the video scope additionally needs its
        # own active consent (visible_condition(VIDEO) = that and the profile's).
        if dialect == "postgresql":
            among = Candidate.id == any_(bindparam("ids", type_=ARRAY(PG_UUID(as_uuid=True))))
        else:
            among = Candidate.id.in_(bindparam("ids", expanding=True))
        statement = _statements[key] = (
            select(Candidate.id, case((consent_active(ConsentScope.VIDEO), newest_poster), else_=None))
            .where(among, visible_condition(ConsentScope.PROFILE))
        )
    return statement


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
    rows = (await session.execute(_statement(session.get_bind().dialect.name), {"ids": wanted})).all()
    visible: dict[str, str | None] = {}
    for candidate_id, poster_key in rows:
        key = str(candidate_id) if isinstance(candidate_id, UUID) else str(UUID(str(candidate_id)))
        visible[key] = poster_key if poster_key and key in with_video else None
    return visible
