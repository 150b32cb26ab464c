"""The vocabulary as a character trie, walked with an edit-distance row per node.

One walk answers "which indexed words are within k typos of this query word" (and, for the word
still being typed, "which words *start* within k typos of it"), visiting only the trie paths whose
edit distance can still stay within k. Typos are Damerau-Levenshtein (a swap of two neighbouring
letters is one typo). As in Meilisearch, a typo on the first letter counts as two.
"""

from __future__ import annotations

import itertools
from typing import Any

__all__ = ["Vocabulary", "typo_budget"]

_END = ""  # key of the terminal marker; never a character key, since words are non-empty
# Shared by all vocabularies, so a version number never means two different word sets (not even
# across a reload that builds a new Vocabulary).
_versions = itertools.count(1)


def typo_budget(word: str, one_typo_min: int, two_typos_min: int) -> int:
    length = len(word)
    if length >= two_typos_min:
        return 2
    if length >= one_typo_min:
        return 1
    return 0


class Vocabulary:
    """Every distinct indexed word. `version` changes whenever a word appears or disappears, so
    callers can cache per-word lookups until then."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.version = next(_versions)

    def add(self, term: str) -> None:
        node = self.root
        for ch in term:
            child = node.get(ch)
            if child is None:
                child = node[ch] = {}
            node = child
        if _END not in node:
            node[_END] = term
            self.version = next(_versions)

    def discard(self, term: str) -> None:
        path: list[tuple[dict[str, Any], str]] = []
        node = self.root
        for ch in term:
            child = node.get(ch)
            if child is None:
                return
            path.append((node, ch))
            node = child
        if node.pop(_END, None) is None:
            return
        self.version = next(_versions)
        # Prune the branch back to the last node still in use, so walks don't visit dead paths.
        for parent, ch in reversed(path):
            if parent[ch]:
                break
            del parent[ch]

    def prefixed(self, prefix: str, limit: int) -> list[str]:
        """Words that start with `prefix` (the prefix itself excluded), at most `limit`."""
        node = self.root
        for ch in prefix:
            child = node.get(ch)
            if child is None:
                return []
            node = child
        found: list[str] = []
        _collect(node, found, limit)
        return [term for term in found if term != prefix]

    def fuzzy(self, word: str, budget: int, prefix: bool, limit: int = 500) -> dict[str, tuple[int, int]]:
        """{word: (typos, matched length)} for words within `budget` typos of `word` (or, with
        `prefix`, starting with something within `budget` typos). The matched length is how many
        characters of the found word to highlight."""
        out: dict[str, tuple[int, int]] = {}
        if not word or budget <= 0:
            return out
        length = len(word)
        first = word[0]
        for ch, child in self.root.items():
            if ch == _END:
                continue
            if ch == first:
                walk_budget, extra = budget, 0
            elif budget >= 2:
                walk_budget, extra = budget - 1, 1
            else:
                continue
            big = walk_budget + 1
            row0 = [j if j <= walk_budget else big for j in range(length + 1)]
            walker = _Walker(word, walk_budget, extra, prefix, out, limit)
            walker.visit(child, 1, walker.next_row(row0, None, ch, "", 1), row0, ch, big, 0)
        return out


def _collect(node: dict[str, Any], found: list[str], limit: int) -> None:
    stack = [node]
    while stack and len(found) < limit:
        current = stack.pop()
        for key, child in current.items():
            if key == _END:
                found.append(child)
            else:
                stack.append(child)


class _Walker:
    __slots__ = ("big", "budget", "extra", "length", "limit", "out", "prefix", "word")

    def __init__(
        self, word: str, budget: int, extra: int, prefix: bool, out: dict[str, tuple[int, int]], limit: int
    ) -> None:
        self.word = word
        self.length = len(word)
        self.budget = budget
        self.big = budget + 1
        self.extra = extra
        self.prefix = prefix
        self.out = out
        self.limit = limit

    def next_row(self, row: list[int], prev_row: list[int] | None, ch: str, prev_ch: str, depth: int) -> list[int]:
        """Edit distances of (path + ch) against every prefix of the word; only the diagonal band
        that can stay within budget is computed, the rest is capped at budget + 1."""
        word, budget, big = self.word, self.budget, self.big
        new = [big] * (self.length + 1)
        if depth <= budget:
            new[0] = depth
        low = max(1, depth - budget)
        high = min(self.length, depth + budget)
        for j in range(low, high + 1):
            wc = word[j - 1]
            value = row[j - 1] + (wc != ch)
            other = row[j] + 1
            if other < value:
                value = other
            other = new[j - 1] + 1
            if other < value:
                value = other
            if prev_row is not None and j > 1 and wc == prev_ch and word[j - 2] == ch:
                other = prev_row[j - 2] + 1
                if other < value:
                    value = other
            new[j] = value if value < big else big
        return new

    def _record(self, term: str, distance: int, matched: int) -> None:
        typos = distance + self.extra
        known = self.out.get(term)
        if known is None or typos < known[0]:
            self.out[term] = (typos, matched)

    def visit(
        self,
        node: dict[str, Any],
        depth: int,
        row: list[int],
        prev_row: list[int],
        ch: str,
        best: int,
        best_depth: int,
    ) -> None:
        if len(self.out) >= self.limit:
            return
        full = row[self.length]
        if self.prefix and full <= best:
            best, best_depth = full, depth
        term = node.get(_END)
        if term is not None:
            if self.prefix:
                if best <= self.budget:
                    self._record(term, best, best_depth)
            elif full <= self.budget:
                self._record(term, full, depth)
        if min(row) > self.budget:
            # No longer word can get back within budget; with prefix matching, everything below a
            # node that already matched is a match with that node's distance.
            if self.prefix and best <= self.budget:
                found: list[str] = []
                _collect(node, found, self.limit)
                for below in found:
                    self._record(below, best, best_depth)
            return
        for next_ch, child in node.items():
            if next_ch == _END:
                continue
            self.visit(
                child, depth + 1, self.next_row(row, prev_row, next_ch, ch, depth + 1), row, next_ch, best, best_depth
            )
