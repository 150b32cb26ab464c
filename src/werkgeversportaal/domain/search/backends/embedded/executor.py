"""Runs a prepared query against a `MemoryIndex`: filter, match, rank, count facets, sort, page.

Ranking follows the index's rules "words, sort, typo, ... attribute, exactness": documents matching
more of the query words (from the first word on, Meilisearch's "last" strategy) come first; then the
requested sort; then fewer typos; then BM25F relevance, in which attribute weights and exactness
(exact > synonym > prefix > typo) are folded.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ..base import Filter, GeoFilter
from ..validation import PreparedQuery, haversine_km
from .analysis import Analyzer
from .memory import Key, MemoryIndex, filter_key
from .typo import typo_budget

__all__ = ["Derivation", "Executor", "Outcome"]

_EXACT, _SYNONYM, _PREFIX = 1.0, 0.9, 0.8
_TYPO_QUALITY = {1: 0.6, 2: 0.45}
_PREFIX_TERMS = 50  # most frequent completions of a short prefix; bounds work per keystroke
_MAX_DERIVATIONS = 150
_KM_PER_DEGREE_LAT = 111.2


class Derivation(NamedTuple):
    term: str
    typos: int
    quality: float
    mark: int  # characters to highlight, 0 = the whole word


Rank = tuple[int, int, float]  # words matched from the first on, typos, relevance


class Outcome(NamedTuple):
    total: int
    page: list[int]
    facets: dict[str, dict[str, int]]
    ranks: dict[int, Rank] | None
    distances: dict[int, float] | None
    marks: dict[str, int]


class Executor:
    def __init__(self, analyzer: Analyzer, one_typo_min: int, two_typos_min: int, typos: bool, max_facet_values: int):
        self.analyzer = analyzer
        self.one_typo_min = one_typo_min
        self.two_typos_min = two_typos_min
        self.typos = typos
        self.max_facet_values = max_facet_values
        self._cache: dict[tuple[str, bool], list[Derivation]] = {}
        self._cache_version = -1

    # -- words -> indexed terms -------------------------------------------------------------------

    def derive(self, mem: MemoryIndex, word: str, prefix: bool) -> list[Derivation]:
        if mem.vocabulary.version != self._cache_version:
            self._cache.clear()
            self._cache_version = mem.vocabulary.version
        cached = self._cache.get((word, prefix))
        if cached is not None:
            return cached
        postings = mem.postings
        found: dict[str, Derivation] = {}
        if word in postings:
            found[word] = Derivation(word, 0, _EXACT, 0)
        for synonym in self.analyzer.synonyms.get(word, ()):
            if synonym in postings and synonym not in found:
                found[synonym] = Derivation(synonym, 0, _SYNONYM, 0)
        if prefix:
            completions = mem.vocabulary.prefixed(word, limit=5000)
            if len(completions) > _PREFIX_TERMS:
                completions = heapq.nlargest(_PREFIX_TERMS, completions, key=lambda t: len(postings.get(t, ())))
            for term in completions:
                found.setdefault(term, Derivation(term, 0, _PREFIX, len(word)))
        budget = typo_budget(word, self.one_typo_min, self.two_typos_min) if self.typos else 0
        if budget:
            for term, (typos, matched) in mem.vocabulary.fuzzy(word, budget, prefix).items():
                if term not in found:
                    quality = _TYPO_QUALITY.get(typos, 0.3) if typos else _PREFIX
                    found[term] = Derivation(term, typos, quality, matched if matched < len(term) else 0)
        ordered = sorted(found.values(), key=lambda d: (d.typos, -d.quality, -len(postings.get(d.term, ()))))
        result = ordered[:_MAX_DERIVATIONS]
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[(word, prefix)] = result
        return result

    # -- the query ------------------------------------------------------------------------------

    def run(self, mem: MemoryIndex, query: PreparedQuery) -> Outcome:
        allowed = filter_docs(mem, query.filters)
        words = self.analyzer.query(query.q)
        ranks: dict[int, Rank] | None = None
        marks: dict[str, int] = {}
        pool: set[int] | None = allowed
        first_word: list[Derivation] | None = None
        if words.words:
            last = len(words.words) - 1
            slots = [self.derive(mem, w, words.last_is_prefix and i == last) for i, w in enumerate(words.words)]
            for derivations in slots:
                for d in derivations:
                    if d.mark == 0 or marks.get(d.term, -1) != 0:
                        marks[d.term] = d.mark
            ranks = match(mem, slots, allowed)
            pool = set(ranks)
            first_word = slots[0]
        distances: dict[int, float] | None = None
        pool_from_words = first_word is not None  # the pool is match()'s (not narrowed by distance)
        if query.geo is not None and (query.geo.radius_km is not None or query.sort.kind == "distance"):
            distances = geo_distances(mem, query.geo, pool)
            if query.geo.radius_km is not None:
                pool = set(distances)
                pool_from_words = False
        total = len(mem) if pool is None else len(pool)
        pool_mask: list[int] = []  # the pool as a bitmask, made once when a facet needs it
        if query.facets and (pool is allowed or pool_from_words) and pool is not None:
            # Made of masks the index keeps, not of a bit set per pooled document.
            mask = known_mask(mem, query.filters, first_word if pool_from_words else None)
            if mask is not None:
                pool_mask.append(mask)
        facets = {f: self.facet_counts(mem, f, pool, pool_mask) for f in query.facets}
        page: list[int] = []
        if not query.beyond_last_page and query.offset < total:
            ordered = self.ordered(mem, query, pool, ranks, distances)
            page = list(itertools.islice(ordered, query.offset, query.offset + query.per_page))
        return Outcome(total, page, facets, ranks, distances, marks)

    def ordered(
        self,
        mem: MemoryIndex,
        query: PreparedQuery,
        pool: set[int] | None,
        ranks: dict[int, Rank] | None,
        distances: dict[int, float] | None,
    ) -> Iterator[int]:
        limit = query.offset + query.per_page
        sort = query.sort
        docs: Iterable[int] = mem.documents if pool is None else pool
        if sort.kind == "distance" and distances is not None:
            inf = math.inf
            get = distances.get
            if ranks is None:
                return iter(heapq.nsmallest(limit, docs, key=lambda d: (get(d, inf), -d)))
            # Sort keys made in one pass, as for relevance below (unique: -d).
            ranked = ranks.items() if pool is None or len(pool) == len(ranks) else ((d, ranks[d]) for d in pool)
            by_distance = [(-m, get(d, inf), typos, -score, -d) for d, (m, typos, score) in ranked]
            return (-key[4] for key in heapq.nsmallest(limit, by_distance))
        if sort.kind == "field" and sort.field is not None:
            order, position = mem.order(sort.field)
            if ranks is None:
                return _walk_order(order, position, pool, mem, sort.descending)
            sign = -1 if sort.descending else 1
            missing = len(order) + 1

            def field_key(d: int) -> tuple[int, int, int, float, int]:
                m, typos, score = ranks[d]
                at = position.get(d)
                return (-m, missing if at is None else sign * at, typos, -score, -d)

            return iter(heapq.nsmallest(limit, docs, key=field_key))
        if ranks is None:  # relevance without words: newest first
            order, position = mem.order(mem.definition.newest_attribute)
            return _walk_order(order, position, pool, mem, descending=True)
        # The sort keys made in one pass (no key function per document); they are unique (-d), so
        # the order is the same as with a key function.
        ranked = ranks.items() if pool is None or len(pool) == len(ranks) else ((d, ranks[d]) for d in pool)
        keys = [(-m, typos, -score, -d) for d, (m, typos, score) in ranked]
        return (-key[3] for key in heapq.nsmallest(limit, keys))

    def facet_counts(
        self, mem: MemoryIndex, field: str, pool: set[int] | None, pool_mask: list[int] | None = None
    ) -> dict[str, int]:
        value_docs = mem.value_docs[field]
        counts: dict[Key, int] = {}
        masks = mem.masks(field) if pool is not None else None
        if pool is None:
            counts = {key: len(docs) for key, docs in value_docs.items()}
        elif masks is not None:
            if pool_mask is None:
                pool_mask = []
            if not pool_mask:
                pool_mask.append(mem.mask_of(pool))
            within = pool_mask[0]
            counts = {key: (mask & within).bit_count() for key, mask in masks.items()}
        else:
            size = len(pool)
            by_value_cost = sum(min(len(docs), size) for docs in value_docs.values())
            # Set intersections run in C, about 20x cheaper per element than a Python loop over docs.
            if size * 20 < by_value_cost:
                doc_keys = mem.doc_keys[field]
                for num in pool:
                    for key in doc_keys.get(num, ()):
                        counts[key] = counts.get(key, 0) + 1
            else:
                for key, docs in value_docs.items():
                    count = len(pool.intersection(docs)) if len(docs) > size else len(docs.intersection(pool))
                    if count:
                        counts[key] = count
        labels = mem.labels[field]
        keys = sorted((k for k, c in counts.items() if c), key=lambda k: (isinstance(k, str), k))
        return {labels[k]: counts[k] for k in keys[: self.max_facet_values]}


def _walk_order(
    order: list[int], position: dict[int, int], pool: set[int] | None, mem: MemoryIndex, descending: bool
) -> Iterator[int]:
    """Documents in sort order, then (lazily) the ones without a value for the sort field."""
    if pool is not None and len(pool) * 8 < len(order):
        present = sorted((d for d in pool if d in position), key=position.__getitem__, reverse=descending)
    else:
        sequence = reversed(order) if descending else iter(order)
        present = sequence if pool is None else (d for d in sequence if d in pool)  # type: ignore[assignment]
    return itertools.chain(present, _without_value(mem.documents if pool is None else pool, position))


def _without_value(docs: Iterable[int], position: dict[int, int]) -> Iterator[int]:
    # A generator function, so the sort only happens when a page reaches past the valued documents.
    yield from (d for d in sorted(docs) if d not in position)


def filter_docs(mem: MemoryIndex, filters: list[Filter]) -> set[int] | None:
    """Documents passing every filter, or None for "all" (no filters). The set may be shared:
    callers must not change it."""
    if not filters:
        return None
    # Forms send the same few combinations over and over: the intersection is kept until the
    # index changes (like range_docs' sets). Values keyed with their type: True is not 1 here.
    key = tuple((item.field, item.op, _typed(item.value)) for item in filters)
    found = mem.filtered.get(key)
    if found is None:
        found = _filter_docs(mem, filters)
        if len(mem.filtered) >= 128:
            mem.filtered.clear()
        mem.filtered[key] = found
    return found


def _typed(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(map(_typed, value))
    return (type(value), value)


def _filter_docs(mem: MemoryIndex, filters: list[Filter]) -> set[int]:
    sets: list[set[int]] = []
    empty: set[int] = set()
    for item in filters:
        if item.op in ("eq", "in"):
            values = item.value if isinstance(item.value, list) else [item.value]
            value_docs = mem.value_docs[item.field]
            matched = [value_docs.get(key, empty) for key in map(filter_key, values) if key is not None]
            sets.append(matched[0] if len(matched) == 1 else set().union(*matched))
        elif isinstance(item.value, list):  # range, validated as [low, high]
            low, high = item.value
            sets.append(mem.range_docs(item.field, float(low), float(high)))
        elif item.op == "gte":
            sets.append(mem.range_docs(item.field, float(item.value), None))
        else:
            sets.append(mem.range_docs(item.field, None, float(item.value)))
    sets.sort(key=len)
    return sets[0].intersection(*sets[1:])


def known_mask(mem: MemoryIndex, filters: list[Filter], first_word: list[Derivation] | None) -> int | None:
    """A pool as a bitmask from masks the index keeps: the documents passing the filters (those of
    filter_docs), and when `first_word` is given, holding one of its terms too (as match() pools
    them). None when a filter's field keeps no masks."""
    mask = filter_mask(mem, filters) if filters else None
    if filters and mask is None:
        return None
    if first_word is not None:
        words_mask = 0
        for derivation in first_word:
            words_mask |= mem.term_mask(derivation.term)
        mask = words_mask if mask is None else words_mask & mask
    return mask


