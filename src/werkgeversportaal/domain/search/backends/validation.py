"""Checks and normalises a `SearchQuery` against an index definition, the same way for both backends.

Everything a user can send ends up here first: unknown fields, sorts and highlight attributes are
refused with `InvalidQuery` (a clear message, never a server error), values are type-checked, and
out-of-range numbers are clamped where a sensible answer exists.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from .base import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MAX_RADIUS_KM,
    Filter,
    FilterScalar,
    GeoFilter,
    InvalidDocument,
    InvalidQuery,
    SearchQuery,
)
from .definitions import IndexDefinition

__all__ = ["PreparedQuery", "SortSpec", "check_document", "haversine_km", "prepare_query"]

MAX_FILTERS = 30
MAX_IN_VALUES = 100
MAX_VALUE_CHARS = 200
MAX_FACETS = 20
EARTH_RADIUS_KM = 6371.0088
GEO_ATTRIBUTE = "_geo"


class SortSpec(msgspec.Struct, frozen=True):
    kind: Literal["relevance", "field", "distance"]
    field: str | None = None
    descending: bool = False


class PreparedQuery(msgspec.Struct, frozen=True, kw_only=True):
    index: str
    q: str
    filters: list[Filter]
    geo: GeoFilter | None
    facets: list[str]
    sort: SortSpec
    page: int
    per_page: int
    highlight: list[str]
    # Pages past MAX_PAGE answer with no hits (but the real total), never an error.
    beyond_last_page: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _clean_text(value: str, keep_trailing_space: bool = False) -> str:
    # Control characters have no meaning in a search box and only upset the engines' parsers.
    cleaned = "".join(ch for ch in value if ch >= " " or ch == "\t")
    return cleaned.lstrip() if keep_trailing_space else cleaned.strip()


def _scalar(field: str, value: object) -> FilterScalar:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise InvalidQuery(f"filter {field!r}: value must be a finite number")
        return value
    if isinstance(value, str):
        return _clean_text(value)[:MAX_VALUE_CHARS]
    raise InvalidQuery(f"filter {field!r}: value must be text, a number or true/false")


def _number(field: str, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidQuery(f"filter {field!r}: value must be a number")
    return value


def _prepare_filter(item: Filter, definition: IndexDefinition) -> Filter:
    field = item.field
    if field == GEO_ATTRIBUTE or field not in definition.filterable_attributes:
        raise InvalidQuery(f"cannot filter on {field!r}")
    value = item.value
    if item.op == "eq":
        if isinstance(value, list):
            raise InvalidQuery(f"filter {field!r}: 'eq' takes one value; use 'in' for several")
        return Filter(field, "eq", _scalar(field, value))
    if item.op == "in":
        values = value if isinstance(value, list) else [value]
        if not values:
            raise InvalidQuery(f"filter {field!r}: 'in' needs at least one value")
        if len(values) > MAX_IN_VALUES:
            raise InvalidQuery(f"filter {field!r}: at most {MAX_IN_VALUES} values")
        return Filter(field, "in", [_scalar(field, v) for v in values])
    if item.op in ("gte", "lte"):
        if isinstance(value, list):
            raise InvalidQuery(f"filter {field!r}: {item.op!r} takes one number")
        return Filter(field, item.op, _number(field, value))
    if item.op == "range":
        if not isinstance(value, list) or len(value) != 2:
            raise InvalidQuery(f"filter {field!r}: 'range' takes [low, high]")
        low, high = _number(field, value[0]), _number(field, value[1])
        if low > high:
            raise InvalidQuery(f"filter {field!r}: range low is above high")
        return Filter(field, "range", [low, high])
    raise InvalidQuery(f"filter {field!r}: unknown operator {item.op!r}")


def _prepare_geo(geo: GeoFilter | None, definition: IndexDefinition) -> GeoFilter | None:
    if geo is None:
        return None
    if GEO_ATTRIBUTE not in definition.filterable_attributes:
        raise InvalidQuery(f"index {definition.name!r} has no locations")
    for name, number, limit in (("lat", geo.lat, 90.0), ("lng", geo.lng, 180.0)):
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
            raise InvalidQuery(f"location {name} must be a number")
        if abs(number) > limit:
            raise InvalidQuery(f"location {name} out of range")
    radius = geo.radius_km
    if radius is not None:
        if isinstance(radius, bool) or not isinstance(radius, int | float) or math.isnan(radius):
            raise InvalidQuery("distance must be a number of kilometres")
        if radius <= 0:
            raise InvalidQuery("distance must be more than 0 km")
        # Beyond the country's size a radius means "anywhere"; clamping keeps engines' maths sane.
        radius = min(float(radius), MAX_RADIUS_KM)
    return GeoFilter(float(geo.lat), float(geo.lng), radius)


def _prepare_sort(sort: str, has_text: bool, geo: GeoFilter | None, definition: IndexDefinition) -> SortSpec:
    sort = (sort or "").strip()
    newest = SortSpec("field", definition.newest_attribute, descending=True)
    if sort in ("", "relevance"):
        return SortSpec("relevance") if has_text else newest
    if sort == "newest":
        return newest
    if sort == "distance":
        if geo is None:
            raise InvalidQuery("sort by distance needs a location")
        return SortSpec("distance")
    field, _, direction = sort.partition(":")
    direction = direction or "asc"
    if field == GEO_ATTRIBUTE or field not in definition.sortable_attributes or direction not in ("asc", "desc"):
        raise InvalidQuery(f"cannot sort by {sort!r}")
    return SortSpec("field", field, descending=direction == "desc")


def prepare_query(query: SearchQuery, definition: IndexDefinition) -> PreparedQuery:
    # A trailing space is kept: it tells that the last word is finished (no prefix search on it).
    q = _clean_text(query.q if isinstance(query.q, str) else "", keep_trailing_space=True)[:MAX_QUERY_CHARS]
    if len(query.filters) > MAX_FILTERS:
        raise InvalidQuery(f"at most {MAX_FILTERS} filters")
    filters = [_prepare_filter(item, definition) for item in query.filters]
    geo = _prepare_geo(query.geo, definition)
    facets: list[str] = []
    for facet in query.facets:
        if facet == GEO_ATTRIBUTE or facet not in definition.filterable_attributes:
            raise InvalidQuery(f"no facet counts for {facet!r}")
        if facet not in facets:
            facets.append(facet)
    if len(facets) > MAX_FACETS:
        raise InvalidQuery(f"at most {MAX_FACETS} facets")
    highlight: list[str] = []
    for attribute in query.highlight:
        if attribute not in definition.searchable_names:
            raise InvalidQuery(f"cannot highlight {attribute!r}")
        if attribute not in highlight:
            highlight.append(attribute)
    if isinstance(query.page, bool) or not isinstance(query.page, int) or query.page < 1:
        raise InvalidQuery("page must be 1 or more")
    if isinstance(query.per_page, bool) or not isinstance(query.per_page, int) or query.per_page < 1:
        raise InvalidQuery("per_page must be 1 or more")
    return PreparedQuery(
        index=query.index,
        q=q,
        filters=filters,
        geo=geo,
        facets=facets,
        sort=_prepare_sort(query.sort, bool(q.strip()), geo, definition),
        page=query.page,
        per_page=min(query.per_page, MAX_PER_PAGE),
        highlight=highlight,
        beyond_last_page=query.page > MAX_PAGE,
    )


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


_DOCUMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,511}")


def check_document(document: Mapping[str, Any], primary_key: str = "id") -> dict[str, Any]:
    """A JSON-ready copy of the document (UUIDs and dates become text), or `InvalidDocument`.

    Ids follow Meilisearch's rule (letters, digits, - and _) so both backends accept the same ids.
    """
    try:
        doc = msgspec.to_builtins(dict(document))
    except (TypeError, ValueError) as exc:
        raise InvalidDocument(f"document cannot be stored as JSON: {exc}") from exc
    doc_id = doc.get(primary_key)
    if not isinstance(doc_id, str) or not _DOCUMENT_ID.fullmatch(doc_id):
        raise InvalidDocument(f"document needs a text {primary_key!r} of letters, digits, '-' or '_'")
    geo = doc.get(GEO_ATTRIBUTE)
    if geo is not None:
        lat = geo.get("lat") if isinstance(geo, dict) else None
        lng = geo.get("lng") if isinstance(geo, dict) else None
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= limit
            for v, limit in ((lat, 90.0), (lng, 180.0))
        ):
            raise InvalidDocument(f"document {doc_id!r}: _geo needs numeric lat and lng")
    return doc
