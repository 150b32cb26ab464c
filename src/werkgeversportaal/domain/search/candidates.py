"""The candidates index: consented, published candidates as employers may find them.

A candidate is a document only while published with active profile consent (visibility.py);
`has_video` only with an approved video and active video consent. Every other state answers None,
which removes the document. The candidates area calls its hooks (hooks.py), which write the outbox.
Showing a hit always goes through `visible_candidates`, the area's one visibility check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, Consent, ConsentScope, ModerationStatus, Video
from werkgeversportaal.domain.candidates.visibility import visible_candidate_ids, visible_condition
from werkgeversportaal.domain.search.backends import epoch_days
from werkgeversportaal.domain.search.documents import dutch_rank, education_rank, geo_of, uuids
from werkgeversportaal.domain.search.registry import (
    Document,
    register_document_builder,
    register_visibility_checker,
)
from werkgeversportaal.lib.permissions import Permission

INDEX = "candidates"


def occupations_of(candidate: Candidate) -> list[str]:
    wished = [w.strip() for w in (candidate.wished_occupations or "").replace(";", ",").split(",") if w.strip()]
    done = [str(e.get("occupation") or "").strip() for e in candidate.experience or []]
    return list(dict.fromkeys([*wished, *[d for d in done if d]]))


def sector_name_nl(code: object) -> str:
    """The Dutch name of a sector ("bouw", not "construction"): what employers type and read."""
    from werkgeversportaal.lib import i18n
    from werkgeversportaal.lib.labels import label

    previous = i18n.get_locale()
    i18n.set_locale("nl")
    try:
        return label(code).lower() if code else ""
    finally:
        i18n.set_locale(previous)


def candidate_document(candidate: Candidate, *, has_video: bool, published_at: int) -> Document:
    experience = [
        " ".join(str(part) for part in (e.get("occupation") or "", sector_name_nl(e.get("sector")),
                                        f"{e['years']} jaar" if e.get("years") else "") if part).strip()
        for e in candidate.experience or []
    ]
    done_sectors = [str(e.get("sector")) for e in candidate.experience or [] if e.get("sector")]
    document: Document = {
        "id": str(candidate.id),
        "municipality_id": str(candidate.municipality_id),
        "given_name": candidate.given_name,
        "initial": candidate.family_name[:1].upper(),
        "intro": candidate.self_introduction or "",
        "occupations": occupations_of(candidate),
        "experience": [e for e in experience if e],
        "languages": [str(item.get("language")) for item in candidate.other_languages or [] if item.get("language")],
        "sectors": list(dict.fromkeys([*(candidate.wished_sectors or []), *done_sectors])),
        "opening_kinds": list(candidate.wished_opening_kinds or []),
        "dutch_level": dutch_rank(candidate.dutch_levels),
        "education_level": education_rank((candidate.education or {}).get("level")),
        "available_from": epoch_days(candidate.available_from) if candidate.available_from else 0,
        "hours_per_week": candidate.hours_per_week or 0,
        "has_video": has_video,
        "published_at": published_at,
        "language_days": list(candidate.language_class_days or []),
        "place": candidate.place or "",
    }
    geo = geo_of(candidate.place)
    if geo:
        document["_geo"] = geo
    return document


async def build_candidate_documents(session: AsyncSession, ids: Sequence[str]) -> dict[str, Document | None]:
    documents: dict[str, Document | None] = {str(i): None for i in ids}
    wanted = uuids(ids)
    if not wanted:
        return documents
    rows = list(await session.scalars(
        select(Candidate).where(Candidate.id.in_(wanted), visible_condition(ConsentScope.PROFILE))))
    if not rows:
        return documents
    found = [c.id for c in rows]
    with_video = set(await session.scalars(
        select(Candidate.id).where(Candidate.id.in_(found), visible_condition(ConsentScope.VIDEO))
        .where(select(Video.id).where(Video.candidate_id == Candidate.id,
                                      Video.moderation == ModerationStatus.APPROVED).exists())))
    # "Newest" = since when employers can see them: the active profile grant.
    since = dict((await session.execute(
        select(Consent.candidate_id, func.max(Consent.granted_at)).where(
            Consent.candidate_id.in_(found), Consent.scope == ConsentScope.PROFILE, Consent.withdrawn_at.is_(None))
        .group_by(Consent.candidate_id))).all())
    for candidate in rows:
        granted = since.get(candidate.id) or candidate.updated_at
        documents[str(candidate.id)] = candidate_document(
            candidate, has_video=candidate.id in with_video, published_at=int(granted.timestamp()))
    return documents


async def consented_candidate_ids(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(Candidate.id).where(visible_condition(ConsentScope.PROFILE)).order_by(Candidate.id))
    return [str(i) for i in rows]


async def visible_candidates(session: AsyncSession, ids: Sequence[str], viewer: Any) -> set[str]:
    """Rule 1 through the candidates area's own check (consent, published, employer verified).

    Accountmanagers see the consented candidates of their own municipality (match suggestions).
    """
    wanted = uuids(ids)
    if not wanted:
        return set()
    municipality_id = getattr(viewer, "municipality_id", None)
    if viewer is not None and viewer.can(Permission.CANDIDATES_MANAGE) and municipality_id:
        rows = await session.scalars(select(Candidate.id).where(
            Candidate.id.in_(wanted), Candidate.municipality_id == municipality_id,
            visible_condition(ConsentScope.PROFILE)))
        return {str(i) for i in rows}
    return {str(i) for i in await visible_candidate_ids(session, viewer, among=wanted)}


register_document_builder(INDEX, build_candidate_documents, list_ids=consented_candidate_ids)
register_visibility_checker(INDEX, visible_candidates)
