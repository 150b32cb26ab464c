"""Test fixtures shared by every area.

Every database test runs on SQLite and, when TEST_POSTGRES_URL is set (CI sets it), on
PostgreSQL too: the `db_url` fixture is parametrised over the backends. Each test session
creates its own PostgreSQL database, so parallel runs never meet.

Arrange with the factories (a sync SQLAlchemy session on the same database), act through the
HTTP client, assert what a user would see.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import msgspec
import pytest
from litestar import Litestar
from litestar.middleware.csrf import generate_csrf_token
from litestar.testing import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tests import factories
from werkgeversportaal.app import create_app
from werkgeversportaal.db.models import Role, SessionStoreItem, metadata
from werkgeversportaal.lib import jobs
from werkgeversportaal.lib.middleware import session_fingerprint
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.settings import (
    AppSettings,
    AuthSettings,
    DatabaseSettings,
    MailSettings,
    MediaSettings,
    SearchSettings,
    Settings,
    WorkerSettings,
)

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
DB_BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


# --- databases --------------------------------------------------------------------------------

def _sync_url(async_url: str) -> str:
    return async_url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class TestDatabase:
    """One schema per backend and test session; emptied between tests."""

    __test__ = False  # a helper, not a test class (pytest would try to collect it by its name)

    def __init__(self, async_url: str, drop: Any = None) -> None:
        self.async_url = async_url
        self.sync_engine: Engine = create_engine(_sync_url(async_url))
        self._drop = drop
        metadata.create_all(self.sync_engine)

    def empty(self) -> None:
        tables = [t.name for t in reversed(metadata.sorted_tables)]
        with self.sync_engine.begin() as conn:
            if self.sync_engine.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))

    def close(self) -> None:
        self.sync_engine.dispose()
        if self._drop:
            self._drop()


def create_postgres_database(prefix: str = "wgp_test") -> tuple[str, Any]:
    """A fresh, uniquely named database on the PostgreSQL server of TEST_POSTGRES_URL."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(_sync_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return _with_database(POSTGRES_URL, name), drop


@pytest.fixture(scope="session", params=DB_BACKENDS)
def test_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    if request.param == "postgresql":
        url, drop = create_postgres_database()
        database = TestDatabase(url, drop)
    else:
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database = TestDatabase(f"sqlite+aiosqlite:///{path}")
        with database.sync_engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    yield database
    database.close()


@pytest.fixture
def database(test_database: TestDatabase) -> TestDatabase:
    test_database.empty()
    return test_database


@pytest.fixture
def db(database: TestDatabase) -> Iterator[Session]:
    """A sync session for arranging data and checking what was saved."""
    with Session(database.sync_engine, expire_on_commit=False) as session:
        yield session


# --- mail -------------------------------------------------------------------------------------

class Mailbox:
    """Messages received by a real SMTP server (aiosmtpd) on 127.0.0.1."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def last_to(self, address: str) -> EmailMessage:
        found = self.to(address)
        assert found, f"no e-mail to {address}; got {[str(m['To']) for m in self.messages]}"
        return found[-1]

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    def link_in(self, message: EmailMessage, path_prefix: str) -> str:
        match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}[^\s<\"]+)", self.text(message))
        assert match, f"no link starting with {path_prefix} in:\n{self.text(message)}"
        return match.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Mailbox, int]) -> Mailbox:
    smtp_server[0].clear()
    return smtp_server[0]


# --- app and clients --------------------------------------------------------------------------

@pytest.fixture
def settings(database: TestDatabase, smtp_server: tuple[Mailbox, int], tmp_path: Path) -> Settings:
    return Settings(
        app=AppSettings(env="test", secret_key=TEST_SECRET, base_url="http://testserver", var_dir=tmp_path / "var"),
        db=DatabaseSettings(url=database.async_url, pool_size=5),
        auth=AuthSettings(argon2_time_cost=1, argon2_memory_cost=8 * 1024, login_max_failures=5),
        mail=MailSettings(backend="smtp", host="127.0.0.1", port=smtp_server[1]),
        media=MediaSettings(root=tmp_path / "media"),
        search=SearchSettings(index_prefix=f"test_{secrets.token_hex(3)}_"),
        worker=WorkerSettings(embedded=False, poll_seconds=0.01),
    )


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def new_client(settings: Settings) -> Iterator[Any]:
    """Factory for more clients (another browser). Each gets its own app instance, like another
    server process on the same database: a test client runs its own event loop, and pooled
    async connections must never cross event loops."""
    opened: list[TestClient[Litestar]] = []

    def make() -> TestClient[Litestar]:
        c = TestClient(create_app(settings), base_url="http://testserver")
        c.__enter__()
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


@pytest.fixture
def run_jobs(settings: Settings) -> Any:
    """Run the queued background jobs now (e-mail, processing, index sync), as the worker would."""

    def run() -> int:
        async def go() -> int:
            runtime = Runtime.create(settings)
            try:
                return await jobs.drain(runtime)
            finally:
                await runtime.engine.dispose()

        return asyncio.run(go())

    return run


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


def post_form(client: TestClient[Any], path: str, data: dict[str, Any] | None = None, *, page: str | None = None,
              **kwargs: Any) -> Any:
    """Submit a form the way a browser does: load the page for its CSRF token, then POST."""
    token = client.cookies.get("wgp_csrf")
    if not token:
        html = client.get(page or "/").text
        token = csrf_token_from(html)
    return client.post(path, data={**(data or {}), "_csrf_token": token}, follow_redirects=False, **kwargs)


def login(client: TestClient[Any], email: str, password: str) -> Any:
    response = post_form(client, "/inloggen", {"email": email, "password": password}, page="/inloggen")
    assert response.status_code == 303, f"login failed for {email}: {response.status_code}"
    return response


def attach_session(client: TestClient[Any], db: Session, user: Any, settings: Settings) -> None:
    """Log a client in without the log-in form (fast; for matrices). The session lives in the store."""
    session_id = secrets.token_hex(32)
    payload = msgspec.json.encode({"uid": str(user.id), "fp": session_fingerprint(user)})
    from datetime import UTC, datetime, timedelta

    db.add(SessionStoreItem(key=session_id, namespace="sessions", value=payload,
                            expires_at=datetime.now(UTC) + timedelta(hours=1)))
    db.commit()
    client.cookies.set("wgp_session", session_id)
    token = generate_csrf_token(settings.app.secret_key)
    client.cookies.set("wgp_csrf", token)


def wait_for(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


@pytest.fixture
def huizen(db: Any) -> Any:
    """The municipality most tests live in."""
    return factories.municipality(db, "Huizen")


@pytest.fixture
def as_user(new_client: Any, db: Any, settings: Settings) -> Any:
    """A logged-in client for `user` (a fresh browser each time)."""

    def make(user: Any) -> Any:
        c = new_client()
        attach_session(c, db, user, settings)
        return c

    return make


@pytest.fixture
def account_manager(db: Any, huizen: Any) -> Any:
    """An accountmanager of Huizen."""
    return factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id, name="Anna Accountmanager")
