"""The in-memory side of one index: postings, vocabulary, filter/facet values, sort orders, points.

Built from the rows of the SQLite file and kept current by applying newer rows; it is what queries
run against, so it favours fast lookups (sets per filter value, lazily sorted orders) over memory.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

import msgspec

from ..definitions import IndexDefinition
from .analysis import fold
from .storage import Row
from .typo import Vocabulary

__all__ = ["K1", "MemoryIndex", "facet_label", "filter_key"]

K1 = 1.2  # BM25 term-frequency saturation
_SCANS_BEFORE_SORTING = 3
_MAX_RANGE_SETS = 128
_MAX_TERM_MASKS = 2048  # words searched for lately (a mask is a bit per document)
# Facet fields with at most this many values also keep each value's documents as a bitmask (an int),
# so counting a facet over a result set is one AND and popcount per value instead of a set
# intersection; "id"-like fields with thousands of values are not worth a mask per value.
MAX_MASKED_VALUES = 256
Key = str | float
_body_decoder = msgspec.json.Decoder(dict[str, Any])
_terms_decoder = msgspec.msgpack.Decoder(dict[str, float])


def filter_key(value: Any) -> Key | None:
    """How a value is compared in filters and grouped in facets: text case- and accent-insensitive,
    numbers by value (2 == 2.0), booleans as the words "true"/"false" (as Meilisearch does)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return fold(value.strip())
    return None


