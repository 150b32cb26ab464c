"""Shared helpers for the candidates and openings documents: levels as numbers, places as coordinates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from werkgeversportaal.domain.employers.places import places

CEFR = ["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
EDUCATION = ["none", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"]


def uuids(ids: Sequence[str]) -> list[uuid.UUID]:
    found = []
    for value in ids:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue  # not a row id: answers None (removed) / not visible, never an error
    return found


def cefr_rank(level: Any) -> int:
    value = getattr(level, "value", level)
    return CEFR.index(value) if value in CEFR else 0


def education_rank(level: Any) -> int:
    value = getattr(level, "value", level)
    return EDUCATION.index(value) if value in EDUCATION else 0


def dutch_rank(levels: dict[str, str] | None) -> int:
    """A candidate's Dutch level as one number: the weakest skill they filled in (an employer asking
    for A2 must not get someone who speaks A2 but cannot read a word)."""
    ranks = [cefr_rank(v) for v in (levels or {}).values() if v]
    return min(ranks) if ranks else 0


def geo_of(place: str | None) -> dict[str, float] | None:
    found = places().lookup(place or "")
    return {"lat": found.lat, "lng": found.lng} if found else None
