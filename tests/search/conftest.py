"""Backends under contract: the embedded engine always, Meilisearch when MEILI_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from werkgeversportaal.domain.search.backends import SearchBackend, create_backend

from .fixtures import CANDIDATES, EMPLOYERS, OPENINGS

MEILI_SKIP = (
    "Meilisearch contract tests skipped: set MEILI_URL (and MEILI_MASTER_KEY if the server has one) "
    "to run them against a server, e.g. MEILI_URL=http://localhost:7700"
)


def _meili_backend() -> SearchBackend:
    url = os.environ.get("MEILI_URL")
    if not url:
        pytest.skip(MEILI_SKIP)
    return create_backend(
        "meilisearch",
        url=url,
        api_key=os.environ.get("MEILI_MASTER_KEY"),
        prefix=f"test_{uuid.uuid4().hex[:10]}_",
    )


@pytest.fixture(params=["embedded", "meilisearch"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    if request.param == "embedded":
        engine = create_backend("embedded", directory=tmp_path_factory.mktemp("search"))
    else:
        engine = _meili_backend()
    engine.ensure_indexes()
    yield engine
    if request.param == "meilisearch":
        from werkgeversportaal.domain.search.backends.meili import MeilisearchBackend

        assert isinstance(engine, MeilisearchBackend)
        for index in engine.definitions:
            engine.client.delete_index(engine.uid(index))
    engine.close()


@pytest.fixture
def loaded(backend: SearchBackend) -> SearchBackend:
    backend.upsert("candidates", CANDIDATES)
    backend.upsert("openings", OPENINGS)
    backend.upsert("employers", EMPLOYERS)
    return backend
