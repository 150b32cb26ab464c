"""lib/sql.fetch_rows: the hot pages' statements, run on asyncpg directly in a page without a transaction
(AUTOCOMMIT_OPT), give what SQLAlchemy gives: the same pages, the same rows and types, the same records
written once; inside a transaction, on SQLite, or when asyncpg fails, SQLAlchemy runs them."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.candidates.factories import ready_video, visible_candidate
from tests.conftest import TestDatabase
from tests.introductions.factories import introduction, milestone
from tests.searchui.factories import index_now
from werkgeversportaal.db.models import (
    AuditEvent,
    IntroductionStatus,
    ModerationStatus,
    ProfileView,
    Role,
    VerificationStatus,
)
from werkgeversportaal.lib import sql
from werkgeversportaal.lib.runtime import Runtime

PAGES = {
    "employer": ["/werkgever/kandidaten", "/werkgever/kandidaten?video=on", "/werkgever/kandidaten/{id}"],
    "manager": ["/accountmanager", "/accountmanager/videos", "/accountmanager/kennismakingen"],
}


@pytest.fixture
def postgresql(database: TestDatabase) -> None:
    if not database.async_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: on SQLite every statement goes through SQLAlchemy")


@pytest.fixture
def direct_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements fetch_rows ran on asyncpg directly (their SQL)."""
    calls: list[str] = []
    real = sql.DirectStatement.rows

    def rows(self: sql.DirectStatement, records: Any) -> list[Any]:
        calls.append(self.sql)
        return real(self, records)

    monkeypatch.setattr(sql.DirectStatement, "rows", rows)
    return calls


@pytest.fixture
def region(db: Any, huizen: Any, settings: Any) -> dict[str, Any]:
    """Every queue and page with something in it: a candidate with a published video, one whose video waits
    for moderation, introductions requested and planned this week, a milestone overdue, an employer waiting."""
    shown = visible_candidate(db, huizen, given="Yonas", family="Tesfay")
    ready_video(db, shown, moderation=ModerationStatus.APPROVED)
    waiting = visible_candidate(db, huizen, given="Rania", family="Haddad")
    ready_video(db, waiting, folder=f"candidates/{waiting.id.hex}/" + "f" * 32)
    company, boss = factories.employer(db, name="Bouwbedrijf De Vries")
    other, _other_user = factories.employer(db, name="Zorggroep Eem")
    factories.employer(db, name="Wacht Op Controle", status=VerificationStatus.PENDING)
    introduction(db, company, waiting)
    planned = introduction(db, other, shown, status=IntroductionStatus.MEETING_PLANNED,
                           meeting_at=datetime.now(UTC) + timedelta(hours=2))
    milestone(db, planned, due=date.today() - timedelta(days=1))
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id)
    index_now(settings, "candidates", shown.id, waiting.id)
    return {"shown": shown, "boss": boss, "manager": manager}


def _comparable(html: str) -> str:
    # What differs between two requests of the same page by design: the signatures and expiry times of media URLs.
    return re.sub(r"(expires|signature|sig|exp)=[^&\"']+", r"\1=.", html)


def test_the_hot_pages_are_the_same_through_asyncpg_and_sqlalchemy(db, region, as_user, postgresql, direct_calls,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    clients = {"employer": as_user(region["boss"]), "manager": as_user(region["manager"])}
    direct: dict[str, str] = {}
    for who, pages in PAGES.items():
        for page in pages:
            url = page.format(id=region["shown"].id)
            direct_calls.clear()
            response = clients[who].get(url)
            assert response.status_code == 200, url
            assert direct_calls, f"{url} ran no statement on asyncpg directly"
            direct[url] = response.text
    # The same pages with every statement through SQLAlchemy.
    monkeypatch.setattr(sql, "_direct", lambda session, statement, read_only: None)
    direct_calls.clear()
    for who, pages in PAGES.items():
        for page in pages:
            url = page.format(id=region["shown"].id)
            through = clients[who].get(url)
            assert through.status_code == 200, url
            assert _comparable(direct[url]) == _comparable(through.text), url
    assert not direct_calls
    # What the pages show, so the comparison compares something.
    assert "Yonas T." in direct["/werkgever/kandidaten"] and "poster.jpg" in direct["/werkgever/kandidaten"]
    assert "video.mp4" in direct[f"/werkgever/kandidaten/{region['shown'].id}"]
    home = direct["/accountmanager"]
    assert "Wacht Op Controle" in home and "te laat" in home and "Rania" in home
    assert "Rania" in direct["/accountmanager/videos"] and "Bouwbedrijf De Vries" in direct[
        "/accountmanager/kennismakingen"]
    # The candidate page wrote its view records once per visit (twice: once on each path), not more.
    shown = region["shown"].id
    assert db.scalar(select(func.count()).select_from(ProfileView).where(ProfileView.candidate_id == shown)) == 4
    audited = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == str(shown))).all()
    assert sorted(audited).count("candidate.viewed_profile") == 2 and audited.count("candidate.viewed_video") == 2


