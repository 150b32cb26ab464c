"""The pages opened most run without a database transaction on PostgreSQL (AUTOCOMMIT_OPT): no BEGIN and
no COMMIT, two round trips fewer per page. They still show and record what they did before, and a page
so marked cannot write through the ORM, whose statements would then no longer commit or fail together."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tests.candidates.factories import ready_video, visible_candidate
from tests.conftest import TestDatabase
from werkgeversportaal.db.models import AuditEvent, Municipality, ProfileView, ViewKind
from werkgeversportaal.lib.runtime import AUTOCOMMIT, Runtime
from werkgeversportaal.settings import Settings

EMPLOYER_PAGES = ["/werkgever/kandidaten", "/werkgever/kandidaten?q=kok&video=on", "/werkgever/kandidaten/{id}",
                  "/meldingen/aantal"]
MANAGER_PAGES = ["/accountmanager", "/accountmanager/videos", "/accountmanager/kennismakingen",
                 "/accountmanager/zoeken?q=kok"]


@pytest.fixture
def transactions(database: TestDatabase, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The transactions asyncpg opens (SQLAlchemy asks it for one before the first statement of a
    transaction; in autocommit it asks for none)."""
    if not database.async_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: on SQLite every reader keeps its own short transaction")
    import asyncpg.connection

    opened: list[str] = []
    real = asyncpg.connection.Connection.transaction

    def transaction(self: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(kwargs.get("isolation") or "default")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "transaction", transaction)
    return opened


def test_marked_pages_open_no_transaction_and_still_record_views(db, huizen, account_manager, as_user,
                                                                  transactions) -> None:
    candidate = visible_candidate(db, huizen, given="Yonas", family="Tesfay")
    ready_video(db, candidate)
    _company, boss = factories.employer(db, name="Bouwbedrijf De Vries")
    employer, manager = as_user(boss), as_user(account_manager)
    assert employer.get("/werkgever").status_code == 200  # unmarked: the counter sees its transaction
    assert transactions, "an unmarked page opened no transaction: the counter counts nothing"

    for client, pages in ((employer, EMPLOYER_PAGES), (manager, MANAGER_PAGES)):
        for page in pages:
            transactions.clear()
            response = client.get(page.format(id=candidate.id))
            assert response.status_code == 200, (page, response.status_code)
            assert transactions == [], f"{page} opened a transaction"

    # The candidate page wrote its view records (one statement, committed by itself): the profile, not
    # the video, which waits for moderation.
    views = db.scalars(select(ProfileView.kind).where(ProfileView.candidate_id == candidate.id)).all()
    assert set(views) == {ViewKind.PROFILE}, views
    audited = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == str(candidate.id))).all()
    assert "candidate.viewed_profile" in audited and "candidate.viewed_video" not in audited, audited
    assert "Bouwbedrijf De Vries" in as_user(candidate.user).get("/kandidaat/bekeken").text


def test_marked_pages_are_the_hot_read_pages(app) -> None:
    marked = [(route.path, handler) for route in app.routes for handler in getattr(route, "route_handlers", [])
              if handler.opt.get(AUTOCOMMIT)]
    assert sorted(path for path, _handler in marked) == sorted([
        "/accountmanager", "/accountmanager/kennismakingen", "/accountmanager/videos", "/accountmanager/zoeken",
        "/meldingen/aantal", "/werkgever/kandidaten", "/werkgever/kandidaten/{candidate_id:uuid}"])
    assert all(method in ("GET", "HEAD") for _path, handler in marked for method in handler.http_methods)


def test_an_autocommit_session_refuses_to_flush_and_saves_nothing(settings: Settings, db) -> None:
    runtime = Runtime.create(settings)

    async def attempt() -> None:
        try:
            async with runtime.autocommit_session_maker() as session:
                session.add(Municipality(name="Nergenshuizen", cbs_code="GM9999"))
                with pytest.raises(RuntimeError, match="AUTOCOMMIT_OPT"):
                    await session.flush()
                await session.rollback()
        finally:
            await runtime.engine.dispose()

    asyncio.run(attempt())
    assert db.scalar(select(Municipality).where(Municipality.name == "Nergenshuizen")) is None


def test_a_request_commits_once_and_a_marked_page_not_at_all(db, huizen, as_user, transactions,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The request's work is committed before the response starts (commit_before_response); the session is
    then only closed (end_request_session), not committed a second time, empty. A marked page's statements
    committed as they ran: nothing left to commit."""
    from sqlalchemy.ext.asyncio import AsyncSession

    commits: list[bool] = []
    real = AsyncSession.commit

    async def commit(self: AsyncSession) -> None:
        commits.append(bool(self.info.get(AUTOCOMMIT)))
        await real(self)

    monkeypatch.setattr(AsyncSession, "commit", commit)
    candidate = visible_candidate(db, huizen)
    _company, boss = factories.employer(db)
    employer = as_user(boss)
    commits.clear()
    assert employer.get("/werkgever").status_code == 200
    assert commits == [False]
    for page in EMPLOYER_PAGES:
        commits.clear()
        assert employer.get(page.format(id=candidate.id)).status_code == 200
        assert commits == [], f"{page} committed {len(commits)} times"
