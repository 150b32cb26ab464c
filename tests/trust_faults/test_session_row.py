"""The log-in session and its user, read on asyncpg directly (middleware.session_with_user), are exactly what
SQLAlchemy reads with the same statement: same values, same types, for every kind of user and session; and
whatever fails on asyncpg is left to SQLAlchemy."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from sqlalchemy import update

from tests import factories
from tests.conftest import TestDatabase
from werkgeversportaal.db.models import Role, SessionStoreItem, User, VerificationStatus
from werkgeversportaal.lib.middleware import SESSION_WITH_USER, session_fingerprint, session_with_user
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.settings import Settings


@pytest.fixture
def postgresql(database: TestDatabase) -> None:
    if not database.async_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: on SQLite the session store is read through SQLAlchemy's store")


def stored(db: Any, value: bytes, *, expires: timedelta = timedelta(hours=1)) -> str:
    key = secrets.token_hex(32)
    db.add(SessionStoreItem(key=key, namespace="sessions", value=value, expires_at=datetime.now(UTC) + expires))
    db.commit()
    return key


def session_of(db: Any, user: User, **kwargs: Any) -> str:
    return stored(db, msgspec.json.encode({"uid": str(user.id), "fp": session_fingerprint(user)}), **kwargs)


def both(settings: Settings, keys: list[str]) -> list[tuple[Any, Any]]:
    runtime = Runtime.create(settings)

    async def read() -> list[tuple[Any, Any]]:
        pairs = []
        try:
            for key in keys:
                now = datetime.now(UTC)
                async with runtime.autocommit_session_maker() as raw, runtime.session_maker() as orm:
                    direct = await session_with_user(raw, key, "sessions", now)
                    through = (await orm.execute(SESSION_WITH_USER, {"key": key, "namespace": "sessions",
                                                                     "now": now})).first()
                pairs.append((direct, through))
        finally:
            await runtime.engine.dispose()
        return pairs

    return asyncio.run(read())


def test_every_kind_of_session_reads_as_through_sqlalchemy(db, huizen, settings, postgresql) -> None:
    _verified, boss = factories.employer(db)
    _pending, newcomer = factories.employer(db, status=VerificationStatus.PENDING)
    _suspended, former = factories.employer(db, status=VerificationStatus.SUSPENDED)
    _candidate, applicant = factories.candidate(db, huizen)
    undecided = factories.user(db, Role.CANDIDATE, municipality_id=huizen.id, language_chosen=False)
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id)
    admin = factories.user(db, Role.ADMIN)
    loner = factories.user(db, Role.EMPLOYER)  # no employer membership
    gone = factories.user(db, Role.EMPLOYER)
    db.execute(update(User).where(User.id == gone.id).values(is_active=False))
    db.commit()
    keys = [session_of(db, u) for u in (boss, newcomer, former, applicant, undecided, manager, admin, loner, gone)]
    keys += [
        session_of(db, boss, expires=timedelta(days=30)),
        session_of(db, boss, expires=timedelta(seconds=-1)),  # expired: no row
        stored(db, msgspec.json.encode({"uid": "not-a-uuid"})),
        stored(db, msgspec.json.encode({"flash": ["hallo"]})),  # anonymous session: no uid
        secrets.token_hex(32),  # unknown key
    ]
    pairs = both(settings, keys)
    for n, (direct, through) in enumerate(pairs):
        if through is None:
            assert direct is None, n
            continue
        assert direct is not None, n
        assert tuple(direct) == tuple(through), n
        assert [type(v) for v in direct] == [type(v) for v in through], n
    rows = [direct for direct, _through in pairs]
    assert rows[0][3] is Role.EMPLOYER and rows[0][10] is VerificationStatus.VERIFIED
    assert rows[2][10] is VerificationStatus.SUSPENDED and rows[5][3] is Role.ACCOUNT_MANAGER
    assert rows[3][11] == _candidate.id and rows[4][8] is None
    assert rows[7][1] == loner.id and rows[7][9] is None
    assert rows[8][1] is None  # inactive: the session row without a user
    assert rows[9][1] == boss.id and rows[10] is None and rows[13] is None
    assert rows[11][1] is None and rows[12][1] is None  # no user id, or none of the shape of one


def test_a_failure_on_asyncpg_is_read_again_through_sqlalchemy(db, settings, postgresql,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncpg.connection

    _company, boss = factories.employer(db)
    key = session_of(db, boss)
    failures: list[str] = []

    async def fetch(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        failures.append(query)
        raise asyncpg.exceptions.InvalidCachedStatementError("cached statement plan is invalid")

    monkeypatch.setattr(asyncpg.connection.Connection, "fetch", fetch)
    [(direct, through)] = both(settings, [key])
    assert failures, "the asyncpg path was not taken"
    assert direct is not None and tuple(direct) == tuple(through)
    assert direct[3] is Role.EMPLOYER
