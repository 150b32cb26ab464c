"""The one search interface: query and result types, errors, and the backend protocol.

Both backends (embedded and Meilisearch) take a `SearchQuery` with structured filters and return a
`SearchResult`; nothing a user typed is ever pasted into a backend's own query language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, Protocol, runtime_checkable

import msgspec

__all__ = [
    "INDEXES",
    "MARK_CLOSE",
    "MARK_OPEN",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "MAX_RADIUS_KM",
    "BackendHealth",
    "Filter",
    "FilterOp",
    "FilterScalar",
    "GeoFilter",
    "InvalidDocument",
    "InvalidQuery",
    "ProgressCallback",
    "SearchBackend",
    "SearchError",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "epoch_days",
]

INDEXES: tuple[str, ...] = ("candidates", "openings", "employers")
MAX_PAGE = 1000
MAX_PER_PAGE = 100
MAX_QUERY_CHARS = 200
MAX_RADIUS_KM = 500.0
# Matched words in `SearchHit.formatted` are wrapped in these (the rest of the text is HTML-escaped).
MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"

FilterScalar = str | int | float | bool
FilterOp = Literal["eq", "in", "gte", "lte", "range"]
ProgressCallback = Callable[[int], None]


class SearchError(Exception):
    """Base of every error a search backend raises on purpose."""


class SearchUnavailable(SearchError):
    """The backend cannot be reached (server down, timeout, storage locked too long)."""


class InvalidQuery(SearchError, ValueError):
    """The query names an unknown index/field/sort or has out-of-range values; show the message."""


class InvalidDocument(SearchError, ValueError):
    """A document cannot be indexed (no string id, bad `_geo`, not JSON-serialisable)."""


class Filter(msgspec.Struct, frozen=True):
    """One condition on a filterable attribute; all filters of a query must hold (AND).

    `eq` on an array attribute means "contains". `in` takes a list (any of). `gte`/`lte` take a
    number; `range` takes `[low, high]` (inclusive). Dates are numbers too: see `epoch_days`.
    """

    field: str
    op: FilterOp
    value: FilterScalar | list[FilterScalar]

    @classmethod
    def eq(cls, field: str, value: FilterScalar) -> Filter:
        return cls(field, "eq", value)

    @classmethod
    def any_of(cls, field: str, values: Iterable[FilterScalar]) -> Filter:
        return cls(field, "in", list(values))

    @classmethod
    def gte(cls, field: str, value: int | float) -> Filter:
        return cls(field, "gte", value)

    @classmethod
    def lte(cls, field: str, value: int | float) -> Filter:
        return cls(field, "lte", value)

    @classmethod
    def between(cls, field: str, low: int | float, high: int | float) -> Filter:
        return cls(field, "range", [low, high])


class GeoFilter(msgspec.Struct, frozen=True):
    """A point; with `radius_km` only documents within that distance match.

    Without a radius it only provides the point for sort "distance" and `SearchHit.distance_km`.
    """

    lat: float
    lng: float
    radius_km: float | None = None


class SearchQuery(msgspec.Struct, kw_only=True):
    """What the app asks. Sort: "" (relevance with text, newest without), "relevance", "newest",
    "distance" (needs `geo`), or "<sortable attribute>:asc" / ":desc"."""

    index: str
    q: str = ""
    filters: list[Filter] = msgspec.field(default_factory=list)
    geo: GeoFilter | None = None
    facets: list[str] = msgspec.field(default_factory=list)
    sort: str = ""
    page: int = 1
    per_page: int = 20
    highlight: list[str] = msgspec.field(default_factory=list)


class SearchHit(msgspec.Struct, kw_only=True):
    """One result. `formatted` holds the requested highlight attributes as HTML-safe text with the
    matched words in <mark>...</mark> (a list for array attributes); render it with `|safe`."""

    id: str
    document: dict[str, Any]
    score: float | None = None
    formatted: dict[str, Any] = msgspec.field(default_factory=dict, name="_formatted")
    distance_km: float | None = None


class SearchResult(msgspec.Struct, kw_only=True):
    """`total` counts every document matching q + filters (not only this page); facet counts are
    over that same set: {attribute: {value as text: count}}."""

    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    total_pages: int
    facet_distribution: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    processing_ms: float = 0.0
    query: str = ""


class BackendHealth(msgspec.Struct, kw_only=True):
    ok: bool
    backend: str
    detail: str = ""
    documents: dict[str, int] = msgspec.field(default_factory=dict)


@runtime_checkable
class SearchBackend(Protocol):
    """The one search interface. Every method may raise `SearchUnavailable`.

    Methods are synchronous (both engines are: the embedded one is CPU-bound, the Meilisearch client
    blocks on HTTP); call them from async code through a worker thread.
    """

    name: str

    def ensure_indexes(self) -> None:
        """Create missing indexes and apply the settings from `search/`."""
        ...

    def preload(self) -> None:
        """Read into this process's memory what its first search would otherwise read (a serving
        process calls it at start-up); nothing to do for a backend that keeps nothing in process."""
        ...

    def upsert(self, index: str, documents: Iterable[Mapping[str, Any]]) -> int:
        """Add or replace whole documents (by `id`), in batches; returns how many were sent."""
        ...

    def delete(self, index: str, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Raises `InvalidQuery` for unknown index/field/sort and out-of-range values."""
        ...

    def reindex(
        self, index: str, documents: Iterable[Mapping[str, Any]], progress: ProgressCallback | None = None
    ) -> int:
        """Build a fresh index from `documents` beside the live one, then swap it in: searches keep
        answering from the old index until the swap. `progress(n)` gets the running count."""
        ...

    def clear(self, index: str) -> None:
        """Remove every document of an index (settings stay)."""
        ...

    def health(self) -> BackendHealth:
        """Never raises: an unreachable backend gives `ok=False`."""
        ...

    def close(self) -> None: ...


_EPOCH = dt.date(1970, 1, 1)


def epoch_days(value: dt.date | dt.datetime) -> int:
    """Dates are indexed as days since 1970-01-01 so they filter and sort as numbers."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return (value - _EPOCH).days