def filter_mask(mem: MemoryIndex, filters: list[Filter]) -> int | None:
    """The documents of filter_docs as a bitmask, from the per-value masks of the facet fields and
    the (cached) masks of ranges; None when a filter's field keeps no masks."""
    result: int | None = None
    for item in filters:
        if item.op in ("eq", "in"):
            masks = mem.masks(item.field)
            if masks is None:
                return None
            values = item.value if isinstance(item.value, list) else [item.value]
            mask = 0
            for key in map(filter_key, values):
                if key is not None:
                    mask |= masks.get(key, 0)
        elif isinstance(item.value, list):
            low, high = item.value
            mask = mem.range_mask(item.field, float(low), float(high))
        elif item.op == "gte":
            mask = mem.range_mask(item.field, float(item.value), None)
        else:
            mask = mem.range_mask(item.field, None, float(item.value))
        result = mask if result is None else result & mask
    return result


def match(mem: MemoryIndex, slots: list[list[Derivation]], allowed: set[int] | None) -> dict[int, Rank]:
    total_docs = len(mem)
    postings = mem.postings
    per_slot: list[tuple[dict[int, float], dict[int, int]]] = []
    for derivations in slots:
        best: dict[int, float] = {}
        typos_of: dict[int, int] = {}
        for term, typos, quality, _ in derivations:
            posting = postings.get(term)
            if not posting:
                continue
            df = len(posting)
            weight = math.log(1.0 + (total_docs - df + 0.5) / (df + 0.5)) * quality
            # A dict view & a set walks the smaller of the two, in C.
            docs: Iterable[int] = posting if allowed is None else posting.keys() & allowed
            if not best:  # the first term with documents: nothing to compare with yet
                best = {d: weight * posting[d] for d in docs}
                typos_of = dict.fromkeys(best, typos)
                continue
            for d in docs:
                score = weight * posting[d]
                known = best.get(d)
                if known is None:
                    best[d] = score
                    typos_of[d] = typos  # derivations come fewest typos first
                elif score > known:
                    best[d] = score
        per_slot.append((best, typos_of))
    first_best, first_typos = per_slot[0]
    rest = per_slot[1:]
    if not rest:  # one word (the usual search): every document matched it alone
        return {d: (1, first_typos[d], score) for d, score in first_best.items()}
    ranks: dict[int, Rank] = {}
    for d, score in first_best.items():
        matched = 1
        typos = first_typos[d]
        leading = True
        for best, typos_of in rest:
            other = best.get(d)
            if other is None:
                leading = False
                continue
            score += other
            if leading:
                matched += 1
                typos += typos_of[d]
        ranks[d] = (matched, typos, score)
    return ranks


