"""Browser tests: the real portal served by uvicorn on 127.0.0.1, driven by Debian's Chromium.

Skipped with a clear message when /usr/bin/chromium is missing; `.ci/run` installs it, so CI
always runs them. Browser tests use SQLite (the embedded default) with the embedded worker on.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_SECRET, TestDatabase
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

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium); "
                                   ".ci/run installs it")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, settings: Settings, port: int) -> None:
        import uvicorn

        from werkgeversportaal.app import create_app

        self.settings = settings
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_settings(tmp_path: Path, smtp_server: Any) -> Settings:
    port = _free_port()
    db_path = tmp_path / "live.sqlite3"
    TestDatabase(f"sqlite+aiosqlite:///{db_path}").sync_engine.dispose()  # schema
    return Settings(
        app=AppSettings(env="test", secret_key=TEST_SECRET, base_url=f"http://127.0.0.1:{port}",
                        var_dir=tmp_path / "var"),
        db=DatabaseSettings(url=f"sqlite+aiosqlite:///{db_path}"),
        auth=AuthSettings(argon2_time_cost=1, argon2_memory_cost=8 * 1024),
        mail=MailSettings(backend="smtp", host="127.0.0.1", port=smtp_server[1]),
        media=MediaSettings(root=tmp_path / "media"),
        search=SearchSettings(),
        worker=WorkerSettings(embedded=True, poll_seconds=0.2),
    )


@pytest.fixture
def live_db(live_settings: Settings) -> Iterator[Any]:
    """A sync session on the live server's database, for arranging and checking."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(live_settings.database_url.replace("+aiosqlite", ""))
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def live_server(live_settings: Settings, live_db: Any) -> Iterator[LiveServer]:
    port = int(live_settings.app.base_url.rsplit(":", 1)[1])
    server = LiveServer(live_settings, port)
    server.start()
    yield server
    server.stop()


# Module scope, not session: while sync_playwright is open the main thread has a running event loop,
# which breaks every async test collected after the browser tests (pytest-asyncio cannot start its own).
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900},
                                  permissions=["camera", "microphone"])
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """Another person's browser (separate cookies)."""
    contexts: list[Any] = []

    def make(locale: str = "nl-NL", width: int = 1280) -> Any:
        context = browser.new_context(base_url=live_server.url, locale=locale,
                                      viewport={"width": width, "height": 900}, permissions=["camera", "microphone"])
        contexts.append(context)
        p = context.new_page()
        p.set_default_timeout(15000)
        return p

    yield make
    for context in contexts:
        context.close()


def browser_login(page: Any, email: str, password: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
