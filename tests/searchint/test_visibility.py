"""Consent-safe results: every hit is rechecked against the database before it is shown."""

from __future__ import annotations

import pytest

from tests.factories import employer
from tests.searchint.helpers import DownBackend, drain, found_ids, with_runtime
from tests.searchint.test_sync import record, set_status
from werkgeversportaal.db.models import VerificationStatus
from werkgeversportaal.domain.search.backends import Filter, InvalidQuery, SearchQuery
from werkgeversportaal.domain.search.service import SearchOutcome, SearchService, filter_visible
from werkgeversportaal.lib.runtime import Runtime


def search_as(settings, query: SearchQuery, backend=None) -> SearchOutcome:  # type: ignore[no-untyped-def]
    async def go(runtime: Runtime) -> SearchOutcome:
        async with runtime.session_maker() as session:
            return await SearchService(session, runtime).search(query, viewer=None)

    return with_runtime(settings, go, backend)


def visible(settings, index: str, ids: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    async def go(runtime: Runtime) -> list[str]:
        async with runtime.session_maker() as session:
            return await filter_visible(session, index, ids, viewer=None)

    return with_runtime(settings, go)


def test_a_hit_that_became_invisible_after_indexing_is_dropped(settings, db) -> None:
    stays, _ = employer(db, name="Techniekbedrijf Blijft", public_register=True)
    goes, _ = employer(db, name="Techniekbedrijf Geschorst", public_register=True)
    record(settings, (stays.id, "upsert"), (goes.id, "upsert"))
    drain(settings)

    # Suspended, and the outbox row written but not yet applied: the index is stale.
    set_status(db, goes, VerificationStatus.SUSPENDED)
    record(settings, (goes.id, "upsert"))
    assert found_ids(settings, "techniekbedrijf") == {str(stays.id), str(goes.id)}

    outcome = search_as(settings, SearchQuery(index="employers", q="techniekbedrijf"))
    assert [hit.id for hit in outcome.hits] == [str(stays.id)]
    assert outcome.hidden == 1
    assert outcome.total == 1
    assert outcome.limited is False

    drain(settings)
    again = search_as(settings, SearchQuery(index="employers", q="techniekbedrijf"))
    assert [hit.id for hit in again.hits] == [str(stays.id)]
    assert again.hidden == 0


def test_filter_visible_keeps_order_and_ignores_junk(settings, db) -> None:
    a, _ = employer(db, public_register=True)
    b, _ = employer(db, public_register=True)
    hidden, _ = employer(db, public_register=False)
    ids = [str(b.id), "'; DROP TABLE employer; --", str(hidden.id), str(a.id)]
    assert visible(settings, "employers", ids) == [str(b.id), str(a.id)]
    assert visible(settings, "employers", []) == []


def test_an_index_without_a_checker_shows_nothing(settings, db) -> None:
    # Candidates get their checker with issue 4; until then nothing of that index may show.
    assert visible(settings, "candidates", ["c1", "c2"]) == []


def test_search_down_sets_the_limited_flag(settings, db) -> None:
    outcome = search_as(settings, SearchQuery(index="employers", q="bouw"), backend=DownBackend())
    assert outcome.limited is True
    assert outcome.hits == []


def test_bad_queries_give_empty_pages_or_a_message_for_the_caller(settings, db) -> None:
    employer(db, public_register=True)
    far = search_as(settings, SearchQuery(index="employers", q="", page=10_000))
    assert far.hits == []
    assert far.limited is False
    with pytest.raises(InvalidQuery, match="kvk_number"):
        search_as(settings, SearchQuery(index="employers", filters=[Filter.eq("kvk_number", "1")]))


def test_the_limited_notice_is_translated() -> None:
    from werkgeversportaal.domain.search.service import LIMITED_MESSAGE
    from werkgeversportaal.lib import i18n

    previous = i18n.get_locale()
    try:
        i18n.set_locale("nl")
        assert str(LIMITED_MESSAGE).startswith("Zoeken werkt op dit moment beperkt")
        i18n.set_locale("en")
        assert str(LIMITED_MESSAGE).startswith("Search is limited at the moment")
    finally:
        i18n.set_locale(previous)
