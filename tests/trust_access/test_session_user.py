"""The log-in session and its user: read in one round trip on PostgreSQL, and a session row that does
not lead to an active user with the right fingerprint is anonymous (never a 500)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from sqlalchemy import event

from tests import factories
from tests.conftest import attach_session
from werkgeversportaal.db.models import Role, SessionStoreItem
from werkgeversportaal.lib.middleware import session_fingerprint


@contextmanager
def statements_run(engine: Any) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs: through SQLAlchemy, and on PostgreSQL also
    straight on asyncpg (the session row with its user, middleware.session_with_user)."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    with pytest.MonkeyPatch.context() as patch:
        if engine.dialect.name == "postgresql":
            import asyncpg.connection

            real = asyncpg.connection.Connection.fetch

            async def fetch(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
                statements.append(query)
                return await real(self, query, *args, **kwargs)

            patch.setattr(asyncpg.connection.Connection, "fetch", fetch)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)


def test_session_and_user_in_one_query_on_postgresql(client, db, settings) -> None:
    _employer, user = factories.employer(db)
    attach_session(client, db, user, settings)
    assert client.get("/werkgever").status_code == 200  # warm up (first request compiles)
    engine = client.app.state.runtime.engine.sync_engine
    checkouts: list[Any] = []

    def checkout(*args: Any) -> None:
        checkouts.append(args)

    event.listen(engine.pool, "checkout", checkout)
    try:
        with statements_run(engine) as statements:
            page = client.get("/account")
    finally:
        event.remove(engine.pool, "checkout", checkout)
    if engine.dialect.name == "postgresql":
        # One database session per request, shared by the session store, the middleware and the handler.
        assert len(checkouts) == 1, checkouts
    assert page.status_code == 200 and user.email in page.text
    reads = [s for s in statements if "session_store" in s or "FROM user_account" in s]
    expected = 1 if engine.dialect.name == "postgresql" else 2
    assert len(reads) == expected, reads


def _session_with(client: Any, db: Any, payload: dict[str, Any]) -> None:
    key = secrets.token_hex(32)
    db.add(SessionStoreItem(key=key, namespace="sessions", value=msgspec.json.encode(payload),
                            expires_at=datetime.now(UTC) + timedelta(hours=1)))
    db.commit()
    client.cookies.set("wgp_session", key)


@pytest.mark.parametrize("case", ["not_a_uuid", "number", "unknown_user", "wrong_fingerprint", "inactive",
                                  "no_uid", "expired"])
def test_a_session_without_a_valid_user_is_anonymous(client, db, case) -> None:
    _employer, user = factories.employer(db)
    good = {"uid": str(user.id), "fp": session_fingerprint(user)}
    payload: dict[str, Any] = {
        "not_a_uuid": {**good, "uid": "'; drop table users; --"},
        "number": {**good, "uid": 12},
        "unknown_user": {**good, "uid": "6f1c1f7e-0000-4000-8000-000000000000"},
        "wrong_fingerprint": {**good, "fp": "0" * 16},
        "inactive": good,
        "no_uid": {"fp": good["fp"]},
        "expired": good,
    }[case]
    if case == "inactive":
        user.is_active = False
        db.commit()
    _session_with(client, db, payload)
    if case == "expired":
        row = db.get(SessionStoreItem, db.query(SessionStoreItem.id).order_by(SessionStoreItem.id.desc()).first()[0])
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.commit()
    response = client.get("/werkgever", follow_redirects=False)
    assert response.status_code in (302, 303) and "/inloggen" in response.headers["location"], case
    # The session user never becomes somebody else's either.
    other = factories.user(db, Role.ACCOUNT_MANAGER)
    assert other.email not in client.get("/").text


def test_files_are_served_without_reading_the_session(client, db, settings) -> None:
    """Signed media URLs are their own authorization and static files are public: neither reads the
    session or the user from the database, nor sets a CSRF cookie."""
    _employer, user = factories.employer(db)
    attach_session(client, db, user, settings)
    storage = client.app.state.runtime.storage
    target = settings.media.root / "candidates" / "abc" / "poster.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\xff\xd8\xff" + b"0" * 1000)
    url = storage.signed_url("candidates/abc/poster.jpg", 60)
    client.cookies.delete("wgp_csrf")
    with statements_run(client.app.state.runtime.engine.sync_engine) as statements:
        media = client.get(url, headers={"Range": "bytes=0-99"})
        static = client.get("/static/css/app.css")
    assert media.status_code == 206 and media.content == target.read_bytes()[:100]
    assert static.status_code == 200
    assert statements == []
    for response in (media, static):
        assert "wgp_csrf" not in response.headers.get("set-cookie", "")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