def facet_label(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _scalars(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None and not isinstance(v, list | tuple | dict)]
    if isinstance(value, dict):
        return []
    return [value]


def _sort_value(value: Any) -> tuple[int, Any] | None:
    # Numbers sort before text, like Meilisearch; for an array the first value counts.
    values = _scalars(value)
    if not values:
        return None
    first = values[0]
    if isinstance(first, bool):
        return (0, float(first))
    if isinstance(first, int | float):
        return (0, float(first))
    return (1, fold(str(first)))


def _point(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, dict):
        return None
    lat, lng = value.get("lat"), value.get("lng")
    try:
        return float(lat), float(lng)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class MemoryIndex:
    def __init__(self, definition: IndexDefinition, generation: int = 0, rev: int = 0) -> None:
        self.definition = definition
        self.generation = generation
        self.rev = rev
        self.vocabulary = Vocabulary()
        self.documents: dict[int, dict[str, Any]] = {}
        self.ids: dict[int, str] = {}
        self.numbers_by_id: dict[str, int] = {}
        # term -> {doc: saturated BM25F term frequency}; idf is applied at query time.
        self.postings: dict[str, dict[int, float]] = {}
        self.doc_terms: dict[int, tuple[str, ...]] = {}
        self.filterable = [f for f in definition.filterable_attributes if f != "_geo"]
        self.value_docs: dict[str, dict[Key, set[int]]] = {f: {} for f in self.filterable}
        self.labels: dict[str, dict[Key, str]] = {f: {} for f in self.filterable}
        self.doc_keys: dict[str, dict[int, tuple[Key, ...]]] = {f: {} for f in self.filterable}
        # Numeric values for range filters: one per document (the usual case) or several (arrays).
        self.numbers: dict[str, dict[int, float]] = {f: {} for f in self.filterable}
        self.multi_numbers: dict[str, dict[int, tuple[float, ...]]] = {f: {} for f in self.filterable}
        self.sortable = [f for f in definition.sortable_attributes if f != "_geo"]
        self.sort_values: dict[str, dict[int, tuple[int, Any]]] = {f: {} for f in self.sortable}
        self.points: dict[int, tuple[float, float]] = {}
        # Documents are mostly located by their place: many share a point.
        self.point_docs: dict[tuple[float, float], set[int]] = {}
        self._next = 0
        self._ranges: dict[str, tuple[list[float], list[int]]] = {}
        self._range_misses: dict[str, int] = {}
        self._range_sets: dict[tuple[str, float, float], set[int]] = {}
        self._range_masks: dict[tuple[str, float, float], int] = {}
        self._term_masks: dict[str, int] = {}
        # filters (executor.filter_docs' key) -> the documents passing them; until the index changes.
        self.filtered: dict[tuple[Any, ...], set[int]] = {}
        # field -> value -> bitmask of its documents; built on first use, then kept current.
        self._masks: dict[str, dict[Key, int]] = {}
        self._orders: dict[str, tuple[list[int], dict[int, int]]] = {}
        self._latitudes: tuple[list[float], list[int]] | None = None
        self._latitude_misses = 0

    def __len__(self) -> int:
        return len(self.documents)

    # -- changes -------------------------------------------------------------------------------

    def apply(self, rows: Iterable[Row]) -> None:
        for doc_id, body, terms in rows:
            self.remove(doc_id)
            if body is not None and terms is not None:
                self.put(doc_id, _body_decoder.decode(body), _terms_decoder.decode(terms))
        self._ranges.clear()
        self._range_misses.clear()
        self._range_sets.clear()
        self._range_masks.clear()
        self._term_masks.clear()
        self.filtered.clear()
        self._orders.clear()
        self._latitudes = None
        self._latitude_misses = 0

    def put(self, doc_id: str, document: dict[str, Any], terms: dict[str, float]) -> None:
        num = self._next
        self._next += 1
        self.documents[num] = document
        self.ids[num] = doc_id
        self.numbers_by_id[doc_id] = num
        postings = self.postings
        for term, tf in terms.items():
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = {}
                self.vocabulary.add(term)
            posting[num] = tf * (K1 + 1.0) / (tf + K1)
        self.doc_terms[num] = tuple(terms)
        for field in self.filterable:
            keys: list[Key] = []
            numbers: list[float] = []
            for value in _scalars(document.get(field)):
                key = filter_key(value)
                if key is None:
                    continue
                keys.append(key)
                self.value_docs[field].setdefault(key, set()).add(num)
                self.labels[field].setdefault(key, facet_label(value))
                if isinstance(value, int | float) and not isinstance(value, bool):
                    numbers.append(float(value))
            if keys:
                unique = self.doc_keys[field][num] = tuple(dict.fromkeys(keys))
                masks = self._masks.get(field)
                if masks is not None:
                    bit = 1 << num
                    for key in unique:
                        masks[key] = masks.get(key, 0) | bit
            if len(numbers) == 1:
                self.numbers[field][num] = numbers[0]
            elif numbers:
                self.multi_numbers[field][num] = tuple(numbers)
        for field in self.sortable:
            sort_value = _sort_value(document.get(field))
            if sort_value is not None:
                self.sort_values[field][num] = sort_value
        point = _point(document.get("_geo"))
        if point is not None:
            self.points[num] = point
            self.point_docs.setdefault(point, set()).add(num)

    def remove(self, doc_id: str) -> None:
        num = self.numbers_by_id.pop(doc_id, None)
        if num is None:
            return
        del self.documents[num]
        del self.ids[num]
        for term in self.doc_terms.pop(num, ()):
            posting = self.postings.get(term)
            if posting is None:
                continue
            posting.pop(num, None)
            if not posting:
                del self.postings[term]
                self.vocabulary.discard(term)
        for field in self.filterable:
            masks = self._masks.get(field)
            for key in self.doc_keys[field].pop(num, ()):
                docs = self.value_docs[field].get(key)
                if docs is not None:
                    docs.discard(num)
                    if not docs:
                        del self.value_docs[field][key]
                        self.labels[field].pop(key, None)
                if masks is not None and key in masks:
                    remaining = masks[key] & ~(1 << num)
                    if remaining:
                        masks[key] = remaining
                    else:
                        del masks[key]
            self.numbers[field].pop(num, None)
            self.multi_numbers[field].pop(num, None)
        for field in self.sortable:
            self.sort_values[field].pop(num, None)
        point = self.points.pop(num, None)
        if point is not None:
            docs = self.point_docs[point]
            docs.discard(num)
            if not docs:
                del self.point_docs[point]

    # -- lookups for queries ---------------------------------------------------------------------

    def range_docs(self, field: str, low: float | None, high: float | None) -> set[int]:
        """Documents with a value in [low, high]. The set may be shared: callers must not change it."""
        lo = -math.inf if low is None else low
        hi = math.inf if high is None else high
        cached = self._range_sets.get((field, lo, hi))
        if cached is not None:
            return cached
        index = self._ranges.get(field)
        if index is None:
            # Right after a change a plain scan is cheaper than re-sorting; sort once the values
            # have stayed put for a few queries.
            misses = self._range_misses[field] = self._range_misses.get(field, 0) + 1
            if misses < _SCANS_BEFORE_SORTING:
                found = {num for num, v in self.numbers[field].items() if lo <= v <= hi}
                for num, several in self.multi_numbers[field].items():
                    if any(lo <= v <= hi for v in several):
                        found.add(num)
                return found
            pairs = list(self.numbers[field].items())
            pairs.extend((num, v) for num, several in self.multi_numbers[field].items() for v in several)
            pairs.sort(key=itemgetter(1))
            index = self._ranges[field] = ([p[1] for p in pairs], [p[0] for p in pairs])
        values, nums = index
        found = set(nums[bisect.bisect_left(values, lo) : bisect.bisect_right(values, hi)])
        # Forms ask the same few ranges over and over ("Dutch at least A2", "at least 24 hours"); a
        # wide range is thousands of documents, so keep the sets until the index changes.
        if len(self._range_sets) >= _MAX_RANGE_SETS:
            self._range_sets.clear()
        self._range_sets[(field, lo, hi)] = found
        return found

    def term_mask(self, term: str) -> int:
        """The documents holding `term` as a bitmask, kept until the index changes."""
        mask = self._term_masks.get(term)
        if mask is None:
            posting = self.postings.get(term)
            mask = self.mask_of(posting) if posting else 0
            if len(self._term_masks) >= _MAX_TERM_MASKS:
                self._term_masks.clear()
            self._term_masks[term] = mask
        return mask

    def range_mask(self, field: str, low: float | None, high: float | None) -> int:
        """range_docs as a bitmask, kept (like the sets) until the index changes."""
        key = (field, -math.inf if low is None else low, math.inf if high is None else high)
        mask = self._range_masks.get(key)
        if mask is None:
            mask = self.mask_of(self.range_docs(field, low, high))
            if len(self._range_masks) >= _MAX_RANGE_SETS:
                self._range_masks.clear()
            self._range_masks[key] = mask
        return mask

    def masks(self, field: str) -> dict[Key, int] | None:
        """Each value's documents of `field` as a bitmask (bit n = document n); None for a field
        with too many values. Do not change the result."""
        masks = self._masks.get(field)
        if masks is None:
            value_docs = self.value_docs[field]
            if len(value_docs) > MAX_MASKED_VALUES:
                return None
            masks = self._masks[field] = {key: self.mask_of(docs) for key, docs in value_docs.items()}
        elif len(masks) > MAX_MASKED_VALUES:  # grew past the limit since: stop keeping them
            del self._masks[field]
            return None
        return masks

    def mask_of(self, docs: Iterable[int]) -> int:
        bits = bytearray((self._next >> 3) + 1)
        for num in docs:
            bits[num >> 3] |= 1 << (num & 7)
        return int.from_bytes(bits, "little")

    def order(self, field: str) -> tuple[list[int], dict[int, int]]:
        """Documents having a value for `field`, ascending, and each one's position in that list."""
        cached = self._orders.get(field)
        if cached is None:
            values = self.sort_values[field]
            ordered = sorted(values, key=values.__getitem__)
            cached = self._orders[field] = (ordered, {num: i for i, num in enumerate(ordered)})
        return cached

    def latitude_band(self, low: float, high: float) -> set[int] | None:
        """Documents located between two latitudes; None right after a change (callers then check
        each point themselves, which is cheaper than re-sorting for a single query)."""
        if self._latitudes is None:
            self._latitude_misses += 1
            if self._latitude_misses < _SCANS_BEFORE_SORTING:
                return None
            pairs = sorted(((num, point[0]) for num, point in self.points.items()), key=itemgetter(1))
            self._latitudes = ([p[1] for p in pairs], [p[0] for p in pairs])
        lats, nums = self._latitudes
        return set(nums[bisect.bisect_left(lats, low) : bisect.bisect_right(lats, high)])
