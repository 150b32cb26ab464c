"""Index definitions read from the top-level `search/` folder (data, not code)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import msgspec

from .base import INDEXES

__all__ = [
    "IndexDefinition",
    "SearchableAttribute",
    "TypoTolerance",
    "default_definitions_dir",
    "load_definitions",
]

ENV_DIR = "WERKGEVERSPORTAAL_SEARCH_DIR"


class SearchableAttribute(msgspec.Struct, frozen=True):
    attribute: str
    weight: float = 1.0


class TypoTolerance(msgspec.Struct, frozen=True):
    enabled: bool = True
    one_typo_min_length: int = 5
    two_typos_min_length: int = 9


class _SynonymsFile(msgspec.Struct):
    groups: list[list[str]]


class IndexDefinition(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    primary_key: str = "id"
    searchable_attributes: list[SearchableAttribute]
    filterable_attributes: list[str]
    sortable_attributes: list[str]
    newest_attribute: str
    ranking_rules: list[str]
    typo_tolerance: TypoTolerance = TypoTolerance()
    max_total_hits: int = 10_000
    max_values_per_facet: int = 100
    synonym_groups: list[list[str]] = msgspec.field(default_factory=list)
    stop_words: list[str] = msgspec.field(default_factory=list)

    @property
    def searchable_names(self) -> list[str]:
        return [a.attribute for a in self.searchable_attributes]

    def fingerprint(self) -> str:
        """Changes when stored analyses (tokens, weights) would come out differently."""
        payload = msgspec.json.encode([self.searchable_attributes, sorted(self.stop_words), ANALYSIS_VERSION])
        return hashlib.sha256(payload).hexdigest()[:16]

    def synonym_map(self) -> dict[str, list[str]]:
        """Meilisearch's shape: every word of a group maps to the others."""
        mapping: dict[str, list[str]] = {}
        for group in self.synonym_groups:
            for word in group:
                mapping[word] = [other for other in group if other != word]
        return mapping

    def meili_settings(self) -> dict[str, Any]:
        return {
            "searchableAttributes": self.searchable_names,
            "filterableAttributes": self.filterable_attributes,
            "sortableAttributes": self.sortable_attributes,
            "rankingRules": self.ranking_rules,
            "synonyms": self.synonym_map(),
            "stopWords": self.stop_words,
            "typoTolerance": {
                "enabled": self.typo_tolerance.enabled,
                "minWordSizeForTypos": {
                    "oneTypo": self.typo_tolerance.one_typo_min_length,
                    "twoTypos": self.typo_tolerance.two_typos_min_length,
                },
            },
            "pagination": {"maxTotalHits": self.max_total_hits},
            "faceting": {"maxValuesPerFacet": self.max_values_per_facet},
        }


# Bump when the embedded tokenizer changes, so stored analyses are rebuilt by ensure_indexes().
ANALYSIS_VERSION = 1


def default_definitions_dir() -> Path:
    """$WERKGEVERSPORTAAL_SEARCH_DIR, else the `search/` folder of the source checkout, else ./search."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "search"
        if (candidate / "candidates.json").is_file():
            return candidate
    return Path.cwd() / "search"


def _read_stop_words(path: Path) -> list[str]:
    if not path.is_file():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.append(word)
    return words


def _read_synonyms(path: Path) -> list[list[str]]:
    if not path.is_file():
        return []
    groups = msgspec.json.decode(path.read_bytes(), type=_SynonymsFile).groups
    seen: set[str] = set()
    cleaned: list[list[str]] = []
    for group in groups:
        words = [w.strip().lower() for w in group if w.strip()]
        for word in words:
            if " " in word:
                raise ValueError(f"{path}: synonym {word!r} has a space; use single words")
            if word in seen:
                raise ValueError(f"{path}: synonym {word!r} is in more than one group")
            seen.add(word)
        if len(words) > 1:
            cleaned.append(words)
    return cleaned


def _check(definition: IndexDefinition, path: Path) -> None:
    weights = [a.weight for a in definition.searchable_attributes]
    if weights != sorted(weights, reverse=True):
        raise ValueError(f"{path}: searchable_attributes must be ordered by weight, highest first")
    if definition.newest_attribute not in definition.sortable_attributes:
        raise ValueError(f"{path}: newest_attribute must be sortable")


def load_definitions(directory: Path | str | None = None) -> dict[str, IndexDefinition]:
    """Read `<name>.json` for every index plus the shared synonyms and stop words."""
    root = Path(directory) if directory is not None else default_definitions_dir()
    if not root.is_dir():
        raise FileNotFoundError(f"search definitions folder not found: {root}")
    synonyms = _read_synonyms(root / "synonyms.json")
    stop_words = _read_stop_words(root / "stop_words.txt")
    definitions: dict[str, IndexDefinition] = {}
    for name in INDEXES:
        path = root / f"{name}.json"
        definition = msgspec.json.decode(path.read_bytes(), type=IndexDefinition)
        definition = msgspec.structs.replace(definition, synonym_groups=synonyms, stop_words=stop_words)
        _check(definition, path)
        definitions[name] = definition
    return definitions
