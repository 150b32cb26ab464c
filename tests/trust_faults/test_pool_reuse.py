"""Under concurrent requests a server process keeps its PostgreSQL connections: the default pool covers
the requests one process serves at once, so once it is warm no request pays for a new connection (a
PostgreSQL process, and every statement prepared again). With the earlier pool of 10 (+ 10 overflow),
each round below opened connections again: one beyond the pool is closed as soon as it is returned."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from tests import factories
from tests.conftest import TestDatabase, _free_port, attach_session
from tests.trust_faults.conftest import served_in_thread
from werkgeversportaal.app import create_app
from werkgeversportaal.settings import DatabaseSettings, Settings

CONCURRENT = 20
ROUNDS = 4


@pytest.fixture
def served(settings: Settings, database: TestDatabase) -> Iterator[tuple[str, Any, Settings]]:
    if not database.async_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite keeps no pool of server connections")
    port = _free_port()
    # The default pool, on its own: without the page queue (ConcurrencyLimit, tested apart), which
    # already keeps a process below 4 pages at once.
    shipped = dataclasses.replace(settings, db=DatabaseSettings(url=settings.db.url),
                                  app=dataclasses.replace(settings.app, request_concurrency=0))
    shipped.app.base_url = f"http://127.0.0.1:{port}"
    app = create_app(shipped)
    with served_in_thread(app, port) as url:
        yield url, app.state.runtime.engine.sync_engine, shipped


def test_concurrent_requests_reuse_pooled_connections(served, db) -> None:
    url, engine, shipped = served
    _employer, user = factories.employer(db)
    opened: list[int] = []
    most: list[int] = [0]

    def connected(*_args: Any) -> None:
        opened.append(1)

    def checked_out(*_args: Any) -> None:
        most[0] = max(most[0], engine.pool.checkedout())

    event.listen(engine.pool, "connect", connected)
    event.listen(engine.pool, "checkout", checked_out)

    async def rounds() -> list[int]:
        per_round = []
        limits = httpx.Limits(max_connections=CONCURRENT, max_keepalive_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=url, limits=limits) as client:
            attach_session(client, db, user, shipped)  # type: ignore[arg-type]
            for _ in range(ROUNDS):
                before = len(opened)
                pages = await asyncio.gather(*(client.get("/werkgever") for _ in range(CONCURRENT)))
                assert [p.status_code for p in pages] == [200] * CONCURRENT
                per_round.append(len(opened) - before)
        return per_round

    per_round = asyncio.run(rounds())
    # More requests at once than the earlier pool of 10 held, or this would test nothing.
    assert most[0] > 10, f"the requests did not overlap enough to test the pool: {most[0]} at once"
    assert shipped.db.pool_size >= CONCURRENT
    assert per_round[1:] == [0] * (ROUNDS - 1), per_round
