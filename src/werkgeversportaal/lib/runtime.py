"""The runtime: what requests, jobs and the CLI share (settings, database, templates, mail, search)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from werkgeversportaal.domain.search.backends.base import SearchBackend
from werkgeversportaal.lib.security import PasswordPolicy
from werkgeversportaal.lib.templating import create_jinja_env
from werkgeversportaal.settings import Settings


_SEARCH_LOCK = threading.Lock()


def engine_options(url: str, pool_size: int) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_size": pool_size, "max_overflow": pool_size, "pool_pre_ping": True}


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    session_maker: async_sessionmaker[AsyncSession]
    jinja: Environment
    extras: dict[str, Any] = field(default_factory=dict)

    # The search backend lives in `extras` (not a field) because the app's DI inspects the
    # dataclass fields of Runtime, and a backend or a lock is no type it can describe.
    @property
    def search(self) -> SearchBackend:
        """The search backend the settings choose, built on first use and shared by the process.

        Its methods are synchronous: call them from async code with `anyio.to_thread.run_sync`.
        """
        backend = self.extras.get("search")
        if backend is None:
            with _SEARCH_LOCK:
                backend = self.extras.get("search")
                if backend is None:
                    from werkgeversportaal.domain.search.backends import create_backend

                    kind, options = self.settings.search.backend_options(self.settings.app.var_dir)
                    backend = self.extras["search"] = create_backend(kind, **options)
        return backend  # type: ignore[no-any-return]

    @search.setter
    def search(self, backend: SearchBackend) -> None:
        self.extras["search"] = backend

    def close_search(self) -> None:
        backend = self.extras.pop("search", None)
        if backend is not None:
            backend.close()

    @classmethod
    def create(cls, settings: Settings, engine: AsyncEngine | None = None) -> Runtime:
        PasswordPolicy.configure(settings.auth.argon2_time_cost, settings.auth.argon2_memory_cost)
        settings.app.var_dir.mkdir(parents=True, exist_ok=True)
        if engine is None:
            engine = create_async_engine(
                settings.database_url, echo=settings.db.echo,
                **engine_options(settings.database_url, settings.db.pool_size),
            )
            if engine.dialect.name == "sqlite":
                _sqlite_pragmas(engine)
        return cls(
            settings=settings,
            engine=engine,
            session_maker=async_sessionmaker(engine, expire_on_commit=False),
            jinja=create_jinja_env(settings.app.templates_dir),
        )


def _sqlite_pragmas(engine: AsyncEngine) -> None:
    from sqlalchemy import event

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the web process and the worker read while the other writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
