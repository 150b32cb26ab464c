"""Search backend unreachable, end to end for the candidates index (the employers index has its own
test in tests/searchint/test_sync.py): the page says search is limited and lists the right candidates
straight from the database, writes go on and land in the outbox, and the index catches up."""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.conftest import attach_session, post_form
from tests.searchint.helpers import DownBackend, catch_up, drain, outbox_rows, with_runtime
from tests.searchui.factories import index_now, profile_candidate
from werkgeversportaal.domain.search.backends import SearchQuery
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.settings import Settings

NOTICE = "Zoeken werkt tijdelijk beperkt"


def indexed_ids(settings: Settings, q: str = "") -> set[str]:
    async def go(runtime: Runtime) -> set[str]:
        result = runtime.search.search(SearchQuery(index="candidates", q=q, per_page=100))
        return {hit.id for hit in result.hits}

    return with_runtime(settings, go)


def test_search_down_falls_back_to_the_database_writes_go_on_and_the_index_catches_up(
        db: Any, settings: Settings, huizen: Any, new_client: Any) -> None:
    samir = profile_candidate(db, huizen, given="Samir", family="Haddad", occupations="Heftruckchauffeur",
                              sectors=["transport"])
    lina = profile_candidate(db, huizen, given="Lina", family="Omar", occupations="Installatiemonteur",
                             sectors=["installation"])
    yonas = profile_candidate(db, huizen, given="Yonas", family="Tesfay", occupations="Kok", sectors=["hospitality"])
    index_now(settings, "candidates", samir.id, lina.id, yonas.id)
    assert indexed_ids(settings) == {str(samir.id), str(lina.id), str(yonas.id)}

    _company, boss = factories.employer(db)
    employer = new_client()
    attach_session(employer, db, boss, settings)
    runtime = employer.app.state.runtime
    real, down = runtime.search, DownBackend()
    runtime.search = down
    try:
        # The notice, and the database answers with the right candidates (public names only).
        page = employer.get("/werkgever/kandidaten", params={"q": "heftruck"})
        assert page.status_code == 200 and NOTICE in page.text
        assert "Samir H." in page.text and "Haddad" not in page.text
        assert "Lina" not in page.text and "Yonas" not in page.text
        page = employer.get("/werkgever/kandidaten", params={"sector": "installation"})
        assert NOTICE in page.text and "Lina O." in page.text and "Samir" not in page.text
        everyone = employer.get("/werkgever/kandidaten")
        assert all(name in everyone.text for name in ("Samir H.", "Lina O.", "Yonas T."))
        assert down.calls >= 3

        # Writes go on while search is down: Samir withdraws consent, Lina's accountmanager is not needed.
        own = new_client()
        attach_session(own, db, samir.user, settings)
        withdrawn = post_form(own, "/kandidaat/toestemming/profile/intrekken", page="/kandidaat/toestemming")
        assert withdrawn.status_code == 303
        page = employer.get("/werkgever/kandidaten", params={"q": "heftruck"})
        assert NOTICE in page.text and "Samir" not in page.text  # the fallback reads the database: gone at once
        assert employer.get(f"/werkgever/kandidaten/{samir.id}").status_code == 404

        # The worker cannot reach the backend either: the change waits in the outbox, nothing lost.
        drain(settings, down)
        [row] = outbox_rows(db, samir.id)[-1:]
        assert row.processed_at is None and "connection refused" in row.last_error
        assert str(samir.id) in indexed_ids(settings)  # the index is stale; every hit is rechecked anyway
    finally:
        runtime.search = real

    # The backend is back: the outbox catches up and the index agrees with the database.
    catch_up(settings, db)
    assert indexed_ids(settings) == {str(lina.id), str(yonas.id)}
    assert indexed_ids(settings, "heftruck") == set()
    page = employer.get("/werkgever/kandidaten", params={"q": "instalatie"})
    assert page.status_code == 200 and NOTICE not in page.text and "Lina O." in page.text
