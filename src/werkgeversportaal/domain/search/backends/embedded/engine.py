"""One index of the embedded engine: its SQLite file, its in-memory copy, and the operations."""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import msgspec

from ..base import ProgressCallback, SearchHit, SearchResult
from ..definitions import IndexDefinition
from ..validation import PreparedQuery, check_document, haversine_km
from .analysis import Analyzer, DocumentTokens
from .executor import Executor, Outcome
from .highlight import highlight_value
from .memory import MemoryIndex
from .storage import Storage

__all__ = ["IndexEngine"]


def _batched(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


_json = msgspec.json.Encoder()
_msgpack = msgspec.msgpack.Encoder()


class IndexEngine:
    def __init__(
        self,
        definition: IndexDefinition,
        path: Path,
        *,
        batch_size: int,
        timeout_s: float,
        after_full_load: Callable[[], None] | None = None,
    ) -> None:
        self.definition = definition
        self.analyzer = Analyzer(definition)
        self.storage = Storage(path, timeout_s)
        typo = definition.typo_tolerance
        self.executor = Executor(
            self.analyzer,
            typo.one_typo_min_length,
            typo.two_typos_min_length,
            typo.enabled,
            definition.max_values_per_facet,
        )
        self.batch_size = batch_size
        self.memory: MemoryIndex | None = None
        # Called after the in-memory copy was read anew in full (the first time, or after a clear or
        # reindex elsewhere); the backend passes its own hook (EmbeddedBackend.after_full_load).
        self.after_full_load = after_full_load
        # Queries and refreshes share the in-memory index; one at a time per index (the GIL would
        # serialise the pure-Python work anyway).
        self.lock = threading.RLock()

    # -- keeping the in-memory copy current ------------------------------------------------------

    def refresh(self) -> MemoryIndex:
        with self.lock:
            memory = self.memory
            if not self.storage.has_changed() and memory is not None:
                return memory
            generation, rev = (memory.generation, memory.rev) if memory is not None else (-1, 0)
            changes = self.storage.read_changes(generation, rev)
            if changes.full or memory is None:
                memory = MemoryIndex(self.definition, changes.generation, changes.rev)
                memory.apply(changes.rows)
                self.memory = memory
                if self.after_full_load is not None:
                    self.after_full_load()
            elif changes.rows or changes.rev != memory.rev:
                memory.apply(changes.rows)
                memory.rev = changes.rev
            return memory

    # -- writing ---------------------------------------------------------------------------------

    def _encode_terms(self, tokens: DocumentTokens, averages: list[float]) -> bytes:
        return _msgpack.encode(self.analyzer.weigh(tokens, averages))

    def _prepare(self, documents: Iterable[Mapping[str, Any]]) -> list[tuple[str, bytes, DocumentTokens]]:
        key = self.definition.primary_key
        latest: dict[str, tuple[str, bytes, DocumentTokens]] = {}
        for document in documents:
            doc = check_document(document, key)
            latest[doc[key]] = (doc[key], _json.encode(doc), self.analyzer.tokenize(doc))
        return list(latest.values())

    def upsert(self, documents: Iterable[Mapping[str, Any]]) -> int:
        count = 0
        attributes = len(self.analyzer.attributes)
        for batch in _batched(documents, self.batch_size):
            puts = self._prepare(batch)
            self.storage.write(puts, (), self._encode_terms, attributes)
            count += len(batch)
        return count

    def delete(self, ids: Iterable[str]) -> None:
        attributes = len(self.analyzer.attributes)
        for batch in _batched((str(i) for i in ids), self.batch_size):
            self.storage.write((), batch, self._encode_terms, attributes)

    def clear(self) -> None:
        self.storage.clear()

    def reindex(self, documents: Iterable[Mapping[str, Any]], progress: ProgressCallback | None) -> int:
        attributes = len(self.analyzer.attributes)
        self.storage.start_staging()
        count = 0
        try:
            for batch in _batched(documents, self.batch_size):
                self.storage.write_staging(self._prepare(batch), self._encode_terms, attributes)
                count += len(batch)
                if progress is not None:
                    progress(count)
            self.storage.swap_staging()
        except BaseException:
            self.storage.drop_staging()
            raise
        return count

    def ensure(self) -> None:
        """Re-analyse stored documents when the settings that shape the analysis changed."""
        fingerprint = self.definition.fingerprint()
        if self.storage.meta("fingerprint") == fingerprint:
            return
        if self.storage.count():
            decoder = msgspec.json.Decoder(dict[str, Any])
            self.reindex([decoder.decode(body) for body in self.storage.bodies()], None)
        self.storage.set_meta("fingerprint", fingerprint)

    # -- searching -------------------------------------------------------------------------------

    def search(self, query: PreparedQuery) -> SearchResult:
        started = time.perf_counter()
        with self.lock:
            return self._search(self.refresh(), query, started)

    def search_if_current(self, query: PreparedQuery) -> SearchResult | None:
        """The search, only if it needs no waiting: the lock is free and nobody wrote since the last
        refresh (else None, and `search` does the work, refreshing first)."""
        started = time.perf_counter()
        if not self.lock.acquire(blocking=False):
            return None
        try:
            memory = self.memory
            if memory is None or self.storage.may_have_changed():
                return None
            return self._search(memory, query, started)
        finally:
            self.lock.release()

    def _search(self, memory: MemoryIndex, query: PreparedQuery, started: float) -> SearchResult:
        outcome = self.executor.run(memory, query)
        hits = self._hits(memory, query, outcome)
        return SearchResult(
            hits=hits,
            total=outcome.total,
            page=query.page,
            per_page=query.per_page,
            total_pages=math.ceil(outcome.total / query.per_page),
            facet_distribution=outcome.facets,
            processing_ms=round((time.perf_counter() - started) * 1000, 3),
            query=query.q,
        )

    def _hits(self, memory: MemoryIndex, query: PreparedQuery, outcome: Outcome) -> list[SearchHit]:
        hits = []
        for num in outcome.page:
            document = memory.documents[num]
            formatted: dict[str, Any] = {}
            for attribute in query.highlight:
                value = highlight_value(document.get(attribute), outcome.marks)
                if value is not None:
                    formatted[attribute] = value
            distance: float | None = None
            if outcome.distances is not None and num in outcome.distances:
                distance = outcome.distances[num]
            elif query.geo is not None and num in memory.points:
                distance = haversine_km(query.geo.lat, query.geo.lng, *memory.points[num])
            hits.append(
                SearchHit(
                    id=memory.ids[num],
                    # A shallow copy: callers may add or drop keys without touching the index.
                    document=dict(document),
                    score=round(outcome.ranks[num][2], 4) if outcome.ranks is not None else None,
                    formatted=formatted,
                    distance_km=round(distance, 3) if distance is not None else None,
                )
            )
        return hits

    def count(self) -> int:
        return self.storage.count()

    def close(self) -> None:
        self.storage.close()
