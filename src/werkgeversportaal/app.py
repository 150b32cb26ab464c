"""create_app(settings=None): the one place the app is assembled."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
)
from advanced_alchemy.extensions.litestar.store import SQLAlchemyStore
from litestar import Litestar, get
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.template.config import TemplateConfig
from sqlalchemy import text

from werkgeversportaal.db.models import SessionStoreItem
from werkgeversportaal.lib import jobs
from werkgeversportaal.lib.errors import exception_handlers
from werkgeversportaal.lib.middleware import (
    ConcurrencyLimit,
    RequestContextMiddleware,
    RequestDbSessionMiddleware,
    SecurityHeaders,
    end_request_session,
)
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.sessions import SessionConfig
from werkgeversportaal.lib.storage import LocalStorage, StorageUnavailable, make_media_route
from werkgeversportaal.lib.storage.media_route import NO_SESSION_OPT
from werkgeversportaal.settings import Settings

# Seconds after start-up at which a production process settles its heap again (collect, then freeze):
# what it built on its first pages (compiled SQL, templates, translations, place names) it keeps for
# good, and a full collection would otherwise walk it each time (app.settled_heap).
SETTLE_AGAIN_AFTER = (30.0, 120.0, 600.0)


def settle_heap() -> None:
    """Collect the garbage, then move everything left out of the collector's sight (gc.freeze)."""
    gc.collect()
    gc.freeze()


def load_job_modules() -> None:
    """Import the modules that register job handlers, for the web process and the worker alike."""
    import werkgeversportaal.domain.candidates.jobs
    import werkgeversportaal.domain.employers.jobs
    import werkgeversportaal.domain.introductions.jobs
    import werkgeversportaal.domain.search.candidates
    import werkgeversportaal.domain.search.digest
    import werkgeversportaal.domain.search.jobs
    import werkgeversportaal.domain.search.openings
    import werkgeversportaal.lib.mail  # noqa: F401


def route_handlers() -> list[Any]:
    from werkgeversportaal.domain.accounts.account import AccountController
    from werkgeversportaal.domain.accounts.admin import AdminController
    from werkgeversportaal.domain.accounts.api import MeApiController
    from werkgeversportaal.domain.accounts.controllers import PublicController
    from werkgeversportaal.domain.accounts.homes import AccountManagerHomeController
    from werkgeversportaal.domain.candidates.controllers import CandidateHomeController, CandidateIntakeController
    from werkgeversportaal.domain.candidates.employer_pages import EmployerCandidatesController
    from werkgeversportaal.domain.candidates.self_pages import CandidateSelfController
    from werkgeversportaal.domain.candidates.video_pages import CandidateVideoController, VideoModerationController
    from werkgeversportaal.domain.employers.api import OpeningsApiController, RegisterApiController
    from werkgeversportaal.domain.employers.controllers import EmployerDashboardController, EmployerOpeningsController
    from werkgeversportaal.domain.employers.manage import EmployerManagementController
    from werkgeversportaal.domain.employers.register import PublicRegisterController
    from werkgeversportaal.domain.introductions.api import IntroductionsApiController
    from werkgeversportaal.domain.introductions.candidate_pages import CandidateIntroductionsController
    from werkgeversportaal.domain.introductions.employer_pages import EmployerIntroductionsController
    from werkgeversportaal.domain.introductions.manage_pages import IntroductionManagementController
    from werkgeversportaal.domain.introductions.notification_pages import NotificationsController
    from werkgeversportaal.domain.introductions.reports import ReportsController
    from werkgeversportaal.domain.search.candidate_pages import CandidateSearchController
    from werkgeversportaal.domain.search.manager_pages import ManagerSearchController
    from werkgeversportaal.domain.search.saved_pages import SavedSearchController
    from werkgeversportaal.domain.search.suggestion_pages import SuggestionController

    return [
        PublicController,
        AccountController,
        AdminController,
        MeApiController,
        AccountManagerHomeController,
        CandidateIntakeController,
        CandidateHomeController,
        CandidateSelfController,
        CandidateVideoController,
        VideoModerationController,
        EmployerCandidatesController,
        CandidateSearchController,
        SuggestionController,
        SavedSearchController,
        ManagerSearchController,
        EmployerDashboardController,
        EmployerOpeningsController,
        EmployerManagementController,
        PublicRegisterController,
        OpeningsApiController,
        RegisterApiController,
        EmployerIntroductionsController,
        CandidateIntroductionsController,
        IntroductionManagementController,
        NotificationsController,
        ReportsController,
        IntroductionsApiController,
        health,
    ]


def media_routes(runtime: Runtime) -> list[Any]:
    """The local backend serves its files itself, behind signed URLs; S3 serves them from the bucket."""
    storage = runtime.storage
    if isinstance(storage, LocalStorage):
        return [make_media_route(storage)]
    return []


