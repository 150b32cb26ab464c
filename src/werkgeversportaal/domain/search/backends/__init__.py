"""Search backends behind one interface (`base.SearchBackend`), chosen by settings.

backend = create_backend("embedded", directory="var/search")
backend = create_backend("meilisearch", url="http://localhost:7700", api_key="...")
"""

from __future__ import annotations

from typing import Any

from .base import (
    INDEXES,
    BackendHealth,
    Filter,
    GeoFilter,
    InvalidDocument,
    InvalidQuery,
    SearchBackend,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
    epoch_days,
)

__all__ = [
    "BACKENDS",
    "INDEXES",
    "BackendHealth",
    "Filter",
    "GeoFilter",
    "InvalidDocument",
    "InvalidQuery",
    "SearchBackend",
    "SearchError",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "create_backend",
    "epoch_days",
]

BACKENDS = ("embedded", "meilisearch")


def create_backend(kind: str, **options: Any) -> SearchBackend:
    """Build a backend by name.

    embedded: directory="var/search", definitions_dir=None, prefix="", batch_size=1000, timeout_s=10.0
    meilisearch: url (required), api_key=None, prefix="", timeout_s=5.0, task_timeout_s=60.0,
                 batch_size=1000, definitions_dir=None
    """
    normalized = kind.strip().lower()
    if normalized == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend(**options)
    if normalized in ("meilisearch", "meili"):
        from .meili import MeilisearchBackend

        return MeilisearchBackend(**options)
    raise ValueError(f"unknown search backend {kind!r}; choose one of {', '.join(BACKENDS)}")
