"""Helpers for the search integration tests: a runtime per call, backends that fail on purpose."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from werkgeversportaal.db.models import Job, JobStatus, SearchOutbox
from werkgeversportaal.domain.search.backends import BackendHealth, SearchQuery, SearchResult, SearchUnavailable
from werkgeversportaal.domain.search.outbox import SYNC_JOB
from werkgeversportaal.lib import jobs
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.settings import SearchSettings, Settings

T = TypeVar("T")


def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call `fn` in a fresh thread. The browser tests' Playwright keeps an event loop running in
    the main thread for the whole session, where asyncio.run (ours and the CLI's) would refuse."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def with_runtime(settings: Settings, action: Callable[[Runtime], Awaitable[T]], backend: Any = None) -> T:
    """Run `action` on a fresh runtime (as the worker or the CLI would), optionally on `backend`."""

    async def go() -> T:
        runtime = Runtime.create(settings)
        if backend is not None:
            runtime.search = backend
        try:
            return await action(runtime)
        finally:
            if backend is None:
                runtime.close_search()
            await runtime.engine.dispose()

    return in_thread(asyncio.run, go())


def drain(settings: Settings, backend: Any = None) -> int:
    from werkgeversportaal.app import load_job_modules

    load_job_modules()
    return with_runtime(settings, jobs.drain, backend)


def search(settings: Settings, q: str = "", **kwargs: Any) -> SearchResult:
    async def go(runtime: Runtime) -> SearchResult:
        return runtime.search.search(SearchQuery(index="employers", q=q, **kwargs))

    return with_runtime(settings, go)


def found_ids(settings: Settings, q: str = "") -> set[str]:
    return {hit.id for hit in search(settings, q, per_page=100).hits}


def outbox_rows(db: Session, document_id: Any = None) -> list[SearchOutbox]:
    db.expire_all()
    query = select(SearchOutbox).order_by(SearchOutbox.id)
    if document_id is not None:
        query = query.where(SearchOutbox.document_id == str(document_id))
    return list(db.scalars(query))


def queued_sync_jobs(db: Session) -> list[Job]:
    db.expire_all()
    return list(db.scalars(select(Job).where(Job.kind == SYNC_JOB, Job.status == JobStatus.QUEUED)))


class DownBackend:
    """A backend whose server is gone: every call raises SearchUnavailable, health says so."""

    name = "down"

    def __init__(self) -> None:
        self.calls = 0

    def _fail(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        raise SearchUnavailable("connection refused (test)")

    ensure_indexes = preload = upsert = delete = search = reindex = clear = _fail

    def health(self) -> BackendHealth:
        return BackendHealth(ok=False, backend=self.name, detail="connection refused (test)")

    def close(self) -> None:
        pass


class RecordingBackend:
    """Wraps a real backend and remembers what the sync sent it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.upserts: list[tuple[str, list[str]]] = []
        self.deletes: list[tuple[str, list[str]]] = []

    def upsert(self, index: str, documents: Iterable[Mapping[str, Any]]) -> int:
        docs = list(documents)
        self.upserts.append((index, [str(d["id"]) for d in docs]))
        return self.inner.upsert(index, docs)  # type: ignore[no-any-return]

    def delete(self, index: str, ids: Iterable[str]) -> None:
        wanted = list(ids)
        self.deletes.append((index, wanted))
        self.inner.delete(index, wanted)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def meili_down_settings(settings: Settings) -> Settings:
    """The same portal, configured for a Meilisearch server on a port where nothing listens."""
    search = SearchSettings(backend="meilisearch", meili_url=f"http://127.0.0.1:{closed_port()}",
                            index_prefix=settings.search.index_prefix)
    return dataclasses.replace(settings, search=search)


def catch_up(settings: Settings, db: Session, timeout: float = 10.0) -> None:
    """Run the worker (with the real backend) until the outbox is empty, as it would in the
    background: a retry scheduled while the backend was down becomes due after a short delay."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        drain(settings)
        if all(row.processed_at is not None for row in outbox_rows(db)):
            return
        assert time.monotonic() < deadline, "the outbox did not catch up"
        time.sleep(0.05)
