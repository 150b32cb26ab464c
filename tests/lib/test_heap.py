"""In production a started process moves what it holds for good out of the garbage collector's sight
(app.settled_heap, gc.freeze), so a full collection does not walk every module and route again; it
collects first (nothing is kept that was garbage) and thaws everything again at shutdown."""

from __future__ import annotations

import gc
import weakref

from litestar.testing import TestClient

from tests.trust_access.helpers import production
from werkgeversportaal.app import create_app


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


def test_development_leaves_the_collector_alone(settings) -> None:
    before = gc.get_freeze_count()
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        assert gc.get_freeze_count() == before
        assert client.get("/health").status_code == 200