def test_rows_values_and_types_match_sqlalchemy_for_every_prebuilt_statement(db, region, settings,
                                                                              postgresql) -> None:
    """Each statement of the hot pages, with the parameters the pages give it: the same rows, the same Python
    types (enums, UUIDs, datetimes with their zone, dates, floats), the same keys."""
    from werkgeversportaal.domain.candidates import employer_pages, profile, video_pages
    from werkgeversportaal.domain.introductions import manage_pages, queues
    from werkgeversportaal.domain.search import candidate_hits
    from werkgeversportaal.lib.middleware import load_session_user, session_fingerprint

    runtime = Runtime.create(settings)
    manager, boss, shown = region["manager"], region["boss"], region["shown"]
    week = datetime.now(UTC) - timedelta(days=3)
    queue_params = {"municipality_id": manager.municipality_id, "week_start": week, "week_end": week + timedelta(7),
                    "due_limit": date.today() + timedelta(days=7)}

    async def compare() -> int:
        compared = 0
        try:
            async with runtime.session_maker() as orm:
                actor, _chosen = await load_session_user(orm, boss.id, session_fingerprint(boss)) or (None, None)
            statements: list[tuple[Any, dict[str, Any]]] = [
                (video_pages.MODERATION_QUEUE, {"municipality_id": manager.municipality_id}),
                (manage_pages.OPEN_QUEUE, {"municipality_id": manager.municipality_id}),
                (candidate_hits._AS_ARRAY, {"ids": [shown.id, region["boss"].id]}),
                (queues._OWN[0], queue_params), (queues._ALL[0], queue_params),
                *((items, queue_params) for items in queues._OWN[1].values()),
                *((items, queue_params) for items in queues._ALL[1].values()),
            ]
            for statement, params in statements:
                async with runtime.autocommit_session_maker() as raw, runtime.session_maker() as orm:
                    direct = await sql.fetch_rows(raw, statement, params)
                    through = (await orm.execute(statement, params)).all()
                assert [tuple(r) for r in direct] == [tuple(r) for r in through], statement
                assert [[type(v) for v in r] for r in direct] == [[type(v) for v in r] for r in through]
                if through:
                    assert list(direct[0]._fields) == list(through[0]._fields)
                    compared += 1
            assert actor is not None

            def params() -> dict[str, Any]:  # new record ids each time
                return {"candidate_id": shown.id, **profile.recording_params(shown.id, actor, employer_pages._KINDS)}

            async with runtime.autocommit_session_maker() as raw:
                [page] = await sql.fetch_rows(raw, employer_pages._PAGE_RECORDING_VIEWS, params())
            async with runtime.session_maker() as orm:
                [again] = (await orm.execute(employer_pages._PAGE_RECORDING_VIEWS, params())).all()
                await orm.commit()
            assert tuple(page) == tuple(again) and page._fields == tuple(again._fields)
            assert [type(v) for v in page] == [type(v) for v in again]
            return compared + 1
        finally:
            await runtime.engine.dispose()

    compared = asyncio.run(compare())
    assert compared >= 9, compared  # statements that had rows to compare


