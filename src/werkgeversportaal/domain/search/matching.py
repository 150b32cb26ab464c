"""Match suggestions: how well a candidate fits an opening, as a score and a short Dutch explanation.

Both sides are the index documents (candidates.py, openings.py), so the suggestion pages score
exactly what the search shows. Points are deliberately simple and additive so the explanation
is the whole truth: every part of the score that moved it gives one phrase of the line.
Schedule fit counts: workdays on the candidate's language-class days cost points and say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from werkgeversportaal.domain.search.documents import CEFR
from werkgeversportaal.lib.i18n import gettext as _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
DAY_NAMES = {"mon": "ma", "tue": "di", "wed": "wo", "thu": "do", "fri": "vr", "sat": "za", "sun": "zo"}


@dataclass
class Match:
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def distance_km(a: dict[str, float] | None, b: dict[str, float] | None) -> float | None:
    if not a or not b:
        return None
    lat1, lng1, lat2, lng2 = map(math.radians, (a["lat"], a["lng"], b["lat"], b["lng"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _level(rank: Any) -> str:
    return CEFR[rank] if isinstance(rank, int) and 0 <= rank < len(CEFR) else "?"


def _words(*texts: Any) -> set[str]:
    found: set[str] = set()
    for text in texts:
        for part in text if isinstance(text, list) else [text]:
            found.update(w for w in str(part or "").lower().replace("-", " ").split() if len(w) > 2)
    return found


def score(candidate: dict[str, Any], opening: dict[str, Any]) -> Match:
    """Score one candidate document against one opening document (higher fits better)."""
    match = Match()
    if opening.get("sector") in (candidate.get("sectors") or []):
        match.add(30, _("sector past"))
    else:
        match.add(0, _("andere sector"))
    if _words(candidate.get("occupations")) & _words(opening.get("occupation"), opening.get("title")):
        match.add(15, _("beroep past"))
    if opening.get("kind") in (candidate.get("opening_kinds") or []):
        match.add(10, _("soort plek gewenst"))

    have, need = int(candidate.get("dutch_level") or 0), int(opening.get("dutch_level") or 0)
    levels = {"have": _level(have), "need": _level(need)}
    if have >= need:
        match.add(20, _("Nederlands %(have)s ≥ %(need)s gevraagd") % levels)
    else:
        match.add(-20 * (need - have), _("Nederlands %(have)s < %(need)s gevraagd") % levels)

    if int(candidate.get("education_level") or 0) < int(opening.get("education_level") or 0):
        match.add(-10, _("opleiding lager dan gevraagd"))

    km = distance_km(candidate.get("_geo"), opening.get("_geo"))
    if km is not None:
        points = 15 if km <= 10 else 10 if km <= 25 else 3 if km <= 50 else -10
        match.add(points, _("%(km)s km") % {"km": round(km)})

    hours, wanted = int(candidate.get("hours_per_week") or 0), int(opening.get("hours_per_week") or 0)
    if hours and wanted and wanted > hours + 4:
        match.add(-5, _("%(wanted)s uur gevraagd, %(hours)s beschikbaar") % {"wanted": wanted, "hours": hours})

    classes = set(candidate.get("language_days") or [])
    workdays = set(opening.get("workdays") or [])
    clash = [d for d in (*WEEKDAYS, "sat", "sun") if d in classes & workdays]
    if clash:
        match.add(-15 * len(clash), _("werkdagen botsen met de taallessen (%(days)s)")
                  % {"days": ", ".join(DAY_NAMES[d] for d in clash)})
    elif classes and workdays:
        free = len([d for d in WEEKDAYS if d not in workdays])
        match.add(10, _("%(free)s vrije dagen passen bij de taallessen") % {"free": free})
    return match


def rank(pairs: list[tuple[Any, dict[str, Any], dict[str, Any]]], limit: int = 20) -> list[tuple[Any, Match]]:
    """`pairs` of (key, candidate document, opening document), best first; ties keep the given order."""
    scored = [(key, score(candidate, opening)) for key, candidate, opening in pairs]
    scored.sort(key=lambda item: -item[1].score)
    return scored[:limit]