@get("/health", name="health", include_in_schema=False)
async def health(state: State) -> dict[str, str]:
    runtime: Runtime = state.runtime
    async with runtime.session_maker() as session:
        await session.execute(text("SELECT 1"))
    return {"status": "ok"}


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    runtime = runtime or Runtime.create(settings)
    load_job_modules()
    production = settings.app.production
    # Secure cookies whenever the portal is served over HTTPS: always in production (settings refuse a
    # production BASE_URL without https://, except a trial on localhost).
    secure_cookies = settings.app.serves_https

    alchemy = SQLAlchemyAsyncConfig(
        engine_instance=runtime.engine,
        session_dependency_key="db_session",
        # RequestContextMiddleware commits (or rolls back) before the response starts; end_request_session
        # closes the session then, committing or rolling back only what is still open, and swallows the
        # errors of a connection that died meanwhile, where a plain close let them turn a clean 503
        # into a 500 (tests/trust_faults/test_database_restart.py).
        before_send_handler=end_request_session,
        session_config=AsyncSessionConfig(expire_on_commit=False),
        create_all=False,
    )
    session_config = SessionConfig(
        store="sessions", key="wgp_session", max_age=settings.auth.session_max_age,
        httponly=True, samesite="lax", secure=secure_cookies,
    )
    csrf = CSRFConfig(
        secret=settings.app.secret_key, cookie_name="wgp_csrf", header_name="x-csrftoken",
        cookie_secure=secure_cookies, cookie_httponly=True, cookie_samesite="lax",
        # The API takes writes only with a bearer token (see RequestContextMiddleware), so it needs no CSRF token.
        exclude=["^/api/"],
    )
    stores: dict[str, Store] = {
        "sessions": SQLAlchemyStore(alchemy, model=SessionStoreItem, namespace="sessions"),
        "ratelimit": SQLAlchemyStore(alchemy, model=SessionStoreItem, namespace="ratelimit"),
    }
    media_origins: tuple[str, ...] = ()
    if settings.media.backend == "s3" and settings.media.s3_endpoint_url:
        media_origins = (settings.media.s3_endpoint_url.rstrip("/"),)

    @contextlib.asynccontextmanager
    async def embedded_worker(app: Litestar) -> AsyncIterator[None]:
        if not settings.worker.embedded:
            yield
            return
        stop = asyncio.Event()
        task = asyncio.create_task(jobs.worker_loop(runtime, stop))
        try:
            yield
        finally:
            stop.set()
            await task

    @contextlib.asynccontextmanager
    async def storage_ready(app: Litestar) -> AsyncIterator[None]:
        try:
            await runtime.storage.ensure_ready()
        except StorageUnavailable as exc:
            # The site still serves everything but media; uploads answer "try again later".
            logging.getLogger(__name__).warning("media storage unreachable at start-up: %s", exc)
        yield

    @contextlib.asynccontextmanager
    async def search_backend(app: Litestar) -> AsyncIterator[None]:
        from werkgeversportaal.domain.search.startup import start_search

        await start_search(runtime)
        try:
            yield
        finally:
            runtime.close_search()

    @contextlib.asynccontextmanager
    async def settled_heap(app: Litestar) -> AsyncIterator[None]:
        """Production: once started, what the process holds for good (modules, routes, settings, the
        engine, the embedded search index read into memory at start-up: some 300,000 objects the
        garbage collector tracks) is moved out of its sight (gc.freeze). Otherwise each full
        collection walks all of it again, a pause of 0.1-0.4 s in which the process serves nothing.
        Garbage is collected first, so none is kept. What the first pages build lazily is settled the
        same way a few times later on (SETTLE_AGAIN_AFTER), and so is an embedded index read anew in
        full later (after a reindex), as soon as it is read. Thawed again at shutdown.

        Objects frozen while in use that become garbage in a cycle afterwards stay (a request's, at
        each of those few moments): a bounded cost, against a full collection every few seconds that
        walks tens of thousands of objects."""
        if not production:
            yield
            return
        from werkgeversportaal.domain.search.backends.embedded import EmbeddedBackend

        settle_heap()
        loop = asyncio.get_running_loop()
        later = [loop.call_later(delay, settle_heap) for delay in SETTLE_AGAIN_AFTER]
        backend = runtime.extras.get("search")
        if isinstance(backend, EmbeddedBackend):
            backend.after_full_load = settle_heap
        try:
            yield
        finally:
            for handle in later:
                handle.cancel()
            if isinstance(backend, EmbeddedBackend):
                backend.after_full_load = None
            gc.unfreeze()

    @contextlib.asynccontextmanager
    async def dispose_engine(app: Litestar) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await runtime.engine.dispose()

    app = Litestar(
        route_handlers=[
            *route_handlers(),
            *media_routes(runtime),
            create_static_files_router(path="/static", directories=[settings.app.static_dir], name="static",
                                       include_in_schema=False, opt=NO_SESSION_OPT),
        ],
        plugins=[SQLAlchemyPlugin(config=alchemy), HTMXPlugin()],
        template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(runtime.jinja)),
        middleware=[
            *([ConcurrencyLimit(settings.app.request_concurrency, settings.app.request_queue_seconds)]
              if settings.app.request_concurrency else []),
            RequestDbSessionMiddleware(),
            session_config.middleware,
            RequestContextMiddleware(),  # innermost: it also commits before the response starts
        ],
        csrf_config=csrf,
        before_send=[SecurityHeaders(production=production, extra_origins=media_origins)],
        stores=stores,
        openapi_config=OpenAPIConfig(
            title="Werkgeversportaal API", version="1.0.0", path="/api/v1/schema",
            description="JSON API of the werkgeversportaal. Authenticate with a personal access token "
                        "(Authorization: Bearer wgp_...), created on your account page.",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        exception_handlers=exception_handlers,
        lifespan=[dispose_engine, storage_ready, search_backend, embedded_worker, settled_heap],
        # The plugin makes its scope key unique per app (tests run many apps in one process).
        state=State({"runtime": runtime, "session_config": session_config,
                     "db_session_key": alchemy.session_scope_key}),
        debug=settings.app.debug,
    )
    return app
