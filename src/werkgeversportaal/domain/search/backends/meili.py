"""Meilisearch backend through the official `meilisearch` client.

Settings come from `search/`; index uids are `<prefix><index>` so tests and deployments can share a
server. Writes wait for their tasks, so a failed task surfaces as an error to the caller (the outbox
worker retries) instead of being lost in Meilisearch's queue.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import meilisearch
import requests
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError

from .base import (
    MARK_CLOSE,
    MARK_OPEN,
    BackendHealth,
    InvalidDocument,
    InvalidQuery,
    ProgressCallback,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)
from .definitions import IndexDefinition, load_definitions
from .meili_filters import filter_expressions, quote, render_number
from .validation import PreparedQuery, check_document, haversine_km, prepare_query

__all__ = ["MeilisearchBackend", "safe_formatted"]

# Private-use characters as highlight tags: Meilisearch does not HTML-escape, so we let it mark
# with these, escape the whole text ourselves, and only then turn them into <mark> tags.
_OPEN, _CLOSE = "\ue000", "\ue001"
_RESERVED_HIT_KEYS = ("_formatted", "_rankingScore", "_geoDistance", "_matchesPosition", "_rankingScoreDetails")
_DELETE_CHUNK = 500


def safe_formatted(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value).replace(_OPEN, MARK_OPEN).replace(_CLOSE, MARK_CLOSE)
    if isinstance(value, list):
        return [safe_formatted(item) for item in value]
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return html.escape(str(value))
    return None


def _strip_tags(value: Any) -> Any:
    """Our highlight sentinels must never come from a document, or they would become <mark>s."""
    if isinstance(value, str):
        return value.replace(_OPEN, "").replace(_CLOSE, "") if (_OPEN in value or _CLOSE in value) else value
    if isinstance(value, list):
        return [_strip_tags(item) for item in value]
    if isinstance(value, dict):
        return {key: _strip_tags(item) for key, item in value.items()}
    return value


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except (MeilisearchCommunicationError, MeilisearchTimeoutError, requests.RequestException) as exc:
        raise SearchUnavailable(f"Meilisearch unreachable: {exc}") from exc
    except MeilisearchApiError as exc:
        if exc.status_code >= 500 or exc.status_code in (401, 403):
            raise SearchUnavailable(f"Meilisearch refused: {exc.message}") from exc
        if exc.code == "index_not_found":  # ensure_indexes()/reindex not run yet: not the user's fault
            raise SearchUnavailable(f"Meilisearch index missing: {exc.message}") from exc
        if exc.code and str(exc.code).startswith("invalid_search"):
            raise InvalidQuery(exc.message) from exc
        raise SearchError(f"Meilisearch: {exc.message}") from exc


class MeilisearchBackend:
    name = "meilisearch"

    def __init__(
        self,
        url: str,
        api_key: str | None = None,
        *,
        prefix: str = "",
        timeout_s: float = 5.0,
        task_timeout_s: float = 60.0,
        batch_size: int = 1000,
        definitions: Mapping[str, IndexDefinition] | None = None,
        definitions_dir: str | Path | None = None,
    ) -> None:
        self.client = meilisearch.Client(url, api_key or None, timeout=timeout_s)  # type: ignore[arg-type]
        self.prefix = prefix
        self.task_timeout_ms = int(task_timeout_s * 1000)
        self.batch_size = batch_size
        self.definitions = dict(definitions) if definitions is not None else load_definitions(definitions_dir)

    # -- helpers ---------------------------------------------------------------------------------

    def uid(self, index: str) -> str:
        return f"{self.prefix}{index}"

    def _definition(self, index: str) -> IndexDefinition:
        definition = self.definitions.get(index)
        if definition is None:
            raise InvalidQuery(f"unknown index {index!r}")
        return definition

    def _wait(self, task_uid: int, ignore: tuple[str, ...] = ()) -> None:
        task = self.client.wait_for_task(task_uid, timeout_in_ms=self.task_timeout_ms, interval_in_ms=50)
        if task.status == "succeeded":
            return
        error = task.error or {}
        code = str(error.get("code", ""))
        if code in ignore:
            return
        message = f"Meilisearch task {task_uid} {task.status}: {error.get('message', code)}"
        if code.startswith(("invalid_document", "missing_document_id")):
            raise InvalidDocument(message)
        raise SearchError(message)

    def _create(self, uid: str, definition: IndexDefinition) -> None:
        task = self.client.create_index(uid, {"primaryKey": definition.primary_key})
        self._wait(task.task_uid, ignore=("index_already_exists",))

    def _apply_settings(self, uid: str, definition: IndexDefinition) -> None:
        task = self.client.index(uid).update_settings(definition.meili_settings())
        self._wait(task.task_uid)

    def _add(self, uid: str, definition: IndexDefinition, documents: Iterable[Mapping[str, Any]]) -> Iterator[int]:
        """Send batches; yields the running count after each batch is indexed."""
        index = self.client.index(uid)
        count = 0
        batch: list[dict[str, Any]] = []
        for document in documents:
            batch.append(_strip_tags(check_document(document, definition.primary_key)))
            if len(batch) >= self.batch_size:
                self._wait(index.add_documents(batch, definition.primary_key).task_uid)
                count += len(batch)
                batch = []
                yield count
        if batch:
            self._wait(index.add_documents(batch, definition.primary_key).task_uid)
            count += len(batch)
            yield count

    # -- the interface ---------------------------------------------------------------------------

    def ensure_indexes(self) -> None:
        with _errors():
            for name, definition in self.definitions.items():
                self._create(self.uid(name), definition)
                self._apply_settings(self.uid(name), definition)

    def preload(self) -> None:
        """Nothing to read: the server holds the indexes."""

    def upsert(self, index: str, documents: Iterable[Mapping[str, Any]]) -> int:
        definition = self._definition(index)
        count = 0
        with _errors():
            for count in self._add(self.uid(index), definition, documents):  # noqa: B007 - running total
                pass
        return count

    def delete(self, index: str, ids: Iterable[str]) -> None:
        definition = self._definition(index)
        key = definition.primary_key
        if key not in definition.filterable_attributes:
            raise SearchError(f"{index}: the primary key must be filterable to delete by id")
        wanted = [str(i) for i in ids]
        with _errors():
            target = self.client.index(self.uid(index))
            for start in range(0, len(wanted), _DELETE_CHUNK):
                chunk = wanted[start : start + _DELETE_CHUNK]
                expression = f"{key} IN [{', '.join(quote(i) for i in chunk)}]"
                self._wait(target.delete_documents(filter=expression).task_uid)

    def search(self, query: SearchQuery) -> SearchResult:
        definition = self._definition(query.index)
        prepared = prepare_query(query, definition)
        params = self._search_params(prepared, definition)
        started = time.perf_counter()
        with _errors():
            response = self.client.index(self.uid(query.index)).search(prepared.q, params)
        total = int(response.get("totalHits", response.get("estimatedTotalHits", 0)))
        hits = [] if prepared.beyond_last_page else [self._hit(raw, prepared, definition) for raw in response["hits"]]
        facets = {
            str(field): {str(value): int(count) for value, count in values.items()}
            for field, values in (response.get("facetDistribution") or {}).items()
        }
        return SearchResult(
            hits=hits,
            total=total,
            page=prepared.page,
            per_page=prepared.per_page,
            total_pages=math.ceil(total / prepared.per_page),
            facet_distribution=facets,
            processing_ms=float(response.get("processingTimeMs", (time.perf_counter() - started) * 1000)),
            query=prepared.q,
        )

    def _search_params(self, prepared: PreparedQuery, definition: IndexDefinition) -> dict[str, Any]:
        params: dict[str, Any] = {
            # Past the last allowed page: ask for no hits, still get the total and facets.
            "page": 1 if prepared.beyond_last_page else prepared.page,
            "hitsPerPage": 0 if prepared.beyond_last_page else prepared.per_page,
            "matchingStrategy": "last",
            "showRankingScore": True,
        }
        expressions = filter_expressions(prepared.filters, prepared.geo, definition.filterable_attributes)
        if expressions:
            params["filter"] = expressions
        if prepared.facets:
            params["facets"] = prepared.facets
        sort = prepared.sort
        if sort.kind == "field" and sort.field is not None:
            params["sort"] = [f"{sort.field}:{'desc' if sort.descending else 'asc'}"]
        elif sort.kind == "distance" and prepared.geo is not None:
            params["sort"] = [f"_geoPoint({render_number(prepared.geo.lat)}, {render_number(prepared.geo.lng)}):asc"]
        if prepared.highlight:
            params["attributesToHighlight"] = prepared.highlight
            params["highlightPreTag"] = _OPEN
            params["highlightPostTag"] = _CLOSE
        return params

    def _hit(self, raw: dict[str, Any], prepared: PreparedQuery, definition: IndexDefinition) -> SearchHit:
        document = {key: value for key, value in raw.items() if key not in _RESERVED_HIT_KEYS}
        formatted_raw = raw.get("_formatted") or {}
        formatted = {}
        for attribute in prepared.highlight:
            if attribute in formatted_raw:
                value = safe_formatted(formatted_raw[attribute])
                if value is not None:
                    formatted[attribute] = value
        distance: float | None = None
        point = document.get("_geo")
        if prepared.geo is not None and isinstance(point, dict):
            try:
                distance = round(
                    haversine_km(prepared.geo.lat, prepared.geo.lng, float(point["lat"]), float(point["lng"])), 3
                )
            except (KeyError, TypeError, ValueError):
                distance = None
        score = raw.get("_rankingScore")
        return SearchHit(
            id=str(document.get(definition.primary_key, "")),
            document=document,
            score=float(score) if isinstance(score, int | float) else None,
            formatted=formatted,
            distance_km=distance,
        )

    def reindex(
        self, index: str, documents: Iterable[Mapping[str, Any]], progress: ProgressCallback | None = None
    ) -> int:
        definition = self._definition(index)
        live, fresh = self.uid(index), f"{self.uid(index)}__reindex"
        count = 0
        with _errors():
            self._wait(self.client.delete_index(fresh).task_uid, ignore=("index_not_found",))
            self._create(fresh, definition)
            self._apply_settings(fresh, definition)
            try:
                for count in self._add(fresh, definition, documents):
                    if progress is not None:
                        progress(count)
                self._create(live, definition)
                # The swap is atomic: searches see either the old or the new documents, never none.
                self._wait(self.client.swap_indexes([{"indexes": [live, fresh]}]).task_uid)
            finally:
                self._wait(self.client.delete_index(fresh).task_uid, ignore=("index_not_found",))
        return count

    def clear(self, index: str) -> None:
        self._definition(index)
        with _errors():
            self._wait(self.client.index(self.uid(index)).delete_all_documents().task_uid)

    def health(self) -> BackendHealth:
        try:
            with _errors():
                status = self.client.health().get("status", "")
                counts = {}
                for name in self.definitions:
                    try:
                        counts[name] = self.client.index(self.uid(name)).get_stats().number_of_documents
                    except MeilisearchApiError as exc:
                        if exc.code != "index_not_found":
                            raise
                        counts[name] = 0
        except SearchError as exc:
            return BackendHealth(ok=False, backend=self.name, detail=str(exc))
        return BackendHealth(ok=status == "available", backend=self.name, detail=status, documents=counts)

    def close(self) -> None:
        """The client keeps no open connections between requests."""
