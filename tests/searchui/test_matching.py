"""The match score and its explanation, without a database."""

from __future__ import annotations

from typing import Any

from werkgeversportaal.domain.search.matching import distance_km, rank, score

HUIZEN = {"lat": 52.29917, "lng": 5.24167}
BUSSUM = {"lat": 52.27333, "lng": 5.16111}
GRONINGEN = {"lat": 53.21917, "lng": 6.56667}


def candidate(**extra: Any) -> dict[str, Any]:
    doc = {"sectors": ["construction"], "occupations": ["Timmerman"], "opening_kinds": ["work_study"],
           "dutch_level": 3, "education_level": 2, "hours_per_week": 32, "language_days": ["wed"], "_geo": BUSSUM}
    doc.update(extra)
    return doc


def opening(**extra: Any) -> dict[str, Any]:
    doc = {"sector": "construction", "occupation": "timmerman", "title": "Leerling-timmerman", "kind": "work_study",
           "dutch_level": 2, "education_level": 0, "hours_per_week": 24, "workdays": ["mon", "tue"], "_geo": HUIZEN}
    doc.update(extra)
    return doc


def test_a_good_fit_explains_itself() -> None:
    match = score(candidate(), opening())
    assert match.explanation == ("sector past, beroep past, soort plek gewenst, Nederlands B1 ≥ A2 gevraagd, "
                                 "6 km, 3 vrije dagen passen bij de taallessen")
    assert match.score == 30 + 15 + 10 + 20 + 15 + 10


def test_workdays_on_language_class_days_rank_lower_and_say_so() -> None:
    fits = score(candidate(), opening())
    clashes = score(candidate(), opening(workdays=["mon", "wed", "thu"]))
    assert clashes.score < fits.score
    assert "werkdagen botsen met de taallessen (wo)" in clashes.explanation
    assert "vrije dagen" not in clashes.explanation


def test_too_little_dutch_other_sector_far_away_and_too_few_hours() -> None:
    match = score(candidate(dutch_level=1, sectors=["care"], _geo=GRONINGEN, hours_per_week=16),
                  opening(dutch_level=3, hours_per_week=38))
    assert "Nederlands A1 < B1 gevraagd" in match.explanation
    assert "andere sector" in match.explanation
    assert "38 uur gevraagd, 16 beschikbaar" in match.explanation
    assert match.score < 0


def test_missing_data_does_not_break_the_score() -> None:
    match = score({}, {})
    assert "Nederlands A0 ≥ A0 gevraagd" in match.explanation and "km" not in match.explanation
    assert distance_km(None, HUIZEN) is None


def test_rank_orders_best_first_and_limits() -> None:
    ranked = rank([("far", candidate(_geo=GRONINGEN), opening()), ("near", candidate(), opening()),
                   ("clash", candidate(language_days=["mon"]), opening())], limit=2)
    assert [key for key, _match in ranked] == ["near", "far"]