def test_in_a_transaction_and_when_asyncpg_fails_sqlalchemy_runs_the_statement(
        db, region, settings, postgresql, direct_calls, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncpg.connection

    from werkgeversportaal.domain.candidates import video_pages

    runtime = Runtime.create(settings)
    params = {"municipality_id": region["manager"].municipality_id}

    async def run(maker: Any) -> list[Any]:
        async with maker() as session:
            return await sql.fetch_rows(session, video_pages.MODERATION_QUEUE, params)

    async def scenario() -> tuple[list[Any], list[Any], list[Any]]:
        try:
            in_transaction = await run(runtime.session_maker)
            assert direct_calls == [], "a statement in a transaction ran beside SQLAlchemy's transaction"
            first = await run(runtime.autocommit_session_maker)
            assert len(direct_calls) == 1
            failures: list[str] = []

            async def fetch(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
                failures.append(query)
                raise asyncpg.exceptions.InvalidCachedStatementError("cached statement plan is invalid")

            monkeypatch.setattr(asyncpg.connection.Connection, "fetch", fetch)
            failed = await run(runtime.autocommit_session_maker)
            assert failures, "the asyncpg path was not taken"
            return in_transaction, first, failed
        finally:
            await runtime.engine.dispose()

    in_transaction, first, failed = asyncio.run(scenario())
    assert len(direct_calls) == 1  # the failed one was read through SQLAlchemy
    assert [tuple(r) for r in first] == [tuple(r) for r in in_transaction] == [tuple(r) for r in failed]
    assert [r.given_name for r in first] == ["Rania"]


def test_statements_that_need_sqlalchemy_are_left_to_it() -> None:
    """An IN list expanded per execution, or keys that are no plain names: SQLAlchemy runs those."""
    from sqlalchemy import bindparam, case, literal_column
    from sqlalchemy.dialects.postgresql.asyncpg import dialect

    from werkgeversportaal.db.models import Candidate

    pg = dialect()
    expanding = select(Candidate.id).where(Candidate.id.in_(bindparam("ids", expanding=True)))
    assert sql.DirectStatement.build(expanding, pg) is None
    assert sql.DirectStatement.build(select(literal_column("1").label("_private")), pg) is None
    # Unnamed expressions: SQLAlchemy's ORM keys them otherwise than the SQL names them (lower_1, anon_1).
    assert sql.DirectStatement.build(select(Candidate.id, func.lower(Candidate.given_name)), pg) is None
    assert sql.DirectStatement.build(select(Candidate.id, case((Candidate.published, "ja"), else_=None)), pg) is None
    assert sql.DirectStatement.build(select(Candidate.id, func.lower(Candidate.given_name).label("name")), pg)
    assert sql.DirectStatement.build(select(Candidate.id, Candidate.id.label("id")), pg) is None
    assert sql.DirectStatement.build(select(Candidate.id, Candidate.given_name), pg) is not None


def test_the_lent_connection_goes_back_to_the_pool_after_every_page(db, region, settings, postgresql) -> None:
    """A page's lent connection (AutocommitSession.driver) is given back when its session closes: after pages
    that answered, one that was not found and a page whose candidate is not visible, none is left out."""
    from litestar.testing import TestClient

    from tests.conftest import attach_session
    from werkgeversportaal.app import create_app

    app = create_app(settings)
    pool = app.state.runtime.engine.sync_engine.pool
    with TestClient(app, base_url="http://testserver") as client:
        attach_session(client, db, region["boss"], settings)
        for page in (*PAGES["employer"], f"/werkgever/kandidaten/{region['boss'].id}", "/werkgever/kandidaten"):
            response = client.get(page.format(id=region["shown"].id))
            assert response.status_code in (200, 404), page
        assert response.status_code == 200
        assert pool.checkedout() == 0
        assert pool.checkedin() >= 1  # the pages did use the pool


def test_a_lent_connection_that_died_is_discarded_not_given_back(settings, postgresql) -> None:
    from werkgeversportaal.lib.runtime import AutocommitSession

    runtime = Runtime.create(settings)
    pool = runtime.engine.sync_engine.pool

    async def scenario() -> tuple[Any, Any, bool]:
        try:
            async with runtime.autocommit_session_maker() as session:
                assert isinstance(session, AutocommitSession)
                dead = await session.driver()
                await dead.close()  # as when the server ends the connection
            assert pool.checkedout() == 0
            async with runtime.autocommit_session_maker() as session:
                alive = await session.driver()
                answer = await alive.fetchval("SELECT 1")
            return dead, alive, answer == 1
        finally:
            await runtime.engine.dispose()

    dead, alive, answered = asyncio.run(scenario())
    assert answered and alive is not dead


def test_closing_an_autocommit_session_gives_back_both_connections(db, huizen, settings, postgresql) -> None:
    """The lent connection and the one SQLAlchemy took for its own statements both go back to the pool; a
    session with something added (which it refuses to flush) is cleared on close as any session is."""
    from sqlalchemy import text

    from werkgeversportaal.db.models import Municipality

    runtime = Runtime.create(settings)
    pool = runtime.engine.sync_engine.pool

    async def scenario() -> list[int]:
        seen = []
        try:
            session = runtime.autocommit_session_maker()
            await session.driver()
            assert (await session.execute(text("SELECT 1"))).scalar() == 1
            seen.append(pool.checkedout())
            await session.close()
            seen.append(pool.checkedout())
            added = runtime.autocommit_session_maker()
            added.add(Municipality(name="Nergenshuizen", cbs_code="GM9998"))
            await added.close()
            assert not added.sync_session.new
            return seen
        finally:
            await runtime.engine.dispose()

    assert asyncio.run(scenario()) == [2, 0]
