"""The embedded search engine: no server, one SQLite file per index, an in-memory index per process.

Every process (app servers, the worker) opens the same files; writes from any of them are seen by
the others at their next search, which re-reads only the rows changed since (or everything after a
clear/reindex). See `engine.IndexEngine` for the per-index operations.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..base import BackendHealth, InvalidQuery, ProgressCallback, SearchQuery, SearchResult, SearchUnavailable
from ..definitions import IndexDefinition, load_definitions
from ..validation import prepare_query
from .engine import IndexEngine

__all__ = ["EmbeddedBackend"]

T = TypeVar("T")
_PREFIX = re.compile(r"[A-Za-z0-9_-]*")


@contextmanager
def _storage_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:  # locked too long, disk full, unreadable file
        raise SearchUnavailable(f"embedded search storage unavailable: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise SearchUnavailable(f"embedded search storage damaged: {exc}") from exc
    except OSError as exc:  # the folder cannot be created or read
        raise SearchUnavailable(f"embedded search storage unavailable: {exc}") from exc


class EmbeddedBackend:
    name = "embedded"

    def __init__(
        self,
        directory: str | Path = "var/search",
        *,
        definitions: Mapping[str, IndexDefinition] | None = None,
        definitions_dir: str | Path | None = None,
        prefix: str = "",
        batch_size: int = 1000,
        timeout_s: float = 10.0,
    ) -> None:
        if not _PREFIX.fullmatch(prefix):
            raise ValueError("prefix may hold only letters, digits, '-' and '_'")
        self.directory = Path(directory)
        self.definitions = dict(definitions) if definitions is not None else load_definitions(definitions_dir)
        self.prefix = prefix
        self.batch_size = batch_size
        self.timeout_s = timeout_s
        self._engines: dict[str, IndexEngine] = {}
        self._lock = threading.Lock()
        # Called (in the thread that searched) each time an index's in-memory copy was read anew in
        # full. A production server process settles its heap there (app.settled_heap: collect, then
        # freeze): the copy is what the process holds for good, tens of thousands of objects a full
        # garbage collection would walk.
        self.after_full_load: Callable[[], None] | None = None

    def _full_load_done(self) -> None:
        callback = self.after_full_load
        if callback is not None:
            callback()

    def _engine(self, index: str) -> IndexEngine:
        engine = self._engines.get(index)
        if engine is not None:
            return engine
        definition = self.definitions.get(index)
        if definition is None:
            raise InvalidQuery(f"unknown index {index!r}")
        with self._lock, _storage_errors():
            engine = self._engines.get(index)
            if engine is None:
                path = self.directory / f"{self.prefix}{index}.sqlite3"
                engine = self._engines[index] = IndexEngine(
                    definition,
                    path,
                    batch_size=self.batch_size,
                    timeout_s=self.timeout_s,
                    after_full_load=self._full_load_done,
                )
        return engine

    def _run(self, index: str, action: Callable[[IndexEngine], T]) -> T:
        engine = self._engine(index)
        with _storage_errors():
            return action(engine)

    def ensure_indexes(self) -> None:
        for index in self.definitions:
            self._run(index, lambda engine: engine.ensure())

    def preload(self) -> None:
        """Read each index into this process's memory: its first search does not pay for that."""
        for index in self.definitions:
            self._run(index, lambda engine: engine.refresh())

    def upsert(self, index: str, documents: Iterable[Mapping[str, Any]]) -> int:
        return self._run(index, lambda engine: engine.upsert(documents))

    def delete(self, index: str, ids: Iterable[str]) -> None:
        self._run(index, lambda engine: engine.delete(ids))

    def search(self, query: SearchQuery) -> SearchResult:
        engine = self._engine(query.index)
        prepared = prepare_query(query, engine.definition)
        with _storage_errors():
            return engine.search(prepared)

    def search_now(self, query: SearchQuery) -> SearchResult | None:
        """Like `search`, but None instead of waiting: when the in-memory index would first have to
        read changed rows, or another thread is using it. Cheap enough for the event loop's thread.
        """
        engine = self._engines.get(query.index)
        if engine is None:
            return None
        prepared = prepare_query(query, engine.definition)
        with _storage_errors():
            return engine.search_if_current(prepared)

    def reindex(
        self, index: str, documents: Iterable[Mapping[str, Any]], progress: ProgressCallback | None = None
    ) -> int:
        return self._run(index, lambda engine: engine.reindex(documents, progress))

    def clear(self, index: str) -> None:
        self._run(index, lambda engine: engine.clear())

    def health(self) -> BackendHealth:
        try:
            counts = {index: self._run(index, lambda engine: engine.count()) for index in self.definitions}
        except SearchUnavailable as exc:
            return BackendHealth(ok=False, backend=self.name, detail=str(exc))
        return BackendHealth(ok=True, backend=self.name, detail=str(self.directory), documents=counts)

    def close(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.close()
            self._engines.clear()
