"""The runtime: what requests, jobs and the CLI share (settings, database, templates, mail, search)."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from werkgeversportaal.domain.search.backends.base import SearchBackend
from werkgeversportaal.lib.security import PasswordPolicy
from werkgeversportaal.lib.storage import MediaStorage, create_storage
from werkgeversportaal.lib.templating import create_jinja_env
from werkgeversportaal.settings import Settings

_SEARCH_LOCK = threading.Lock()
AUTOCOMMIT = "autocommit"  # Session.info key of the sessions of Runtime.autocommit_session_maker


@event.listens_for(Session, "before_flush")
def _no_unit_of_work_without_transaction(session: Session, _flush_context: Any, _instances: Any) -> None:
    if session.info.get(AUTOCOMMIT):
        raise RuntimeError("a page marked AUTOCOMMIT_OPT writes through the ORM: its statements would not commit "
                           "or fail together; remove the mark or write in one statement")


class AutocommitSession(AsyncSession):
    """A session of Runtime.autocommit_session_maker. Besides SQLAlchemy's own use of the pool, it lends
    lib/sql.fetch_rows a connection of the pool to run statements on with asyncpg directly (`driver`):
    taken from the pool on first use and given back when the session closes. SQLAlchemy's session, its
    connection and their transaction bookkeeping around one pool checkout cost about 0.48 M instructions
    (callgrind), the pool checkout alone 0.08 M; a page that runs its statements on the lent connection
    pays only the latter. Without a transaction on it (asyncpg runs each statement on its own), the
    pool's reset on return (a rollback) has nothing to do."""

    _lent: Any = None  # the pool's connection (a PoolProxiedConnection), while lent

    async def driver(self) -> Any:
        """The lent connection's asyncpg connection (taken from the pool on first use)."""
        if self._lent is None:
            from sqlalchemy.util.concurrency import greenlet_spawn

            engine: Any = self.sync_session.get_bind()
            self._lent = await greenlet_spawn(engine.pool.connect)
        return self._lent.driver_connection

    async def give_back(self) -> None:
        """Return the lent connection to the pool; one that was closed (the server went away) is discarded."""
        lent, self._lent = self._lent, None
        if lent is not None:
            from sqlalchemy.util.concurrency import greenlet_spawn

            driver = lent.driver_connection
            await greenlet_spawn(lent.invalidate if driver is None or driver.is_closed() else lent.close)

    async def close(self) -> None:
        try:
            await self.give_back()
        finally:
            sync = self.sync_session
            # A session SQLAlchemy never used (no transaction, nothing loaded or added: the page ran its
            # statements on the lent connection) has nothing to close; closing it anyway costs a
            # greenlet switch and the session's bookkeeping (0.06 M instructions).
            if sync._transaction is not None or sync.identity_map or sync._new or sync._deleted:
                await super().close()


def engine_options(url: str, pool_size: int, max_overflow: int) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_size": pool_size, "max_overflow": max_overflow, "pool_pre_ping": False}


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    session_maker: async_sessionmaker[AsyncSession]
    jinja: Environment
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def autocommit_session_maker(self) -> async_sessionmaker[AsyncSession]:
        """Sessions without a transaction (every statement commits by itself), on the same connection pool:
        for pages marked AUTOCOMMIT_OPT (lib/middleware.py), whose statements each stand alone. No BEGIN
        and no COMMIT, so two round trips fewer per page; under READ COMMITTED every statement reads
        its own snapshot anyway, so what such a page sees is the same. A flush (the ORM's unit of work,
        several statements that belong together) refuses to run in these sessions."""
        maker = self.extras.get("autocommit_session_maker")
        if maker is None:
            maker = self.extras["autocommit_session_maker"] = async_sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"), class_=AutocommitSession,
                expire_on_commit=False, info={AUTOCOMMIT: True})
        return maker  # type: ignore[no-any-return]

    @property
    def storage(self) -> MediaStorage:
        """The media storage of this process, built once from the settings."""
        if "storage" not in self.extras:
            self.extras["storage"] = build_storage(self.settings)
        storage: MediaStorage = self.extras["storage"]
        return storage

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
                **engine_options(settings.database_url, settings.db.pool_size, settings.db.max_overflow),
            )
            if engine.dialect.name == "sqlite":
                _sqlite_pragmas(engine)
        return cls(
            settings=settings,
            engine=engine,
            session_maker=async_sessionmaker(engine, expire_on_commit=False),
            jinja=create_jinja_env(settings.app.templates_dir, production=settings.app.production,
                                   cache_dir=settings.app.var_dir / "jinja-cache"),
        )


def build_storage(settings: Settings) -> MediaStorage:
    media = settings.media
    if media.backend == "s3":
        return create_storage(
            "s3", bucket=media.s3_bucket, endpoint_url=media.s3_endpoint_url or None, region=media.s3_region,
            access_key=media.s3_access_key or None, secret_key=media.s3_secret_key or None,
            presign_expiry=media.url_expiry_seconds, public_endpoint_url=media.s3_public_endpoint_url or None,
        )
    # Settings built in code without validate() may lack a secret; then media URLs are signed with a
    # per-process key (they stop working after a restart, which is harmless for short-lived URLs).
    secret = settings.app.secret_key or secrets.token_urlsafe(32)
    return create_storage("local", root=media.root, secret_key=hashlib.sha256(f"media:{secret}".encode()).digest(),
                          base_url="/media")


def _sqlite_pragmas(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the web process and the worker read while the other writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