def geo_distances(mem: MemoryIndex, geo: GeoFilter, pool: set[int] | None) -> dict[int, float]:
    """km from the point to each document in `pool` that has a location (within the radius, if any)."""
    if pool is None or len(pool) > len(mem.point_docs):
        return _distances_by_point(mem, geo, pool)
    radius = geo.radius_km
    band = math.inf if radius is None else radius / _KM_PER_DEGREE_LAT
    candidates: set[int] | None = None
    if radius is not None:
        candidates = mem.latitude_band(geo.lat - band, geo.lat + band)
        if candidates is not None and pool is not None:
            candidates = candidates.intersection(pool) if len(candidates) > len(pool) else pool.intersection(candidates)
    if candidates is None:
        candidates = set(mem.points) if pool is None else pool.intersection(mem.points)
    points = mem.points
    lat0, lng0 = geo.lat, geo.lng
    inf = math.inf
    # Documents are mostly located by their place, so many share a point: compute each point once.
    known: dict[tuple[float, float], float] = {}
    distances: dict[int, float] = {}
    for d in candidates:
        point = points[d]
        km = known.get(point)
        if km is None:
            lat, lng = point
            # cheap reject before the trigonometry
            km = known[point] = inf if abs(lat - lat0) > band else haversine_km(lat0, lng0, lat, lng)
        if radius is None or km <= radius:
            distances[d] = km
    return distances


def _distances_by_point(mem: MemoryIndex, geo: GeoFilter, pool: set[int] | None) -> dict[int, float]:
    """geo_distances for many documents: one distance per distinct point, given to its documents at once."""
    radius = geo.radius_km
    band = math.inf if radius is None else radius / _KM_PER_DEGREE_LAT
    lat0, lng0 = geo.lat, geo.lng
    distances: dict[int, float] = {}
    for (lat, lng), docs in mem.point_docs.items():
        if abs(lat - lat0) > band:  # cheap reject before the trigonometry
            continue
        km = haversine_km(lat0, lng0, lat, lng)
        if radius is not None and km > radius:
            continue
        if pool is not None:
            docs = docs.intersection(pool) if len(docs) < len(pool) else pool.intersection(docs)
        distances.update(dict.fromkeys(docs, km))
    return distances
