"""One portal for all accessibility checks: the permission-matrix world (every actor, one object of
each kind) seeded once into a live server, and a browser context per actor and language."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from litestar.middleware.csrf import generate_csrf_token
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.browser.conftest import LiveServer, _free_port
from tests.conftest import TEST_SECRET, TestDatabase
from tests.permissions.expectations import modules
from tests.permissions.world import World, build_world
from werkgeversportaal.db.models import OneTimeToken, SessionStoreItem
from werkgeversportaal.db.models.accounts import TokenPurpose
from werkgeversportaal.lib.middleware import session_fingerprint
from werkgeversportaal.lib.security import token_digest
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

# The roles whose pages are checked (the matrix' "other_*" actors see the same templates).
ROLES = ("anonymous", "candidate", "employer_unverified", "employer", "account_manager", "admin")
LANGUAGES = ("nl", "ar")


@dataclass
class Portal:
    url: str
    world: World
    settings: Settings
    engine: Any
    link_tokens: dict[str, str]  # purpose -> raw one-time token (valid)


@pytest.fixture(scope="package")
def portal(tmp_path_factory: pytest.TempPathFactory, smtp_server: Any) -> Iterator[Portal]:
    tmp = tmp_path_factory.mktemp("a11y")
    port = _free_port()
    db_path = tmp / "a11y.sqlite3"
    TestDatabase(f"sqlite+aiosqlite:///{db_path}").sync_engine.dispose()  # schema
    settings = Settings(
        app=AppSettings(env="test", secret_key=TEST_SECRET, base_url=f"http://127.0.0.1:{port}", var_dir=tmp / "var"),
        db=DatabaseSettings(url=f"sqlite+aiosqlite:///{db_path}"),
        auth=AuthSettings(argon2_time_cost=1, argon2_memory_cost=8 * 1024),
        mail=MailSettings(backend="smtp", host="127.0.0.1", port=smtp_server[1]),
        media=MediaSettings(root=tmp / "media", min_video_seconds=5, max_video_seconds=6),
        search=SearchSettings(),
        worker=WorkerSettings(embedded=True, poll_seconds=0.2),
    )
    engine = create_engine(f"sqlite:///{db_path}")
    with Session(engine, expire_on_commit=False) as db:
        world = build_world(db)
        for module in modules():
            extend = getattr(module, "extend_world", None)
            if extend is not None:
                extend(world, db)
        tokens = {}
        for purpose, actor in ((TokenPurpose.INVITATION, "other_candidate"), (TokenPurpose.PASSWORD_RESET, "employer")):
            raw = secrets.token_urlsafe(32)
            db.add(OneTimeToken(user_id=world.users[actor].id, purpose=purpose, token_hash=token_digest(raw),
                                expires_at=datetime.now(UTC) + timedelta(days=7)))
            tokens[purpose.value] = raw
        db.commit()
    server = LiveServer(settings, port)
    server.start()
    yield Portal(url=server.url, world=world, settings=settings, engine=engine, link_tokens=tokens)
    server.stop()
    engine.dispose()


def session_cookies(portal: Portal, actor: str) -> list[dict[str, Any]]:
    """Cookies of a logged-in browser for the actor (a session in the store, like attach_session)."""
    cookies = [{"name": "wgp_csrf", "value": generate_csrf_token(TEST_SECRET), "url": portal.url}]
    if actor == "anonymous":
        return cookies
    user = portal.world.users[actor]
    session_id = secrets.token_hex(32)
    payload = msgspec.json.encode({"uid": str(user.id), "fp": session_fingerprint(user)})
    with Session(portal.engine) as db:
        db.add(SessionStoreItem(key=session_id, namespace="sessions", value=payload,
                                expires_at=datetime.now(UTC) + timedelta(hours=2)))
        db.commit()
    return [*cookies, {"name": "wgp_session", "value": session_id, "url": portal.url}]


@pytest.fixture
def open_as(browser: Any, portal: Portal) -> Iterator[Callable[..., Any]]:
    """A page in a fresh browser context, logged in as the actor, with the language chosen (the `lang`
    cookie, so that no first-visit language question gets in the way)."""
    contexts: list[Any] = []

    def make(actor: str, language: str = "nl", width: int = 1280) -> Any:
        context = browser.new_context(base_url=portal.url, locale="nl-NL", viewport={"width": width, "height": 900},
                                      permissions=["camera", "microphone"])
        contexts.append(context)
        context.add_cookies([*session_cookies(portal, actor), {"name": "lang", "value": language, "url": portal.url}])
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()
