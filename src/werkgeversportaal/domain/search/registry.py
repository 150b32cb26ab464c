"""What each area tells the search integration: how to build its documents and who may see them.

An area registers, for each index it owns, at import time of a module that `load_job_modules()`
(app.py) imports, so the web process, the worker and the CLI all know it:

    register_document_builder("openings", build_opening_documents, list_ids=published_opening_ids)
    register_visibility_checker("openings", visible_openings)

- a document builder `async (session, ids) -> {id: document | None}` reads the database as it is
  now and returns the document for each id, or None when the id must not be (or no longer be) in
  the index; an id missing from the answer counts as None;
- `list_ids` `async (session) -> list[id]` names every id that belongs in the index, for reindex;
- a visibility checker `async (session, ids, viewer) -> set[id]` says which of the ids the viewer
  may see right now (see service.filter_visible).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

Document = dict[str, Any]
DocumentBuilder = Callable[[AsyncSession, Sequence[str]], Awaitable[dict[str, Document | None]]]
IdLister = Callable[[AsyncSession], Awaitable[list[str]]]
VisibilityChecker = Callable[[AsyncSession, Sequence[str], Any], Awaitable[set[str]]]


@dataclass(frozen=True)
class IndexSource:
    build: DocumentBuilder
    list_ids: IdLister | None = None


DOCUMENT_BUILDERS: dict[str, IndexSource] = {}
VISIBILITY_CHECKERS: dict[str, VisibilityChecker] = {}


def register_document_builder(index: str, build: DocumentBuilder, *, list_ids: IdLister | None = None) -> None:
    DOCUMENT_BUILDERS[index] = IndexSource(build=build, list_ids=list_ids)


def register_visibility_checker(index: str, check: VisibilityChecker) -> None:
    VISIBILITY_CHECKERS[index] = check


def document_source(index: str) -> IndexSource | None:
    return DOCUMENT_BUILDERS.get(index)
