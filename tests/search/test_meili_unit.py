"""Meilisearch backend without a server: filter strings, request shape, response mapping, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from meilisearch.errors import MeilisearchApiError

from werkgeversportaal.domain.search.backends import (
    Filter,
    GeoFilter,
    InvalidQuery,
    SearchError,
    SearchQuery,
    SearchUnavailable,
    create_backend,
)
from werkgeversportaal.domain.search.backends.definitions import load_definitions
from werkgeversportaal.domain.search.backends.meili import MeilisearchBackend
from werkgeversportaal.domain.search.backends.meili_filters import filter_expressions, quote, render_number

FILTERABLE = load_definitions()["candidates"].filterable_attributes


def test_values_are_quoted_and_escaped() -> None:
    assert quote('bouw" OR sectors = "zorg') == '"bouw\\" OR sectors = \\"zorg"'
    assert quote("a\\") == '"a\\\\"'
    assert quote('a\\" OR x') == '"a\\\\\\" OR x"'
    assert quote("regel\neen") == '"regeleen"'


def test_filter_expressions() -> None:
    filters = [
        Filter.eq("sectors", 'bouw" OR sectors = "zorg'),
        Filter.any_of("languages", ["Arabisch", "Engels"]),
        Filter.gte("dutch_level", 2),
        Filter.lte("available_from", 20_100),
        Filter.between("hours_per_week", 24, 36.5),
        Filter.eq("has_video", True),
    ]
    assert filter_expressions(filters, GeoFilter(52.37, 4.9, 12.5), FILTERABLE) == [
        'sectors = "bouw\\" OR sectors = \\"zorg"',
        'languages IN ["Arabisch", "Engels"]',
        "dutch_level >= 2",
        "available_from <= 20100",
        "hours_per_week 24 TO 36.5",
        "has_video = true",
        "_geoRadius(52.37, 4.9, 12500)",
    ]


def test_field_names_are_whitelisted() -> None:
    with pytest.raises(InvalidQuery):
        filter_expressions([Filter.eq("sectors = 1 OR id", "x")], None, [*FILTERABLE, "sectors = 1 OR id"])
    with pytest.raises(InvalidQuery):
        filter_expressions([Filter.eq("family_name", "x")], None, FILTERABLE)


def test_numbers_never_use_exponents() -> None:
    assert render_number(1e20) == "100000000000000000000"
    assert render_number(0.5) == "0.5"
    with pytest.raises(InvalidQuery):
        render_number(float("nan"))


class FakeIndex:
    def __init__(self, response: dict[str, Any]) -> None:
        self.response = response
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def search(self, q: str, params: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((q, params))
        return self.response


@pytest.fixture
def meili(monkeypatch: pytest.MonkeyPatch) -> tuple[MeilisearchBackend, FakeIndex]:
    backend = create_backend("meilisearch", url="http://127.0.0.1:9", prefix="t_")
    assert isinstance(backend, MeilisearchBackend)
    fake = FakeIndex(
        {
            "hits": [
                {
                    "id": "c1",
                    "intro": "<b>lasser</b>",
                    "_geo": {"lat": 52.35, "lng": 5.26},
                    "_rankingScore": 0.9,
                    "_formatted": {"intro": "<b>\ue000lasser\ue001</b>", "occupations": ["\ue000lasser\ue001"]},
                }
            ],
            "totalHits": 41,
            "facetDistribution": {"dutch_level": {"2": 3}},
            "processingTimeMs": 2,
        }
    )
    monkeypatch.setattr(backend.client, "index", lambda uid: fake)
    return backend, fake


def test_search_request_and_result(meili: tuple[MeilisearchBackend, FakeIndex]) -> None:
    backend, fake = meili
    result = backend.search(
        SearchQuery(
            index="candidates",
            q="lasser",
            filters=[Filter.eq("sectors", "bouw")],
            geo=GeoFilter(52.37, 4.9, 30),
            facets=["dutch_level"],
            sort="distance",
            page=2,
            per_page=20,
            highlight=["intro", "occupations"],
        )
    )
    q, params = fake.calls[0]
    assert q == "lasser"
    assert params["filter"] == ['sectors = "bouw"', "_geoRadius(52.37, 4.9, 30000)"]
    assert params["sort"] == ["_geoPoint(52.37, 4.9):asc"]
    assert (params["page"], params["hitsPerPage"], params["facets"]) == (2, 20, ["dutch_level"])
    hit = result.hits[0]
    assert hit.formatted == {"intro": "&lt;b&gt;<mark>lasser</mark>&lt;/b&gt;", "occupations": ["<mark>lasser</mark>"]}
    assert "_formatted" not in hit.document
    assert "_rankingScore" not in hit.document
    assert hit.score == 0.9
    assert hit.distance_km == pytest.approx(24.6, abs=0.5)
    assert (result.total, result.total_pages, result.facet_distribution) == (41, 3, {"dutch_level": {"2": 3}})


def test_far_pages_ask_for_no_hits(meili: tuple[MeilisearchBackend, FakeIndex]) -> None:
    backend, fake = meili
    result = backend.search(SearchQuery(index="candidates", page=10_000))
    params = fake.calls[0][1]
    assert (params["page"], params["hitsPerPage"]) == (1, 0)
    assert params["sort"] == ["published_at:desc"]
    assert result.hits == []
    assert result.total == 41


def test_unreachable_server() -> None:
    backend = create_backend("meilisearch", url="http://127.0.0.1:9", timeout_s=2)
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(index="candidates", q="lasser"))
    with pytest.raises(SearchUnavailable):
        backend.upsert("candidates", [{"id": "c1"}])
    assert backend.health().ok is False


def test_settings_come_from_the_definitions() -> None:
    settings = load_definitions()["candidates"].meili_settings()
    assert settings["searchableAttributes"][0] == "occupations"
    assert "_geo" in settings["filterableAttributes"]
    assert "_geo" in settings["sortableAttributes"]
    assert set(settings["synonyms"]["heftruck"]) >= {"vorkheftruck"}
    assert "heftruck" in settings["synonyms"]["vorkheftruck"]
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert "de" in settings["stopWords"]
    groups = load_definitions()["candidates"].synonym_groups
    assert len(groups) >= 20


def _api_error(status: int, code: str) -> MeilisearchApiError:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps({"message": code, "code": code}).encode()
    return MeilisearchApiError(code, response)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (500, "internal", SearchUnavailable),
        (403, "invalid_api_key", SearchUnavailable),
        (404, "index_not_found", SearchUnavailable),
        (400, "invalid_search_filter", InvalidQuery),
        (400, "something_else", SearchError),
    ],
)
def test_server_errors_become_search_errors(
    meili: tuple[MeilisearchBackend, FakeIndex], monkeypatch: pytest.MonkeyPatch, status: int, code: str, expected: type
) -> None:
    backend, fake = meili

    def failing(q: str, params: dict[str, Any]) -> dict[str, Any]:
        raise _api_error(status, code)

    monkeypatch.setattr(fake, "search", failing)
    with pytest.raises(expected):
        backend.search(SearchQuery(index="candidates", q="lasser"))
