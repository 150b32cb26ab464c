"""In production a started process moves what it holds for good out of the garbage collector's sight
(app.settled_heap, gc.freeze), so a full collection does not walk every module and route again; it
collects first (nothing is kept that was garbage) and thaws everything again at shutdown. The embedded
search index is read into memory at start-up, so it is frozen with the rest, and so is a copy read
anew in full later (after a reindex)."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from tests.search.fixtures import CANDIDATES
from tests.trust_access.helpers import production
from werkgeversportaal import app as app_module
from werkgeversportaal.app import create_app
from werkgeversportaal.domain.search.backends import SearchBackend, SearchQuery, create_backend
from werkgeversportaal.domain.search.backends.embedded import EmbeddedBackend


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_production_process_freezes_its_heap_once_started(settings) -> None:
    before = gc.get_freeze_count()
    gc.disable()  # only the start-up's own collection may collect the cycle below
    try:
        waiting = weakref.ref(Cycle())  # garbage in a cycle, waiting for a collection
        assert waiting() is not None
        with TestClient(create_app(production(settings)), base_url="https://werkgeversportaal.example") as client:
            assert gc.get_freeze_count() > before + 50_000
            assert waiting() is None, "garbage was frozen instead of collected"
            assert client.get("/health").status_code == 200
        assert gc.get_freeze_count() == before
    finally:
        gc.enable()


def test_what_a_production_process_builds_after_start_up_is_settled_later(settings, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "SETTLE_AGAIN_AFTER", (0.3,))
    before = gc.get_freeze_count()
    gc.disable()  # only the settling may collect the cycle below
    try:
        app = create_app(production(settings))
        with TestClient(app, base_url="https://werkgeversportaal.example") as client:
            at_start = gc.get_freeze_count()
            kept = [[i] for i in range(2_000)]  # built on the first pages, kept for good
            app.state["built_later"] = kept
            waiting = weakref.ref(Cycle())
            assert _tracked(kept) == len(kept)
            deadline = time.monotonic() + 10
            while gc.get_freeze_count() < at_start + len(kept) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _tracked(kept) == 0, "what was built after start-up was not frozen"
            assert waiting() is None, "garbage was frozen instead of collected"
            assert client.get("/health").status_code == 200
        assert gc.get_freeze_count() == before
    finally:
        gc.enable()


def test_development_leaves_the_collector_alone(settings) -> None:
    before = gc.get_freeze_count()
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        assert gc.get_freeze_count() == before
        assert client.get("/health").status_code == 200


def _tracked(objects: list[object]) -> int:
    """How many of `objects` the collector would walk (frozen ones it does not list)."""
    seen = {id(o) for o in gc.get_objects()}
    return sum(id(o) in seen for o in objects)


@pytest.fixture
def writer(settings) -> Iterator[SearchBackend]:
    """Another process's backend on the same index files (the worker, or `search reindex`), which
    has written the candidates before the app starts."""
    kind, options = settings.search.backend_options(settings.app.var_dir)
    backend = create_backend(kind, **options)
    backend.ensure_indexes()
    backend.upsert("candidates", CANDIDATES)
    yield backend
    backend.close()


def test_the_embedded_index_is_read_at_start_up_and_frozen_then_and_after_a_reindex(settings, writer) -> None:
    app = create_app(production(settings))
    with TestClient(app, base_url="https://werkgeversportaal.example") as client:
        backend = app.state.runtime.search
        assert isinstance(backend, EmbeddedBackend)
        engine = backend._engine("candidates")
        first = engine.memory
        assert first is not None, "the index was not read into memory at start-up"
        assert len(first) == len(CANDIDATES)
        assert _tracked(list(first.documents.values())) == 0, "the index read at start-up is not frozen"

        writer.reindex("candidates", CANDIDATES[:3])  # a new generation: every process reads it anew
        result = backend.search(SearchQuery(index="candidates", q=""))
        assert result.total == 3
        second = engine.memory
        assert second is not None and second is not first
        assert _tracked(list(second.documents.values())) == 0, "the index read anew is not frozen"
        old = weakref.ref(first)
        del first
        assert old() is None, "the index read before was kept"
        assert client.get("/health").status_code == 200
    assert backend.after_full_load is None


def test_outside_production_the_index_is_read_at_start_up_and_nothing_is_frozen(settings, writer) -> None:
    app = create_app(settings)
    with TestClient(app, base_url="http://testserver"):
        backend = app.state.runtime.search
        assert isinstance(backend, EmbeddedBackend)
        memory = backend._engine("candidates").memory
        assert memory is not None and len(memory) == len(CANDIDATES)
        assert backend.after_full_load is None
        assert _tracked(list(memory.documents.values())) == len(CANDIDATES)
