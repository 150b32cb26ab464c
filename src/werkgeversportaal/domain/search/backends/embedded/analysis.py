"""Text analysis: the one place that decides what a "word" is, for documents and queries alike.

Words are runs of letters/digits, lower-cased with accents removed ("Oekraïens" -> "oekraiens"),
so a query typed without accents finds text written with them and vice versa.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

import msgspec

from ..definitions import IndexDefinition

__all__ = ["MAX_QUERY_WORDS", "WORD", "Analyzer", "DocumentTokens", "QueryWords", "fold", "iter_word_spans"]

# Like Meilisearch: words past the tenth are ignored, which also bounds the work per query.
MAX_QUERY_WORDS = 10

# Letters and digits only; "_" is a word character for `\w` but a separator for people.
WORD = _WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case and strip diacritics."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def iter_word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) over the original text, for highlighting."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), fold(match.group())


def text_values(value: Any) -> list[str]:
    """The strings of an attribute value; numbers count as text, nested lists are flattened."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, int | float):
        return [str(value)]
    if isinstance(value, list | tuple):
        out: list[str] = []
        for item in value:
            out.extend(text_values(item))
        return out
    return []


class DocumentTokens(msgspec.Struct, array_like=True):
    """Raw counts per searchable attribute (same order as the definition)."""

    lengths: list[int]
    counts: list[dict[str, int]]


class QueryWords(msgspec.Struct, frozen=True):
    words: tuple[str, ...]
    # The last word is still being typed (no trailing space), so it also matches as a prefix.
    last_is_prefix: bool


class Analyzer:
    def __init__(self, definition: IndexDefinition) -> None:
        self.attributes = [a.attribute for a in definition.searchable_attributes]
        self.weights = [a.weight for a in definition.searchable_attributes]
        self.stop_words = frozenset(fold(w) for w in definition.stop_words)
        synonyms: dict[str, tuple[str, ...]] = {}
        for group in definition.synonym_groups:
            folded = [fold(w) for w in group]
            for word in folded:
                synonyms[word] = tuple(other for other in folded if other != word)
        self.synonyms = synonyms

    def words(self, text: str) -> list[str]:
        return _WORD.findall(fold(text))

    def tokenize(self, document: Mapping[str, Any]) -> DocumentTokens:
        stop = self.stop_words
        lengths: list[int] = []
        counts: list[dict[str, int]] = []
        for attribute in self.attributes:
            tally: dict[str, int] = {}
            length = 0
            for text in text_values(document.get(attribute)):
                for word in _WORD.findall(fold(text)):
                    if word in stop:
                        continue
                    tally[word] = tally.get(word, 0) + 1
                    length += 1
            lengths.append(length)
            counts.append(tally)
        return DocumentTokens(lengths, counts)

    def weigh(self, tokens: DocumentTokens, average_lengths: list[float], b: float = 0.75) -> dict[str, float]:
        """BM25F term frequency: per attribute weight x tf, normalised by that attribute's length."""
        terms: dict[str, float] = {}
        for weight, length, average, tally in zip(
            self.weights, tokens.lengths, average_lengths, tokens.counts, strict=True
        ):
            if not tally:
                continue
            norm = 1.0 - b + b * (length / average if average > 0 else 1.0)
            factor = weight / norm
            for word, count in tally.items():
                terms[word] = terms.get(word, 0.0) + count * factor
        return terms

    def query(self, q: str) -> QueryWords:
        all_words = self.words(q)
        words = all_words[:MAX_QUERY_WORDS]
        last_is_prefix = bool(q) and not q[-1].isspace() and len(all_words) <= MAX_QUERY_WORDS
        kept: list[str] = []
        for position, word in enumerate(words):
            is_last = position == len(words) - 1
            # A stop word still being typed may be the start of a real word ("de" -> "developer").
            if word in self.stop_words and not (is_last and last_is_prefix):
                continue
            if word in kept and not (is_last and last_is_prefix):  # a repeated word adds only work
                continue
            kept.append(word)
        prefix = last_is_prefix and bool(words) and bool(kept) and kept[-1] == words[-1]
        return QueryWords(tuple(kept), prefix)
