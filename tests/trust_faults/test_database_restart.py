"""The database restarted under load (PostgreSQL only). The shared PostgreSQL service cannot be
restarted safely, so a restart is simulated the way clients see one: every backend connection of
this test database is terminated (pg_terminate_backend), again and again, while a live app (uvicorn
in a thread) serves concurrent requests. In-flight requests fail cleanly (503 "tijdelijk niet
beschikbaar" with Retry-After; never a 500, a traceback, or a hang) and the app recovers by itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests import factories
from tests.candidates.factories import visible_candidate
from tests.conftest import POSTGRES_URL, TestDatabase, _free_port, _sync_url
from tests.trust_faults.conftest import served_in_thread
from werkgeversportaal.app import create_app
from werkgeversportaal.settings import Settings

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
UNAVAILABLE = "Tijdelijk niet beschikbaar"


@pytest.fixture
def live_url(settings: Settings, database: TestDatabase) -> Iterator[str]:
    if not database.async_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: set TEST_POSTGRES_URL to simulate a database restart")
    port = _free_port()
    settings.app.base_url = f"http://127.0.0.1:{port}"
    with served_in_thread(create_app(settings), port) as url:
        yield url
    database.sync_engine.dispose()  # its pooled connections were terminated too


@pytest.fixture
def admin() -> Iterator[Any]:
    engine = create_engine(_sync_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def terminate_all(admin: Any, database_name: str, only_waiting: bool = False) -> int:
    condition = " AND wait_event_type = 'Lock'" if only_waiting else ""
    with admin.connect() as conn:
        return len(conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = :name AND pid <> pg_backend_pid(){condition}"), {"name": database_name}).all())


def check_clean(response: httpx.Response) -> None:
    """200, or a clean 503 page; never a 500 or a traceback."""
    assert response.status_code in (200, 503), (response.status_code, response.text[:500])
    assert "Traceback" not in response.text
    if response.status_code == 503:
        assert response.headers.get("retry-after")
        assert UNAVAILABLE in response.text or "niets opgeslagen" in response.text


def signed_in(base: str, cookies: dict[str, str]) -> httpx.Client:
    return httpx.Client(base_url=base, cookies=cookies, timeout=15, follow_redirects=False)


def test_terminated_connections_give_clean_503s_and_the_app_recovers(
        live_url: str, db: Any, settings: Settings, database: TestDatabase, huizen: Any, admin: Any) -> None:
    from tests.conftest import attach_session

    name = urlsplit(database.async_url).path.lstrip("/")
    _company, boss = factories.employer(db)
    candidate = visible_candidate(db, huizen, given="Samir", family="Haddad")
    holder = httpx.Client()  # attach_session only needs a cookie jar
    attach_session(holder, db, boss, settings)  # type: ignore[arg-type]
    cookies = dict(holder.cookies)
    pages = ["/werkgever", f"/werkgever/kandidaten/{candidate.id}", "/werkgever/kandidaten", "/health"]
    with signed_in(live_url, cookies) as client:
        for page in pages:
            assert client.get(page).status_code == 200, page

    # 1. Deterministic: requests stuck in the database (a lock holds them) when their connections go.
    lock_engine = create_engine(_sync_url(database.async_url))
    with lock_engine.connect() as locker:
        tx = locker.begin()
        locker.execute(text("LOCK TABLE session_store IN ACCESS EXCLUSIVE MODE"))
        with ThreadPoolExecutor(6) as pool:
            futures = [pool.submit(lambda p=p: signed_in(live_url, cookies).get(p)) for p in pages[:3] * 2]
            deadline = time.monotonic() + 15
            waiting = 0
            while waiting < len(futures) and time.monotonic() < deadline:
                time.sleep(0.05)
                with admin.connect() as conn:
                    waiting = conn.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND wait_event_type = 'Lock'"),
                        {"name": name}).scalar_one()
            assert waiting >= 1
            assert terminate_all(admin, name, only_waiting=True) >= 1
            tx.rollback()
            stuck = [f.result(timeout=20) for f in futures]
    lock_engine.dispose()
    for response in stuck:
        check_clean(response)
    assert sum(r.status_code == 503 for r in stuck) >= 1, [r.status_code for r in stuck]
    page = next(r for r in stuck if r.status_code == 503)
    assert UNAVAILABLE in page.text and page.headers["content-type"].startswith("text/html")

    # 2. Under load: terminate every connection of the database every 50 ms while 6 users click around.
    stop = threading.Event()
    results: list[httpx.Response] = []
    failures: list[BaseException] = []

    def user(offset: int) -> None:
        with signed_in(live_url, cookies) as own:
            i = offset
            while not stop.is_set():
                try:
                    results.append(own.get(pages[i % len(pages)]))
                except BaseException as exc:  # a hang (timeout) or a dropped connection
                    failures.append(exc)
                i += 1

    users = [threading.Thread(target=user, args=(n,)) for n in range(6)]
    for thread in users:
        thread.start()
    terminated = 0
    until = time.monotonic() + 3
    while time.monotonic() < until:
        terminated += terminate_all(admin, name)
        time.sleep(0.05)
    stop.set()
    for thread in users:
        thread.join(timeout=30)
    assert not failures, failures[:3]
    assert terminated > 0 and len(results) > 20
    for response in results:
        check_clean(response)

    # 3. Recovered by itself: with the database left alone, every page answers normally again.
    with signed_in(live_url, cookies) as client:
        for _round in range(3):
            for page in pages:
                response = client.get(page)
                assert response.status_code == 200, (page, response.status_code, response.text[:300])
